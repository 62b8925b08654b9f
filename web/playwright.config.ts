// End-to-end tests against the real local stack (infra/local/web.sh e2e starts it): the dev
// server with every route group, a private Postgres, the mail outbox and local blob store.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

// Debian's Chromium, without the background connections this closed network refuses.
const chromium = {
	executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
	args: [
		'--headless=new',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-dev-shm-usage',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
	use: {
		baseURL,
		launchOptions: chromium,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{ name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
		{ name: 'desktop', use: { viewport: { width: 1280, height: 800 } } }
	]
});
