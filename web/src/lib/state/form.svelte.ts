// What a form shows while it talks to the API: busy, the banner, each field's message, the
// retry after a network loss, and the countdown of a 429.
import { ApiError, NetworkError } from '$lib/api/client';
import { fieldMessage, problemMessage } from '$lib/i18n/problems';

export class FormState {
	busy = $state(false);
	/** The problem's own line, above the form (role="alert"). */
	banner = $state<string | null>(null);
	/** Set when the network failed: the banner offers to try again. */
	offline = $state(false);
	/** Field path (as the API names it, e.g. `password`) → message. */
	fields = $state<Record<string, string>>({});
	/** Seconds left before a throttled action may be tried again. */
	waitSeconds = $state(0);

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
		this.banner = null;
		this.offline = false;
		this.fields = {};
		this.#retry = null;
	}

	fail(error: unknown, action?: () => Promise<void>) {
		if (error instanceof NetworkError) {
			this.offline = true;
			this.#retry = action ?? null;
			return;
		}
		if (!(error instanceof ApiError)) throw error;
		const fields: Record<string, string> = {};
		for (const fieldError of error.fieldErrors) {
			// The first problem of a field is the one to fix first.
			fields[fieldError.field] ??= fieldMessage(fieldError);
		}
		this.fields = fields;
		if (error.status === 429 && error.retryAfter) this.#countDown(error.retryAfter);
		this.banner = problemMessage(error.problem, error.retryAfter);
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
