import { browser } from '$app/environment';
import { Prefetched } from '$lib/api/prefetch';
import { profileData } from '$lib/profile/data';

// In the browser only: at build time the page is prerendered as an empty shell.
export const load = () => ({ initial: new Prefetched(profileData, browser) });
