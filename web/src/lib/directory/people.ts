// The directory's two reads, and the search a person last looked at (so a person's page can
// lead back to the same results).
import { api, call, orNotFound, type Schemas } from '$lib/api/client';
import { searchParams, type SearchQuery } from './filters';

export type PeoplePage = Schemas['Page_ProfileSummary'];
export type PersonSummary = Schemas['ProfileSummary'];
export type Person = Schemas['Profile'];

export function searchPeople(query: SearchQuery): Promise<PeoplePage> {
	return call(api.GET('/api/v1/users', { params: { query } }));
}

export function readPerson(id: number): Promise<Person> {
	return call(api.GET('/api/v1/users/{id}', { params: { path: { id } } }));
}

/** A person's id from a page's address (`/people/42`), or `null` when it is not one. */
export function personId(segment: string): number | null {
	return /^[1-9]\d{0,14}$/.test(segment) ? Number(segment) : null;
}

/** A profile, or `null` when there is none to see (the API answers 404 either way). */
export type Found = { person: Person | null };

export function findPerson(id: number | null): Promise<Found> {
	if (id === null) return Promise.resolve({ person: null });
	return orNotFound(readPerson(id)).then((person) => ({ person }));
}

/** A page's load starts a request the page awaits later: its failure is the page's to show. */
export function started<T>(request: Promise<T>): Promise<T> {
	request.catch(() => {});
	return request;
}

let lastSearch = '';

export function rememberSearch(query: SearchQuery) {
	lastSearch = searchParams(query);
}

/** The directory with the filters of the last search made in this visit. */
export function lastSearchHref(): string {
	return lastSearch ? `/people?${lastSearch}` : '/people';
}
