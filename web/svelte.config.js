import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Where presigned upload and photo links point. Locally the dev server serves them on this
// origin (`/_blobs`); in AWS they are the uploads bucket's S3 origin, which
// infra/deploy/publish-web.sh passes at build time, so the CSP lets the browser PUT a photo
// there and show it.
const blobOrigins = process.env.BLOB_ORIGIN ? [process.env.BLOB_ORIGIN] : [];
// Large exports are stored and linked (a 303 from the API): the page fetches them from the
// exports bucket's origin (lib/downloads.ts), which publish-web.sh passes the same way.
const exportOrigins = process.env.EXPORTS_ORIGIN ? [process.env.EXPORTS_ORIGIN] : [];

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Public pages are prerendered; every other path is the SPA, from 200.html.
		adapter: adapter({ fallback: '200.html', precompress: true, strict: true }),
		// Inline scripts SvelteKit writes are allowed by hash, never by 'unsafe-inline'. The
		// server adds what a <meta> policy cannot carry (frame-ancestors).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self'],
				'img-src': ['self', 'data:', 'blob:', ...blobOrigins],
				'connect-src': ['self', ...blobOrigins, ...exportOrigins],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'worker-src': ['self']
			}
		},
		prerender: {
			// The crawler follows the page's <link rel="preload"> of /api/v1/auth/me, which only
			// the running API answers; a page link that is missing still fails the build.
			handleHttpError: ({ path, message }) => {
				if (path.startsWith('/api/')) return;
				throw new Error(message);
			}
		},
		// The offline shell is the scanner's alone: registered by its page with the scope
		// `/scanner` (src/lib/scanner/offline.ts), never for the whole app.
		serviceWorker: { register: false },
		paths: { relative: false },
		version: { pollInterval: 0 }
	}
};

export default config;
