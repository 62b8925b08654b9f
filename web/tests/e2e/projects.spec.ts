// Productions, projects, assignments and badges through the pages, as a recruiter, an admin,
// a talent and a plain user would use them; the badges' QR codes read back by zbar.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Download, Page } from '@playwright/test';
import { expect, snapshot, test } from './support/fixtures';
import { confirmedPerson, logIn, signedInPerson } from './support/accounts';
import { linkIn, waitForMail } from './support/outbox';
import { signedInStaff } from './support/staff';

/** Letters only, so the casting search (accents, case and typos aside) finds just these. */
function tag(): string {
	return Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** The API as the person signed in in `page`: their cookie, and their CSRF token on writes. */
async function apiAs(page: Page) {
	const me = await page.request.get('/api/v1/auth/me');
	expect(me.status(), await me.text()).toBe(200);
	const { csrf_token } = (await me.json()) as { csrf_token: string };
	const request: APIRequestContext = page.request;
	const send = async (method: 'post' | 'patch' | 'delete', path: string, data?: unknown) => {
		const answer = await request[method](path, { data, headers: { 'X-CSRF-Token': csrf_token } });
		expect(answer.ok(), `${method} ${path}: ${await answer.text()}`).toBe(true);
		return answer.status() === 204 ? null : answer.json();
	};
	return {
		get: async (path: string) => {
			const answer = await request.get(path);
			expect(answer.ok(), `${path}: ${await answer.text()}`).toBe(true);
			return answer.json();
		},
		post: (path: string, data: unknown) => send('post', path, data),
		patch: (path: string, data: unknown) => send('patch', path, data),
		delete: (path: string) => send('delete', path)
	};
}

/** Every QR code in a PDF, rasterised by poppler and read by zbar (neither wrote it), sorted. */
function qrCodesIn(pdf: string): string[] {
	const dir = mkdtempSync(join(tmpdir(), 'badges-'));
	try {
		execFileSync('pdftoppm', ['-r', '150', '-png', pdf, join(dir, 'page')]);
		const pages = readdirSync(dir).filter((name) => name.endsWith('.png'));
		expect(pages.length).toBeGreaterThan(0);
		const codes = pages.flatMap((name) =>
			execFileSync('zbarimg', ['--raw', '-q', join(dir, name)], { encoding: 'utf8' })
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
		);
		return codes.sort();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function savedFile(download: Download): Promise<string> {
	const path = await download.path();
	expect(path, 'the download was saved').toBeTruthy();
	return path!;
}

/**
 * No element but SvelteKit's route announcer has inline style (the CSP would block it). An
 * empty attribute is left by axe's checks, which set and restore styles through the CSSOM.
 */
async function expectNoInlineStyle(page: Page) {
	const styled = await page
		.locator('[style]:not(#svelte-announcer)')
		.evaluateAll((nodes) =>
			nodes
				.filter((n) => (n.getAttribute('style') ?? '').trim() !== '')
				.map((n) => `<${n.tagName.toLowerCase()} id="${n.id}" style="${n.getAttribute('style')}">`)
		);
	expect(styled, `inline style on ${page.url()}`).toEqual([]);
}

const statusButtons = (page: Page) => page.getByRole('group', { name: 'Changer le statut' }).getByRole('button');

test('a recruiter builds a project: production, project, status moves, three talents at once, badges', async ({ page, visit }, testInfo) => {
	test.setTimeout(180_000);
	// The pages keep to the strict CSP: no other origin (downloads included), and no inline
	// style — checked in the DOM, as SvelteKit's own route announcer carries one the CSP blocks.
	const cspViolations: string[] = [];
	page.on('console', (message) => {
		const text = message.text();
		if (text.includes('Content Security Policy') && !text.startsWith('Applying inline style')) cspViolations.push(text);
	});
	await signedInStaff(page, 'recruiter');
	const api = await apiAs(page);
	const family = `Zubeyr${tag()}`;
	const firstNames = ['Chiamaka', 'Émeka', 'Aïssatou'];
	for (const first of firstNames) {
		await api.post('/api/v1/cinema/talents', { first_name: first, last_name: family });
	}
	const names = firstNames.map((first) => `${first} ${family}`);

	// A production, through its form.
	const company = `Lumière Studios ${tag()}`;
	await visit('/productions');
	await page.locator('summary', { hasText: 'Nouvelle production' }).click();
	const newProduction = page.locator('#production-new-form');
	await newProduction.getByLabel('Nom de la société').fill(company);
	await newProduction.getByLabel('Pays').selectOption('NG');
	await newProduction.getByLabel('Ville').fill('Lagos');
	await newProduction.getByLabel('E-mail de la société').fill('Contact@Lumiere.example');
	await newProduction.getByRole('button', { name: 'Créer la production' }).click();
	await page.waitForURL(/\/productions\/\d+/);
	const productionId = Number(new URL(page.url()).pathname.split('/').pop());
	await visit(`/productions/${productionId}`);
	await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible();
	await expectNoInlineStyle(page);
	await expect(page.getByLabel('E-mail de la société')).toHaveValue('contact@lumiere.example');
	// Recruiters do not verify productions.
	await expect(page.getByRole('button', { name: /Vérifier/ })).toHaveCount(0);

	// A project under it, through its form.
	const title = `Les Lumières de Lagos ${tag()}`;
	await visit('/projects');
	await page.locator('summary', { hasText: 'Nouveau projet' }).click();
	const newProject = page.locator('#project-new-form');
	await newProject.getByLabel('Titre du projet').fill(title);
	await newProject.getByLabel('Type de production').selectOption('feature_film');
	await newProject.getByLabel('Production', { exact: true }).selectOption(String(productionId));
	await newProject.getByLabel('Début du tournage').fill('2027-01-12');
	await newProject.getByLabel('Fin du tournage').fill('2027-03-30');
	await newProject.getByLabel('Lieux de tournage').fill('Lagos, Abeokuta');
	await newProject.getByRole('button', { name: 'Créer le projet' }).click();
	await page.waitForURL(/\/projects\/\d+$/);
	const projectId = Number(new URL(page.url()).pathname.split('/').pop());
	await visit(`/projects/${projectId}`);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByText('Du 12 janvier 2027 au 30 mars 2027')).toBeVisible();
	// Its form comes with the edit panel's first opening, filled from the project.
	const edit = page.locator('summary', { hasText: 'Modifier le projet' });
	await edit.click();
	await expect(page.getByLabel('Titre du projet')).toHaveValue(title);
	await edit.click();

	// The moves offered are the server's: from planned, not straight to completed.
	await expect(statusButtons(page)).toHaveText(['Passer en préproduction', 'Passer au tournage', 'Annuler le projet']);
	await page.getByRole('button', { name: 'Passer au tournage' }).click();
	await expect(page.getByText('Statut actuel : Tournage')).toBeVisible();
	await expect(statusButtons(page)).toHaveText(['Passer en préproduction', 'Passer en postproduction', 'Annuler le projet']);
	// Someone moves it on meanwhile: the stale move is refused, said plainly, and the page catches up.
	await api.patch(`/api/v1/cinema/projects/${projectId}`, { status: 'post_production' });
	await page.getByRole('button', { name: 'Passer en préproduction' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Le projet ne peut pas passer à « Préproduction » : il est maintenant à « Postproduction »'
	);
	await expect(page.getByRole('alert')).toContainText('Étapes possibles maintenant : Terminé, Annulé.');
	await expect(statusButtons(page)).toHaveText(['Marquer comme terminé', 'Annuler le projet']);

	// Three talents from one casting search, added at once.
	await page.getByLabel('Nom du talent').fill(family);
	await page.getByRole('search', { name: 'Chercher dans la base de casting' }).getByRole('button', { name: 'Rechercher' }).click();
	for (const name of names) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
	await page.getByLabel('Type de talent sur ce projet').selectOption('extra');
	await page.getByRole('button', { name: 'Ajouter au projet (3)' }).click();
	await expect(page.getByText('3 sur 3 traités')).toBeVisible();
	await expect(page.getByTestId('assign-outcome')).toHaveCount(3);
	for (const outcome of await page.getByTestId('assign-outcome').all()) {
		await expect(outcome).toContainText('ajouté·e, code projet');
	}
	const rows = page.getByTestId('assignment-row');
	await expect(rows).toHaveCount(3);
	await expect(page.getByRole('heading', { name: 'Talents sur le projet : 3' })).toBeVisible();
	for (const name of names) await expect(page.getByRole('checkbox', { name: new RegExp(name) })).toBeDisabled();

	// One's talent type and role change.
	const [chiamaka, emeka, aissatou] = names as [string, string, string];
	await page.getByRole('button', { name: `Modifier le type et le rôle de ${chiamaka}` }).click();
	const editing = page.getByRole('form', { name: `Modifier le type et le rôle de ${chiamaka}` });
	await editing.getByLabel('Type de talent sur ce projet').selectOption('lead_actor');
	await editing.getByLabel('Rôle').fill("Ifeoma, l'héroïne");
	await editing.getByRole('button', { name: 'Enregistrer' }).click();
	const chiamakaRow = rows.filter({ hasText: chiamaka });
	await expect(chiamakaRow).toContainText("Rôle principal — rôle : Ifeoma, l'héroïne");

	// One removed (asked first) and added back.
	await page.getByRole('button', { name: `Retirer ${aissatou} du projet` }).click();
	await page.getByRole('button', { name: 'Oui, retirer' }).click();
	await expect(rows).toHaveCount(2);
	await page.getByRole('checkbox', { name: new RegExp(aissatou) }).check();
	await page.getByRole('button', { name: 'Ajouter au projet (1)' }).click();
	await expect(page.getByTestId('assign-outcome')).toHaveText([new RegExp(`${aissatou} — ajouté·e, code projet`)]);
	await expect(rows).toHaveCount(3);

	// Another recruiter adds one back behind this page's back: the 409 is said plainly.
	await page.getByRole('button', { name: `Retirer ${emeka} du projet` }).click();
	await page.getByRole('button', { name: 'Oui, retirer' }).click();
	await expect(rows).toHaveCount(2);
	const emekaProfile = (await api.get(`/api/v1/cinema/talents?q=${family}&per_page=10`)).items.find(
		(t: { first_name: string }) => t.first_name === 'Émeka'
	);
	await api.post(`/api/v1/cinema/projects/${projectId}/talents`, { cinema_talent_id: emekaProfile.id, talent_type: 'extra' });
	await page.getByRole('checkbox', { name: new RegExp(emeka) }).check();
	await page.getByRole('button', { name: 'Ajouter au projet (1)' }).click();
	await expect(page.getByTestId('assign-outcome')).toHaveText([`${emeka} — déjà sur le projet : rien n'a changé`]);
	await expect(rows).toHaveCount(3);

	const assignments = (await api.get(`/api/v1/cinema/projects/${projectId}/talents`)) as {
		id: number;
		first_name: string;
		project_code: string;
		role_description: string | null;
		talent_type: string;
	}[];
	expect(assignments).toHaveLength(3);
	const lead = assignments.find((a) => a.first_name === 'Chiamaka')!;
	expect(lead).toMatchObject({ talent_type: 'lead_actor', role_description: "Ifeoma, l'héroïne" });
	await snapshot(page, testInfo, 'project');

	// The badge sheet and one badge, through their buttons; zbar reads their QR codes.
	const [sheet] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Télécharger la planche de badges (PDF)' }).click()
	]);
	expect(sheet.suggestedFilename()).toBe(`badges-${projectId}.pdf`);
	expect(qrCodesIn(await savedFile(sheet))).toEqual(assignments.map((a) => a.project_code).sort());

	const [one] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: `Télécharger le badge de ${chiamaka} (PDF)` }).click()
	]);
	expect(one.suggestedFilename()).toBe(`badge-${projectId}-${lead.id}.pdf`);
	expect(qrCodesIn(await savedFile(one))).toEqual([lead.project_code]);
	expect(cspViolations).toEqual([]);
	await expectNoInlineStyle(page);
});

