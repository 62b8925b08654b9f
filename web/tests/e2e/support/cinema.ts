// A shoot set up through the API as production staff would: a production, a project being
// shot, casting profiles assigned to it (each gets a badge code), a photo, the badge sheet.
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { confirmedPerson } from './accounts';
import { pngImage } from './files';
import { grantRole, type Role } from './staff';

/** A fresh person with `role`, as an API client: the session cookie and its CSRF token. */
export async function staffRequest(baseURL: string, role: Role): Promise<APIRequestContext> {
	const login = await playwrightRequest.newContext({ baseURL });
	const person = await confirmedPerson(login, { label: `${role}-api` });
	await grantRole(baseURL, person, role);
	const answer = await login.post('/api/v1/auth/login', { data: { email: person.email, password: person.password } });
	expect(answer.status(), await answer.text()).toBe(200);
	const { csrf_token } = (await answer.json()) as { csrf_token: string };
	const signedIn = await playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: { 'X-CSRF-Token': csrf_token },
		storageState: await login.storageState()
	});
	await login.dispose();
	return signedIn;
}

async function created<T>(request: APIRequestContext, path: string, data: unknown): Promise<T> {
	const answer = await request.post(path, { data });
	expect(answer.status(), `${path}: ${await answer.text()}`).toBe(201);
	return (await answer.json()) as T;
}

export interface CastTalent {
	id: number;
	firstName: string;
	lastName: string;
	/** The casting profile's code (typed by hand at the desk). */
	cinemaCode: string;
	/** What the talent's badge QR code holds. */
	badgeCode: string;
}

export interface Shoot {
	projectId: number;
	projectName: string;
	talents: CastTalent[];
}

/** YYYY-MM-DD on this machine's calendar, `days` from today (the browser's "today" too). */
export function localDate(days = 0): string {
	const at = new Date(Date.now() + days * 86_400_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A project being shot, from yesterday for a month, with these talents assigned to it. */
export async function shootWith(staff: APIRequestContext, names: [string, string][]): Promise<Shoot> {
	const stamp = Date.now().toString(36);
	const production = await created<{ id: number }>(staff, '/api/v1/cinema/productions', {
		name: `Studio Baobab ${stamp}`,
		country: 'SN',
		city: 'Dakar'
	});
	const projectName = `Les Lumières de Dakar ${stamp}`;
	const project = await created<{ id: number }>(staff, '/api/v1/cinema/projects', {
		name: projectName,
		production_type: 'feature_film',
		production_company_id: production.id,
		origin_country: 'SN',
		start_date: localDate(-1),
		end_date: localDate(30)
	});
	for (const status of ['pre_production', 'shooting']) {
		const moved = await staff.patch(`/api/v1/cinema/projects/${project.id}`, { data: { status } });
		expect(moved.status(), await moved.text()).toBe(200);
	}
	const talents: CastTalent[] = [];
	for (const [firstName, lastName] of names) {
		const talent = await created<{ id: number; unique_code: string }>(staff, '/api/v1/cinema/talents', {
			first_name: firstName,
			last_name: lastName
		});
		const assignment = await created<{ project_code: string }>(staff, `/api/v1/cinema/projects/${project.id}/talents`, {
			cinema_talent_id: talent.id,
			talent_type: 'extra'
		});
		talents.push({ id: talent.id, firstName, lastName, cinemaCode: talent.unique_code, badgeCode: assignment.project_code });
	}
	return { projectId: project.id, projectName, talents };
}

/** Gives a casting profile a photo (request, PUT, check), as the casting pages do. */
export async function givePhoto(staff: APIRequestContext, talentId: number) {
	const png = pngImage(240, 300);
	const ticket = (await created<{
		complete_url: string;
		upload: { method: string; url: string; headers: [string, string][] };
	}>(staff, `/api/v1/cinema/talents/${talentId}/uploads`, { kind: 'photo', content_type: 'image/png', size: png.length }));
	const sent = await staff.fetch(ticket.upload.url, {
		method: ticket.upload.method,
		headers: Object.fromEntries(ticket.upload.headers),
		data: png
	});
	expect(sent.ok(), await sent.text()).toBe(true);
	const checked = await staff.post(ticket.complete_url);
	expect(checked.status(), await checked.text()).toBe(200);
	expect(((await checked.json()) as { status: string }).status).toBe('accepted');
}

/** The project's badge sheet (PDF), every talent's badge on it. */
export async function badgeSheet(staff: APIRequestContext, projectId: number): Promise<Buffer> {
	const answer = await staff.get(`/api/v1/cinema/projects/${projectId}/badges.pdf`);
	expect(answer.status()).toBe(200);
	expect(answer.headers()['content-type']).toBe('application/pdf');
	return answer.body();
}
