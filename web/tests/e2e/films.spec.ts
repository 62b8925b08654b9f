// A production's filmography through its page: the film search said to be off while the AI
// features are, then (switched on by the admin) a film searched, added, listed with its IMDb
// link and removed; the film search's problems said plainly (too short, busy with a retry).
// The film search is a local OMDB (infra/local/fake_omdb.py, started by infra/local/web.sh
// e2e); nothing is loaded from IMDb or its posters' host.
import type { Page } from '@playwright/test';
import { signedInPerson } from './support/accounts';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { aiSwitch, signedInStaff } from './support/staff';

const baseURL = () => process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

/** A production made through the API as the person signed in in `page`. */
async function productionOf(page: Page, name: string): Promise<number> {
	const me = await page.request.get('/api/v1/auth/me');
	const { csrf_token } = (await me.json()) as { csrf_token: string };
	const answer = await page.request.post('/api/v1/cinema/productions', {
		data: { name, country: 'SN', city: 'Dakar' },
		headers: { 'X-CSRF-Token': csrf_token }
	});
	expect(answer.status(), await answer.text()).toBe(201);
	return ((await answer.json()) as { id: number }).id;
}

test('a recruiter links films to a production: the search said off, then searched, added, listed, removed', async ({ page, visit }, testInfo) => {
	test.setTimeout(120_000);
	const ai = await aiSwitch(baseURL());
	const thirdParty: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).origin !== new URL(baseURL()).origin) thirdParty.push(request.url());
	});
	try {
		await ai.set(false);
		await signedInStaff(page, 'recruiter', { label: 'films' });
		const id = await productionOf(page, `Sahel Films ${Date.now().toString(36)}`);

		// The AI features off: the page says so, and who can change it.
		await visit(`/productions/${id}`);
		const films = page.getByTestId('production-films');
		await expect(films.getByRole('heading', { level: 2, name: 'Filmographie' })).toBeVisible();
		await expect(films.getByText('Aucun film dans la filmographie pour le moment.')).toBeVisible();
		const off = films.getByTestId('films-off');
		await expect(off).toContainText('Recherche de films désactivée');
		await expect(off).toContainText('Un administrateur peut les activer');
		await expect(films.getByRole('searchbox')).toHaveCount(0);
		await snapshot(page, testInfo, 'films-off');

		// Switched on: the search box, labelled, debounced while typing.
		await ai.set(true);
		await visit(`/productions/${id}`);
		await expect(off).toHaveCount(0);
		const box = films.getByRole('searchbox', { name: 'Titre du film ou de la série' });
		await expect(box).toBeEnabled();

		// Too short: said at the field, nothing asked.
		await box.fill('t');
		await box.press('Enter');
		await expect(films.getByText('Tapez au moins 2 caractères.')).toBeVisible();
		await expect(box).toHaveAttribute('aria-invalid', 'true');

		// Typing asks on its own, after a pause.
		await box.pressSequentially('ouki', { delay: 30 });
		const results = films.getByTestId('film-result');
		await expect(results).toHaveCount(1);
		await expect(results.first()).toContainText('Touki Bouki');
		await expect(results.first()).toContainText('1973 · Film');
		await expect(films.getByText('1 film(s) trouvé(s).')).toBeVisible();
		await expectAccessible(page);

		// Added, with a role; listed with its IMDb link and no poster from elsewhere.
		await films.getByLabel('Rôle de la société sur le film (facultatif)').fill('coproduction');
		await films.getByRole('button', { name: 'Ajouter Touki Bouki à la filmographie' }).click();
		await expect(films.getByRole('status').filter({ hasText: 'Touki Bouki a été ajouté à la filmographie.' })).toBeVisible();
		const listed = films.getByTestId('production-film');
		await expect(listed).toHaveCount(1);
		await expect(listed.first()).toContainText('Touki Bouki');
		await expect(listed.first()).toContainText('Réalisation : Djibril Diop Mambéty');
		await expect(listed.first()).toContainText('Rôle : coproduction');
		await expect(listed.first().getByRole('link', { name: 'Fiche IMDb de Touki Bouki' })).toHaveAttribute(
			'href',
			'https://www.imdb.com/title/tt0071361/'
		);
		await expect(results.first()).toContainText('Déjà dans la filmographie');
		await expect(box).toBeFocused();
		const stored = (await (await page.request.get(`/api/v1/cinema/productions/${id}/films`)).json()) as { imdb_id: string }[];
		expect(stored.map((f) => f.imdb_id)).toEqual(['tt0071361']);

		// A film with a poster elsewhere: listed without it.
		await box.fill('yeelen');
		await expect(results.first()).toContainText('Yeelen');
		await films.getByRole('button', { name: 'Ajouter Yeelen à la filmographie' }).click();
		await expect(listed).toHaveCount(2);
		await expect(listed.first()).toContainText('Yeelen');
		await expect(films.locator('img')).toHaveCount(0);

		// Pages of ten.
		await box.fill('saisons');
		await expect(films.getByText('12 film(s) trouvé(s).')).toBeVisible();
		await expect(results).toHaveCount(10);
		await films.getByRole('button', { name: 'Suivant' }).click();
		await expect(results).toHaveCount(2);
		await expect(results.first()).toContainText('Les Saisons de Dakar 11');

		// The film search busy: said plainly, with a retry.
		await box.fill('en panne');
		const busy = films.getByTestId('films-provider');
		await expect(busy).toContainText('Le service de recherche de films (OMDB) est occupé ou indisponible.');
		await expect(busy.getByRole('button', { name: 'Réessayer' })).toBeVisible();
		// The last results answered another query: not shown under the problem.
		await expect(results).toHaveCount(0);
		await busy.getByRole('button', { name: 'Réessayer' }).click();
		await expect(busy).toBeVisible();
		await expectAccessible(page);
		await snapshot(page, testInfo, 'films');

		// Removed, after a confirmation.
		await films.getByRole('button', { name: 'Retirer Touki Bouki de la filmographie' }).click();
		await films.getByRole('button', { name: 'Oui, retirer' }).click();
		await expect(films.getByRole('status').filter({ hasText: 'Touki Bouki a été retiré de la filmographie.' })).toBeVisible();
		await expect(listed).toHaveCount(1);
		await expect(listed.first()).toContainText('Yeelen');
		await films.getByRole('button', { name: 'Retirer Yeelen de la filmographie' }).click();
		await films.getByRole('button', { name: 'Oui, retirer' }).click();
		await expect(films.getByText('Aucun film dans la filmographie pour le moment.')).toBeVisible();
		await expectAccessible(page);

		// In English too.
		await page.getByRole('button', { name: 'Switch to English' }).click();
		await expect(films.getByRole('heading', { level: 2, name: 'Filmography' })).toBeVisible();
		await expect(films.getByRole('searchbox', { name: 'Title of the film or series' })).toBeVisible();

		expect(thirdParty, 'requests to other origins').toEqual([]);
	} finally {
		await ai.restore();
	}
});

