// The server's verdict on a new password as the person types (POST /auth/password/check):
// the same rules and zxcvbn score registration applies, so the meter never promises what the
// server then refuses. Asked once typing pauses; a newer question wins over an older answer.
import { api, call } from '$lib/api/client';
import type { Personal } from '$lib/passwordRules';

const PAUSE_MS = 400;

export class PasswordCheck {
	/** zxcvbn's score (0–4), once the server answered for the current value. */
	score = $state<number | null>(null);
	accepted = $state<boolean | null>(null);

	#timer: ReturnType<typeof setTimeout> | null = null;
	#asked = 0;

	/** Forgets the last verdict and asks again after a pause (nothing for an empty value). */
	ask(password: string, personal: Personal | null) {
		if (this.#timer) clearTimeout(this.#timer);
		this.score = null;
		this.accepted = null;
		const question = ++this.#asked;
		if (!password) return;
		this.#timer = setTimeout(async () => {
			try {
				const verdict = await call(
					api.POST('/api/v1/auth/password/check', {
						body: {
							password,
							email: personal?.email || null,
							first_name: personal?.firstName || null,
							last_name: personal?.lastName || null
						}
					}),
					{ unauthenticated: 'throw' }
				);
				if (question !== this.#asked) return;
				this.score = verdict.score;
				this.accepted = verdict.accepted;
			} catch {
				// Offline or refused: the local estimate stays, and submitting still checks.
			}
		}, PAUSE_MS);
	}
}
