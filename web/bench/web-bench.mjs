// `make bench` (infra/local/web.sh bench): per route, the bytes a first visit transfers
// (compressed, as the browser receives them) and Lighthouse's mobile scores, beside the
// budgets of the front end (issue 15): ≤ 60 KB of JS + CSS before images, performance and
// accessibility ≥ 95, LCP ≤ 2.0 s. Lighthouse runs through an HTTP/2 front (h2-front.mjs), as
// CloudFront serves phones, and once more over the dev server's HTTP/1.1, printed beside it.
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { chromePath, flags } from './chromium.mjs';
import { h2Front } from './h2-front.mjs';

const run = promisify(execFile);
const base = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const BUDGET_KB = 60;

const PUBLIC_ROUTES = ['/', '/login', '/register', '/terms'];
const ACCOUNT_ROUTES = ['/me', '/me/privacy'];
// The recruiters' pages (issue 12: Lighthouse for the directory and the casting list; issue
// 13: the dashboard, performance ≥ 90 and accessibility ≥ 95).
const STAFF_ROUTES = ['/people', '/casting', '/dashboard'];

async function json(path, init = {}) {
	const response = await fetch(base + path, {
		...init,
		headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }
	});
	return response;
}

/** The stack's admin (ADMIN_EMAIL / ADMIN_PASSWORD of .local/test/env) gives `id` a role. */
async function grantRole(id, role) {
	const login = await json('/api/v1/auth/login', {
		method: 'POST',
		body: JSON.stringify({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD })
	});
	if (!login.ok) throw new Error(`admin login: ${login.status} ${await login.text()}`);
	const { csrf_token } = await login.json();
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const granted = await json(`/api/v1/admin/users/${id}/role`, {
		method: 'PUT',
		headers: { cookie, 'x-csrf-token': csrf_token },
		body: JSON.stringify({ role })
	});
	if (!granted.ok) throw new Error(`role: ${granted.status} ${await granted.text()}`);
}

/** A confirmed account (with `role`), logged in: its session cookie. */
async function signedInCookie(role = 'user') {
	const email = `bench.${role}.${Date.now().toString(36)}@example.com`;
	const password = 'Baobab-Lagune-Tamtam-92';
	const versions = await (await json('/api/v1/auth/consents/versions')).json();
	const registered = await json('/api/v1/auth/register', {
		method: 'POST',
		body: JSON.stringify({
			email,
			password,
			first_name: 'Awa',
			last_name: 'Bench',
			date_of_birth: '1995-05-05',
			accepted_terms_version: versions.terms
		})
	});
	if (!registered.ok) throw new Error(`register: ${registered.status} ${await registered.text()}`);
	const outbox = process.env.OUTBOX_DIR;
	let token = null;
	for (let i = 0; i < 50 && !token; i++) {
		for (const name of (await readdir(outbox).catch(() => [])).sort()) {
			const raw = await readFile(join(outbox, name), 'utf8');
			if (!raw.includes(email)) continue;
			const match = /\/confirm#token=([A-Za-z0-9_\-=]+)/.exec(raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
			if (match) token = match[1];
		}
		if (!token) await new Promise((r) => setTimeout(r, 200));
	}
	if (!token) throw new Error('no confirmation mail');
	const confirmed = await json('/api/v1/auth/confirm', { method: 'POST', body: JSON.stringify({ token }) });
	if (!confirmed.ok) throw new Error(`confirm: ${confirmed.status}`);
	if (role !== 'user') {
		const { user } = await (await json('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) })).json();
		await grantRole(user.id, role);
	}
	const login = await json('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
	if (!login.ok) throw new Error(`login: ${login.status}`);
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	return cookie;
}

/** What a first visit (empty cache) transfers, by kind, in bytes as received. */
async function firstVisit(browser, route, cookie) {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	if (cookie) {
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: base }]);
	}
	const page = await context.newPage();
	const responses = [];
	page.on('requestfinished', (request) => responses.push(request));
	await page.goto(base + route, { waitUntil: 'networkidle' });
	// Bodies as sent (compressed); headers apart: HTTP/1.1 here repeats them in full on every
	// request, where CloudFront's HTTP/2 and 3 compress repeated headers to a few bytes.
	const totals = { script: 0, stylesheet: 0, document: 0, other: 0, headers: 0, requests: 0 };
	for (const request of responses) {
		const sizes = await request.sizes();
		const kind = request.resourceType();
		const key = kind === 'script' || kind === 'stylesheet' || kind === 'document' ? kind : 'other';
		totals[key] += sizes.responseBodySize;
		totals.headers += sizes.responseHeadersSize;
		totals.requests += 1;
		// BENCH_FILES=1 lists the code a first visit fetched (to find what a page need not load).
		if (process.env.BENCH_FILES && (kind === 'script' || kind === 'stylesheet')) console.log(`  ${String(sizes.responseBodySize).padStart(6)} ${request.url().replace(base, '')}`);
	}
	await context.close();
	return totals;
}

