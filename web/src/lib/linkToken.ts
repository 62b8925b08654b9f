// Mailed links carry their token in the fragment (`/confirm#token=…`): never sent to a server,
// and cleared from the address bar as soon as the page has read it.

/** The token of a `#token=…` fragment, or null. */
export function tokenFromHash(hash: string): string | null {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	const token = params.get('token');
	return token && token.trim() ? token.trim() : null;
}

/** Reads the page's token and removes it from the URL (and so from the history). */
export function takeLinkToken(): string | null {
	const token = tokenFromHash(location.hash);
	if (location.hash) {
		history.replaceState(history.state, '', location.pathname + location.search);
	}
	return token;
}