test('a plain user opening a production is told the page is for recruiters', async ({ page, visit }) => {
	await signedInPerson(page, { label: 'films-user' });
	await visit('/productions/1');
	await expect(page.getByRole('heading', { level: 1, name: 'Page réservée' })).toBeVisible();
	await expect(page.getByText('Cette page est réservée aux comptes recruteur ou administrateur.')).toBeVisible();
	await expect(page.getByTestId('production-films')).toHaveCount(0);
});

test('the film search not configured on the server is explained, with the list still shown', async ({ page, visit }) => {
	const ai = await aiSwitch(baseURL());
	await ai.set(true);
	await signedInStaff(page, 'recruiter', { label: 'films-nokey' });
	const id = await productionOf(page, `Studio Kora ${Date.now().toString(36)}`);
	// This stack's film search is configured: its answer without OMDB_API_KEY is played here,
	// as the API writes it (shared/src/error: FilmError::NotConfigured).
	await page.route(/\/api\/v1\/ai\/films\?q=/, (route) =>
		route.fulfill({
			status: 503,
			contentType: 'application/problem+json',
			body: JSON.stringify({
				type: 'about:blank',
				title: 'Service Unavailable',
				status: 503,
				code: 'not_configured',
				detail: 'the film search is not configured here (no OMDB_API_KEY)'
			})
		})
	);
	try {
		await visit(`/productions/${id}`);
		const films = page.getByTestId('production-films');
		await films.getByRole('searchbox', { name: 'Titre du film ou de la série' }).fill('touki');
		const notice = films.getByTestId('films-not-configured');
		await expect(notice).toContainText('Recherche de films non configurée');
		await expect(notice).toContainText('OMDB_API_KEY');
		await expect(films.getByText('Aucun film dans la filmographie pour le moment.')).toBeVisible();
		await expectAccessible(page);
	} finally {
		await ai.restore();
	}
});
