// One's own profile and account pages, and the public profile, against the real stack.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Browser, Page, TestInfo } from '@playwright/test';
import { signedInPerson, type Person } from './support/accounts';
import { pdfDocument, pngImage } from './support/files';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';

const FR = {
	phone: "Saisissez un numéro de téléphone valide, avec l'indicatif du pays (+221…).",
	future: 'La date ne peut pas être dans le futur.',
	required: 'Ce champ est obligatoire.',
	wrongPassword: 'Mot de passe incorrect.'
};
const EN = {
	phone: 'Enter a valid phone number with its country code (+221…).',
	required: 'This field is required.'
};

/** The error shown under a field, as Field and SelectField write it. */
const fieldError = (page: Page, name: string) => page.locator(`#field-${name}-error`);

/** Picks the first country that has cities, and its first city; returns their labels. */
async function chooseCountryAndCity(page: Page) {
	const country = page.getByLabel('Pays de résidence');
	const options = await country.locator('option').evaluateAll((els) =>
		els.map((e) => ({ value: (e as HTMLOptionElement).value, label: e.textContent ?? '' })).filter((o) => o.value)
	);
	const senegal = options.find((o) => o.value === 'SN') ?? options[0]!;
	await country.selectOption(senegal.value);
	const city = page.getByLabel('Ville');
	await expect(city).toBeEnabled();
	await expect(city.locator('option').nth(1)).toBeAttached();
	const cityLabel = (await city.locator('option').nth(1).textContent())!.trim();
	await city.selectOption({ index: 1 });
	return { country: senegal.label.trim(), city: cityLabel };
}

async function loggedOutPage(browser: Browser, testInfo: TestInfo) {
	const use = testInfo.project.use;
	const context = await browser.newContext({
		baseURL: use.baseURL,
		viewport: use.viewport,
		isMobile: use.isMobile,
		hasTouch: use.hasTouch,
		locale: 'fr-FR'
	});
	return { context, page: await context.newPage() };
}

test('the profile: fields, talents, country and city, phone; kept after a reload; errors at their fields', async ({ page, visit }, testInfo) => {
	await signedInPerson(page, { label: 'me-fields' });
	await visit('/me');
	await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();

	// Bad inputs: each message at its field, in French.
	await page.getByLabel('Téléphone').fill('pas un numéro');
	await page.getByLabel('Date de naissance').fill('2099-01-01');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(fieldError(page, 'phone')).toHaveText(FR.phone);
	await expect(fieldError(page, 'date_of_birth')).toHaveText(FR.future);
	await expect(page.getByLabel('Téléphone')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);

	// Good ones.
	await page.getByLabel('Prénom').fill('Awa');
	await page.getByLabel('Genre').selectOption('female');
	await page.getByLabel('Date de naissance').fill('1996-07-14');
	const place = await chooseCountryAndCity(page);
	await page.getByLabel('Nationalité').selectOption('SN');
	await page.getByLabel('Téléphone').fill('+221 77 123 45 67');
	await page.getByLabel('WhatsApp').fill('+221 78 765 43 21');
	await page.getByLabel('Adresse').fill('12 rue Carnot, Plateau');
	await page.locator('details.category > summary').first().click();
	const talents = page.locator('input[name="talent_ids"]');
	await expect(talents.first()).toBeVisible();
	const picked = [talents.nth(0), talents.nth(1)];
	const pickedLabels: string[] = [];
	for (const box of picked) {
		await box.check();
		pickedLabels.push((await box.locator('xpath=..').innerText()).trim());
	}
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Enregistré.')).toBeVisible();
	await expect(fieldError(page, 'phone')).toHaveCount(0);

	await page.reload();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Prénom')).toHaveValue('Awa');
	await expect(page.getByLabel('Genre')).toHaveValue('female');
	await expect(page.getByLabel('Date de naissance')).toHaveValue('1996-07-14');
	await expect(page.getByLabel('Pays de résidence').locator('option:checked')).toHaveText(place.country);
	await expect(page.getByLabel('Ville').locator('option:checked')).toHaveText(place.city);
	await expect(page.getByLabel('Téléphone')).toHaveValue(/\+221\s?77\s?123\s?45\s?67/);
	await expect(page.getByLabel('Adresse')).toHaveValue('12 rue Carnot, Plateau');
	for (const label of pickedLabels) await expect(page.getByLabel(label, { exact: true })).toBeChecked();
	await expectAccessible(page);
	await snapshot(page, testInfo, 'me');

	// The same mistake in English, after switching the language.
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
	await page.getByLabel('Phone').fill('12');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(fieldError(page, 'phone')).toHaveText(EN.phone);
	await expectAccessible(page);
});

