// Fresh, confirmed people for the tests, made through the API the way a person would
// (register → the confirmation mail → confirm), then signed in.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { STRONG_PASSWORD, uniqueEmail } from './fixtures';
import { linkIn, waitForMail } from './outbox';

export interface Person {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
	/** The unique code (public profile, QR code). */
	code: string;
	id: number;
}

export interface NewPerson {
	label?: string;
	firstName?: string;
	lastName?: string;
	language?: 'fr' | 'en';
	dateOfBirth?: string;
}

/** Registers someone and confirms their address from the mail the stack sent. */
export async function confirmedPerson(request: APIRequestContext, options: NewPerson = {}): Promise<Person> {
	const versions = await request.get('/api/v1/auth/consents/versions');
	expect(versions.status()).toBe(200);
	const { terms } = (await versions.json()) as { terms: string };
	const email = uniqueEmail(options.label ?? 'profile');
	const firstName = options.firstName ?? 'Aminata';
	const lastName = options.lastName ?? 'Koné';
	const registered = await request.post('/api/v1/auth/register', {
		data: {
			email,
			password: STRONG_PASSWORD,
			first_name: firstName,
			last_name: lastName,
			date_of_birth: options.dateOfBirth ?? '1995-03-21',
			accepted_terms_version: terms,
			preferred_language: options.language ?? 'fr'
		}
	});
	expect(registered.status(), await registered.text()).toBe(202);

	const mail = await waitForMail(email, 1);
	const link = linkIn(mail, '/confirm');
	const token = new URLSearchParams(link.hash.slice(1)).get('token') ?? link.searchParams.get('token');
	expect(token, `a token in ${link.href}`).toBeTruthy();
	const confirmed = await request.post('/api/v1/auth/confirm', { data: { token } });
	expect(confirmed.status(), await confirmed.text()).toBe(200);
	const { user } = (await confirmed.json()) as { user: { unique_code: string; id: number } };
	return { email, password: STRONG_PASSWORD, firstName, lastName, code: user.unique_code, id: user.id };
}

/**
 * Signs `person` in: through the login page when this build has one, else through the API
 * with the page's own request context (the session cookie is then the page's too).
 */
export async function logIn(page: Page, person: Person) {
	await page.goto('/login');
	await page.waitForLoadState('networkidle');
	const email = page.locator('input[type="email"], input[name="email"]').first();
	const password = page.locator('input[type="password"]').first();
	if ((await email.count()) > 0 && (await password.count()) > 0) {
		await email.fill(person.email);
		await password.fill(person.password);
		await page.locator('form button[type="submit"]').first().click();
		await page.waitForURL((url) => !url.pathname.startsWith('/login'));
		return;
	}
	const answer = await page.request.post('/api/v1/auth/login', {
		data: { email: person.email, password: person.password }
	});
	expect(answer.status(), await answer.text()).toBe(200);
}

/** A new confirmed person, signed in in `page`. */
export async function signedInPerson(page: Page, options: NewPerson = {}): Promise<Person> {
	const person = await confirmedPerson(page.request, options);
	await logIn(page, person);
	return person;
}
