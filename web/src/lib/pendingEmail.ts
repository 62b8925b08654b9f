// The address a person just registered with, for the "check your mail" page and its resend
// button: kept in this tab only (never in the URL, where logs and history would keep it).
const KEY = 'taalentio.pending-email';

export function rememberPendingEmail(email: string) {
	try {
		sessionStorage.setItem(KEY, email);
	} catch {
		/* storage off: the page asks for the address again */
	}
}

export function pendingEmail(): string | null {
	try {
		return sessionStorage.getItem(KEY);
	} catch {
		return null;
	}
}