test('photo and CV: resized and accepted with a thumbnail, a fake photo rejected, too big refused at the field', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'me-files' });
	await visit('/me');

	const photo = page.getByLabel('Changer de photo');
	const photoOutcome = page.getByTestId('photo-outcome');
	await photo.setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: pngImage(1800, 2400) });
	await expect(photoOutcome.getByText('Fichier accepté.')).toBeVisible({ timeout: 20_000 });
	const thumbnail = page.getByTestId('photo-thumbnail');
	await expect(thumbnail).toBeVisible();
	await expect(thumbnail).toHaveAttribute('loading', 'lazy');
	await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expect(page.getByTestId('profile-photo')).toBeVisible();
	await expectAccessible(page);

	// Text bytes named .jpg: the browser cannot shrink it, the server says why it refuses it.
	await photo.setInputFiles({ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a picture at all\n'.repeat(40)) });
	// In the person's language, from the server's `rejection_code`.
	await expect(photoOutcome.getByRole('alert')).toHaveText(
		"Fichier refusé : ce n'est pas un fichier du type attendu (photo JPEG, PNG ou WebP ; CV PDF ou Word).",
		{ timeout: 20_000 }
	);

	// Too big: refused by POST /me/uploads before any byte is sent, shown at the file input.
	await photo.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(6 * 1024 * 1024, 0x41) });
	await expect(page.locator('#photo-error')).toContainText('Le fichier dépasse');
	await expect(photo).toHaveAttribute('aria-invalid', 'true');

	// A wrong type for a CV.
	const cv = page.getByLabel('Envoyer mon CV');
	await cv.setInputFiles({ name: 'cv.png', mimeType: 'image/png', buffer: pngImage(40, 40) });
	await expect(page.locator('#cv-error')).toBeVisible();

	// A real PDF.
	await cv.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdfDocument() });
	await expect(page.getByTestId('cv-outcome').getByText('Fichier accepté.')).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('#cv-error')).toHaveCount(0);
	await expectAccessible(page);
});

test('QR code: shown, its PNG decodes to the public profile URL; public profile on and off', async ({ page, visit, browser }, testInfo) => {
	const person: Person = await signedInPerson(page, { label: 'me-qr', firstName: 'Moussa', lastName: 'Traoré' });
	await visit('/me/qr');
	await expect(page.getByRole('heading', { level: 1, name: 'Mon QR code' })).toBeVisible();
	await expect.poll(() => page.getByTestId('qr-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expect(page.getByText(person.code, { exact: true })).toBeVisible();
	await snapshot(page, testInfo, 'me-qr');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Télécharger (PNG)' }).click()
	]);
	const file = testInfo.outputPath('qr.png');
	await download.saveAs(file);
	const decoded = execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' }).trim();
	expect(new URL(decoded).pathname).toBe(`/p/${person.code}`);
	const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger (SVG)' }).click()]);
	expect((await readFile((await svg.path())!, 'utf8')).includes('<svg')).toBe(true);

	// Not public yet: a stranger sees the not-found text.
	const stranger = await loggedOutPage(browser, testInfo);
	await stranger.page.goto(`/p/${person.code}`);
	await expect(stranger.page.getByRole('heading', { level: 1, name: 'Profil introuvable' })).toBeVisible();
	await expectAccessible(stranger.page);

	// Made public with talents: the stranger sees the first name, initial and talents.
	await visit('/me');
	await page.locator('details.category > summary').first().click();
	const firstTalent = page.locator('input[name="talent_ids"]').first();
	await firstTalent.check();
	const talent = (await firstTalent.locator('xpath=..').innerText()).replace(/^\S+\s/, '').trim();
	await page.getByLabel('Rendre mon profil public').check();
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Enregistré.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Voir mon profil public' })).toBeVisible();

	await stranger.page.goto(`/p/${person.code}`);
	await stranger.page.waitForLoadState('networkidle');
	await expect(stranger.page.getByRole('heading', { level: 1, name: 'Moussa T.', exact: true })).toBeVisible();
	await expect(stranger.page.getByRole('listitem').filter({ hasText: talent })).toBeVisible();
	await expect(stranger.page).toHaveTitle(/Moussa T\./);
	await expect(stranger.page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'profile');
	await expect(stranger.page.locator('meta[property="og:title"]')).toHaveAttribute('content', /Moussa T\./);
	await expect(stranger.page.locator('meta[property="og:url"]')).toHaveAttribute('content', new RegExp(`/p/${person.code}$`));
	await expectAccessible(stranger.page);
	await snapshot(stranger.page, testInfo, 'public-profile');

	// An unknown code.
	await stranger.page.goto('/p/ZZZZZZZZ');
	await expect(stranger.page.getByText("Ce profil n'existe pas ou n'est pas public.", { exact: false })).toBeVisible();
	await stranger.context.close();
});

