import { browser } from '$app/environment';
import { session } from '$lib/state/session.svelte';

// Public pages opt in to prerendering in their group; everything else is the SPA (200.html).
export const prerender = false;
export const trailingSlash = 'never';

// Who is here is asked for as the app starts, beside the page's code and data downloads,
// not after the page mounted: every page's header needs it, and account pages wait for it.
export const load = () => {
	if (browser) session.load().catch(() => {});
};
