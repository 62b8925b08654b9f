// /me's data, asked for as soon as the page is chosen (its +page.ts load), beside the session check of
// the layout and before the page's code runs: the person's country's cities follow /me at
// once. On a slow network that is two round trips fewer before the form shows.
import { api, call } from '$lib/api/client';

export function profileData() {
	const loaded = Promise.all([
		call(api.GET('/api/v1/me')),
		call(api.GET('/api/v1/talents')),
		call(api.GET('/api/v1/talents/categories')),
		call(api.GET('/api/v1/countries'))
	]);
	const cities = loaded.then(([me]) =>
		me.country
			? call(api.GET('/api/v1/countries/{code}', { params: { path: { code: me.country.code } } }))
			: null
	);
	// Awaited by the page; a failure there is shown with a retry, never unhandled here.
	loaded.catch(() => {});
	cities.catch(() => {});
	return { loaded, cities };
}

