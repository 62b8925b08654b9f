// The on-set scanner (issue 12): badges scanned through a camera — Chromium's fake camera
// playing a video made from the real badge sheet — then scans made offline, the page
// reloaded offline (the service worker serves it), the network back, and the day's sheet
// exactly as it happened: nothing lost, nothing doubled.
import { chromium, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { expect, expectAccessible, snapshot, test } from './support/fixtures';
import { signedInPerson } from './support/accounts';
import { badgeVideo, cutBadge, renderSheet } from './support/badge-video';
import { badgeSheet, givePhoto, localDate, shootWith, staffRequest, type CastTalent } from './support/cinema';
import { signedInStaff } from './support/staff';

/** The hash of the style attribute SvelteKit's route announcer carries (see app.css). */
const SVELTEKIT_ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

const baseURL = () => process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

/** A browser whose camera plays `video` (the project's usual Chromium flags, and the fake camera's). */
async function browserWithCamera(testInfo: TestInfo, video: string) {
	const launch = testInfo.project.use.launchOptions ?? {};
	return chromium.launch({
		...launch,
		args: [
			...(launch.args ?? []),
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
}

async function newContext(browser: import('@playwright/test').Browser, testInfo: TestInfo): Promise<BrowserContext> {
	const { viewport, isMobile, hasTouch } = testInfo.project.use;
	const context = await browser.newContext({ baseURL: baseURL(), viewport, isMobile, hasTouch });
	await context.grantPermissions(['camera'], { origin: baseURL() });
	return context;
}

/** Every answer the page shows, as it shows it (a badge passes in front of the camera quickly). */
async function recordAnswers(page: Page) {
	await page.evaluate(() => {
		const seen: string[] = ((window as unknown as { __answers: string[] }).__answers = []);
		new MutationObserver(() => {
			const card = document.querySelector('[data-testid="scan-answer"]');
			const text = card ? `${card.getAttribute('data-verdict')}: ${card.querySelector('.who')?.textContent?.trim()}` : null;
			if (text && seen.at(-1) !== text) seen.push(text);
		}).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
	});
}

const answersSeen = (page: Page) => page.evaluate(() => (window as unknown as { __answers: string[] }).__answers);

function sheetLine(page: Page, talent: CastTalent) {
	return page.getByTestId('sheet-line').and(page.locator(`[data-code="${talent.cinemaCode}"]`));
}

async function typeCode(page: Page, code: string) {
	await page.getByLabel('Code du badge ou code talent').fill(code);
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
}

test('badges scanned through the camera, then offline, reloaded offline: nothing lost, nothing doubled', async ({}, testInfo) => {
	test.setTimeout(180_000);
	const staff = await staffRequest(baseURL(), 'recruiter');
	const shoot = await shootWith(staff, [
		['Awa', 'Ndiaye'],
		['Kwame', 'Mensah'],
		['Fatou', 'Sow']
	]);
	const [awa, kwame, fatou] = shoot.talents as [CastTalent, CastTalent, CastTalent];
	await givePhoto(staff, awa.id);
	const sheet = renderSheet(await badgeSheet(staff, shoot.projectId));
	// Each badge of the sheet held up for 1.5 s, a blank picture between; a long blank lead-in
	// while the QR reader loads.
	const video = badgeVideo([0, 1, 2].map((i) => cutBadge(sheet, i)), { fps: 5, leadSeconds: 4, tailSeconds: 10 });

	const browser = await browserWithCamera(testInfo, video);
	const context = await newContext(browser, testInfo);
	const page = await context.newPage();
	const csp: string[] = [];
	page.on('console', (message) => {
		// SvelteKit's route announcer sets a style attribute on every page, which the policy
		// blocks as it should (app.css hides the announcer instead): not the scanner's doing.
		const announcer = message.text().includes(SVELTEKIT_ANNOUNCER_STYLE);
		if (/Content.Security.Policy/i.test(message.text()) && !announcer) csp.push(message.text());
	});
	try {
		await signedInStaff(page, 'presence');
		await page.goto('/scanner');
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('heading', { name: 'Présence sur le plateau' })).toBeVisible();
		await expectAccessible(page);

		// Today's day of the project, from the project list.
		await page.getByLabel('Projet', { exact: true }).selectOption(String(shoot.projectId));
		await expect(page.getByLabel('Jour de tournage')).toHaveValue(localDate());
		await page.getByRole('button', { name: 'Ouvrir' }).click();
		await expect(page.getByTestId('opened-day')).toContainText(shoot.projectName);
		await expect(page.getByTestId('sheet-line')).toHaveCount(3);
		// The offline shell is in place (the worker controls this page from its first visit).
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

		// Three badges in front of the camera: three check-ins, each answered on screen.
		await recordAnswers(page);
		await page.getByRole('button', { name: 'Allumer la caméra' }).click();
		await expect(page.getByTestId('camera-state')).toHaveAttribute('data-state', 'on', { timeout: 20_000 });
		await expect(page.getByTestId('journal-entry')).toHaveCount(3, { timeout: 30_000 });
		await page.getByRole('button', { name: 'Éteindre la caméra' }).click();
		const answers = await answersSeen(page);
		for (const talent of shoot.talents) expect(answers).toContain(`checked_in: ${talent.firstName} ${talent.lastName}`);
		await expect(page.getByTestId('journal-entry').and(page.locator('[data-status="recorded"]'))).toHaveCount(3);
		await expect(page.getByTestId('outbox-waiting')).toHaveAttribute('data-count', '0');
		for (const talent of shoot.talents) await expect(sheetLine(page, talent).getByTestId('sheet-in')).not.toHaveText('—');
		const kwameIn = await sheetLine(page, kwame).getByTestId('sheet-in').textContent();
		await snapshot(page, testInfo, 'scanner-camera');

		// Offline: a check-out, a double scan, a code that is no one's on this project.
		await context.setOffline(true);
		await expect(page.getByTestId('network-state')).toHaveText('Hors ligne');
		await page.getByLabel('Les départs').check();
		await typeCode(page, awa.badgeCode);
		const answer = page.getByTestId('scan-answer');
		await expect(answer).toHaveAttribute('data-verdict', 'checked_out');
		await expect(answer).toContainText('Départ enregistré');
		await expect(answer).toContainText('Awa Ndiaye');
		// Her photo, kept on the device with the roster.
		await expect(answer.getByRole('img', { name: 'Photo de Awa Ndiaye' })).toBeVisible();
		await expect(page.getByTestId('scan-answer-status')).toContainText("en attente d'envoi");

		await page.getByLabel('Les arrivées').check();
		await typeCode(page, kwame.cinemaCode.toLowerCase());
		await expect(answer).toHaveAttribute('data-verdict', 'already_in');
		await expect(answer).toContainText(`Déjà arrivé à ${kwameIn}`);

		await typeCode(page, 'ZZZZ2222');
		await expect(answer).toHaveAttribute('data-verdict', 'refused');
		await expect(answer).toContainText("Ce badge n'est pas celui d'un talent de ce projet.");
		await expect(page.getByTestId('outbox-waiting')).toHaveText("3 scans en attente d'envoi");
		await expect(sheetLine(page, awa).getByTestId('sheet-pending')).toBeVisible();

		// Reloaded with no network: the service worker serves the app, IndexedDB the day.
		const reloaded = await page.reload();
		expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
		await expect(page.getByTestId('opened-day')).toContainText(shoot.projectName);
		await expect(page.getByTestId('outbox-waiting')).toHaveAttribute('data-count', '3');
		await expect(page.getByTestId('journal-entry').and(page.locator('[data-status="pending"]'))).toHaveCount(3);
		await expect(page.getByTestId('journal-entry')).toHaveCount(6);
		await expect(sheetLine(page, awa).getByTestId('sheet-out')).not.toHaveText('—');
		await snapshot(page, testInfo, 'scanner-offline');

		// The network is back: the outbox drains by itself.
		await context.setOffline(false);
		await expect(page.getByTestId('outbox-waiting')).toHaveAttribute('data-count', '0', { timeout: 20_000 });
		await expect(page.getByTestId('network-state')).toHaveText('En ligne');
		const entry = (code: string) => page.getByTestId('journal-entry').and(page.locator(`[data-code="${code}"]`));
		await expect(entry(awa.badgeCode).and(page.locator('[data-status="recorded"]'))).toHaveCount(2);
		await expect(entry(kwame.cinemaCode.toLowerCase())).toHaveAttribute('data-status', 'already_recorded');
		await expect(entry('ZZZZ2222')).toHaveAttribute('data-status', 'refused');
		await expect(entry('ZZZZ2222')).toContainText("refusé par le serveur : Ce badge n'est pas celui d'un talent de ce projet.");

		// The day's sheet, on screen and from the API: what happened, once.
		await expect(page.getByTestId('sheet-counts')).toHaveText('Sur place : 2 · Partis : 1 · Talents : 3');
		await expect(sheetLine(page, awa).getByTestId('sheet-pending')).toHaveCount(0);
		await expect(sheetLine(page, kwame).getByTestId('sheet-in')).toHaveText(kwameIn!);
		for (const talent of [kwame, fatou]) await expect(sheetLine(page, talent).getByTestId('sheet-out')).toHaveText('—');

		const date = localDate();
		const lines = (await (await page.request.get(`/api/v1/presence/projects/${shoot.projectId}/sheet?date=${date}`)).json()) as {
			cinema_talent_code: string;
			check_in_time: string | null;
			check_out_time: string | null;
			check_in_scan: { offline: boolean; device_id: string | null } | null;
			check_out_scan: { offline: boolean; device_id: string | null } | null;
		}[];
		const line = (t: CastTalent) => lines.find((l) => l.cinema_talent_code === t.cinemaCode)!;
		expect(lines).toHaveLength(3);
		for (const talent of shoot.talents) {
			expect(line(talent).check_in_time, talent.firstName).not.toBeNull();
			expect(line(talent).check_in_scan?.offline, talent.firstName).toBe(false);
		}
		expect(line(awa).check_out_time).not.toBeNull();
		expect(line(awa).check_out_scan).toMatchObject({ offline: true });
		expect(line(awa).check_out_scan?.device_id).toMatch(/^web-/);
		expect(line(kwame).check_out_time).toBeNull();
		expect(line(fatou).check_out_time).toBeNull();

		// Sent again (a lost answer, another tab): each scan is a duplicate and changes nothing.
		const scans = await page.evaluate(
			() =>
				new Promise<unknown[]>((resolve, reject) => {
					const open = indexedDB.open('taalentio-scanner');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const all = open.result.transaction('scans').objectStore('scans').getAll();
						all.onsuccess = () => resolve(all.result);
					};
				})
		);
		const batch = (scans as { scan_id: string; code: string; direction: string; scanned_at: string; date: string; offline: boolean }[]).map(
			({ scan_id, code, direction, scanned_at, date, offline }) => ({ scan_id, code, direction, scanned_at, date, offline })
		);
		expect(batch).toHaveLength(6);
		const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrf_token: string };
		const resent = await page.request.post(`/api/v1/presence/projects/${shoot.projectId}/scans`, {
			headers: { 'X-CSRF-Token': me.csrf_token },
			data: { device_id: 'e2e-resend', scans: batch }
		});
		expect(resent.status(), await resent.text()).toBe(200);
		const { results } = (await resent.json()) as { results: { status: string }[] };
		expect(results.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'));
		const after = await (await page.request.get(`/api/v1/presence/projects/${shoot.projectId}/sheet?date=${date}`)).json();
		expect(after).toEqual(lines);

		expect(csp, 'no CSP violation (wasm, worker, styles)').toEqual([]);
		await snapshot(page, testInfo, 'scanner-synced');
	} finally {
		await context.close();
		await browser.close();
		await staff.dispose();
	}
});

test('a talent and a recruiter are told the scanner is for presence staff', async ({ page, browser, visit }) => {
	await signedInPerson(page, { label: 'scanner-talent' });
	await visit('/scanner');
	await expect(page.getByRole('heading', { name: 'Page réservée' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Présence sur le plateau' })).toHaveCount(0);

	const context = await browser.newContext();
	const recruiterPage = await context.newPage();
	await signedInStaff(recruiterPage, 'recruiter');
	await recruiterPage.goto('/scanner');
	await recruiterPage.waitForLoadState('networkidle');
	await expect(recruiterPage.getByRole('heading', { name: 'Page réservée' })).toBeVisible();
	await expect(recruiterPage.getByRole('button', { name: 'Allumer la caméra' })).toHaveCount(0);
	await context.close();
});
