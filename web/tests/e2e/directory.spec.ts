// The recruiters' directory (/people, /people/[id]) and its exports, against the real stack:
// people registered and filled through the API, found through the page's filters, opened,
// and exported as xlsx and CSV files read back by an independent reader (Python's openpyxl
// and csv modules, from the stack's .local/venv).
import type { Browser, Page, TestInfo } from '@playwright/test';
import { confirmedPerson, signedInPerson, type Person } from './support/accounts';
import { readTable } from './support/tables';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { catalogue, personWithProfile, uniqueWord, type FilledPerson } from './support/profiles';
import { grantRole, signedInStaff } from './support/staff';


interface Cast {
	family: string;
	talent: { id: number; name: string; category: string };
	country: string;
	city: { id: number; name: string };
	/** Matches every filter of the search. */
	match: FilledPerson;
	/** The same but for the talent. */
	otherTalent: FilledPerson;
	/** The same but for the gender. */
	otherGender: FilledPerson;
}

const MATCH_CONTACT = { phone: '+221771234567', whatsapp: '+221787654321', address: '12 rue Carnot, Plateau' };

/** Three people of one (new) family name in Dakar's country: one to find, two to leave out. */
async function cast(options: { photo?: boolean } = {}): Promise<Cast> {
	const { talents, categories, countries } = await catalogue();
	const category = categories.find((c) => talents.filter((t) => t.category === c.code).length >= 2);
	expect(category, 'a category with two talents').toBeTruthy();
	const [talent, other] = talents.filter((t) => t.category === category!.code);
	const senegal = countries.find((c) => c.code === 'SN') ?? countries.find((c) => c.cities.length > 0)!;
	const city = senegal.cities[0]!;
	const family = uniqueWord('Sow');
	const place = { country: senegal.code, city_id: city.id, nationality: senegal.code };
	const [match, otherTalent, otherGender] = await Promise.all([
		personWithProfile(
			{ label: 'dir-match', firstName: 'Awa', lastName: family, dateOfBirth: '1996-07-14' },
			{ ...place, gender: 'female', phone: '+221 77 123 45 67', whatsapp: '+221 78 765 43 21', address: MATCH_CONTACT.address },
			[talent!.id],
			{ photo: options.photo }
		),
		personWithProfile(
			{ label: 'dir-talent', firstName: 'Binta', lastName: family, dateOfBirth: '1994-01-02' },
			{ ...place, gender: 'female', phone: '+221 77 000 11 22' },
			[other!.id]
		),
		personWithProfile(
			{ label: 'dir-gender', firstName: 'Cheikh', lastName: family, dateOfBirth: '1993-05-06' },
			{ ...place, gender: 'male' },
			[talent!.id]
		)
	]);
	return { family, talent: talent!, country: senegal.code, city, match, otherTalent, otherGender };
}

/**
 * Collects the page's CSP violations but for the one SvelteKit's own route announcer makes
 * with its `style` attribute (app.css gives it the same rules instead). That one is fired at
 * the document, before the announcer is in it, so style attributes are checked in the DOM
 * instead: a refused one stays there, unapplied.
 */
async function recordCspViolations(page: Page) {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { cspViolations: string[] }).cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (event) => {
			const target = event.target instanceof Element ? event.target : null;
			if (event.violatedDirective === 'style-src-attr' && (!target || target.id === 'svelte-announcer')) return;
			seen.push(`${event.violatedDirective} at ${target?.outerHTML.slice(0, 80) ?? event.blockedURI} on ${location.pathname}`);
		});
	});
}

const cspViolations = (page: Page) =>
	page.evaluate(() => [
		...(window as unknown as { cspViolations: string[] }).cspViolations,
		...[...document.querySelectorAll('[style]:not(#svelte-announcer)')].map((e) => `style attribute: ${e.outerHTML.slice(0, 80)}`)
	]);

const fullName = (p: Person) => `${p.firstName} ${p.lastName}`;
const cards = (page: Page) => page.getByTestId('person-card');

/** Fills the page's filters: the name, the talent (by its category), place and gender. */
async function searchFor(page: Page, c: Cast) {
	await page.getByLabel('Nom', { exact: true }).fill(c.family);
	await page.getByLabel('Catégorie de talent').selectOption(c.talent.category);
	await page.getByLabel('Talent', { exact: true }).selectOption(String(c.talent.id));
	await page.getByLabel('Pays de résidence').selectOption(c.country);
	const city = page.getByLabel('Ville');
	await expect(city).toBeEnabled();
	await city.selectOption(String(c.city.id));
	await page.getByText('Plus de filtres').click();
	await page.getByLabel('Genre').selectOption('female');
	await page.getByRole('button', { name: 'Rechercher' }).click();
}

