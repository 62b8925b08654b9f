import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev` serves the app with hot reload and sends /api and /_blobs to the dev server
// (`make dev`, http://127.0.0.1:3000 unless API_ORIGIN says otherwise).
const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
			emitGitIgnore: true
		}),
		sveltekit()
	],
	build: {
		rolldownOptions: {
			output: {
				// Every page needs the framework (Svelte, SvelteKit, the paraglide runtime, the API
				// client): one chunk of it rather than a score of tiny ones, each a request. The
				// scanner's QR reader (zxing-wasm) stays out: only its route loads it, and only on
				// phones without a native reader.
				codeSplitting: { groups: [{ name: 'framework', test: /node_modules\/(?!zxing-wasm\/)/, priority: 1 }] }
			}
		}
	},
	server: {
		host: '127.0.0.1',
		port: 5173,
		proxy: { '/api': api, '/_blobs': api }
	},
	preview: { host: '127.0.0.1' }
});
