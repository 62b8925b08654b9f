// The dashboard (/dashboard) against the real stack: people and casting profiles made through
// the API, then every bar table read back row by row and compared with the API's own answer,
// and a bar followed to the list it counts.
import type { Page } from '@playwright/test';
import { signedInPerson } from './support/accounts';
import { staffRequest } from './support/cinema';
import { expect, snapshot, test } from './support/fixtures';
import { catalogue, personWithProfile, uniqueWord } from './support/profiles';
import { signedInStaff } from './support/staff';

type Count = { key: string; count: number };

/** A bar table's rows as the page shows them: the label and the figure, as text. */
async function tableRows(page: Page, testid: string): Promise<{ label: string; count: string }[]> {
	const rows = page.getByTestId(testid).locator('tbody tr');
	return rows.evaluateAll((trs) =>
		trs.map((tr) => ({
			label: (tr.querySelector('th')?.textContent ?? '').trim(),
			count: (tr.querySelector('td.count')?.textContent ?? '').trim()
		}))
	);
}

const figure = (n: number) => new Intl.NumberFormat('fr').format(n);

test('the dashboard shows every breakdown with the figures the API answers, and a bar opens its list', async ({ page, visit, baseURL }, testInfo) => {
	// Data of our own: a person in a country with a talent, and a casting profile of a type.
	const { talents, countries } = await catalogue();
	const country = countries.find((c) => c.code === 'CI') ?? countries.find((c) => c.cities.length > 0)!;
	const talent = talents[0]!;
	const family = uniqueWord('Traore');
	await personWithProfile(
		{ label: 'dash-person', firstName: 'Aya', lastName: family, dateOfBirth: '1990-03-04' },
		{ gender: 'female', country: country.code, city_id: country.cities[0]!.id, nationality: country.code },
		[talent.id]
	);
	const staff = await staffRequest(baseURL!, 'recruiter');
	const made = await staff.post('/api/v1/cinema/talents', {
		data: { first_name: 'Koffi', last_name: family, talent_types: ['stunt_performer'], gender: 'male', country: country.code }
	});
	expect(made.status(), await made.text()).toBe(201);

	await signedInStaff(page, 'recruiter', { label: 'dash-recruiter' });
	await visit('/dashboard');
	await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
	await expect(page.getByTestId('overview')).toBeVisible();

	const api = async <T,>(path: string): Promise<T> => (await page.request.get(path)).json() as Promise<T>;
	const [overview, people, cinema] = await Promise.all([
		api<Record<string, number | Count[]>>('/api/v1/stats/overview'),
		api<Record<string, Count[] | number>>('/api/v1/stats/users'),
		api<Record<string, Count[] | number>>('/api/v1/stats/cinema')
	]);
	// The cards: each figure as the API counts it.
	for (const key of ['people', 'active_confirmed', 'signups_this_week', 'recruiters', 'cinema_talents', 'productions', 'projects', 'attendances_this_week']) {
		await expect(page.locator(`[data-figure="${key}"] .value`)).toHaveText(figure(overview[key] as number));
	}
	// Every breakdown: one row per figure of the API's answer, in its order, with its count.
	const tables: [string, Count[]][] = [
		['people-by-talent', people.by_talent as Count[]],
		['people-by-category', people.by_talent_category as Count[]],
		['people-by-country', people.by_country as Count[]],
		['people-by-gender', people.by_gender as Count[]],
		['people-by-age', people.by_age_band as Count[]],
		['people-signups', people.signups_per_week as Count[]],
		['casting-by-type', cinema.talents_by_type as Count[]],
		['casting-by-gender', cinema.talents_by_gender as Count[]],
		['casting-by-country', cinema.talents_by_country as Count[]],
		['projects-by-status', cinema.projects_by_status as Count[]]
	];
	for (const [testid, counts] of tables) {
		const rows = await tableRows(page, testid);
		expect(rows.map((r) => r.count), testid).toEqual(counts.map((c) => figure(c.count)));
	}
	// Our own data is in them, under its names in French.
	const byCountry = await tableRows(page, 'people-by-country');
	expect(byCountry.map((r) => r.label)).toContain(country.name_fr);
	expect((await tableRows(page, 'casting-by-type')).map((r) => r.label)).toContain('Cascadeur·euse');
	expect((await tableRows(page, 'people-by-gender')).map((r) => r.label)).toContain('Femme');
	await snapshot(page, testInfo, 'dashboard');

	// A bar's label opens the directory with that filter.
	await page.getByTestId('people-by-country').getByRole('link', { name: country.name_fr, exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/people\\?country=${country.code}$`));
	await expect(page.getByLabel('Pays de résidence')).toHaveValue(country.code);
	await expect(page.getByRole('heading', { level: 2, name: /Personnes trouvées/ })).toBeVisible();

	// And the casting base's, in English after the switch.
	await page.goto('/dashboard');
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
	await page.getByTestId('casting-by-type').getByRole('link', { name: 'Stunt performer', exact: true }).click();
	await expect(page).toHaveURL(/\/casting\?talent_types=stunt_performer$/);
	await expect(page.getByTestId('casting-card').filter({ hasText: `Koffi ${family}` })).toBeVisible();
	await staff.dispose();
});

test('a plain user is told the dashboard is for recruiters', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'dash-plain' });
	await visit('/dashboard');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
	await expect(page.getByText('Cette page est réservée aux comptes recruteur ou administrateur.')).toBeVisible();
});
