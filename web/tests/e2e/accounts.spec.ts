// Every account flow through the browser, against the real stack: registration and its mail,
// confirmation, login (and its refusals), password change, reset and invitation links,
// unsubscribe, the legal pages and the language switch. Messages are asserted where they
// land: at their field (`#field-<name>-error`) or in the form's banner (role="alert").
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, snapshot, STRONG_PASSWORD, test, uniqueEmail } from './support/fixtures';
import { linkIn, waitForMail } from './support/outbox';

// A French browser (the app starts in French whatever the browser prefers; see locale.svelte.ts).
test.use({ locale: 'fr-FR' });

const fieldError = (page: Page, field: string) => page.locator(`#field-${field}-error`);
const banner = (page: Page) => page.locator('.banner.error[role="alert"]');
const success = (page: Page) => page.locator('.banner.ok');

/** A birth date `years` years ago, minus `days` days (local calendar). */
function bornYearsAgo(years: number, days = 0): string {
	const d = new Date();
	d.setFullYear(d.getFullYear() - years);
	d.setDate(d.getDate() - days);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Person {
	email: string;
	firstName: string;
	lastName: string;
	dateOfBirth: string;
	password: string;
}

function person(label: string, overrides: Partial<Person> = {}): Person {
	return {
		email: uniqueEmail(label),
		firstName: 'Aminata',
		lastName: 'Diallo',
		dateOfBirth: '1996-04-12',
		password: STRONG_PASSWORD,
		...overrides
	};
}

async function fillRegistration(page: Page, p: Person, consent = true) {
	const form = page.locator('form');
	await form.getByLabel(/^(Adresse e-mail|Email address)$/).fill(p.email);
	await form.getByLabel(/^(Prénom|First name)$/).fill(p.firstName);
	await form.getByLabel(/^(Nom|Last name)$/).fill(p.lastName);
	await form.getByLabel(/^(Date de naissance|Date of birth)$/).fill(p.dateOfBirth);
	await form.getByLabel(/^(Mot de passe|Password)$/).fill(p.password);
	const box = form.getByRole('checkbox', { name: /conditions d'utilisation|terms of use/ });
	if (consent) await box.check();
	else await box.uncheck();
}

/** An account made through the API (the UI's own registration is tested on its own). */
async function registerByApi(request: APIRequestContext, p: Person) {
	const versions = await (await request.get('/api/v1/auth/consents/versions')).json();
	const answer = await request.post('/api/v1/auth/register', {
		data: {
			email: p.email,
			password: p.password,
			first_name: p.firstName,
			last_name: p.lastName,
			date_of_birth: p.dateOfBirth,
			preferred_language: 'fr',
			accepted_terms_version: versions.terms
		}
	});
	expect(answer.status()).toBe(202);
}

async function confirmByApi(request: APIRequestContext, p: Person) {
	const link = linkIn(await waitForMail(p.email, 1), '/confirm');
	const token = new URLSearchParams(link.hash.slice(1)).get('token');
	expect((await request.post('/api/v1/auth/confirm', { data: { token } })).status()).toBe(200);
}

async function logIn(page: Page, email: string, password: string) {
	const form = page.locator('form');
	await form.getByLabel(/^(Adresse e-mail|Email address)$/).fill(email);
	await form.getByLabel(/^(Mot de passe|Password)$/).fill(password);
	await form.getByRole('button', { name: /^(Se connecter|Log in)$/ }).click();
}

test('a person registers, confirms from the mail, logs in, changes password and logs out', async ({
	page,
	visit
}, testInfo) => {
	const p = person('journey');
	await visit('/register');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer mon compte');
	// The age rule and the server's password rules are explained before anything is typed.
	await expect(page.getByText('Il faut avoir 18 ans ou plus pour détenir un compte.', { exact: false })).toBeVisible();
	await expect(page.getByText('10 à 256 caractères')).toBeVisible();
	await expect(page.getByText("c'est lui qui a le dernier mot", { exact: false })).toBeVisible();
	// The consent names the version it records, read from the API.
	await expect(page.locator('#field-consent-links')).toContainText('version 2026-11');
	await snapshot(page, testInfo, 'register');

	await fillRegistration(page, p);
	await expect(page.getByTestId('password-strength')).toHaveText(/Solidité estimée : (bonne|très bonne)/);
	await expect(page.getByTestId('password-verdict')).toHaveText('✓ Ce mot de passe respecte toutes les règles.');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();

	await expect(page).toHaveURL(/\/register\/check-mail$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifiez votre boîte mail');
	await expect(page.getByTestId('check-mail-body')).toContainText(p.email);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Renvoyer le lien' }).click();
	await expect(success(page)).toHaveText(/un nouveau lien vient de lui être envoyé/);

	const mail = await waitForMail(p.email, 1);
	const link = linkIn(mail, '/confirm');
	await visit(link.pathname + link.hash);
	await expect(success(page)).toHaveText('Votre adresse est confirmée : votre compte est actif.');
	// The token left the address bar (and the history).
	await expect(page).toHaveURL(/\/confirm$/);

	// The same link a second time (opened from the mail again, in a new page): used.
	await page.goto('about:blank');
	await visit(link.pathname + link.hash);
	await expect(banner(page)).toHaveText('Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.');
	await expect(page.getByRole('button', { name: 'Renvoyer le lien de confirmation' })).toBeVisible();

	await visit('/login');
	await logIn(page, p.email, p.password);
	await expect(page).toHaveURL(/\/me$/);

	await visit('/me/security');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sécurité du compte');
	const next = 'Kora-Fleuve-Manguier-57';
	await page.getByLabel('Mot de passe actuel').fill(p.password);
	await page.getByLabel('Nouveau mot de passe').fill(next);
	await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
	await expect(success(page)).toHaveText('Mot de passe changé. Aucune autre session n\'était ouverte.');

	await page.locator('main').getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await expectAccessible(page);

	// The new password is the one that works now.
	await logIn(page, p.email, next);
	await expect(page).toHaveURL(/\/me$/);
});

test('an address that already has an account gets the very same answer', async ({ page, request, visit }) => {
	const p = person('twice');
	await registerByApi(request, p);
	await visit('/register');
	await fillRegistration(page, { ...p, firstName: 'Awa' });
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page).toHaveURL(/\/register\/check-mail$/);
	await expect(page.getByTestId('check-mail-body')).toContainText(p.email);
});

test('registration refuses bad inputs at their fields, in French', async ({ page, visit }) => {
	await visit('/register');
	const submit = page.getByRole('button', { name: 'Créer mon compte' });

	// Missing consent.
	await fillRegistration(page, person('consent'), false);
	await submit.click();
	await expect(fieldError(page, 'consent')).toHaveText('Votre accord est nécessaire pour continuer.');
	await expect(banner(page)).toHaveText('Certains champs sont à corriger.');
	await expect(page.getByRole('checkbox', { name: /j'accepte/ })).toBeFocused();
	await expectAccessible(page);

	// Short password.
	await fillRegistration(page, person('short', { password: 'Kora-92' }));
	await submit.click();
	await expect(fieldError(page, 'password')).toHaveText('Au moins 10 caractères.');
	await expect(fieldError(page, 'consent')).toHaveCount(0);

	// A password holding the person's name.
	await fillRegistration(page, person('named', { password: 'Lagune-Diallo-Tamtam-92' }));
	await expect(page.locator('.rules li.unmet')).toContainText('sans votre prénom');
	await submit.click();
	await expect(fieldError(page, 'password')).toHaveText(
		'Le mot de passe ne doit contenir ni votre nom ni votre e-mail.'
	);

	// Under 18 (a day short of the 18th birthday).
	await fillRegistration(page, person('young', { dateOfBirth: bornYearsAgo(18, -1) }));
	await submit.click();
	await expect(fieldError(page, 'date_of_birth')).toHaveText(
		'Il faut avoir au moins 18 ans pour créer un compte.'
	);
	await expect(fieldError(page, 'password')).toHaveCount(0);

	// Long enough and impersonal, but easy to guess: the server's check says so while typing
	// (the same zxcvbn verdict registration gives), and registration refuses it.
	await fillRegistration(page, person('weak', { password: 'password123' }));
	await expect(page.getByTestId('password-strength')).toHaveText(/Solidité estimée : (très faible|faible)/);
	await expect(page.getByTestId('password-verdict')).toHaveText(/^✗ Ce mot de passe ne sera pas accepté/);
	await submit.click();
	await expect(fieldError(page, 'password')).toHaveText(
		'Mot de passe trop facile à deviner : ajoutez des mots ou des caractères.'
	);
	await expect(page).toHaveURL(/\/register$/);
});

test('registration refuses bad inputs in English after switching language', async ({ page, visit }) => {
	await visit('/register');
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create my account');
	await expect(page.getByText('We will write to you in English', { exact: false })).toBeVisible();
	const submit = page.getByRole('button', { name: 'Create my account' });

	await fillRegistration(page, person('en-consent'), false);
	await submit.click();
	await expect(fieldError(page, 'consent')).toHaveText('Your consent is needed to go on.');
	await expect(banner(page)).toHaveText('Some fields need correcting.');

	await fillRegistration(page, person('en-short', { password: 'Kora-92' }));
	await submit.click();
	await expect(fieldError(page, 'password')).toHaveText('At least 10 characters.');

	await fillRegistration(page, person('en-young', { dateOfBirth: bornYearsAgo(17) }));
	await submit.click();
	await expect(fieldError(page, 'date_of_birth')).toHaveText('You must be at least 18 to create an account.');
	await expectAccessible(page);

	// Registering in English records English as the account's language.
	const p = person('en-ok');
	await fillRegistration(page, p);
	await submit.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your mail');
	const mail = await waitForMail(p.email, 1);
	expect(mail.text).toMatch(/confirm/i);
});

test('login: unconfirmed account, wrong password, then the lock and its countdown', async ({
	page,
	request,
	visit
}) => {
	const p = person('locked');
	await registerByApi(request, p);
	await visit('/login');
	const submit = page.locator('form').getByRole('button', { name: 'Se connecter' });

	// The right password of an account not confirmed yet.
	await logIn(page, p.email, p.password);
	await expect(banner(page)).toHaveText(
		"Confirmez d'abord votre adresse : suivez le lien reçu par e-mail, ou demandez-en un nouveau."
	);
	await page.getByRole('button', { name: 'Renvoyer le lien de confirmation' }).click();
	await expect(success(page)).toHaveText(/un nouveau lien vient de lui être envoyé/);
	await waitForMail(p.email, 2);

	// Five wrong passwords lock the account for 30 s.
	for (let i = 0; i < 5; i += 1) {
		await logIn(page, p.email, `Wrong-Password-${i}-xyz`);
		await expect(banner(page)).toHaveText('E-mail ou mot de passe incorrect.');
		await expect(submit).toBeEnabled();
	}
	await expectAccessible(page);
	await logIn(page, p.email, p.password);
	await expect(banner(page)).toHaveText(/^Trop de tentatives\. Réessayez dans \d+ s\.$/);
	await expect(submit).toBeDisabled();
	const first = Number(/(\d+) s/.exec((await banner(page).textContent()) ?? '')?.[1]);
	expect(first).toBeGreaterThan(0);
	expect(first).toBeLessThanOrEqual(30);
	// It counts down live.
	await expect(banner(page)).not.toHaveText(`Trop de tentatives. Réessayez dans ${first} s.`, { timeout: 3000 });
	await expect(submit).toBeDisabled();
});

test('login in English: a wrong password, and ?next= only to this site', async ({ page, request, visit }) => {
	const p = person('next');
	await registerByApi(request, p);
	await confirmByApi(request, p);

	await visit('/login?next=%2F%2Fevil.example%2Fme');
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
	await logIn(page, p.email, 'Not-My-Password-42');
	await expect(banner(page)).toHaveText('Wrong email or password.');
	await expectAccessible(page);
	await logIn(page, p.email, p.password);
	// `//evil.example/me` is another site: the person lands on their own page instead.
	await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/me$/);

	await page.context().clearCookies();
	await visit('/login?next=%2Fme%2Fsecurity');
	await logIn(page, p.email, p.password);
	await expect(page).toHaveURL(/\/me\/security$/);
	// Once signed in, the account's own language (French, chosen at registration) takes over.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sécurité du compte');
});

test('forgot and reset password, the reset link used twice, an invalid invitation link', async ({
	page,
	request,
	visit
}) => {
	const p = person('reset');
	await registerByApi(request, p);
	await confirmByApi(request, p);

	await visit('/login');
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await expect(page).toHaveURL(/\/forgot-password$/);
	await expectAccessible(page);
	await page.getByLabel('Adresse e-mail').fill(p.email);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(success(page)).toContainText(`Si un compte existe à l'adresse ${p.email}`);

	// An unknown address gets the same words.
	const nobody = uniqueEmail('nobody');
	await page.getByLabel('Adresse e-mail').fill(nobody);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(success(page)).toContainText(`Si un compte existe à l'adresse ${nobody}`);

	const link = linkIn(await waitForMail(p.email, 2), '/reset-password');
	await visit(link.pathname + link.hash);
	await expect(page).toHaveURL(/\/reset-password$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau mot de passe');
	const field = page.getByLabel('Nouveau mot de passe');
	await field.fill('court');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(fieldError(page, 'password')).toHaveText('Au moins 10 caractères.');
	const fresh = 'Savane-Pirogue-Griot-38';
	await field.fill(fresh);
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(success(page)).toHaveText(/Votre mot de passe est changé/);

	// The same link again, in the same tab (only the fragment changes): used.
	await visit(link.pathname + link.hash);
	await page.getByLabel('Nouveau mot de passe').fill('Baobab-Colline-Marche-71');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(banner(page)).toHaveText('Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.');
	await expect(page.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute(
		'href',
		'/forgot-password'
	);
	await expectAccessible(page);

	await visit('/login');
	await logIn(page, p.email, fresh);
	await expect(page).toHaveURL(/\/me$/);

	// An invitation link that is not (or no longer) valid.
	await visit('/set-password#token=tlk_not-a-real-token');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choisissez votre mot de passe');
	await page.getByLabel('Votre mot de passe').fill('Baobab-Colline-Marche-71');
	await page.getByRole('button', { name: 'Choisir ce mot de passe' }).click();
	await expect(banner(page)).toHaveText('Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.');

	// A link without its token.
	await visit('/reset-password');
	await expect(banner(page)).toHaveText(/Ce lien est incomplet/);
});

test('an invalid unsubscribe link says so', async ({ page, visit }) => {
	await visit('/unsubscribe#token=not-a-token');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Désinscription');
	await expect(banner(page)).toHaveText("Ce lien de désinscription n'est pas valide.");
	await expect(page).toHaveURL(/\/unsubscribe$/);
});

test('the terms and the privacy policy show the versions in force', async ({ page, request, visit }) => {
	const versions = await (await request.get('/api/v1/auth/consents/versions')).json();
	await visit('/terms');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Conditions d'utilisation");
	await expect(page.getByTestId('version-terms')).toHaveText(versions.terms);
	await expect(page.getByTestId('version-privacy')).toHaveText(versions.privacy);
	await expect(page.getByTestId('version-sensitive')).toHaveText(versions.sensitive_categories);

	await visit('/privacy');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Politique de confidentialité');
	await expect(page.getByTestId('version-privacy')).toHaveText(versions.privacy);
	for (const heading of ['Ce que nous recueillons', 'Qui voit quoi', 'Catégories sensibles', 'Vos droits']) {
		await expect(page.getByRole('heading', { name: heading })).toBeVisible();
	}
	await expect(page.getByText('ne figurent jamais dans un export', { exact: false })).toBeVisible();
});

test('the language switch on the landing and login pages is remembered', async ({ page, visit }, testInfo) => {
	for (const [path, fr, en] of [
		['/', 'Faites-vous repérer. Trouvez vos talents.', 'Get discovered. Find your talent.'],
		['/login', 'Se connecter', 'Log in']
	] as const) {
		await visit(path);
		const title = page.getByRole('heading', { level: 1 });
		await expect(title).toHaveText(fr);
		await snapshot(page, testInfo, path === '/' ? 'landing' : 'login');
		await page.getByRole('button', { name: 'Switch to English' }).click();
		await expect(title).toHaveText(en);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.reload();
		await expect(title).toHaveText(en);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Passer en français' }).click();
		await expect(title).toHaveText(fr);
		await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	}
});
