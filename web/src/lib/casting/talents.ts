// The casting base's reads and the saved searches (with their watch switch), as the casting
// list and a profile's page use them.
import { api, call, orNotFound, type Schemas } from '$lib/api/client';
import type { CastingQuery } from './filters';

export type CastingPage = Schemas['Page_CastingResult'];
export type CastingResult = Schemas['CastingResult'];
export type CastingTalent = Schemas['CinemaTalent'];
export type WatchedSearch = Schemas['WatchedSearch'];

export function searchCasting(query: CastingQuery): Promise<CastingPage> {
	return call(api.GET('/api/v1/cinema/talents', { params: { query } }));
}

/** A casting profile's id from a page's address (`/casting/42`), or `null`. */
export function castingId(segment: string): number | null {
	return /^[1-9]\d{0,14}$/.test(segment) ? Number(segment) : null;
}

/** A casting profile, or `null` when there is none to see (the API answers 404 either way). */
export function findCastingTalent(id: number | null): Promise<CastingTalent | null> {
	if (id === null) return Promise.resolve(null);
	return orNotFound(call(api.GET('/api/v1/cinema/talents/{id}', { params: { path: { id } } })));
}

/** The caller's saved searches, by name, each with whether it is watched. */
export function savedSearches(): Promise<WatchedSearch[]> {
	return call(api.GET('/api/v1/watchlist/searches'));
}

export function saveSearch(name: string, query: string): Promise<Schemas['SavedSearch']> {
	return call(api.POST('/api/v1/cinema/searches', { body: { name, query } }));
}

export function deleteSearch(id: number): Promise<void> {
	return call(api.DELETE('/api/v1/cinema/searches/{id}', { params: { path: { id } } })).then(() => undefined);
}

/** Watch a saved search (a mail when new profiles match it) or stop watching it. */
export function setWatched(id: number, watched: boolean): Promise<WatchedSearch> {
	const params = { params: { path: { id } } };
	return call(watched ? api.PUT('/api/v1/watchlist/searches/{id}', params) : api.DELETE('/api/v1/watchlist/searches/{id}', params));
}
