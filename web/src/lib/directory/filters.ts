// The directory's search in the page's URL: every filter of `GET /api/v1/users`
// (see `$lib/search/urlQuery`).
import type { operations } from '$lib/api/schema';
import { queryCodec } from '$lib/search/urlQuery';

export type SearchQuery = NonNullable<operations['list_users']['parameters']['query']>;
export type Gender = NonNullable<SearchQuery['gender']>;

export { PAGE_SIZES } from '$lib/search/urlQuery';

export const GENDER_VALUES: readonly Gender[] = ['female', 'male', 'non_binary', 'undisclosed'];

const codec = queryCodec<SearchQuery>({
	q: 'text',
	category: 'code',
	talent_id: 'id',
	country: 'code',
	city_id: 'id',
	gender: { oneOf: GENDER_VALUES },
	age_min: 'number',
	age_max: 'number',
	page: 'page',
	per_page: 'per_page'
});

export const parseSearch = codec.parse;
export const searchParams = codec.params;
export const onPage = codec.onPage;
/** The export of a search: its filters, not its page (the export is the whole result). */
export const exportParams = codec.filterParams;
export const isFiltered = codec.isFiltered;