async function expectOnlyTheMatch(page: Page, c: Cast) {
	await expect(page.getByRole('heading', { level: 2, name: 'Personnes trouvées : 1' })).toBeVisible();
	await expect(cards(page)).toHaveCount(1);
	await expect(cards(page).getByRole('link', { name: fullName(c.match) })).toBeVisible();
	for (const left of [c.otherTalent, c.otherGender]) await expect(page.getByText(fullName(left))).toHaveCount(0);
}

async function exported(page: Page, testInfo: TestInfo, button: string, kind: 'xlsx' | 'csv') {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
	expect(download.suggestedFilename()).toMatch(new RegExp(`^taalentio-users-\\d{4}-\\d{2}-\\d{2}\\.${kind}$`));
	const path = testInfo.outputPath(`people.${kind}`);
	await download.saveAs(path);
	return readTable(path, kind);
}

/** What the API promises of an export: the found person, nobody else, no sealed contact field. */
function expectExportOf(rows: string[][], c: Cast) {
	const [header, ...lines] = rows;
	expect(header).toEqual(expect.arrayContaining(['unique_code', 'first_name', 'last_name', 'email', 'talents']));
	for (const sealed of ['phone', 'whatsapp', 'address']) expect(header).not.toContain(sealed);
	expect(lines).toHaveLength(1);
	const row = Object.fromEntries(header!.map((name, i) => [name, lines[0]![i] ?? '']));
	expect(row).toMatchObject({ unique_code: c.match.code, first_name: 'Awa', last_name: c.family, email: c.match.email });
	expect(row.talents).toContain(c.talent.name);
	const text = JSON.stringify(rows);
	for (const left of [c.otherTalent, c.otherGender]) expect(text).not.toContain(left.code);
	for (const sealed of Object.values(MATCH_CONTACT)) expect(text).not.toContain(sealed);
}

