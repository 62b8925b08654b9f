import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '$lib/api/client';
import { applyLocale } from '$lib/i18n/locale.svelte';
import { loadProblemWords } from '$lib/i18n/problems.svelte';
import { FormState } from './form.svelte';

// applyLocale marks the page's language; vitest runs without a DOM.
globalThis.document ??= { documentElement: {} } as Document;

const refusal = () =>
	new ApiError(
		422,
		{
			type: 'about:blank',
			title: 'Validation',
			status: 422,
			code: 'validation_failed',
			detail: '',
			errors: [
				{ field: 'height', code: 'too_large', max: 260, message: 'too large' },
				{ field: 'height', code: 'invalid', message: 'invalid' }
			]
		},
		null
	);

describe('FormState', () => {
	afterEach(() => applyLocale('fr'));

	// First: the sentences are fetched once per visit, and stay.
	it('words a problem by its status, and a field generically, until the sentences came', async () => {
		const form = new FormState();
		await form.run(() => Promise.reject(refusal()));
		expect(form.banner).toBe("Quelque chose n'a pas fonctionné. Réessayez dans un instant.");
		expect(form.fields).toEqual({ height: 'Valeur non valide.' });
		await loadProblemWords();
		expect(form.banner).toBe('Certains champs sont à corriger.');
		expect(form.fields).toEqual({ height: 'La valeur maximale est 260.' });
	});

	it('puts the first problem of each field at it, re-worded when the language changes', async () => {
		const form = new FormState();
		expect(await form.run(() => Promise.reject(refusal()))).toBe(false);
		expect(form.fields).toEqual({ height: 'La valeur maximale est 260.' });
		const french = form.banner;
		expect(french).toBeTruthy();
		applyLocale('en');
		expect(form.fields.height).not.toBe('La valeur maximale est 260.');
		expect(form.fields.height).toContain('260');
		expect(form.banner).not.toBe(french);
	});

	it("keeps a page's own words until the next attempt", async () => {
		const form = new FormState();
		await form.run(() => Promise.reject(refusal()));
		form.fields = { name: 'Mine' };
		form.banner = null;
		expect(form.fields).toEqual({ name: 'Mine' });
		expect(form.banner).toBeNull();
		expect(await form.run(() => Promise.resolve())).toBe(true);
		expect(form.fields).toEqual({});
	});
});
