// What a form shows while it talks to the API: busy, the banner, each field's message, the
// retry after a network loss, and the countdown of a 429.
import { ApiError, NetworkError } from '$lib/api/client';
import { fieldMessage, problemMessage } from '$lib/i18n/problems.svelte';

export class FormState {
	busy = $state(false);
	/** Set when the network failed: the banner offers to try again. */
	offline = $state(false);
	/** Seconds left before a throttled action may be tried again. */
	waitSeconds = $state(0);

	// The API's last problem is kept as it came, and its words are made when read: a switch of
	// language re-words the banner and the field messages already shown. A page may still set
	// its own words (`form.fields = …`), which then stand until the next attempt.
	#problem = $state.raw<ApiError | null>(null);
	#banner = $state<string | null | undefined>(undefined);
	#fields = $state<Record<string, string> | undefined>(undefined);

	/** The problem's own line, above the form (role="alert"). */
	get banner(): string | null {
		if (this.#banner !== undefined) return this.#banner;
		return this.#problem ? problemMessage(this.#problem.problem, this.#problem.retryAfter) : null;
	}
	set banner(text: string | null) {
		this.#banner = text;
	}

	/** The API's last problem as it came (its `code` picks a page's own words), or null. */
	get error(): ApiError | null {
		return this.#problem;
	}

	/** Field path (as the API names it, e.g. `password`) → message. */
	get fields(): Record<string, string> {
		if (this.#fields !== undefined) return this.#fields;
		const fields: Record<string, string> = {};
		for (const fieldError of this.#problem?.fieldErrors ?? []) {
			// The first problem of a field is the one to fix first.
			fields[fieldError.field] ??= fieldMessage(fieldError);
		}
		return fields;
	}
	set fields(messages: Record<string, string>) {
		this.#fields = messages;
	}

	#retry: (() => Promise<void>) | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

	/** Runs `action`; a problem lands on the fields and the banner instead of being thrown. */
	async run(action: () => Promise<void>): Promise<boolean> {
		if (this.busy || this.waitSeconds > 0) return false;
		this.busy = true;
		this.clear();
		try {
			await action();
			return true;
		} catch (error) {
			this.fail(error, action);
			return false;
		} finally {
			this.busy = false;
		}
	}

	/** Forgets the last problem (a new attempt starts). */
	clear() {
		this.#problem = null;
		this.#banner = undefined;
		this.#fields = undefined;
		this.offline = false;
		this.#retry = null;
	}

	fail(error: unknown, action?: () => Promise<void>) {
		if (error instanceof NetworkError) {
			this.offline = true;
			this.#retry = action ?? null;
			return;
		}
		if (!(error instanceof ApiError)) throw error;
		this.#banner = undefined;
		this.#fields = undefined;
		this.#problem = error;
		if (error.status === 429 && error.retryAfter) this.#countDown(error.retryAfter);
	}

	retry() {
		const action = this.#retry;
		if (action) void this.run(action);
	}

	get canRetry() {
		return this.offline && this.#retry !== null;
	}

	#countDown(seconds: number) {
		this.waitSeconds = seconds;
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = setInterval(() => {
			this.waitSeconds = Math.max(0, this.waitSeconds - 1);
			if (this.waitSeconds === 0 && this.#timer) {
				clearInterval(this.#timer);
				this.#timer = null;
				this.banner = null;
			}
		}, 1000);
	}
}
