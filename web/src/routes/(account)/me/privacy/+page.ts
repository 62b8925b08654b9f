import { browser } from '$app/environment';
import { api, call } from '$lib/api/client';
import { Prefetched } from '$lib/api/prefetch';

const privacyData = () =>
	Promise.all([call(api.GET('/api/v1/auth/consents')), call(api.GET('/api/v1/me/mail-preferences'))]);

// In the browser only: at build time the page is prerendered as an empty shell.
export const load = () => ({ initial: new Prefetched(privacyData, browser) });
