import { describe, expect, it } from 'vitest';
import { criteriaOf, draftOf, numberOrNull, resultHref, wordList } from './match';

describe('match helpers', () => {
	it('reads a typed list of words', () => {
		expect(wordList(' wolof, , french ,mandinka')).toEqual(['wolof', 'french', 'mandinka']);
		expect(wordList('a,b,c', 2)).toEqual(['a', 'b']);
	});

	it('reads a number field', () => {
		expect(numberOrNull('')).toBeNull();
		expect(numberOrNull(' 25 ')).toBe(25);
		expect(numberOrNull('abc')).toBeNull();
		expect(numberOrNull(30.7)).toBe(30);
	});

	it('links each kind of result to its page', () => {
		const base = { id: 7, unique_code: 'X', display_name: 'A', score: 1, met: [], lacks: [], matched_words: [] };
		expect(resultHref({ ...base, kind: 'people' })).toBe('/people/7');
		expect(resultHref({ ...base, kind: 'cinema' })).toBe('/casting/7');
	});
});

describe('criteria drafts', () => {
	it('round-trips the criteria the server read', () => {
		const criteria = {
			age_min: 25,
			age_max: 35,
			gender: 'female' as const,
			height_min_cm: null,
			height_max_cm: null,
			min_years_experience: 2,
			languages: ['wo', 'fr'],
			keywords: ['comédienne'],
			country: 'SN',
			city_id: 12,
			talent_ids: [3, 4]
		};
		expect(criteriaOf(draftOf(criteria))).toEqual(criteria);
	});

	it('leaves an emptied field as any', () => {
		const draft = draftOf({ age_min: 20, languages: ['fr'], talent_ids: [], keywords: [] });
		draft.age_min = ' ';
		draft.languages = 'FR, Wo';
		const criteria = criteriaOf(draft);
		expect(criteria.age_min).toBeNull();
		expect(criteria.languages).toEqual(['fr', 'wo']);
	});
});
