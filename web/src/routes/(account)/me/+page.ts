import { browser } from '$app/environment';
// Asked for beside the layout's session check, before the page's code runs (see profileData).
import { profileData } from '$lib/profile/data';

// Prerendered as a shell: the data is asked for in the browser only.
export const load = () => ({ initial: browser ? profileData() : null });
