// Administration against the real stack: settings with the server's validation, an
// invitation and its mail, a person's role and account changed from their page (and the
// self-demotion refusal said plainly), and the logs filtered; other roles see the role door.
import { confirmedPerson } from './support/accounts';
import { expect, expectAccessible, snapshot, test, uniqueEmail } from './support/fixtures';
import { linkIn, waitForMail } from './support/outbox';
import { signedInStaff } from './support/staff';

test('an admin changes a setting, invites someone, changes a role and an account, and reads the logs', async ({ page, visit }, testInfo) => {
	test.setTimeout(120_000);
	const admin = await signedInStaff(page, 'admin', { label: 'admin-e2e' });
	await visit('/admin');
	await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();

	// A wrong sender is refused at its field; a switch is saved and put back.
	const sender = page.getByTestId('setting-mail-sender');
	await sender.getByLabel('Expéditeur des courriels').fill('pas une adresse');
	await sender.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(sender.getByLabel('Expéditeur des courriels')).toHaveAttribute('aria-invalid', 'true');
	const ai = page.getByTestId('setting-features-ai').getByRole('switch', { name: "Analyse des CV et mise en relation par l'IA" });
	const before = await ai.isChecked();
	await ai.setChecked(!before);
	await expect(page.getByTestId('setting-features-ai').getByRole('status')).toHaveText('Réglage enregistré.');
	const settings = (await (await page.request.get('/api/v1/admin/settings')).json()) as { key: string; value: unknown }[];
	expect(settings.find((s) => s.key === 'features.ai')?.value).toBe(!before);
	await ai.setChecked(before);
	await expect.poll(async () => ((await (await page.request.get('/api/v1/admin/settings')).json()) as { key: string; value: unknown }[]).find((s) => s.key === 'features.ai')?.value).toBe(before);

	// An invitation: its mail leads to the front end's page; the same address twice is said at the field.
	const email = uniqueEmail('invited');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Prénom', { exact: true }).fill('Kadiatou');
	await page.getByLabel('Nom', { exact: true }).fill('Camara');
	await page.getByRole('combobox', { name: 'Rôle' }).selectOption('presence');
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
	expect(linkIn(await waitForMail(email), '/set-password').hash).toMatch(/^#token=/);
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Prénom', { exact: true }).fill('Kadiatou');
	await page.getByLabel('Nom', { exact: true }).fill('Camara');
	await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
	await expect(page.getByText('Cette adresse a déjà un compte.')).toBeVisible();
	await expectAccessible(page);
	await snapshot(page, testInfo, 'admin');

	// A person's role and account, from their page.
	const person = await confirmedPerson(page.request, { label: 'admin-target' });
	await visit(`/people/${person.id}`);
	const panel = page.getByTestId('account-admin');
	await panel.getByLabel('Rôle').selectOption('recruiter');
	await panel.getByRole('button', { name: 'Changer le rôle' }).click();
	await expect(panel.getByRole('status')).toHaveText('Rôle changé : recruteur.');
	await panel.getByRole('button', { name: 'Désactiver le compte' }).click();
	await expect(panel.getByRole('status')).toHaveText('Compte désactivé.');
	await expect(panel.getByText('Ce compte est désactivé')).toBeVisible();
	const after = (await (await page.request.get(`/api/v1/users/${person.id}`)).json()) as { role: string; account_active: boolean };
	expect(after).toMatchObject({ role: 'recruiter', account_active: false });

	// Demoting oneself is refused, plainly, and nothing changes.
	await visit(`/people/${admin.id}`);
	await page.getByTestId('account-admin').getByLabel('Rôle').selectOption('user');
	await page.getByTestId('account-admin').getByRole('button', { name: 'Changer le rôle' }).click();
	await expect(page.getByTestId('account-admin').getByRole('alert')).toHaveText("Vous ne pouvez pas retirer votre propre rôle d'administrateur.");
	expect(((await (await page.request.get('/api/v1/auth/me')).json()) as { user: { role: string } }).user.role).toBe('admin');

	// The logs: the role change in the security log, the invitation in the mail log.
	await visit('/admin/logs?kind=security');
	await page.getByLabel('Événement').fill('role_changed');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page).toHaveURL(/kind=security&event_type=role_changed/);
	const events = page.getByTestId('log-lines').locator('tbody tr');
	await expect(events.first()).toContainText('role_changed');
	expect(await events.filter({ hasNotText: 'role_changed' }).count()).toBe(0);
	await page.getByRole('link', { name: 'Courriels' }).click();
	await page.getByLabel('Destinataire').fill(email);
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page.getByTestId('log-lines').locator('tbody tr')).toHaveCount(1);
	await expect(page.getByTestId('log-lines')).toContainText(email);
	await expectAccessible(page);
});

test('a recruiter is told the administration pages are for admins', async ({ page, visit }) => {
	await signedInStaff(page, 'recruiter', { label: 'admin-not' });
	for (const path of ['/admin', '/admin/logs']) {
		await visit(path);
		await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
		await expect(page.getByText('Cette page est réservée aux comptes administrateur.')).toBeVisible();
	}
});
