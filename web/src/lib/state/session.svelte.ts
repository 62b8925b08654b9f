// Who is signed in. The session itself is an HttpOnly cookie; the app only keeps the account
// and the CSRF token in memory, and re-reads both from `/auth/me` after a reload.
import { api, ApiError, call, setCsrfToken, type Schemas } from '$lib/api/client';
import { applyLocale, locale, type Locale } from '$lib/i18n/locale.svelte';

export type Account = Schemas['Account'];
export type Role = Schemas['Role'];

/** Who may use the staff pages; admins may use every one (as the API's `require` rule). */
export const RECRUITING: Role[] = ['recruiter'];
export const ON_SET: Role[] = ['presence'];

class Session {
	account = $state<Account | null>(null);
	/** False until the first `/auth/me` answered (or failed). */
	known = $state(false);
	#loading: Promise<void> | null = null;

	get signedIn() {
		return this.account !== null;
	}

	/** True when the account has one of `roles`, or is an admin. */
	can(roles: Role[]): boolean {
		const role = this.account?.role;
		return role === 'admin' || (role !== undefined && roles.includes(role));
	}

	/** Loads the session once; later calls wait for the same answer. */
	load(): Promise<void> {
		this.#loading ??= this.refresh();
		return this.#loading;
	}

	async refresh() {
		try {
			const body = await call(api.GET('/api/v1/auth/me'), { unauthenticated: 'throw' });
			this.#signedIn(body);
		} catch (error) {
			if (!(error instanceof ApiError) || error.status !== 401) throw error;
			this.account = null;
			setCsrfToken(null);
		} finally {
			this.known = true;
		}
	}

	/** After a login: the account, its CSRF token, and its language. */
	#signedIn(body: { user: Account; csrf_token?: string | null }) {
		this.account = body.user;
		setCsrfToken(body.csrf_token);
		const chosen = body.user.preferred_language as Locale | undefined;
		if (chosen && chosen !== locale()) applyLocale(chosen);
	}

	signedInWith(body: { user: Account; csrf_token?: string | null }) {
		this.#signedIn(body);
		this.known = true;
		this.#loading = Promise.resolve();
	}

	async logout() {
		try {
			await call(api.POST('/api/v1/auth/logout'), { unauthenticated: 'throw' });
		} catch (error) {
			// Already ended on the server: the outcome is the same.
			if (!(error instanceof ApiError) || error.status !== 401) throw error;
		}
		this.account = null;
		setCsrfToken(null);
	}
}

export const session = new Session();
