// Who is signed in. The session itself is an HttpOnly cookie; the app only keeps the account
// and the CSRF token in memory, and re-reads both from `/auth/me` after a reload.
import { api, ApiError, call, NetworkError, setCsrfToken, type Schemas } from '$lib/api/client';
import { applyLocale, locale, type Locale } from '$lib/i18n/locale.svelte';

export type Account = Schemas['Account'];
export type Role = Schemas['Role'];

/** Who may use the staff pages; admins may use every one (as the API's `require` rule). */
export const RECRUITING: Role[] = ['recruiter'];
export const ON_SET: Role[] = ['presence'];
/** Administration pages: admins only. */
export const ADMINS: Role[] = [];

/**
 * Where a page that works offline (the on-set scanner) keeps who was signed in, so it opens
 * with no network; only such a page asks for it (`rememberForOffline`), and logging out or a
 * 401 forgets it. The CSRF token is never kept: `reconnect()` asks for a fresh one.
 */
const OFFLINE_ACCOUNT_KEY = 'taalentio.offline-account';

function stored(): Account | null {
	try {
		const raw = localStorage.getItem(OFFLINE_ACCOUNT_KEY);
		return raw ? (JSON.parse(raw) as Account) : null;
	} catch {
		return null;
	}
}

function store(account: Account | null) {
	try {
		if (account) localStorage.setItem(OFFLINE_ACCOUNT_KEY, JSON.stringify(account));
		else localStorage.removeItem(OFFLINE_ACCOUNT_KEY);
	} catch {
		// Storage off: the page needs the network to open, as any other.
	}
}

class Session {
	account = $state<Account | null>(null);
	/** False until the first `/auth/me` answered (or failed). */
	known = $state(false);
	/** True when the account is the remembered one: `/auth/me` could not be reached. */
	offline = $state(false);
	#loading: Promise<void> | null = null;
	#remember = false;

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
			const remembered = error instanceof NetworkError ? stored() : null;
			if (remembered) {
				this.account = remembered;
				this.offline = true;
				return;
			}
			if (!(error instanceof ApiError) || error.status !== 401) throw error;
			this.account = null;
			setCsrfToken(null);
			store(null);
		} finally {
			this.known = true;
		}
	}

	/** After a login: the account, its CSRF token, and its language. */
	#signedIn(body: { user: Account; csrf_token?: string | null }) {
		this.account = body.user;
		this.offline = false;
		setCsrfToken(body.csrf_token);
		if (this.#remember || stored()) store(body.user);
		const chosen = body.user.preferred_language as Locale | undefined;
		if (chosen && chosen !== locale()) applyLocale(chosen);
	}

	signedInWith(body: { user: Account; csrf_token?: string | null }) {
		this.#signedIn(body);
		this.known = true;
		this.#loading = Promise.resolve();
	}

	/** An offline page keeps this account for its next start without network. */
	rememberForOffline() {
		this.#remember = true;
		if (this.account && !this.offline) store(this.account);
	}

	/**
	 * After a start without network: asks the server again (a fresh CSRF token for writes).
	 * True when signed in and reachable.
	 */
	async reconnect(): Promise<boolean> {
		if (!this.offline) return this.account !== null;
		await this.refresh().catch(() => {});
		return !this.offline && this.account !== null;
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
		store(null);
	}
}

export const session = new Session();
