// The figures are asked for as soon as the page is chosen, beside the layout's session check.
import { dashboard } from '$lib/dashboard/stats';
import { started } from '$lib/directory/people';

export const load = () => ({ figures: started(dashboard()) });