test('a talent whose account address is on a casting profile is told, and finds the project on /me/projects', async ({ page, browser, visit }) => {
	// The talent's account first: its address is the one the production notes.
	const talent = await confirmedPerson(page.request, { label: 'cast', firstName: 'Ngozi', lastName: 'Adeyemi' });
	await logIn(page, talent);
	await visit('/me');
	await page.getByRole('link', { name: 'Mes projets' }).click();
	await page.waitForURL('**/me/projects');
	await expect(page.getByText("Vous n'êtes sur aucun projet pour l'instant.")).toBeVisible();
	await expect(page.getByText(talent.email)).toBeVisible();

	// A production casts her (through the API, as its recruiter).
	const staffContext = await browser.newContext();
	const staffPage = await staffContext.newPage();
	await signedInStaff(staffPage, 'recruiter');
	const api = await apiAs(staffPage);
	const production = await api.post('/api/v1/cinema/productions', { name: `Studio Kora ${tag()}` });
	const title = `La Saison des Pluies ${tag()}`;
	const project = await api.post('/api/v1/cinema/projects', {
		name: title,
		production_type: 'series',
		production_company_id: production.id,
		start_date: '2027-06-01'
	});
	const profile = await api.post('/api/v1/cinema/talents', { first_name: 'Ngozi', last_name: 'Adeyemi', email: talent.email });
	const assignment = await api.post(`/api/v1/cinema/projects/${project.id}/talents`, {
		cinema_talent_id: profile.id,
		talent_type: 'supporting_actor',
		role_description: 'Adaeze, la sœur'
	});
	await staffContext.close();

	// The mail (after the confirmation one) leads to her projects page.
	const mail = await waitForMail(talent.email, 2);
	expect(mail.subject).toContain(title);
	const link = linkIn(mail, '/me/projects');
	await visit(link.pathname);
	const card = page.getByTestId('my-project');
	await expect(card).toHaveCount(1);
	await expect(card.getByRole('heading', { name: title })).toBeVisible();
	await expect(card).toContainText(production.name);
	await expect(card).toContainText('Série');
	await expect(card).toContainText('Prévu');
	await expect(card).toContainText('À partir du 1 juin 2027');
	await expect(card).toContainText('Vous : Second rôle — rôle : Adaeze, la sœur');
	await expect(card).toContainText(assignment.project_code);
});

