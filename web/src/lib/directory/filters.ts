// The directory's search, as the page's URL query: every filter of `GET /api/v1/users` under
// the API's own name, so a search is a link one can share, reload or go back to. Only the
// names the API knows are read (it refuses unknown ones), and only well-formed values.
import type { operations } from '$lib/api/schema';

export type SearchQuery = NonNullable<operations['list_users']['parameters']['query']>;
export type Gender = NonNullable<SearchQuery['gender']>;

/** The page sizes the form offers, the API's default first; the API takes 1 to 100. */
export const PAGE_SIZES = [20, 50, 100] as const;
const MAX_PER_PAGE = 100;

const GENDERS: readonly Gender[] = ['female', 'male', 'non_binary', 'undisclosed'];

// Each filter's kind. Typed by the generated query, so a filter the API adds or renames fails
// svelte-check until the directory knows it.
type Kind = 'text' | 'code' | 'id' | 'age' | 'gender' | 'page' | 'per_page';
const KINDS: { [K in keyof Required<SearchQuery>]: Kind } = {
	q: 'text',
	category: 'code',
	talent_id: 'id',
	country: 'code',
	city_id: 'id',
	gender: 'gender',
	age_min: 'age',
	age_max: 'age',
	page: 'page',
	per_page: 'per_page'
};

/** The order of the names in a URL, so one search always has one address. */
const ORDER = Object.keys(KINDS) as (keyof SearchQuery)[];

const MAX_TEXT = 100;

function positive(raw: string): number | undefined {
	if (!/^\d{1,9}$/.test(raw)) return undefined;
	const n = Number(raw);
	return n >= 1 ? n : undefined;
}

function parse(kind: Kind, raw: string): string | number | undefined {
	const value = raw.trim();
	if (value === '') return undefined;
	switch (kind) {
		case 'text':
			return value.slice(0, MAX_TEXT);
		case 'code':
			return /^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : undefined;
		case 'id':
			return positive(value);
		case 'age':
			// Out of range (over 120) stays: the API names the problem at the field.
			return /^\d{1,3}$/.test(value) ? Number(value) : undefined;
		case 'gender':
			return (GENDERS as readonly string[]).includes(value) ? value : undefined;
		case 'page': {
			const page = positive(value);
			return page === 1 ? undefined : page;
		}
		case 'per_page': {
			// Any size the API takes may come in a link; the form offers PAGE_SIZES.
			const size = positive(value);
			return size !== undefined && size <= MAX_PER_PAGE && size !== PAGE_SIZES[0] ? size : undefined;
		}
	}
}

/** The search a URL query describes (defaults left out). */
export function parseSearch(params: URLSearchParams): SearchQuery {
	const query: Record<string, string | number> = {};
	for (const name of ORDER) {
		const raw = params.get(name);
		if (raw === null) continue;
		const value = parse(KINDS[name], raw);
		if (value !== undefined) query[name] = value;
	}
	return query as SearchQuery;
}

/** The URL query of a search, without empty filters or defaults (`''` when none). */
export function searchParams(query: SearchQuery, without: (keyof SearchQuery)[] = []): string {
	const params = new URLSearchParams();
	for (const name of ORDER) {
		if (without.includes(name)) continue;
		const value = query[name];
		if (value === undefined || value === null || value === '') continue;
		params.set(name, String(value));
	}
	return params.toString();
}

/** The same search on another page of results. */
export function onPage(query: SearchQuery, page: number): SearchQuery {
	return { ...query, page: page > 1 ? page : undefined };
}

/** The export of a search: its filters, not its page (the export is the whole result). */
export function exportParams(query: SearchQuery): string {
	return searchParams(query, ['page', 'per_page']);
}

/** True when the search has a filter (not only a page). */
export function isFiltered(query: SearchQuery): boolean {
	return exportParams(query) !== '';
}

