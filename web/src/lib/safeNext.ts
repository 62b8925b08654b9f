// Where to go after logging in: only a path of this site (`/me`, `/cinema?page=2`), never
// another origin (`//evil.example`, `https://…`, `/\evil.example`), else the fallback.
export function safeNext(next: string | null | undefined, fallback = '/me'): string {
	if (!next) return fallback;
	if (!next.startsWith('/') || next.startsWith('//')) return fallback;
	// Browsers read a backslash as a slash, and drop tabs and newlines from URLs.
	if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
	try {
		const base = 'https://taalentio.invalid';
		const url = new URL(next, base);
		if (url.origin !== base) return fallback;
		// Not back to the login page itself.
		if (url.pathname === '/login') return fallback;
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}
