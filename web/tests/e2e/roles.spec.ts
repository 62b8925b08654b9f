// The header offers each role its own pages, and only those.
import { expect, test } from './support/fixtures';
import { signedInPerson } from './support/accounts';
import { signedInStaff } from './support/staff';

const STAFF_LINKS = ['Tableau de bord', 'Annuaire', 'Casting', 'Veille', 'Projets', 'Présence'];

async function headerLinks(page: import('@playwright/test').Page) {
	const nav = page.getByRole('navigation', { name: 'Navigation principale' });
	await expect(nav.getByRole('link', { name: 'Mon profil' })).toBeVisible();
	return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

test('a talent sees no staff page in the header', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'talent-nav' });
	await visit('/me');
	const links = await headerLinks(page);
	for (const link of STAFF_LINKS) expect(links).not.toContain(link);
});

test('a recruiter sees the dashboard, directory, casting and projects; a presence user the scanner', async ({ page, browser, visit }) => {
	await signedInStaff(page, 'recruiter');
	await visit('/me');
	const recruiter = await headerLinks(page);
	expect(recruiter).toEqual(expect.arrayContaining(['Tableau de bord', 'Annuaire', 'Casting', 'Veille', 'Projets']));
	expect(recruiter).not.toContain('Présence');

	const context = await browser.newContext();
	const onSet = await context.newPage();
	await signedInStaff(onSet, 'presence');
	await onSet.goto('/me');
	const presence = await headerLinks(onSet);
	expect(presence).toContain('Présence');
	expect(presence).not.toContain('Annuaire');
	await context.close();
});
