// The casting list's words for its sorts; keyed by the sorts the API offers.
import { m } from '$lib/paraglide/messages.js';
import type { Sort } from './filters';

const SORT: Record<Sort, () => string> = {
	name: () => m.casting_sort_name(),
	age: () => m.casting_sort_age(),
	height: () => m.casting_sort_height(),
	experience: () => m.casting_sort_experience(),
	recent: () => m.casting_sort_recent()
};

export const sortLabel = (sort: Sort) => SORT[sort]();
