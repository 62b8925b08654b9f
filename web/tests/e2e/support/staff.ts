// Staff accounts for the tests: a fresh confirmed person given a role by the stack's admin
// (ADMIN_EMAIL / ADMIN_PASSWORD from .local/test/env, which infra/local/web.sh exports), through
// the admin API as an administrator would.
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { confirmedPerson, logIn, type NewPerson, type Person } from './accounts';

export type Role = 'user' | 'recruiter' | 'presence' | 'admin';

let admin: Promise<APIRequestContext> | null = null;

/** The stack's administrator, signed in once per worker; its CSRF token rides on every call. */
export function adminRequest(baseURL: string): Promise<APIRequestContext> {
	admin ??= (async () => {
		const email = process.env.ADMIN_EMAIL;
		const password = process.env.ADMIN_PASSWORD;
		if (!email || !password) throw new Error('ADMIN_EMAIL / ADMIN_PASSWORD are not set: run through infra/local/web.sh e2e');
		const login = await playwrightRequest.newContext({ baseURL });
		const answer = await login.post('/api/v1/auth/login', { data: { email, password } });
		expect(answer.status(), await answer.text()).toBe(200);
		const { csrf_token } = (await answer.json()) as { csrf_token: string };
		// The same session cookie, with its CSRF token on every unsafe call.
		const signedIn = await playwrightRequest.newContext({
			baseURL,
			extraHTTPHeaders: { 'X-CSRF-Token': csrf_token },
			storageState: await login.storageState()
		});
		await login.dispose();
		return signedIn;
	})();
	return admin;
}

/** Gives `person` a role, as the admin. */
export async function grantRole(baseURL: string, person: Person, role: Role) {
	const asAdmin = await adminRequest(baseURL);
	const answer = await asAdmin.put(`/api/v1/admin/users/${person.id}/role`, { data: { role } });
	expect(answer.status(), await answer.text()).toBe(200);
}

/** A new confirmed person with `role`, signed in in `page`. */
export async function signedInStaff(page: Page, role: Role, options: NewPerson = {}): Promise<Person> {
	const person = await confirmedPerson(page.request, { label: role, ...options });
	await grantRole(baseUrlOf(page), person, role);
	await logIn(page, person);
	return person;
}

function baseUrlOf(page: Page): string {
	return process.env.E2E_BASE_URL ?? new URL(page.url()).origin;
}

/** The platform's AI switch (`features.ai`) as an admin sets it; `restore` puts back what it was. */
export async function aiSwitch(baseURL: string) {
	const asAdmin = await adminRequest(baseURL);
	const answer = await asAdmin.get('/api/v1/admin/settings');
	expect(answer.status(), await answer.text()).toBe(200);
	const settings = (await answer.json()) as { key: string; value: unknown }[];
	const before = settings.find((s) => s.key === 'features.ai')?.value === true;
	const set = async (on: boolean) => {
		const changed = await asAdmin.put('/api/v1/admin/settings/features.ai', { data: { value: on } });
		expect(changed.status(), await changed.text()).toBe(200);
	};
	return { set, restore: () => set(before) };
}

/** Runs `body` with the platform's AI features on, then puts the switch back. */
export async function withAiOn(baseURL: string, body: () => Promise<void>) {
	const ai = await aiSwitch(baseURL);
	await ai.set(true);
	try {
		await body();
	} finally {
		await ai.restore();
	}
}