test('API tokens: created and shown once, used as Bearer, revoked and refused', async ({ page, visit, request }) => {
	await signedInPerson(page, { label: 'me-tokens' });
	await visit('/me/tokens');
	await expect(page.getByRole('heading', { level: 1, name: "Jetons d'API" })).toBeVisible();

	// No name: the message at the field.
	await page.getByRole('button', { name: 'Créer le jeton' }).click();
	await expect(fieldError(page, 'name')).toHaveText(FR.required);

	await page.getByLabel('Nom', { exact: true }).fill('Synchro tableur');
	await page.getByLabel('Expire dans (jours)').fill('30');
	await page.getByRole('button', { name: 'Créer le jeton' }).click();
	const secret = page.getByTestId('token-secret');
	await expect(secret).toHaveValue(/^tlt_/);
	await expect(page.getByText('il ne sera plus jamais affiché', { exact: false })).toBeVisible();
	const token = await secret.inputValue();
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByRole('button', { name: 'Copier' }).click();
	await expect(page.getByText('Copié.')).toBeVisible();
	await expect(page.getByTestId('token-row')).toHaveCount(1);
	await expectAccessible(page);

	const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
	expect(me.status()).toBe(200);

	// Shown once: not after a reload.
	await page.reload();
	await page.waitForLoadState('networkidle');
	await expect(page.getByTestId('token-secret')).toHaveCount(0);
	await expect(page.getByTestId('token-row')).toContainText('Synchro tableur');

	await page.getByRole('button', { name: 'Révoquer le jeton Synchro tableur' }).click();
	await expect(page.getByText('Aucun jeton pour le moment.')).toBeVisible();
	const after = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
	expect(after.status()).toBe(401);

	// In English, the same missing name.
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await page.getByRole('button', { name: 'Create the token' }).click();
	await expect(fieldError(page, 'name')).toHaveText(EN.required);
});

test('privacy: a sensitive consent granted and withdrawn, mail preference, data export, account deleted', async ({ page, visit }, testInfo) => {
	const person = await signedInPerson(page, { label: 'me-privacy' });
	await visit('/me/privacy');
	await expect(page.getByRole('heading', { level: 1, name: 'Confidentialité et données' })).toBeVisible();
	await snapshot(page, testInfo, 'me-privacy');

	const skin = page.getByTestId('consent-skin_tone');
	await expect(skin).toContainText("Pas d'accord donné.");
	await skin.getByRole('button', { name: 'Donner mon accord' }).click();
	await expect(skin).toContainText('Accord donné le');
	await skin.getByRole('button', { name: 'Retirer mon accord' }).click();
	await expect(skin).toContainText("Pas d'accord donné.");
	await expectAccessible(page);

	const recap = page.getByLabel('Récapitulatif de la semaine');
	const was = await recap.isChecked();
	await recap.setChecked(!was);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Enregistré.')).toBeVisible();
	await page.reload();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Récapitulatif de la semaine')).toBeChecked({ checked: !was });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Télécharger mes données' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.json$/);
	const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
	expect(exported.profile.unique_code).toBe(person.code);
	expect(exported.consents.some((c: { kind: string }) => c.kind === 'skin_tone')).toBe(true);

	// Deletion: a confirmation step, a wrong password at the field, then the right one.
	await page.getByRole('button', { name: 'Supprimer mon compte…' }).click();
	await expect(page.getByRole('heading', { name: 'Confirmer la suppression' })).toBeVisible();
	await expect(page.getByLabel('Mot de passe')).toBeFocused();
	await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
	await page.getByRole('button', { name: 'Supprimer définitivement' }).click();
	await expect(fieldError(page, 'password')).toHaveText(FR.wrongPassword);
	await expectAccessible(page);

	await page.getByLabel('Mot de passe').fill(person.password);
	await page.getByRole('button', { name: 'Supprimer définitivement' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Compte supprimé' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Ce qui est conservé, et pourquoi' })).toBeVisible();
	await expect(page.getByTestId('erasure-kept').getByRole('listitem').first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
	await expectAccessible(page);
	expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
});
