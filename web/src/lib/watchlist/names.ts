// A recruiter's watched names: alerts mail them when a new or changed profile bears one
// (accents, case and small typos aside).
import { api, ApiError, call, type Schemas } from '$lib/api/client';

export type NameWatch = Schemas['NameWatch'];
export type NameWatchInput = Schemas['NameWatchInput'];
export type NameWatchPage = Schemas['Page_NameWatch'];

export const PER_PAGE = 20;

export function watchedNames(page: number): Promise<NameWatchPage> {
	return call(api.GET('/api/v1/watchlist/names', { params: { query: { page, per_page: PER_PAGE } } }));
}

export function watchName(input: NameWatchInput): Promise<NameWatch> {
	return call(api.POST('/api/v1/watchlist/names', { body: input }));
}

/** Replaces a watch (absent optional fields are cleared, as the API does). */
export function replaceWatch(id: number, input: NameWatchInput): Promise<NameWatch> {
	return call(api.PUT('/api/v1/watchlist/names/{id}', { params: { path: { id } }, body: input }));
}

export function unwatchName(id: number): Promise<void> {
	return call(api.DELETE('/api/v1/watchlist/names/{id}', { params: { path: { id } } })).then(() => undefined);
}

/** The input that keeps a watch as it is but for `change`. */
export function inputOf(watch: NameWatch, change: Partial<NameWatchInput> = {}): NameWatchInput {
	return {
		first_name: watch.first_name ?? null,
		last_name: watch.last_name,
		notes: watch.notes ?? null,
		is_active: watch.is_active,
		...change
	};
}

/** True for the API's "you already watch this name" (409). */
export const isAlreadyWatched = (error: unknown) => error instanceof ApiError && error.status === 409;
