import { describe, expect, it } from 'vitest';
import { ageRange, castingRows, peopleRows } from './breakdowns';

describe('the dashboard breakdowns', () => {
	it('reads the age bands the API answers', () => {
		expect(ageRange('18-24')).toEqual({ age_min: 18, age_max: 24 });
		expect(ageRange('55+')).toEqual({ age_min: 55 });
		expect(ageRange('unknown')).toBeNull();
	});

	it('links each bar to the list of what it counts, with that filter', () => {
		const talents = new Map([['acting', 12]]);
		expect(peopleRows.byTalent([{ key: 'acting', name_fr: 'Comédie', name_en: 'Acting', count: 3 }], talents)).toEqual([
			{ key: 'acting', label: 'Comédie', count: 3, href: '/people?talent_id=12' }
		]);
		// A talent the catalogue no longer lists has no list to open.
		expect(peopleRows.byTalent([{ key: 'gone', count: 1 }], talents)[0]!.href).toBeNull();
		expect(peopleRows.byAgeBand([{ key: '25-34', count: 2 }])[0]!.href).toBe('/people?age_min=25&age_max=34');
		expect(peopleRows.byAgeBand([{ key: 'unknown', count: 2 }])[0]!.href).toBeNull();
		expect(peopleRows.byCountry([{ key: 'SN', name_fr: 'Sénégal', name_en: 'Senegal', count: 5 }])[0]!.href).toBe('/people?country=SN');
		expect(castingRows.byType([{ key: 'extra', count: 7 }])[0]!.href).toBe('/casting?talent_types=extra');
		expect(castingRows.byGender([{ key: 'female', count: 7 }])[0]!.href).toBe('/casting?gender=female');
	});

	it('counts those who did not say without a list to open', () => {
		for (const rows of [peopleRows.byCountry([{ key: 'unknown', count: 4 }]), castingRows.byGender([{ key: 'unknown', count: 4 }])]) {
			expect(rows[0]).toMatchObject({ label: 'Non renseigné', count: 4, href: null });
		}
	});
});
