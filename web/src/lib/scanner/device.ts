// This device's id for the scan audit (which phone recorded a time offline): made once and
// kept in localStorage. Without storage it lasts as long as the page.
const KEY = 'taalentio.scanner.device';
let fallback: string | null = null;

export function deviceId(): string {
	try {
		let id = localStorage.getItem(KEY);
		if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
			id = `web-${crypto.randomUUID()}`;
			localStorage.setItem(KEY, id);
		}
		return id;
	} catch {
		fallback ??= `web-${crypto.randomUUID()}`;
		return fallback;
	}
}
