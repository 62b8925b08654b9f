// The one API client. Every call goes through it, so the cross-cutting rules live here only:
// the CSRF header on unsafe methods, 401 → the login page with a return path, problem+json →
// a typed `ApiError`, and a lost network → `NetworkError` (the page offers a retry).
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];

/** The API answered with a problem (RFC 9457). */
export class ApiError extends Error {
	readonly status: number;
	readonly problem: Problem;
	/** Seconds from `Retry-After`, on 429 and 503. */
	readonly retryAfter: number | null;

	constructor(status: number, problem: Problem, retryAfter: number | null) {
		super(problem.detail);
		this.status = status;
		this.problem = problem;
		this.retryAfter = retryAfter;
	}

	get code(): string {
		return this.problem.code;
	}

	get fieldErrors(): FieldError[] {
		return this.problem.errors ?? [];
	}
}

/** No answer at all: offline, or the connection dropped. */
export class NetworkError extends Error {
	constructor() {
		super('network unreachable');
	}
}

let csrfToken: string | null = null;

/** Kept in memory only (never in storage): re-read from `/auth/me` after a reload. */
export function setCsrfToken(token: string | null | undefined) {
	csrfToken = token ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
	onRequest({ request }) {
		if (csrfToken && !SAFE_METHODS.has(request.method)) {
			request.headers.set('X-CSRF-Token', csrfToken);
		}
		return request;
	}
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

type Unauthenticated = 'login' | 'throw';

let onUnauthenticated: (returnTo: string) => void = (returnTo) => {
	location.assign(`/login?next=${encodeURIComponent(returnTo)}`);
};

/** The app routes 401s through its router (set once by the root layout). */
export function setUnauthenticatedHandler(handler: (returnTo: string) => void) {
	onUnauthenticated = handler;
}

export function retryAfterSeconds(response: Response): number | null {
	const header = response.headers.get('Retry-After');
	if (!header) return null;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
	const date = Date.parse(header);
	return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A problem from an error answer's body, ours or not (also for answers read without `api`). */
export function asProblem(status: number, body: unknown): Problem {
	if (body && typeof body === 'object' && 'status' in body && 'code' in body) {
		return body as Problem;
	}
	// Not ours (a proxy's page, a gateway timeout): a problem in our shape all the same.
	return {
		type: 'about:blank',
		title: 'Error',
		status,
		code: status >= 500 ? 'unavailable' : 'bad_request',
		detail: typeof body === 'string' ? body : ''
	} as Problem;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an `api.GET/POST/…` call and gives its data, or throws `ApiError` / `NetworkError`.
 * A 401 sends the person to the login page (and back here after) unless `unauthenticated` is
 * `'throw'` (for the pages that expect to be anonymous).
 */
export async function call<T>(
	request: Promise<Answer<T>>,
	options: { unauthenticated?: Unauthenticated } = {}
): Promise<T> {
	let answer: Answer<T>;
	try {
		answer = await request;
	} catch {
		throw new NetworkError();
	}
	const { data, error, response } = answer;
	if (response.ok) return data as T;
	await problemWords(response.status);
	throw refusal(response, error, options);
}

/**
 * The problems' sentences are fetched with the first problem (not with every page, most
 * visits meet none), before it is thrown: its banner then shows its own sentence at once. A
 * 404 read is often expected (`orNotFound`) and a 401 leaves for the login page: those fetch
 * nothing here, and a banner that does show one fetches the sentences then (problems.svelte.ts).
 */
async function problemWords(status: number) {
	if (status === 401 || status === 404) return;
	await import('$lib/i18n/problems.svelte').then((problems) => problems.loadProblemWords()).catch(() => {});
}

/** The `ApiError` of an answer that is not ok, `body` its parsed body; a 401 as in `call`. */
function refusal(response: Response, body: unknown, options: { unauthenticated?: Unauthenticated }): ApiError {
	if (response.status === 401 && (options.unauthenticated ?? 'login') === 'login') {
		onUnauthenticated(location.pathname + location.search);
	}
	return new ApiError(response.status, asProblem(response.status, body), retryAfterSeconds(response));
}

/**
 * The same for an answer fetched without the client (a file download): reads its body.
 * The body is a problem when the API wrote it, else whatever came (a proxy's page).
 */
export async function refusalOf(
	response: Response,
	options: { unauthenticated?: Unauthenticated } = {}
): Promise<ApiError> {
	let body: unknown = '';
	try {
		const text = await response.text();
		body = (response.headers.get('Content-Type') ?? '').includes('json') ? JSON.parse(text) : text;
	} catch {
		// Unreadable or not JSON after all: the problem is named by its status.
	}
	await problemWords(response.status);
	return refusal(response, body, options);
}

/** What a read gives, or `null` when the API answers 404 (nothing there, or nothing to see). */
export function orNotFound<T>(request: Promise<T>): Promise<T | null> {
	return request.catch((error: unknown) => {
		if (error instanceof ApiError && error.status === 404) return null;
		throw error;
	});
}
