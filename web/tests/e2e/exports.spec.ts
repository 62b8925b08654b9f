// The exports page (/exports) against the real stack: the casting base and a project's
// attendance exported through the page with their filters, each file read back by an
// independent reader (openpyxl and Python's csv, from the stack's .local/venv).
import type { Page, TestInfo } from '@playwright/test';
import { localDate, shootWith, staffRequest } from './support/cinema';
import { readTable } from './support/tables';
import { expect, expectAccessible, test } from './support/fixtures';
import { randomName } from './support/profiles';
import { signedInStaff } from './support/staff';


async function exported(page: Page, testInfo: TestInfo, testid: string, kind: 'xlsx' | 'csv'): Promise<string[][]> {
	const button = page.getByTestId(`${testid}-${kind}`).getByRole('button');
	const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
	const path = testInfo.outputPath(`${testid}.${kind}`);
	await download.saveAs(path);
	return readTable(path, kind);
}

/** The page lists the columns the file has, in its order (the list is the web app's copy of
 *  the API's, in lib/exports/columns.ts: this is what keeps the two in step). */
async function expectListedColumns(page: Page, testInfo: TestInfo, testid: string) {
	await page.getByTestId(testid).locator('summary').click();
	const listed = await page.getByTestId(testid).locator('code').allTextContents();
	const [fileHeader] = await exported(page, testInfo, testid, 'csv');
	expect(listed).toEqual(fileHeader);
}

test('a recruiter exports the casting base with filters and a project attendance, each file read back', async ({ page, visit, baseURL }, testInfo) => {
	test.setTimeout(120_000);
	const family = randomName('Sy');
	const staff = await staffRequest(baseURL!, 'recruiter');
	const make = async (data: Record<string, unknown>) => {
		const answer = await staff.post('/api/v1/cinema/talents', { data });
		expect(answer.status(), await answer.text()).toBe(201);
		return (await answer.json()) as { unique_code: string };
	};
	const dancer = await make({
		first_name: 'Ramata', last_name: family, talent_types: ['dancer'], phone: '+221 77 444 55 66',
		consents: ['skin_tone'], skin_tone: 'dark'
	});
	await make({ first_name: 'Oumar', last_name: family, talent_types: ['extra'] });

	await signedInStaff(page, 'recruiter', { label: 'exports' });
	await visit('/exports?what=casting');
	await expect(page.getByRole('heading', { level: 2, name: 'Base casting' })).toBeVisible();
	await page.getByLabel('Nom', { exact: true }).fill(family);
	await page.getByRole('group', { name: 'Types de talent' }).getByLabel('Danseur·euse', { exact: true }).check();
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page).toHaveURL(new RegExp(`what=casting&q=${family}&talent_types=dancer`));
	await expect(page.getByTestId('export-casting-rows')).toHaveText('Le fichier contiendra 1 ligne(s).');
	await expectAccessible(page);

	for (const kind of ['xlsx', 'csv'] as const) {
		const [header, ...rows] = await exported(page, testInfo, 'export-casting', kind);
		expect(header).toContain('unique_code');
		expect(rows).toHaveLength(1);
		const row = Object.fromEntries(header!.map((name, i) => [name, rows[0]![i] ?? '']));
		expect(row).toMatchObject({ unique_code: dancer.unique_code, first_name: 'Ramata', last_name: family });
		// Contact details and consent-bound categories never leave.
		for (const left of ['phone', 'whatsapp', 'skin_tone', 'ethnicities', 'id_document_number']) expect(header).not.toContain(left);
		expect(JSON.stringify(rows)).not.toContain('444');
	}
	await expect(page.getByTestId('export-casting').locator('summary')).toHaveText('Ses 20 colonnes');
	await expectListedColumns(page, testInfo, 'export-casting');

	// The people's export: everyone registered (at least this recruiter), its columns as listed.
	await visit('/exports?what=people');
	await expect(page.getByTestId('export-people-rows')).toContainText('Le fichier contiendra');
	await expectListedColumns(page, testInfo, 'export-people');

	// A project's attendance: one check-in made at the desk, then the days chosen on the page.
	const shoot = await shootWith(staff, [[`Awa`, family]]);
	const desk = await staffRequest(baseURL!, 'presence');
	const checkIn = await desk.post(`/api/v1/presence/projects/${shoot.projectId}/check-in`, {
		data: { code: shoot.talents[0]!.badgeCode, date: localDate() }
	});
	expect(checkIn.status(), await checkIn.text()).toBe(200);
	await visit('/exports?what=attendance');
	await page.getByLabel('Projet', { exact: true }).selectOption(String(shoot.projectId));
	await page.getByLabel('Du (jour de tournage)').fill(localDate(1));
	await page.getByLabel('Au (inclus)').fill(localDate(-1));
	await page.getByRole('button', { name: "Préparer l'export" }).click();
	await expect(page.getByText('Ce jour doit venir après le premier.')).toBeVisible();
	await page.getByLabel('Du (jour de tournage)').fill(localDate(-1));
	await page.getByLabel('Au (inclus)').fill(localDate(1));
	await page.getByRole('button', { name: "Préparer l'export" }).click();
	await expect(page).toHaveURL(new RegExp(`project=${shoot.projectId}&from=`));
	const [header, ...rows] = await exported(page, testInfo, 'export-attendance', 'xlsx');
	expect(rows).toHaveLength(1);
	const row = Object.fromEntries(header!.map((name, i) => [name, rows[0]![i] ?? '']));
	expect(row).toMatchObject({ first_name: 'Awa', last_name: family, cinema_talent_code: shoot.talents[0]!.cinemaCode });
	// A date cell (openpyxl reads it as a datetime at midnight), not text.
	expect(row.date).toBe(`${localDate()} 00:00:00`);
	expect(row.check_in_utc).not.toBe('');
	await expectListedColumns(page, testInfo, 'export-attendance');
	await expectAccessible(page);
	await staff.dispose();
	await desk.dispose();
});