async function lighthouse(origin, route, cookie) {
	const dir = await mkdtemp(join(tmpdir(), 'lh-'));
	const args = [
		origin + route,
		'--output=json',
		`--output-path=${join(dir, 'report.json')}`,
		'--quiet',
		'--only-categories=performance,accessibility',
		`--chrome-flags=${flags.join(' ')} --ignore-certificate-errors --user-data-dir=${join(dir, 'profile')}`
	];
	if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
	await run('npx', ['lighthouse', ...args], { env: { ...process.env, CHROME_PATH: chromePath }, maxBuffer: 1 << 26 });
	const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
	if (process.env.KEEP_REPORTS) {
		const element = report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
		console.log(`report: ${join(dir, 'report.json')}  LCP element: ${element?.snippet ?? '?'}`);
	}
	return {
		performance: Math.round(report.categories.performance.score * 100),
		accessibility: Math.round(report.categories.accessibility.score * 100),
		lcp: report.audits['largest-contentful-paint'].numericValue / 1000
	};
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

const cookie = await signedInCookie();
const staffCookie = await signedInCookie('recruiter');
const browser = await chromium.launch({ executablePath: chromePath, args: flags });
const front = await h2Front(base);
const rows = [];
// BENCH_ROUTES="/me /login" measures only those (while working on one page).
const only = process.env.BENCH_ROUTES?.split(/\s+/).filter(Boolean);
for (const route of [...PUBLIC_ROUTES, ...ACCOUNT_ROUTES, ...STAFF_ROUTES].filter((r) => !only || only.includes(r))) {
	const as = STAFF_ROUTES.includes(route) ? staffCookie : ACCOUNT_ROUTES.includes(route) ? cookie : null;
	const bytes = await firstVisit(browser, route, as);
	const scores = await lighthouse(front.origin, route, as);
	const overHttp1 = await lighthouse(base, route, as);
	rows.push({ route, bytes, scores, overHttp1 });
	const code = bytes.script + bytes.stylesheet;
	console.log(
		`${route.padEnd(12)} JS+CSS ${kb(code).padStart(6)} KB (budget ${BUDGET_KB} KB, ${code <= BUDGET_KB * 1024 ? 'ok' : 'OVER'})` +
			`  page ${kb(bytes.document).padStart(5)} KB  all ${kb(code + bytes.document + bytes.other).padStart(6)} KB` +
			` (${bytes.requests} requests, + ${kb(bytes.headers)} KB of HTTP/1.1 headers)` +
			`  Lighthouse over HTTP/2 perf ${scores.performance} a11y ${scores.accessibility} (budget 95)  LCP ${scores.lcp.toFixed(2)} s (budget 2.0 s)` +
			`; over the dev server's HTTP/1.1 perf ${overHttp1.performance} LCP ${overHttp1.lcp.toFixed(2)} s`
	);
}
await browser.close();
await front.close();
console.log('\nanchor (FRONTEND.md): a small SvelteKit SPA of this stack, 33 KiB in all with brotli, performance 99, LCP 1.8 s');