test('a recruiter finds a talent by name, talent, place and gender, opens their page and exports the result', async ({ page, visit }, testInfo) => {
	const c = await cast({ photo: true });
	// The strict CSP (hash mode, no inline style) must let every part of these pages through.
	await recordCspViolations(page);
	await signedInStaff(page, 'recruiter', { label: 'dir-recruiter' });
	await visit('/people');
	await expect(page.getByRole('heading', { level: 1, name: 'Annuaire' })).toBeVisible();

	await searchFor(page, c);
	await expectOnlyTheMatch(page, c);
	await expect(page).toHaveURL(new RegExp(`talent_id=${c.talent.id}`));
	await expect(page).toHaveURL(/gender=female/);
	// The thumbnail the API links (320 px), drawn at 64 px, lazily, its size known beforehand.
	const thumbnail = cards(page).getByRole('img', { name: `Photo de ${fullName(c.match)}` });
	await expect(thumbnail).toHaveAttribute('loading', 'lazy');
	await expect(thumbnail).toHaveAttribute('width', '64');
	await expect(thumbnail).toHaveAttribute('height', '64');
	await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expectAccessible(page);
	await snapshot(page, testInfo, 'people');

	// Their page: contact details, talents, code.
	await cards(page).getByRole('link', { name: fullName(c.match) }).click();
	await expect(page).toHaveURL(new RegExp(`/people/${c.match.id}$`));
	await expect(page.getByRole('heading', { level: 1, name: fullName(c.match) })).toBeVisible();
	const contact = page.getByTestId('person-contact');
	await expect(contact.getByRole('link', { name: c.match.email })).toHaveAttribute('href', `mailto:${c.match.email}`);
	await expect(contact.getByRole('link', { name: MATCH_CONTACT.phone })).toHaveAttribute('href', `tel:${MATCH_CONTACT.phone}`);
	await expect(contact.getByRole('link', { name: `Écrire sur WhatsApp au ${MATCH_CONTACT.whatsapp}` })).toHaveAttribute(
		'href',
		'https://wa.me/221787654321'
	);
	await expect(contact).toContainText(MATCH_CONTACT.address);
	await expect(page.getByTestId('person-code')).toContainText(c.match.code);
	await expect(page.getByRole('listitem').filter({ hasText: c.talent.name })).toBeVisible();
	await expect(page.getByText(`${c.city.name}, `).first()).toBeVisible();
	// Its 320 px thumbnail for the 200 px picture, the whole photo a link away.
	const photo = page.getByRole('img', { name: `Photo de ${fullName(c.match)}` });
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
	await expect(page.getByTestId('person-photo-full')).toHaveAttribute('href', /\/_blobs\//);
	await expectAccessible(page);
	expect(await cspViolations(page)).toEqual([]);
	await snapshot(page, testInfo, 'person');

	// Back to the same results, then exported through the page's buttons.
	await page.getByRole('link', { name: 'Retour aux résultats' }).click();
	await expectOnlyTheMatch(page, c);
	expectExportOf(await exported(page, testInfo, 'Télécharger en Excel (xlsx)', 'xlsx'), c);
	await expect(page.getByTestId('export-xlsx')).toContainText('Fichier enregistré : taalentio-users-');
	expectExportOf(await exported(page, testInfo, 'Télécharger en CSV', 'csv'), c);
	expect(await cspViolations(page)).toEqual([]);
});

test('the search lives in the URL: a reload and the back button keep filters and results; pages link', async ({ page, visit }) => {
	const c = await cast();
	await signedInStaff(page, 'recruiter', { label: 'dir-url' });
	await visit('/people');
	await searchFor(page, c);
	await expectOnlyTheMatch(page, c);
	const searched = page.url();

	await page.reload();
	await page.waitForLoadState('networkidle');
	await expect(page).toHaveURL(searched);
	await expectOnlyTheMatch(page, c);
	await expect(page.getByLabel('Nom', { exact: true })).toHaveValue(c.family);
	await expect(page.getByLabel('Talent', { exact: true })).toHaveValue(String(c.talent.id));
	await expect(page.getByLabel('Pays de résidence')).toHaveValue(c.country);
	await expect(page.getByLabel('Ville')).toHaveValue(String(c.city.id));
	await expect(page.getByLabel('Genre')).toHaveValue('female');

	// A wider search (the family only), one person a page: three pages, linked.
	await visit(`/people?q=${c.family}&per_page=1`);
	await expect(page.getByRole('heading', { level: 2, name: 'Personnes trouvées : 3' })).toBeVisible();
	await expect(cards(page)).toHaveCount(1);
	const pages = page.getByRole('navigation', { name: 'Pages de résultats' });
	await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
	const first = await cards(page).getByRole('link').textContent();
	await pages.getByRole('link', { name: 'Page suivante' }).click();
	await expect(page).toHaveURL(/page=2/);
	await expect(page.getByText('2 à 2 sur 3')).toBeVisible();
	await expect(cards(page)).toHaveCount(1);
	await expect(cards(page).getByRole('link')).not.toHaveText(first!);
	await expect(pages.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
	await expectAccessible(page);

	// Back twice: the first search again, its filters in the form.
	await page.goBack();
	await expect(page.getByText('1 à 1 sur 3')).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(searched);
	await expectOnlyTheMatch(page, c);
	await expect(page.getByLabel('Genre')).toHaveValue('female');
	await expect(page.getByLabel('Talent', { exact: true })).toHaveValue(String(c.talent.id));

	// An age range the API refuses: its message at the field; then one nobody is in.
	await visit(`/people?q=${c.family}&age_min=40&age_max=30`);
	await expect(page.locator('#field-age_min-error')).toBeVisible();
	await expect(page.getByRole('alert')).toContainText('Certains champs');
	await visit(`/people?q=${c.family}&age_min=60`);
	await expect(page.getByTestId('people-empty')).toContainText('Personne ne correspond à cette recherche.');
	await expect(page.getByRole('button', { name: 'Télécharger en CSV' })).toHaveCount(0);
});

test('an export answered with a 303 (a large, stored file) is followed; a refusal is said in French', async ({ page, visit }, testInfo) => {
	const c = await cast();
	await signedInStaff(page, 'recruiter', { label: 'dir-stored' });
	await visit(`/people?q=${c.family}&gender=female&talent_id=${c.talent.id}`);
	await expectOnlyTheMatch(page, c);

	// The API stores files over EXPORT_INLINE_MAX_BYTES (4 MB) and answers 303 to a link of
	// the stored file. The same answer here, to the real file: the export's own address with
	// a parameter the export ignores (`per_page`), so it is the one the browser fetches next.
	const redirects: string[] = [];
	page.on('request', (request) => {
		const from = request.redirectedFrom();
		if (from) redirects.push(`${new URL(from.url()).pathname} -> ${new URL(request.url()).search}`);
	});
	await page.route('**/api/v1/exports/users/csv?*', async (route) => {
		const url = new URL(route.request().url());
		if (url.searchParams.has('per_page')) return route.continue();
		url.searchParams.set('per_page', '100');
		await route.fulfill({ status: 303, headers: { Location: url.pathname + url.search } });
	});
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger en CSV' }).click()]);
	expect(redirects).toEqual([expect.stringMatching(/^\/api\/v1\/exports\/users\/csv -> \?.*per_page=100/)]);
	expect(download.suggestedFilename()).toMatch(/^taalentio-users-\d{4}-\d{2}-\d{2}\.csv$/);
	const path = testInfo.outputPath('stored.csv');
	await download.saveAs(path);
	expectExportOf(readTable(path, 'csv'), c);

	// Refused (the role was taken away meanwhile): the API's problem, in the person's language.
	await page.route('**/api/v1/exports/users/excel?*', (route) =>
		route.fulfill({
			status: 403,
			contentType: 'application/problem+json',
			body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'role_required', detail: 'recruiters only' })
		})
	);
	await page.getByRole('button', { name: 'Télécharger en Excel (xlsx)' }).click();
	await expect(page.getByTestId('export-xlsx').getByRole('alert')).toHaveText('Cette page est réservée à un autre rôle que le vôtre.');
	await expectAccessible(page);
});

