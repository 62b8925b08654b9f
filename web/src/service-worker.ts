/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The on-set scanner's offline shell. Registered only by the scanner page, with the scope
// `/scanner` (src/lib/scanner/offline.ts): no other page is ever controlled by it, so the rest
// of the app behaves exactly as without it.
//
// It keeps the app itself — the build's hashed files, the static files and the SPA shell — so
// `/scanner` opens with no network. It never touches the API (`/api/`) or uploaded files
// (`/_blobs/`): the scanner keeps its data in IndexedDB, and answers from the server must
// never come from a cache. The ZXing wasm (1 MB) is not fetched ahead: it is kept the first
// time a phone without a native QR reader loads it.
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `scanner-shell-${version}`;
/** Any client-only path is answered with the SPA shell; this is the one the scanner opens. */
const SHELL = '/scanner';
const PRECACHE = [...build.filter((file) => !file.endsWith('.wasm')), ...files, SHELL];

worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(PRECACHE);
			// A new build takes over at once: its files are all cached by now, and the old cache
			// stays until `activate` (an open page still finds its own chunks there meanwhile).
			await worker.skipWaiting();
		})()
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('scanner-shell-')) await caches.delete(key);
			}
			// The page that registered us works offline from its first visit, without a reload.
			await worker.clients.claim();
		})()
	);
});

function cacheable(url: URL): boolean {
	return url.origin === location.origin && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/_blobs/');
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (!cacheable(url)) return;

	if (request.mode === 'navigate') {
		// The shell from the cache at once (a poor network is slower than none), the network
		// only when it is not there. A new build reaches the page through the worker's update.
		event.respondWith(
			(async () => (await caches.match(SHELL, { cacheName: CACHE })) ?? fetch(request))()
		);
		return;
	}
	if (!url.pathname.startsWith('/_app/') && !files.includes(url.pathname)) return;

	event.respondWith(
		(async () => {
			const cached = await caches.match(request, { cacheName: CACHE });
			if (cached) return cached;
			const response = await fetch(request);
			// Hashed files never change: one not precached (the wasm) is kept the first time.
			if (response.ok && url.pathname.startsWith('/_app/immutable/')) {
				const cache = await caches.open(CACHE);
				await cache.put(request, response.clone());
			}
			return response;
		})()
	);
});
