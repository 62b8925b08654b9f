// A person's page for recruiters, also the page a watchlist alert mail links to
// (`/people/{id}`): the profile is asked for as soon as the page is chosen, beside the
// layout's session check (a cold visit from a mail signs in first, then comes back here).
import { countries } from '$lib/directory/catalogue';
import { findPerson, personId, started } from '$lib/directory/people';

export const load = ({ params }) => {
	const id = personId(params.id);
	return { id, found: started(findPerson(id)), countries: started(countries()) };
};
