// The on-set scanner's figures (infra/local/web.sh bench, or bench-scanner alone), each
// beside its target (issue 12):
// - time from a decoded code to its answer on screen, online and offline, p50/p95 over 60
//   scans each — measured in the app (`?bench`: a mark when the code is handed to the
//   scanner, a measure after the answer was painted); target ≤ 150 ms p95 offline;
// - the bytes of a first visit to /scanner before the ZXing fallback (compressed, as
//   received), target ≤ 80 KB; and, apart, what the offline shell keeps in the background
//   once and what the fallback costs a phone with no native QR reader.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromePath, flags } from './chromium.mjs';

const base = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const buildDir = new URL('../build/', import.meta.url).pathname;
const SCANS = 60;
const TARGET_P95_MS = 150;
const TARGET_KB = 80;

/** The stack's admin (admins may use the scanner), signed in: cookie and CSRF token. */
async function signIn() {
	const response = await fetch(`${base}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD })
	});
	if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
	const { csrf_token } = await response.json();
	const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	return { cookie, csrf: csrf_token };
}

function client({ cookie, csrf }) {
	return async (method, path, body) => {
		const response = await fetch(base + path, {
			method,
			headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return response.json();
	};
}

const today = (days = 0) => {
	const at = new Date(Date.now() + days * 86_400_000);
	return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
};

/** A project being shot with SCANS talents; their badge codes. */
async function shoot(call) {
	const stamp = Date.now().toString(36);
	const production = await call('POST', '/api/v1/cinema/productions', { name: `Bench Studio ${stamp}`, country: 'SN' });
	const project = await call('POST', '/api/v1/cinema/projects', {
		name: `Bench ${stamp}`,
		production_type: 'feature_film',
		production_company_id: production.id,
		start_date: today(-1),
		end_date: today(30)
	});
	for (const status of ['pre_production', 'shooting']) await call('PATCH', `/api/v1/cinema/projects/${project.id}`, { status });
	const codes = [];
	for (let i = 0; i < SCANS; i++) {
		const talent = await call('POST', '/api/v1/cinema/talents', { first_name: `Talent${i}`, last_name: `Bench${stamp}` });
		const assignment = await call('POST', `/api/v1/cinema/projects/${project.id}/talents`, {
			cinema_talent_id: talent.id,
			talent_type: 'extra'
		});
		codes.push(assignment.project_code);
	}
	return { id: project.id, codes };
}

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Types each code and waits for the app's measure of it; the durations, sorted. */
async function timeScans(page, codes) {
	const durations = [];
	for (const code of codes) {
		const before = await page.evaluate(() => performance.getEntriesByName('scanner:answer').length);
		await page.getByLabel('Code du badge ou code talent').fill(code);
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await page.waitForFunction((n) => performance.getEntriesByName('scanner:answer').length > n, before);
		durations.push(await page.evaluate(() => performance.getEntriesByName('scanner:answer').at(-1).duration));
	}
	return durations.sort((a, b) => a - b);
}

/** Every request the page itself makes (the service worker's own are not the page's). */
function recordRequests(page) {
	const requests = [];
	page.on('requestfinished', (request) => requests.push(request));
	return requests;
}

/** Bodies as received, by kind. */
async function countBytes(requests) {
	const totals = { script: 0, stylesheet: 0, document: 0, fetch: 0, other: 0, requests: 0, zxing: 0 };
	for (const request of requests) {
		const sizes = await request.sizes();
		const kind = request.resourceType();
		const key = kind === 'script' || kind === 'stylesheet' || kind === 'document' || kind === 'fetch' ? kind : 'other';
		totals[key] += sizes.responseBodySize;
		totals.requests += 1;
		if (/zxing|\.wasm/.test(request.url())) totals.zxing += sizes.responseBodySize;
	}
	return totals;
}

/** The offline shell's list (service-worker.js), summed as CloudFront serves it (brotli). */
async function precacheBytes() {
	const worker = await readFile(join(buildDir, 'service-worker.js'), 'utf8');
	const files = [...worker.matchAll(/`(\/(?:_app|favicon)[^`]*)`/g)].map((m) => m[1]).filter((f) => !f.endsWith('.wasm'));
	let bytes = 0;
	for (const file of files) {
		const path = join(buildDir, file);
		bytes += (await stat(`${path}.br`).catch(() => stat(path))).size;
	}
	const shell = (await stat(join(buildDir, '200.html.br'))).size;
	return { files: files.length + 1, bytes: bytes + shell };
}

async function wasmBytes() {
	const worker = await readFile(join(buildDir, 'service-worker.js'), 'utf8');
	const wasm = /`(\/_app\/immutable\/assets\/zxing_reader[^`]*\.wasm)`/.exec(worker)?.[1];
	return wasm ? (await stat(join(buildDir, `${wasm}.br`))).size : 0;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const ms = (value) => value.toFixed(1);
const verdict = (ok) => (ok ? 'ok' : 'OVER');

const session = await signIn();
const call = client(session);
const project = await shoot(call);
const [name, value] = session.cookie.split('=');
const browser = await chromium.launch({ executablePath: chromePath, args: flags });
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();

// First visit: an empty cache, the page until it is idle.
const requests = recordRequests(page);
await page.goto(`${base}/scanner?bench`, { waitUntil: 'networkidle' });
const firstVisit = await countBytes(requests.splice(0));
await page.getByLabel('Projet', { exact: true }).selectOption(String(project.id));
await page.getByRole('button', { name: 'Ouvrir' }).click();
await page.getByTestId('sheet-line').first().waitFor();
await page.waitForLoadState('networkidle');
const roster = (await countBytes(requests.splice(0))).fetch;

// Online: check-ins, each also sent to the server as it happens (the outbox's one path).
const online = await timeScans(page, project.codes);
await page.getByTestId('outbox-waiting').and(page.locator('[data-count="0"]')).waitFor({ timeout: 60_000 });
// Offline: check-outs, judged and stored on the device only.
await context.setOffline(true);
await page.getByLabel('Les départs').check();
const offline = await timeScans(page, project.codes);
await context.setOffline(false);
await page.getByTestId('outbox-waiting').and(page.locator('[data-count="0"]')).waitFor({ timeout: 60_000 });
await browser.close();

const code = firstVisit.script + firstVisit.stylesheet;
const all = code + firstVisit.document + firstVisit.fetch + firstVisit.other;
const shell = await precacheBytes();
console.log('on-set scanner (/scanner), phone viewport, loopback');
console.log(
	`  decoded code → answer on screen, online  (${online.length} scans): p50 ${ms(percentile(online, 50))} ms  p95 ${ms(percentile(online, 95))} ms  max ${ms(online.at(-1))} ms`
);
console.log(
	`  decoded code → answer on screen, offline (${offline.length} scans): p50 ${ms(percentile(offline, 50))} ms  p95 ${ms(percentile(offline, 95))} ms  max ${ms(offline.at(-1))} ms` +
		`  (target p95 ≤ ${TARGET_P95_MS} ms, ${verdict(percentile(offline, 95) <= TARGET_P95_MS)})`
);
console.log(
	`  first visit before the QR fallback: ${kb(all)} KB in all (JS+CSS ${kb(code)} KB, page ${kb(firstVisit.document)} KB, API ${kb(firstVisit.fetch)} KB, ${firstVisit.requests} requests)` +
		`  (target ≤ ${TARGET_KB} KB, ${verdict(all <= TARGET_KB * 1024)}); QR fallback fetched: ${kb(firstVisit.zxing)} KB`
);
console.log(`  opening a day of ${SCANS} talents (roster + sheet): ${kb(roster)} KB`);
console.log(`  offline shell kept in the background by the service worker, once: ${kb(shell.bytes)} KB (${shell.files} files, brotli)`);
console.log(`  QR fallback, only without a native BarcodeDetector, once: ${kb(await wasmBytes())} KB of wasm (brotli) + its JS chunk`);
