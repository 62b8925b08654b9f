// A casting profile's page: the profile is asked for as soon as the page is chosen, beside the
// layout's session check; an address that is not an id is "not found" without a request.
import { castingId, findCastingTalent } from '$lib/casting/talents';
import { started } from '$lib/directory/people';

export const load = ({ params }) => {
	const id = castingId(params.id);
	return { id, found: started(findCastingTalent(id)) };
};
