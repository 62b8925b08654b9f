// Registers the offline shell (src/service-worker.ts) for the scanner only: its scope is
// `/scanner`, so no other page is ever served by it. SvelteKit's own registration, which
// would put every page of the app under it, is off (svelte.config.js).

/** Whether this browser can open the scanner with no network (the shell is kept). */
export async function keepScannerOffline(): Promise<boolean> {
	if (!('serviceWorker' in navigator)) return false;
	try {
		await navigator.serviceWorker.register('/service-worker.js', { scope: '/scanner' });
		return true;
	} catch {
		// Private modes and some in-app browsers refuse workers: the scanner still works
		// offline once open (IndexedDB), it just cannot be reopened without network.
		return false;
	}
}
