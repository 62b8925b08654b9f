// The search of the URL is asked for as soon as the page is chosen (and again at each change
// of its query), beside the layout's session check; the vocabularies and countries once per
// visit.
import { parseCasting } from '$lib/casting/filters';
import { searchCasting } from '$lib/casting/talents';
import { started } from '$lib/directory/people';

export const load = ({ url }) => {
	const query = parseCasting(url.searchParams);
	return { query, results: started(searchCasting(query)) };
};
