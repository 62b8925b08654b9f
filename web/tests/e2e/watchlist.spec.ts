// The watchlist (/watchlist) against the real stack: a recruiter adds names (the same name
// twice is said at the field, in both languages), pauses, changes and deletes one, each change
// checked through the API the alerts job reads.
import { signedInPerson } from './support/accounts';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { uniqueWord } from './support/profiles';
import { signedInStaff } from './support/staff';

type Watch = { id: number; first_name: string | null; last_name: string; notes: string | null; is_active: boolean };

test('a recruiter watches names, pauses one, changes one and deletes one', async ({ page, visit }, testInfo) => {
	await signedInStaff(page, 'recruiter', { label: 'watch-recruiter' });
	const family = uniqueWord('Keita');
	const mine = async () => ((await (await page.request.get('/api/v1/watchlist/names')).json()) as { items: Watch[] }).items;

	await visit('/watchlist');
	await expect(page.getByRole('heading', { level: 1, name: 'Veille' })).toBeVisible();
	const add = page.getByTestId('watch-add');
	await add.getByLabel('Prénom').fill('Salif');
	await add.getByLabel('Nom', { exact: true }).fill(family);
	await add.getByLabel('Notes').fill('Chanteur, vu à Bamako');
	await add.getByRole('button', { name: 'Surveiller ce nom' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'est surveillé' })).toHaveText(`« Salif ${family} » est surveillé.`);
	await expect(page.getByTestId('watched-name')).toHaveCount(1);
	await expect(add.getByLabel('Prénom')).toHaveValue('');
	await add.getByLabel('Nom', { exact: true }).fill(`Diabaté${family}`);
	await add.getByRole('button', { name: 'Surveiller ce nom' }).click();
	await expect(page.getByTestId('watched-name')).toHaveCount(2);
	expect((await mine()).map((w) => [w.first_name, w.last_name, w.is_active])).toEqual(
		expect.arrayContaining([
			['Salif', family, true],
			[null, `Diabaté${family}`, true]
		])
	);

	// The same name again (accents and case aside) is refused at the last name, nothing added.
	await add.getByLabel('Prénom').fill('SALIF');
	await add.getByLabel('Nom', { exact: true }).fill(family.toUpperCase());
	await add.getByRole('button', { name: 'Surveiller ce nom' }).click();
	const last = add.getByLabel('Nom', { exact: true });
	await expect(last).toHaveAttribute('aria-invalid', 'true');
	await expect(add.getByText('Vous surveillez déjà ce nom.')).toBeVisible();
	expect(await mine()).toHaveLength(2);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await add.getByRole('button', { name: 'Watch this name' }).click();
	await expect(add.getByText('You already watch this name.')).toBeVisible();
	await page.getByRole('button', { name: 'Passer en français' }).click();

	// Paused: the alerts job no longer looks for it.
	const salif = page.getByTestId('watched-name').filter({ hasText: `Salif ${family}` });
	await salif.getByRole('switch', { name: 'Surveillé' }).uncheck();
	await expect(page.getByRole('status').filter({ hasText: 'en pause' })).toBeVisible();
	await expect.poll(async () => (await mine()).find((w) => w.first_name === 'Salif')?.is_active).toBe(false);
	await expect(page.getByTestId('watched-name').filter({ hasText: `Salif ${family}` }).getByRole('switch')).not.toBeChecked();

	// Changed in place: the notes go, the first name changes, the pause stays.
	await page.getByRole('button', { name: `Modifier « Salif ${family} »` }).click();
	const editing = page.getByTestId('watched-name').filter({ has: page.getByRole('heading', { name: `Modifier « Salif ${family} »` }) });
	await editing.getByLabel('Prénom').fill('Salifou');
	await editing.getByLabel('Notes').fill('');
	await editing.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'est modifié' })).toHaveText(`« Salifou ${family} » est modifié.`);
	const changed = (await mine()).find((w) => w.last_name === family)!;
	expect(changed).toMatchObject({ first_name: 'Salifou', notes: null, is_active: false });
	await snapshot(page, testInfo, 'watchlist');

	// Deleted after the question.
	await page.getByRole('button', { name: `Supprimer « Diabaté${family} » de la veille` }).click();
	await page.getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(page.getByTestId('watched-name')).toHaveCount(1);
	expect((await mine()).map((w) => w.last_name)).toEqual([family]);
	await expectAccessible(page);
});

test('a plain user is told the watchlist is for recruiters', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'watch-plain' });
	await visit('/watchlist');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
});
