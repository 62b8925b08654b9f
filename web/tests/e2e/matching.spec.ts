// Matching a brief against the real stack (the local rules): a recruiter describes a role,
// sees the criteria it was read as, finds the griot the test made with why she fits, edits a
// criterion and searches again, and tells her by mail, once. A plain user is told the page is
// not for them; with the AI features off the recruiter is told why.
import { expect, expectAccessible, test } from './support/fixtures';
import { waitForMail, mailsTo } from './support/outbox';
import { catalogue, personWithProfile } from './support/profiles';
import { signedInStaff, withAiOn } from './support/staff';

test('a brief becomes criteria and a shortlist that says why; the matched person is told once', async ({ page, visit }, testInfo) => {
	test.setTimeout(120_000);
	const baseURL = testInfo.project.use.baseURL ?? 'http://127.0.0.1:3000';
	const { talents, countries } = await catalogue();
	const griot = talents.find((t) => t.name_en === 'Griot')!;
	const mali = countries.find((c) => c.code === 'ML')!;
	const city = mali.cities.filter((c) => !c.is_capital).sort((a, b) => a.name.localeCompare(b.name))[0]!;
	const lastName = `Diabaté${testInfo.project.name === 'phone' ? 'P' : 'D'}${Date.now().toString(36).slice(-4)}`;
	const singer = await personWithProfile(
		{ label: 'match-griot', firstName: 'Kandia', lastName, dateOfBirth: '1994-05-10' },
		{ gender: 'female', country: 'ML', city_id: city.id },
		[griot.id]
	);

	await signedInStaff(page, 'recruiter', { label: 'match-recruiter' });
	// The AI features are off by default: the page says why, not a broken page.
	await visit('/match');
	await page.getByLabel('Ce que vous cherchez').fill(`Griot, une femme de 25 à 40 ans, à ${city.name}`);
	await page.getByRole('button', { name: 'Trouver' }).click();
	await expect(page.getByText("Les fonctions d'IA sont désactivées sur cette plateforme.")).toBeVisible();

	await withAiOn(baseURL, async () => {
		await page.getByLabel('Nombre de résultats').selectOption('50');
		await page.getByRole('button', { name: 'Trouver' }).click();
		const criteria = page.getByTestId('match-criteria');
		await expect(criteria).toBeVisible();
		await expect(criteria.getByLabel('Âge minimum')).toHaveValue('25');
		await expect(criteria.getByLabel('Âge maximum')).toHaveValue('40');
		await expect(criteria.getByLabel('Genre')).toHaveValue('female');
		await expect(criteria.getByLabel('Ville')).toHaveValue(String(city.id));
		await expect(criteria.getByText(griot.name)).toBeVisible();

		const card = page.getByTestId('match-result').filter({ has: page.getByRole('link', { name: `Kandia ${lastName}` }) });
		await expect(card).toBeVisible();
		const met = card.locator('.met');
		await expect(met.getByText(griot.name)).toBeVisible();
		await expect(met.getByText(city.name)).toBeVisible();
		await expect(met.getByText('Femme')).toBeVisible();
		await expectAccessible(page);

		// A wrong criterion is said at its field; a corrected one searches again.
		await criteria.getByLabel('Âge minimum').fill('50');
		await page.getByRole('button', { name: 'Relancer avec ces critères' }).click();
		await expect(page.locator('#crit-age-min-error')).toBeVisible();
		await criteria.getByLabel('Âge minimum').fill('');
		await page.getByRole('button', { name: 'Relancer avec ces critères' }).click();
		await expect(criteria.getByLabel('Âge minimum')).toHaveValue('');
		await expect(card).toBeVisible();

		// Told once: the button then says so and the second ask sends nothing.
		await card.getByTestId('match-mail').click();
		await expect(card.getByText('E-mail envoyé.')).toBeVisible();
		const mail = await waitForMail(singer.email, 2);
		expect(mail.subject).toContain('Un recruteur pense à vous');
		expect(mail.text).toContain(city.name);
		expect(mail.text).toContain(griot.name);
		await expect(card.getByTestId('match-mail')).toBeDisabled();
		expect((await mailsTo(singer.email)).length).toBe(2);
	});
});

test('the match page is for recruiters: a plain user is told so', async ({ page, visit }) => {
	await signedInStaff(page, 'user', { label: 'match-user' });
	await visit('/match');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
	await expect(page.getByLabel('Ce que vous cherchez')).toHaveCount(0);
});
