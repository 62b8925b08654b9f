// A production's filmography and the film search: the API's limits (from its schema: `q` 2 to
// 100 characters, pages of 10, at most page 100), IMDb links, and posters only from our origin
// (the Content-Security-Policy allows no other, and a poster is the user's data to pay for).
import type { Schemas } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';

export type ProductionFilm = Schemas['ProductionFilm'];
export type FilmSummary = Schemas['FilmSummary'];
export type FilmPage = Schemas['Page_FilmSummary'];

export const QUERY_MIN = 2;
export const QUERY_MAX = 100;
export const PER_PAGE = 10;
export const MAX_PAGE = 100;
/** How long typing pauses before the search asks. */
export const DEBOUNCE_MS = 400;

/** The query to send, trimmed, or null while it is too short to ask. */
export function searchable(text: string): string | null {
	const q = text.trim();
	return [...q].length >= QUERY_MIN ? q : null;
}

/** The film's page on IMDb (a plain link: nothing of IMDb's is loaded here). */
export function imdbUrl(imdbId: string): string {
	return `https://www.imdb.com/title/${encodeURIComponent(imdbId)}/`;
}

/** The poster's address when our own origin serves it, else null (no third-party image). */
export function ownPoster(url: string | null | undefined, origin: string): string | null {
	if (!url) return null;
	try {
		const parsed = new URL(url, origin);
		return parsed.origin === origin ? parsed.href : null;
	} catch {
		return null;
	}
}

/** As the API lists a filmography: latest year first, no year last, then by title. */
export function byLatest(a: ProductionFilm, b: ProductionFilm): number {
	if (a.year !== b.year) {
		if (a.year == null) return 1;
		if (b.year == null) return -1;
		return a.year < b.year ? 1 : -1;
	}
	return a.title.localeCompare(b.title);
}

/** The number of pages the search may walk through. */
export function pageCount(total: number): number {
	return Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / PER_PAGE)));
}

const KIND: Record<string, () => string> = {
	movie: () => m.films_kind_movie(),
	series: () => m.films_kind_series(),
	episode: () => m.films_kind_episode()
};

/** `movie`, `series` or `episode` in the person's language; another kind as it came. */
export const kindLabel = (kind: string) => KIND[kind]?.() ?? kind;

/** "1973 · Film" */
export function filmLine(film: { year?: string | null; kind: string }): string {
	return [film.year, kindLabel(film.kind)].filter(Boolean).join(' · ');
}
