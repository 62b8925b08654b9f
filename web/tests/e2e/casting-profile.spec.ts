// The casting profile pages (/casting/new, /casting/[id]) against the real stack: a recruiter
// creates a profile with most fields and two sensitive-category consents, is told of a wrong
// value at its field in French and English, uploads a photo and a gallery picture, withdraws a
// consent (its data erased, checked through the API) and deactivates the profile, which leaves
// the casting list. A plain user is shown the role message.
import { signedInPerson } from './support/accounts';
import { staffRequest } from './support/cinema';
import { pngImage } from './support/files';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { randomName } from './support/profiles';
import { signedInStaff } from './support/staff';

/** Letters only, so the casting search finds just this profile. */
const family = () => randomName('Sarr');

test('a recruiter creates a casting profile, records consents, uploads photos, withdraws a consent and deactivates it', async ({ page, visit, baseURL }, testInfo) => {
	// The longest flow of the suite (a profile, its consents, three uploads checked by the API).
	test.setTimeout(120_000);
	const name = family();
	const recruiter = await signedInStaff(page, 'recruiter', { label: 'casting-profile', firstName: 'Ndeye', lastName: 'Faye' });
	await visit('/casting/new');
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau talent' })).toBeVisible();

	await page.getByLabel('Prénom').fill('Aïssatou');
	await page.getByLabel('Nom', { exact: true }).fill(name);
	await page.getByLabel('Genre').selectOption('female');
	await page.getByLabel('Date de naissance').fill('1998-05-14');
	await page.getByLabel('Nationalité').selectOption('SN');
	await page.getByLabel('Pays de résidence').selectOption('SN');
	await page.getByLabel('Ville').selectOption({ label: 'Dakar' });
	await page.getByRole('group', { name: 'Types de talent' }).getByLabel('Rôle principal').check();
	const languages = page.getByRole('group', { name: 'Langues parlées' });
	await languages.getByLabel('Wolof').check();
	await languages.getByLabel('Français').check();
	await page.getByLabel("Années d'expérience").fill('6');
	await page.getByLabel('Autres talents').fill('Djembé, équitation');
	await page.getByLabel('Couleur des yeux').selectOption('dark_brown');
	await page.getByLabel('Morphologie').selectOption('athletic');
	// A wrong height: the server says so at the field.
	await page.getByLabel('Taille (cm)').fill('500');
	await page.getByLabel('E-mail').fill(`${name.toLowerCase()}@example.com`);
	await page.getByLabel('Téléphone').fill('+221771234567');
	await page.getByRole('button', { name: 'Ajouter un lien' }).click();
	await page.getByLabel('Réseau (lien 1)').fill('instagram');
	await page.getByLabel('Adresse (lien 1)').fill(`https://instagram.com/${name.toLowerCase()}`);

	// The sensitive fields appear once the talent's consent is being recorded.
	await expect(page.getByLabel('Teint', { exact: true })).toHaveCount(0);
	await page.getByLabel('Le talent consent : enregistrer son accord (Teint)').check();
	await page.getByLabel('Teint', { exact: true }).selectOption('dark');
	await page.getByLabel("Le talent consent : enregistrer son accord (Pièce d'identité)").check();
	await page.getByLabel('Type de pièce').selectOption('passport');
	await page.getByLabel('Numéro de la pièce').fill('AB 123 456');
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Créer la fiche' }).click();
	const height = page.getByLabel('Taille (cm)');
	await expect(height).toHaveAttribute('aria-invalid', 'true');
	await expect(height).toBeFocused();
	await expect(page.locator('#casting-new-height-error')).toHaveText('La valeur maximale est 260.');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'New talent' })).toBeVisible();
	await expect(page.locator('#casting-new-height-error')).toHaveText('The largest value is 260.');
	await expect(page.getByLabel('Height (cm)')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Passer en français' }).click();

	await height.fill('172');
	await page.getByRole('button', { name: 'Créer la fiche' }).click();
	await expect(page).toHaveURL(/\/casting\/\d+$/);
	const id = Number(new URL(page.url()).pathname.split('/').pop());
	await expect(page.getByRole('heading', { level: 1, name: `Aïssatou ${name}` })).toBeVisible();
	await expect(page.getByTestId('casting-notice')).toHaveText('Fiche créée.');
	await expect(page.getByTestId('casting-code')).not.toBeEmpty();
	const by = `enregistré par ${recruiter.firstName} ${recruiter.lastName}`;
	await expect(page.getByTestId(`casting-${id}-consent-skin_tone`)).toContainText(by);
	await expect(page.getByTestId(`casting-${id}-consent-id_document`)).toContainText(by);
	await expect(page.getByTestId(`casting-${id}-consent-ethnicity`)).toContainText("Le talent n'a pas donné son accord.");
	await expect(page.getByLabel('Taille (cm)')).toHaveValue('172');
	await expect(page.getByLabel('Ville')).toHaveValue(/\d+/);
	await expect(page.getByLabel('Numéro de la pièce')).toHaveValue('AB123456');
	await expect(page.getByLabel('Réseau (lien 1)')).toHaveValue('instagram');
	await expectAccessible(page);

	const staff = await staffRequest(baseURL!, 'recruiter');
	const stored = await staff.get(`/api/v1/cinema/talents/${id}`).then((r) => r.json());
	expect(stored).toMatchObject({
		first_name: 'Aïssatou',
		last_name: name,
		gender: 'female',
		nationality: 'SN',
		height: 172,
		years_of_experience: 6,
		talent_types: ['lead_actor'],
		skin_tone: 'dark',
		id_document_type: 'passport',
		id_document_number: 'AB123456',
		social_links: { instagram: `https://instagram.com/${name.toLowerCase()}` }
	});
	expect([...stored.languages_spoken].sort()).toEqual(['fr', 'wo']);
	expect([...stored.consents].sort()).toEqual(['id_document', 'skin_tone']);

	// A change saves only itself; a blank required name is said at its field.
	await page.getByLabel('Nom', { exact: true }).fill('');
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByLabel('Nom', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Nom', { exact: true }).fill(name);
	await page.getByLabel('Autres talents').fill('Djembé, équitation, lutte');
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Enregistré.' })).toBeAttached();
	await expect(page.getByLabel('Autres talents')).toHaveValue('Djembé, équitation, lutte');
	await expect(page.getByRole('button', { name: 'Enregistrer', exact: true })).toBeFocused();

	// A photo and a gallery picture, shrunk in the browser, sent and checked.
	await page.getByLabel('Ajouter une photo de profil').setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: pngImage() });
	await expect(page.getByTestId('casting-photo-outcome')).toContainText('Fichier accepté.');
	const photo = page.getByRole('img', { name: `Photo de Aïssatou ${name}` });
	await expect(photo).toBeVisible();
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await page.getByLabel('Ajouter une photo à la galerie').setInputFiles({ name: 'plateau.png', mimeType: 'image/png', buffer: pngImage(640, 480) });
	await expect(page.getByTestId('casting-gallery-outcome')).toContainText('Fichier accepté.');
	await expect(page.getByRole('heading', { name: 'Galerie (1 sur 12)' })).toBeVisible();
	const picture = page.getByRole('img', { name: `Photo 1 de la galerie de Aïssatou ${name}` });
	await picture.scrollIntoViewIfNeeded();
	await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await expectAccessible(page);
	await snapshot(page, testInfo, 'casting-profile');

	// Withdrawing the ID-document consent erases its data.
	const idPanel = page.getByTestId(`casting-${id}-consent-id_document`);
	await idPanel.getByRole('button', { name: "Retirer l'accord : Pièce d'identité" }).click();
	await expect(idPanel).toContainText("Les données qu'il couvre seront effacées");
	await idPanel.getByRole('button', { name: 'Oui, retirer et effacer' }).click();
	await expect(page.getByRole('status').filter({ hasText: "Accord retiré (Pièce d'identité)" })).toBeAttached();
	await expect(idPanel).toContainText("Le talent n'a pas donné son accord.");
	await expect(idPanel.getByLabel("Le talent consent : enregistrer son accord (Pièce d'identité)")).toBeFocused();
	await expect(page.getByLabel('Numéro de la pièce')).toHaveCount(0);
	await idPanel.getByLabel("Le talent consent : enregistrer son accord (Pièce d'identité)").check();
	await expect(page.getByLabel('Type de pièce')).toHaveValue('');
	await expect(page.getByLabel('Numéro de la pièce')).toHaveValue('');
	await idPanel.getByLabel("Le talent consent : enregistrer son accord (Pièce d'identité)").uncheck();
	await expect(page.getByTestId(`casting-${id}-consent-skin_tone`)).toContainText(by);
	await expectAccessible(page);
	const after = await staff.get(`/api/v1/cinema/talents/${id}`).then((r) => r.json());
	expect(after.id_document_type ?? null).toBeNull();
	expect(after.id_document_number ?? null).toBeNull();
	expect(after.consents).toEqual(['skin_tone']);
	expect(after.skin_tone).toBe('dark');

	// Deactivated: back to the list, told so, and it no longer appears there.
	await page.getByRole('button', { name: 'Désactiver la fiche' }).click();
	await page.getByRole('button', { name: 'Oui, désactiver' }).click();
	await expect(page).toHaveURL(/\/casting$/);
	await expect(page.getByTestId('casting-notice')).toHaveText(`La fiche de Aïssatou ${name} est désactivée : elle n'apparaît plus dans les recherches.`);
	await expectAccessible(page);
	await visit(`/casting?q=${name}`);
	await expect(page.getByTestId('casting-results-empty')).toBeVisible();
	expect((await staff.get(`/api/v1/cinema/talents/${id}`)).status()).toBe(404);
	await staff.dispose();
});