test('a lost network offers a retry that finds; the directory speaks English too', async ({ page, visit }) => {
	const c = await cast();
	await signedInStaff(page, 'recruiter', { label: 'dir-offline' });
	await visit(`/people?q=${c.family}&gender=female&talent_id=${c.talent.id}`);
	await expectOnlyTheMatch(page, c);

	// The next search finds no network.
	await page.route('**/api/v1/users?*', (route) => route.abort('internetdisconnected'));
	await page.getByLabel('Nom', { exact: true }).fill(`${c.family} Awa`);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	const banner = page.locator('.results').getByRole('alert');
	await expect(banner).toContainText('Pas de connexion');
	await expect(cards(page)).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Télécharger en CSV' })).toHaveCount(0);
	await expectAccessible(page);

	await page.unroute('**/api/v1/users?*');
	await banner.getByRole('button', { name: 'Réessayer' }).click();
	await expectOnlyTheMatch(page, c);

	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'People found: 1' })).toBeVisible();
	await expect(page.getByLabel('Gender')).toHaveValue('female');
	await expect(page.getByRole('button', { name: 'Download as Excel (xlsx)' })).toBeVisible();
	await expectAccessible(page);
	await cards(page).getByRole('link', { name: fullName(c.match) }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Contact details' })).toBeVisible();
	await expect(page.getByText('Woman', { exact: true })).toBeVisible();
	await expectAccessible(page);
	// Back in French for the next tests of this browser.
	await page.getByRole('button', { name: 'Passer en français' }).click();
});

async function loggedOutPage(browser: Browser, testInfo: TestInfo) {
	const use = testInfo.project.use;
	const context = await browser.newContext({
		baseURL: use.baseURL,
		viewport: use.viewport,
		isMobile: use.isMobile,
		hasTouch: use.hasTouch
	});
	return { context, page: await context.newPage() };
}

test("a person's page opened cold from a mail link signs in first and comes back; an unknown person is not found", async ({ browser, page, visit }, testInfo) => {
	const talent = await personWithProfile({ label: 'dir-cold', firstName: 'Fatou', lastName: uniqueWord('Ba') }, { gender: 'female' }, []);
	const recruiter = await confirmedPerson(page.request, { label: 'dir-cold-recruiter' });
	await grantRole(process.env.E2E_BASE_URL!, recruiter, 'recruiter');

	// The watchlist alert's link (shared/src/links.rs: /people/{id}), in a browser signed out.
	const cold = await loggedOutPage(browser, testInfo);
	await cold.page.goto(`/people/${talent.id}`);
	await cold.page.waitForURL((url) => url.pathname === '/login');
	expect(new URL(cold.page.url()).searchParams.get('next')).toBe(`/people/${talent.id}`);
	await cold.page.getByLabel('Adresse e-mail').fill(recruiter.email);
	await cold.page.getByLabel('Mot de passe', { exact: true }).fill(recruiter.password);
	await cold.page.locator('form button[type="submit"]').click();
	await cold.page.waitForURL((url) => url.pathname === `/people/${talent.id}`);
	await expect(cold.page.getByRole('heading', { level: 1, name: fullName(talent) })).toBeVisible();
	await expect(cold.page.getByTestId('person-contact').getByRole('link', { name: talent.email })).toBeVisible();
	await expectAccessible(cold.page);
	await cold.context.close();

	// Nobody there: the app's not-found message, not a broken page.
	await signedInStaff(page, 'recruiter', { label: 'dir-missing' });
	await visit('/people/999999999');
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
	await visit('/people/pas-un-id');
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
});

test('a plain user is told the directory is for recruiters, on the list and on a person', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'dir-plain' });
	for (const path of ['/people', '/people/1']) {
		await visit(path);
		await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
		await expect(page.getByText('Cette page est réservée aux comptes', { exact: false })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Retour à mon profil' })).toBeVisible();
	}
});
