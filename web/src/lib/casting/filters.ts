// The casting list's search in the page's URL: every filter and sort of
// `GET /api/v1/cinema/talents` (see `$lib/search/urlQuery`). A saved search keeps the same
// query string, so saving, running and sharing a search are one address.
import type { operations } from '$lib/api/schema';
import { GENDER_VALUES } from '$lib/directory/filters';
import { queryCodec, searchHref } from '$lib/search/urlQuery';

export type CastingQuery = NonNullable<operations['search']['parameters']['query']>;

/** The sorts the API offers, its default first. */
export const SORTS = ['name', 'age', 'height', 'experience', 'recent'] as const;
export type Sort = (typeof SORTS)[number];

const codec = queryCodec<CastingQuery>({
	q: 'text',
	talent_types: 'codes',
	gender: { oneOf: GENDER_VALUES },
	age_min: 'number',
	age_max: 'number',
	country: 'code',
	city_id: 'id',
	languages: 'codes',
	min_experience: 'number',
	height_min: 'number',
	height_max: 'number',
	eye_color: 'code',
	hair_color: 'code',
	hair_type: 'code',
	build: 'code',
	skin_tone: 'code',
	ethnicity: 'text',
	include_inactive: 'flag',
	// `name` is the default: left out of the address.
	sort: { oneOf: SORTS.slice(1) },
	page: 'page',
	per_page: 'per_page'
});

export const parseCasting = codec.parse;
export const castingParams = codec.params;
export const onPage = codec.onPage;
/** What an export or a saved search carries: the filters and sort, not the page. */
export const filterParams = codec.filterParams;
export const isFiltered = codec.isFiltered;

/** The casting list showing a search. */
export const castingHref = (query: CastingQuery) => searchHref('/casting', castingParams(query));

/** The filters a saved search's query string holds. */
export const savedQuery = (query: string): CastingQuery => parseCasting(new URLSearchParams(query));