test('an admin verifies a production; a recruiter is offered no verification', async ({ page, browser, visit }) => {
	await signedInStaff(page, 'recruiter');
	const api = await apiAs(page);
	const name = `Sahel Films ${tag()}`;
	const production = await api.post('/api/v1/cinema/productions', { name });
	await visit(`/productions?q=${encodeURIComponent(name)}`);
	const row = page.getByTestId('production-row').filter({ hasText: name });
	await expect(row).toContainText('Non vérifiée');
	await expect(row.getByRole('button')).toHaveCount(0);

	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signedInStaff(admin, 'admin');
	await admin.goto(`/productions?q=${encodeURIComponent(name)}`);
	await admin.waitForLoadState('networkidle');
	const adminRow = admin.getByTestId('production-row').filter({ hasText: name });
	await adminRow.getByRole('button', { name: `Vérifier la production ${name}` }).click();
	await expect(adminRow).toContainText('✓ Vérifiée');
	await expect(adminRow.getByRole('button', { name: `Retirer la vérification de ${name}` })).toBeVisible();
	await adminContext.close();

	expect((await api.get(`/api/v1/cinema/productions/${production.id}`)).is_verified).toBe(true);
	await visit(`/productions?q=${encodeURIComponent(name)}`);
	await expect(row).toContainText('✓ Vérifiée');
	await expect(row.getByRole('button')).toHaveCount(0);
});

test('a plain user is told the production pages are for recruiters', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'plain-projects' });
	for (const path of ['/productions', '/productions/1', '/projects', '/projects/1']) {
		await visit(path);
		await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
		await expect(page.getByText('Cette page est réservée aux comptes recruteur ou administrateur.')).toBeVisible();
	}
});
