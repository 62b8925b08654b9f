// The page of names in the URL (`?page=3`) is asked for as soon as the page is chosen.
import { started } from '$lib/directory/people';
import { watchedNames } from '$lib/watchlist/names';

export const load = ({ url }) => {
	const raw = url.searchParams.get('page') ?? '';
	const page = /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
	return { page, names: started(watchedNames(page)) };
};
