// The answer to the latest of a series of requests (a list following its URL's filters): an
// answer that comes after a newer request was made is dropped, so a slow first search never
// overwrites a quicker second one. Problems land in a FormState (banner, retry after a network
// loss) and the last good answer stays shown meanwhile.
import { FormState } from './form.svelte';

export class Latest<T> {
	value = $state<T | null>(null);
	/** True while the latest request has no answer yet. */
	busy = $state(false);
	readonly problem = new FormState();
	#ticket = 0;

	/**
	 * Shows what `request` gives (started already, e.g. by a page's load), or else what
	 * `start()` gives; a retry calls `start()` again.
	 */
	async show(start: () => Promise<T>, request: Promise<T> = start()): Promise<void> {
		const ticket = ++this.#ticket;
		this.busy = true;
		this.problem.clear();
		try {
			const value = await request;
			if (ticket === this.#ticket) this.value = value;
		} catch (error) {
			if (ticket === this.#ticket) this.problem.fail(error, () => this.show(start));
		} finally {
			if (ticket === this.#ticket) this.busy = false;
		}
	}

	/** Drops the value, the problem and any answer still on its way. */
	reset() {
		this.#ticket += 1;
		this.value = null;
		this.busy = false;
		this.problem.clear();
	}
}
