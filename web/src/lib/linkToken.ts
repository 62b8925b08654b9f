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

/**
 * Gives the page's token now, and again whenever a new `#token=` arrives in this same page (a
 * mailed link opened again in the tab that already shows it). Returns the cleanup.
 */
export function watchLinkToken(use: (token: string | null) => void): () => void {
	use(takeLinkToken());
	const again = () => {
		if (tokenFromHash(location.hash)) use(takeLinkToken());
	};
	addEventListener('hashchange', again);
	return () => removeEventListener('hashchange', again);
}
