import { describe, expect, it } from 'vitest';
import { changes, draftOf, sameTalents, type Profile } from './draft';

const profile = {
	id: 1,
	unique_code: 'ABCDEFGH',
	email: 'awa@example.sn',
	first_name: 'Awa',
	last_name: 'Diop',
	gender: 'female',
	date_of_birth: '1995-04-02',
	nationality: 'SN',
	country: { code: 'SN', name_fr: 'Sénégal', name_en: 'Senegal' },
	city: { id: 7, name: 'Dakar' },
	phone: '+221771234567',
	whatsapp: null,
	address: null,
	preferred_language: 'fr',
	profile_public: false,
	talents: [{ id: 3, name: 'Danse', name_en: 'Dance', emoji: '💃', category: 'dance' }],
	role: 'user',
	account_active: true,
	created_at: '2026-01-01T00:00:00Z',
	updated_at: '2026-01-01T00:00:00Z'
} as unknown as Profile;

describe("one's own profile form", () => {
	it('changes nothing when nothing was edited', () => {
		expect(changes(draftOf(profile, 'en'), profile)).toEqual({});
	});

	it('sends only what differs; an emptied field clears it, spaces trimmed', () => {
		const draft = { ...draftOf(profile, 'fr'), first_name: ' Awa ', phone: '  ', whatsapp: ' +221 78 000 11 22 ', profile_public: true };
		expect(changes(draft, profile)).toEqual({ phone: null, whatsapp: '+221 78 000 11 22', profile_public: true });
	});

	it('a new country carries its city, so the API checks them together', () => {
		const draft = { ...draftOf(profile, 'fr'), country: 'CI', city_id: '7' };
		expect(changes(draft, profile)).toEqual({ country: 'CI', city_id: 7 });
		expect(changes({ ...draftOf(profile, 'fr'), country: '', city_id: '' }, profile)).toEqual({ country: null, city_id: null });
	});

	it('compares the talents chosen, in any order', () => {
		expect(sameTalents(profile, [3])).toBe(true);
		expect(sameTalents(profile, [3, 4])).toBe(false);
		expect(sameTalents(profile, [])).toBe(false);
	});
});