test('an address that is no profile is "not found"', async ({ page, visit }) => {
	await signedInStaff(page, 'recruiter', { label: 'casting-profile-missing' });
	await visit('/casting/abc');
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
	await visit('/casting/999999999');
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
});

test('a plain user is told a casting profile is for recruiters', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'casting-profile-plain' });
	await visit('/casting/1');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
});

test('an admin opens a deactivated profile and reactivates it', async ({ page, visit, baseURL }) => {
	const name = family();
	const staff = await staffRequest(baseURL!, 'recruiter');
	const made = await staff.post('/api/v1/cinema/talents', { data: { first_name: 'Khady', last_name: name } });
	expect(made.status(), await made.text()).toBe(201);
	const { id } = (await made.json()) as { id: number };
	expect((await staff.delete(`/api/v1/cinema/talents/${id}`)).status()).toBe(204);

	await signedInStaff(page, 'admin', { label: 'casting-profile-admin' });
	await visit(`/casting/${id}`);
	await expect(page.getByTestId('casting-inactive')).toContainText('Cette fiche est désactivée');
	await page.getByRole('button', { name: 'Réactiver la fiche' }).click();
	await expect(page.getByTestId('casting-inactive')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Désactiver la fiche' })).toBeVisible();
	await expectAccessible(page);
	expect((await staff.get(`/api/v1/cinema/talents/${id}`)).status()).toBe(200);
	await staff.dispose();
});
