// The CV analysis workflow against the real stack (the local rules): a person grants the
// consent, uploads a CV, sees what was read in it and accepts a talent, which joins the
// profile's talents; dismissing leaves the profile alone.
import { signedInPerson } from './support/accounts';
import { pdfDocument } from './support/files';
import { expect, expectAccessible, test } from './support/fixtures';
import { withAiOn } from './support/staff';

test('CV suggestions: the consent granted, a CV read, a talent accepted into the profile, another dismissed', async ({ page, visit }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL ?? 'http://127.0.0.1:3000';
	await withAiOn(baseURL, async () => {
		await signedInPerson(page, { label: 'me-cv-ai' });

		await visit('/me/privacy');
		const consent = page.getByTestId('consent-ai_cv_processing');
		await consent.getByRole('button', { name: 'Donner mon accord' }).click();
		await expect(consent.getByRole('button', { name: 'Retirer mon accord' })).toBeVisible();

		await visit('/me');
		await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
		// No analysis yet: no section.
		await expect(page.getByTestId('cv-suggestions')).toHaveCount(0);

		await page
			.getByLabel('Envoyer mon CV')
			.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdfDocument('Aminata Kone - comedienne et danseuse, Theatre Sorano, Dakar') });
		await expect(page.getByTestId('cv-outcome').getByText('Fichier accepté.')).toBeVisible({ timeout: 20_000 });

		const suggestions = page.getByTestId('cv-suggestions');
		await expect(suggestions.getByRole('heading', { level: 2, name: 'Suggestions tirées de votre CV' })).toBeVisible();
		const accept = suggestions.getByRole('button', { name: 'Accepter : Acteur·rice' });
		const dismiss = suggestions.getByRole('button', { name: 'Écarter : Danseur·euse' });
		await expect(accept).toBeVisible();
		await expect(dismiss).toBeVisible();
		await expectAccessible(page);

		// Keyboard: focus the button and press Enter.
		await accept.focus();
		await page.keyboard.press('Enter');
		await expect(accept).toHaveAttribute('aria-pressed', 'true');
		await dismiss.click();
		await expect(dismiss).toHaveAttribute('aria-pressed', 'true');

		// The accepted talent is on the profile (the form shows it, and so does the API after a reload).
		const me = (await (await page.request.get('/api/v1/me')).json()) as { talents: { id: number; name: string }[] };
		expect(me.talents.map((t) => t.name)).toEqual(['Acteur·rice']);
		await page.reload();
		await page.waitForLoadState('networkidle');
		await expect(page.locator(`input[name="talent_ids"][value="${me.talents[0]!.id}"]`)).toBeChecked();
		await expect(page.getByTestId('cv-suggestions').getByRole('button', { name: 'Accepter : Acteur·rice' })).toHaveAttribute('aria-pressed', 'true');
		await expectAccessible(page);
	});
});
