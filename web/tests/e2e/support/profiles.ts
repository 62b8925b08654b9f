// People with filled profiles, for the tests of the pages that find them (the directory, the
// casting base): each registers and confirms as a person would, signs in in a context of
// its own, and fills its profile through the calls the profile page makes
// (`PATCH /api/v1/me`, `PUT /api/v1/me/talents`).
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { confirmedPerson, type NewPerson, type Person } from './accounts';
import { pngImage } from './files';

export interface Catalogue {
	talents: { id: number; name: string; name_en: string; emoji: string; category: string }[];
	categories: { code: string; name_fr: string; name_en: string }[];
	countries: { code: string; name_fr: string; name_en: string; cities: { id: number; name: string; is_capital: boolean }[] }[];
}

export interface ProfileFields {
	gender?: 'female' | 'male' | 'non_binary' | 'undisclosed';
	nationality?: string;
	country?: string;
	city_id?: number;
	phone?: string;
	whatsapp?: string;
	address?: string;
	profile_public?: boolean;
}

export interface FilledPerson extends Person {
	talentIds: number[];
}

function baseURL(): string {
	const url = process.env.E2E_BASE_URL;
	if (!url) throw new Error('E2E_BASE_URL is not set: run through infra/local/web.sh e2e');
	return url;
}

/** The talents, categories and countries (with cities) the stack has. */
export async function catalogue(): Promise<Catalogue> {
	const api = await playwrightRequest.newContext({ baseURL: baseURL() });
	const get = async (path: string) => {
		const answer = await api.get(path);
		expect(answer.status(), path).toBe(200);
		return answer.json();
	};
	const [talents, categories, countries] = await Promise.all([
		get('/api/v1/talents'),
		get('/api/v1/talents/categories'),
		get('/api/v1/countries')
	]);
	await api.dispose();
	return { talents, categories, countries };
}

/** A new confirmed person whose profile says `fields`, who lists `talentIds`, with a photo if asked. */
export async function personWithProfile(
	who: NewPerson,
	fields: ProfileFields,
	talentIds: number[],
	options: { photo?: boolean } = {}
): Promise<FilledPerson> {
	const api = await playwrightRequest.newContext({ baseURL: baseURL() });
	try {
		const person = await confirmedPerson(api, who);
		const login = await api.post('/api/v1/auth/login', { data: { email: person.email, password: person.password } });
		expect(login.status(), await login.text()).toBe(200);
		const { csrf_token } = (await login.json()) as { csrf_token: string };
		const headers = { 'X-CSRF-Token': csrf_token };
		const patched = await api.patch('/api/v1/me', { data: fields, headers });
		expect(patched.status(), await patched.text()).toBe(200);
		if (talentIds.length > 0) {
			const talents = await api.put('/api/v1/me/talents', { data: { talent_ids: talentIds }, headers });
			expect(talents.status(), await talents.text()).toBe(200);
		}
		if (options.photo) await sendPhoto(api, headers);
		return { ...person, talentIds };
	} finally {
		await api.dispose();
	}
}

/** A photo sent as the profile page sends one (ticket, PUT, complete), waited for until accepted. */
async function sendPhoto(api: APIRequestContext, headers: Record<string, string>) {
	const bytes = pngImage(480, 640);
	const asked = await api.post('/api/v1/me/uploads', {
		data: { kind: 'photo', content_type: 'image/png', size: bytes.length },
		headers
	});
	expect(asked.status(), await asked.text()).toBe(201);
	const ticket = (await asked.json()) as {
		id: string;
		complete_url: string;
		upload: { method: string; url: string; headers: [string, string][] };
	};
	// The browser may not set Content-Length itself; Playwright does from the body.
	const sent = await api.fetch(ticket.upload.url, {
		method: ticket.upload.method,
		headers: Object.fromEntries(ticket.upload.headers.filter(([name]) => name.toLowerCase() !== 'content-length')),
		data: bytes
	});
	expect(sent.ok(), await sent.text()).toBe(true);
	const completed = await api.post(ticket.complete_url, { headers });
	expect(completed.ok(), await completed.text()).toBe(true);
	await expect
		.poll(async () => ((await (await api.get(`/api/v1/me/uploads/${ticket.id}`)).json()) as { status: string }).status, {
			timeout: 20_000
		})
		.toBe('accepted');
}

/** A word of letters, as a name is, different at each call and run. */
export function uniqueWord(prefix: string): string {
	const letters = 'abcdefghijklmnopqrstuvwxyz';
	let word = '';
	let n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
	while (n > 0) {
		word += letters[n % 26];
		n = Math.floor(n / 26);
	}
	return prefix + word.slice(0, 8);
}

/**
 * A family name of random letters after `prefix`: the casting search forgives typos (trigram
 * similarity), so names sharing most of their letters with an earlier run's would match them.
 */
export function randomName(prefix = ''): string {
	const letters = Array.from({ length: 12 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('');
	const name = prefix + letters;
	return name.charAt(0).toUpperCase() + name.slice(1);
}
