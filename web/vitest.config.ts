// Unit tests: SvelteKit's aliases, without paraglide's watcher (`npm run i18n` compiles the
// messages first), so vitest exits as soon as the tests end.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: { include: ['src/**/*.test.ts'], environment: 'node' }
});
