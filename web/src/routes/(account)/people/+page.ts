// The search of the URL is asked for as soon as the page is chosen (and again at each change
// of its query), beside the layout's session check; the filters' choices once per visit.
import { directoryCatalogue } from '$lib/directory/catalogue';
import { parseSearch } from '$lib/directory/filters';
import { searchPeople, started } from '$lib/directory/people';

export const load = ({ url }) => {
	const query = parseSearch(url.searchParams);
	return {
		query,
		results: started(searchPeople(query)),
		catalogue: started(directoryCatalogue())
	};
};
