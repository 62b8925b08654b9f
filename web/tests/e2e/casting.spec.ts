// The casting base's list (/casting) against the real stack: profiles made through the API as
// casting staff would, found through the page's filters and sort, and a search saved, watched
// (checked through the API the alerts job reads) and deleted.
import type { APIRequestContext, Page } from '@playwright/test';
import { signedInPerson } from './support/accounts';
import { givePhoto, staffRequest } from './support/cinema';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { randomName } from './support/profiles';
import { signedInStaff } from './support/staff';

const family = () => randomName();

async function created(staff: APIRequestContext, data: Record<string, unknown>): Promise<{ id: number; unique_code: string }> {
	const answer = await staff.post('/api/v1/cinema/talents', { data });
	expect(answer.status(), await answer.text()).toBe(201);
	return answer.json();
}

const cards = (page: Page) => page.getByTestId('casting-card');

test('a recruiter finds screen talents by type, language and height, sorts them, and saves and watches the search', async ({ page, visit, baseURL }, testInfo) => {
	const name = family();
	const staff = await staffRequest(baseURL!, 'recruiter');
	// Two that match every filter (tall and taller), and one each that misses one filter.
	const tall = await created(staff, {
		first_name: 'Mariam', last_name: name, talent_types: ['lead_actor'], languages_spoken: ['fr', 'wo'], height: 175, years_of_experience: 4
	});
	const taller = await created(staff, {
		first_name: 'Fanta', last_name: name, talent_types: ['dancer', 'lead_actor'], languages_spoken: ['wo', 'fr', 'en'], height: 182
	});
	await created(staff, { first_name: 'Awa', last_name: name, talent_types: ['extra'], languages_spoken: ['fr', 'wo'], height: 178 });
	await created(staff, { first_name: 'Binta', last_name: name, talent_types: ['lead_actor'], languages_spoken: ['fr'], height: 176 });
	await created(staff, { first_name: 'Coumba', last_name: name, talent_types: ['lead_actor'], languages_spoken: ['fr', 'wo'], height: 150 });
	await givePhoto(staff, taller.id);

	await signedInStaff(page, 'recruiter', { label: 'casting-list' });
	await visit('/casting');
	await expect(page.getByRole('heading', { level: 1, name: 'Base casting' })).toBeVisible();

	await page.getByLabel('Nom', { exact: true }).fill(name);
	const types = page.getByRole('group', { name: 'Types de talent' });
	await types.getByLabel('Rôle principal').check();
	await page.getByText('Plus de filtres').click();
	const languages = page.getByRole('group', { name: 'Langues parlées' });
	await languages.getByLabel('Wolof').check();
	await languages.getByLabel('Français').check();
	await page.getByLabel('Taille minimale (cm)').fill('170');
	await page.getByLabel('Trier par').selectOption('height');
	await page.getByRole('button', { name: 'Rechercher' }).click();

	await expect(page.getByRole('heading', { level: 2, name: '2 talent(s) trouvé(s)' })).toBeVisible();
	await expect(cards(page)).toHaveCount(2);
	// Shortest first, as the sort says.
	await expect(cards(page).getByRole('heading')).toHaveText([`Mariam ${name}`, `Fanta ${name}`]);
	await expect(page).toHaveURL(/talent_types=lead_actor/);
	await expect(page).toHaveURL(/height_min=170/);
	await expect(page).toHaveURL(/sort=height/);
	await expect(cards(page).first()).toContainText(tall.unique_code);
	await expect(cards(page).first()).toContainText('175 cm');
	await expect(cards(page).first()).toContainText("4 an(s) d'expérience");
	// The one with a photo shows its thumbnail (a same-origin address), lazily, at a known size.
	const thumbnail = cards(page).nth(1).getByRole('img', { name: `Photo de Fanta ${name}` });
	await expect(thumbnail).toHaveAttribute('src', `/api/v1/cinema/talents/${taller.id}/photo`);
	await expect(thumbnail).toHaveAttribute('loading', 'lazy');
	await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expectAccessible(page);
	await snapshot(page, testInfo, 'casting');

	// A reload shows the same search, filled in again.
	await page.reload();
	await expect(cards(page)).toHaveCount(2);
	await expect(page.getByLabel('Nom', { exact: true })).toHaveValue(name);
	await expect(page.getByRole('group', { name: 'Langues parlées' }).getByLabel('Wolof')).toBeChecked();

	// Saved under a name (the same name twice is said at the field), watched, then deleted.
	const saved = page.getByTestId('saved-searches');
	await saved.getByLabel('Nom de la recherche').fill(`Premiers rôles ${name}`);
	await saved.getByRole('button', { name: 'Enregistrer cette recherche' }).click();
	await expect(saved.getByRole('status')).toHaveText(`Recherche « Premiers rôles ${name} » enregistrée.`);
	await expect(saved).toContainText(`Cette recherche est enregistrée sous le nom « Premiers rôles ${name} ».`);
	const entry = saved.getByTestId('saved-search').filter({ hasText: `Premiers rôles ${name}` });
	await expect(entry.getByRole('link')).toHaveAttribute('href', new RegExp(`^/casting\\?q=${name}&talent_types=lead_actor`));

	const mine = (await page.request.get('/api/v1/watchlist/searches').then((r) => r.json())) as { id: number; query: string; watched: boolean }[];
	expect(mine).toHaveLength(1);
	expect(mine[0]!.query).toBe(`q=${name}&talent_types=lead_actor&languages=fr%2Cwo&height_min=170&sort=height`);
	expect(mine[0]!.watched).toBe(false);

	await entry.getByRole('switch', { name: 'Surveiller' }).check();
	await expect(saved.getByRole('status')).toHaveText(`Vous serez prévenu des nouveaux profils de « Premiers rôles ${name} ».`);
	await expect
		.poll(async () => ((await page.request.get('/api/v1/watchlist/searches').then((r) => r.json())) as { watched: boolean }[])[0]!.watched)
		.toBe(true);

	// Running it from another search brings its filters back.
	await page.goto('/casting');
	await expect(page.getByTestId('saved-searches')).toContainText(`Premiers rôles ${name}`);
	await page.getByTestId('saved-search').getByRole('link', { name: `Premiers rôles ${name}` }).click();
	await expect(cards(page)).toHaveCount(2);
	await expect(page.getByLabel('Trier par')).toHaveValue('height');

	await page.getByRole('button', { name: `Supprimer la recherche « Premiers rôles ${name} »` }).click();
	await page.getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(page.getByTestId('saved-searches').getByRole('status')).toHaveText(`Recherche « Premiers rôles ${name} » supprimée.`);
	await expect(page.getByTestId('saved-search')).toHaveCount(0);
	expect(await page.request.get('/api/v1/watchlist/searches').then((r) => r.json())).toEqual([]);
	await staff.dispose();
});

test('a wrong filter is said at its field, in English too', async ({ page, visit }) => {
	await signedInStaff(page, 'recruiter', { label: 'casting-bad' });
	await visit('/casting?height_min=190&height_max=160');
	const field = page.getByLabel('Taille minimale (cm)');
	await expect(field).toHaveValue('190');
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Casting base' })).toBeVisible();
	await expect(page.getByLabel('Minimum height (cm)')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);
});

test('a plain user and a presence user are told the casting base is for recruiters', async ({ page, browser, visit }) => {
	await signedInPerson(page, { label: 'casting-plain' });
	await visit('/casting');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
	await expect(page.getByText('Cette page est réservée aux comptes recruteur ou administrateur.')).toBeVisible();

	const context = await browser.newContext();
	const onSet = await context.newPage();
	await signedInStaff(onSet, 'presence', { label: 'casting-presence' });
	await onSet.goto('/casting');
	await expect(onSet.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
	await context.close();
});
