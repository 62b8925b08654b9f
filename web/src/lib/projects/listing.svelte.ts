// A paged list that follows the page's query string: each change of filters asks again, and
// only the latest answer is shown (an earlier, slower one is dropped).
import { FormState } from '$lib/state/form.svelte';

export interface Paged<T> {
	items: T[];
	page: number;
	per_page: number;
	total: number;
}

export class Listing<T> {
	result = $state<Paged<T> | null>(null);
	busy = $state(false);
	/** The banner and retry of a failed load. */
	readonly problem = new FormState();
	#latest = 0;

	async load(ask: () => Promise<Paged<T>>): Promise<void> {
		const mine = ++this.#latest;
		this.busy = true;
		this.problem.banner = null;
		this.problem.offline = false;
		try {
			const answer = await ask();
			if (mine === this.#latest) this.result = answer;
		} catch (error) {
			if (mine === this.#latest) this.problem.fail(error, () => this.load(ask));
		} finally {
			if (mine === this.#latest) this.busy = false;
		}
	}
}

/** `url`'s query with `changes` applied (empty values removed), as a link to the same page. */
export function withQuery(url: URL, changes: Record<string, string | number | null | undefined>): string {
	const params = new URLSearchParams(url.searchParams);
	for (const [key, value] of Object.entries(changes)) {
		if (value === null || value === undefined || String(value) === '') params.delete(key);
		else params.set(key, String(value));
	}
	const query = params.toString();
	return query ? `${url.pathname}?${query}` : url.pathname;
}

/** A positive page number from the query string, else 1. */
export function pageParam(url: URL): number {
	const n = Number(url.searchParams.get('page'));
	return Number.isInteger(n) && n > 0 ? n : 1;
}

/** A route's numeric id (`/projects/12`), or null when it is not one. */
export function idParam(value: string | undefined): number | null {
	const n = Number(value);
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}
