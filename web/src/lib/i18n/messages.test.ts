// Every string of the app exists in French and in English, with the same parameters.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../messages');
const groups = readdirSync(root);

function load(group: string, locale: string): Record<string, string> {
	const messages = JSON.parse(readFileSync(join(root, group, `${locale}.json`), 'utf8'));
	delete messages.$schema;
	return messages;
}

const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(groups)('messages/%s', (group) => {
	const fr = load(group, 'fr');
	const en = load(group, 'en');

	it('has the same keys in French and English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
	});

	it('uses the same parameters in both languages', () => {
		for (const key of Object.keys(fr)) {
			expect(parameters(en[key] ?? ''), key).toEqual(parameters(fr[key]!));
		}
	});

	it('has no empty message', () => {
		for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) {
			expect(text.trim(), key).not.toBe('');
		}
	});
});

it('keeps each key in one group only', () => {
	const seen = new Map<string, string>();
	for (const group of groups) {
		for (const key of Object.keys(load(group, 'fr'))) {
			expect(seen.get(key), `${key} is in ${seen.get(key)} and ${group}`).toBeUndefined();
			seen.set(key, group);
		}
	}
});
