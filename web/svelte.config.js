import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

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
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'worker-src': ['self']
			}
		},
		paths: { relative: false },
		version: { pollInterval: 0 }
	}
};

export default config;
