// Data a page asks for from its `+page.ts` load: the requests leave as soon as the page is
// chosen, beside the session check and while the page's code still downloads, rather than
// after it mounted — on a phone network that is a round trip or two sooner on screen.
// The page takes the answer once; a retry asks again.
export class Prefetched<T> {
	#pending: T | null;

	/** `now` false (a shell prerendered at build time): nothing is asked until `take()`. */
	constructor(
		private readonly ask: () => T,
		now = true
	) {
		this.#pending = now ? ask() : null;
		// Awaited by the page, which shows a failure with a retry; never unhandled here.
		if (this.#pending instanceof Promise) this.#pending.catch(() => {});
	}

	take(): T {
		const answer = this.#pending ?? this.ask();
		this.#pending = null;
		return answer;
	}
}
