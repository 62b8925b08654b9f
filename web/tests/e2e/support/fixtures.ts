// The e2e test kit: an axe-core check of each page a test visits, screenshots of the main
// pages kept as artifacts, fresh people, and the mail they receive.
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page, type TestInfo } from '@playwright/test';

export { expect };

/** Serious and critical WCAG A/AA violations fail the test; minor ones are reported. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		blocking.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
		`axe on ${page.url()}`
	).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts, named by page and viewport. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
	const path = testInfo.outputPath(`${name}-${testInfo.project.name}.png`);
	await page.screenshot({ path, fullPage: true });
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

let counter = 0;
/** An address no other test (or earlier run on this database) used. */
export function uniqueEmail(label: string): string {
	counter += 1;
	return `${label}.${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** A password the server's rules accept (long, unguessable, without the person's name). */
export const STRONG_PASSWORD = 'Baobab-Lagune-Tamtam-92';

type Fixtures = { visit: (path: string) => Promise<void> };

export const test = base.extend<Fixtures>({
	// Goes to a page, waits for the app to be ready, and checks it with axe.
	visit: async ({ page }, use) => {
		await use(async (path: string) => {
			await page.goto(path);
			await page.waitForLoadState('networkidle');
			await expectAccessible(page);
		});
	}
});
