// A search as a page's URL query: every filter under the API's own name, so a search is a link
// one can share, reload or go back to. Only the names the API knows are read (it refuses
// unknown ones), only well-formed values, and defaults are left out, so one search has one
// address. The directory and the casting list each describe their filters with a table of
// kinds typed by the generated query: a filter the API adds fails svelte-check until it is
// described.

/** The page sizes the forms offer, the API's default first; the API takes 1 to 100. */
export const PAGE_SIZES = [20, 50, 100] as const;
const MAX_PER_PAGE = 100;
const MAX_TEXT = 100;

export type Kind =
	/** Free text (a name), at most 100 characters. */
	| 'text'
	/** A code (`SN`, `dark_brown`). */
	| 'code'
	/** Comma-separated codes (`fr,wo`), kept in the order given. */
	| 'codes'
	/** A positive id. */
	| 'id'
	/** A small whole number (an age, a height, years): out of range stays, for the API to name. */
	| 'number'
	/** `true`; absent is false. */
	| 'flag'
	/** One of a fixed list of values. */
	| { oneOf: readonly string[] }
	| 'page'
	| 'per_page';

export type Kinds<Q> = { [K in keyof Required<Q>]: Kind };

export interface QueryCodec<Q> {
	/** The search a URL query describes (defaults left out). */
	parse(params: URLSearchParams): Q;
	/** The URL query of a search, without empty filters or defaults (`''` when none). */
	params(query: Q, without?: (keyof Q)[]): string;
	/** The same search on another page of results. */
	onPage(query: Q, page: number): Q;
	/** The search's filters without its page: what an export or a saved search carries. */
	filterParams(query: Q): string;
	/** True when the search has a filter (not only a page or a size). */
	isFiltered(query: Q): boolean;
}

function positive(raw: string): number | undefined {
	if (!/^\d{1,9}$/.test(raw)) return undefined;
	const n = Number(raw);
	return n >= 1 ? n : undefined;
}

function read(kind: Kind, raw: string): string | number | boolean | undefined {
	const value = raw.trim();
	if (value === '') return undefined;
	if (typeof kind === 'object') return kind.oneOf.includes(value) ? value : undefined;
	switch (kind) {
		case 'text':
			return value.slice(0, MAX_TEXT);
		case 'code':
			return /^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : undefined;
		case 'codes': {
			const codes = [...new Set(value.split(',').map((c) => c.trim()))].filter((c) => /^[A-Za-z0-9_-]{1,40}$/.test(c));
			return codes.length > 0 ? codes.join(',') : undefined;
		}
		case 'id':
			return positive(value);
		case 'number':
			return /^\d{1,3}$/.test(value) ? Number(value) : undefined;
		case 'flag':
			return value === 'true' ? true : undefined;
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

export function queryCodec<Q extends object>(kinds: Kinds<Q>): QueryCodec<Q> {
	// The order of the names in a URL, so one search always has one address.
	const order = Object.keys(kinds) as (keyof Q & string)[];
	const params = (query: Q, without: (keyof Q)[] = []) => {
		const out = new URLSearchParams();
		for (const name of order) {
			if (without.includes(name)) continue;
			const value = query[name] as unknown;
			if (value === undefined || value === null || value === '' || value === false) continue;
			out.set(name, String(value));
		}
		return out.toString();
	};
	const filterParams = (query: Q) => params(query, ['page', 'per_page'] as (keyof Q)[]);
	return {
		parse(url) {
			const query: Record<string, unknown> = {};
			for (const name of order) {
				const raw = url.get(name);
				if (raw === null) continue;
				const value = read(kinds[name], raw);
				if (value !== undefined) query[name] = value;
			}
			return query as Q;
		},
		params,
		onPage: (query, page) => ({ ...query, page: page > 1 ? page : undefined }),
		filterParams,
		isFiltered: (query) => filterParams(query) !== ''
	};
}

/** A search's address on its page: `/people?…`, or the bare page without filters. */
export function searchHref(path: string, query: string): string {
	return query ? `${path}?${query}` : path;
}
