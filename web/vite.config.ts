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
				// Every page needs the framework (Svelte, SvelteKit, openapi-fetch): one chunk of it
				// rather than a score of tiny ones, each a request. The scanner's QR reader
				// (zxing-wasm) stays out: only its route loads it, and only on phones without a
				// native reader.
				// `base`: the paraglide runtime, the API client, the session and the language, which
				// the root layout needs (the landing loads no more of ours).
				// `shared`: our modules that ten pages or more use (forms, fields, banners, the
				// problems' words, the role door…), one chunk instead of forty of a few hundred
				// bytes, each with its own imports and compressed alone: /casting loaded 56 files,
				// and the same code in one file compresses a quarter smaller. The messages stay
				// with the code that uses them (a page bundles only its own).
				codeSplitting: {
					groups: [
						{ name: 'framework', test: /node_modules\/(?!zxing-wasm\/)/, priority: 3 },
						{
							name: 'base',
							test: /src\/lib\/(paraglide\/runtime\.js|api\/client\.ts|state\/session\.svelte\.ts|i18n\/locale\.svelte\.ts)$/,
							priority: 2
						},
						{ name: 'shared', test: /src\/lib\/(?!paraglide\/messages\/)/, minShareCount: 10, priority: 1 }
					]
				}
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
