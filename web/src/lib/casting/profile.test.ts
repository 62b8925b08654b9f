import { describe, expect, it } from 'vitest';
import { bodyOf, changes, creation, draftOf, socialError, socialLinks, socialRows, withConsents } from './profile';
import type { CastingTalent } from './talents';

const talent: CastingTalent = {
	id: 7,
	unique_code: 'CIN-7',
	first_name: 'Awa',
	last_name: 'Ndiaye',
	gender: 'female',
	date_of_birth: '1999-04-02',
	nationality: 'SN',
	country: { code: 'SN', name_fr: 'Sénégal', name_en: 'Senegal' },
	city: { id: 12, name: 'Dakar' },
	languages_spoken: ['fr', 'wo'],
	years_of_experience: 3,
	talent_types: ['lead_actor'],
	height: 170,
	social_links: { instagram: 'https://instagram.com/awa' },
	skin_tone: 'deep',
	ethnicities: ['Wolof', 'Peul'],
	id_document_type: null,
	consents: ['skin_tone', 'ethnicity'],
	consent_records: [],
	gallery_urls: [],
	is_active: true,
	created_at: '2026-11-01T10:00:00Z',
	updated_at: '2026-11-02T10:00:00Z'
};

describe('social links', () => {
	it('turn into rows and back', () => {
		const rows = socialRows({ instagram: 'https://i.example/a', tiktok: 'https://t.example/a' });
		expect(rows).toEqual([
			{ network: 'instagram', url: 'https://i.example/a' },
			{ network: 'tiktok', url: 'https://t.example/a' }
		]);
		expect(socialLinks(rows)).toEqual({ instagram: 'https://i.example/a', tiktok: 'https://t.example/a' });
	});
	it('leave out a half-filled row and trim the others', () => {
		expect(socialLinks([{ network: ' x ', url: ' https://x.example ' }, { network: '', url: 'https://y.example' }, { network: 'z', url: '' }])).toEqual({
			x: 'https://x.example'
		});
	});
	it('find their field error, named whole or by network', () => {
		expect(socialError({ 'social_links.instagram': 'Bad' })).toBe('Bad');
		expect(socialError({ social_links: 'Too many' })).toBe('Too many');
		expect(socialError({ first_name: 'x' })).toBeNull();
	});
});

describe('the body', () => {
	it('round-trips a profile unchanged', () => {
		expect(changes(bodyOf(draftOf(talent)), bodyOf(draftOf(talent)))).toEqual({});
	});
	it('sends only what changed, null to clear', () => {
		const draft = draftOf(talent);
		draft.height = 182;
		draft.city_id = '';
		draft.languages_spoken = ['fr'];
		draft.other_talents = '  chant ';
		expect(changes(bodyOf(draftOf(talent)), bodyOf(draft))).toEqual({
			height: 182,
			city_id: null,
			languages_spoken: ['fr'],
			other_talents: 'chant'
		});
	});
	it('reads number inputs as numbers, whatever the binding gave', () => {
		const draft = draftOf(null);
		draft.height = '175';
		draft.years_of_experience = null;
		expect(bodyOf(draft).height).toBe(175);
		expect(bodyOf(draft).years_of_experience).toBeNull();
	});
	it('keeps one ethnicity a line', () => {
		const draft = draftOf(talent);
		draft.ethnicities = 'Wolof\n\n Sérère \n';
		expect(bodyOf(draft).ethnicities).toEqual(['Wolof', 'Sérère']);
	});
	it('sends a new profile only what was filled in, names always', () => {
		const draft = draftOf(null);
		draft.first_name = ' Moussa ';
		draft.talent_types = ['extra'];
		expect(creation(bodyOf(draft))).toEqual({ first_name: 'Moussa', last_name: '', talent_types: ['extra'] });
	});
});

describe('consents', () => {
	const body = { skin_tone: 'deep', ethnicities: ['Wolof'], id_document_type: 'passport', id_document_number: 'A1234', height: 170 };
	it('leave out the fields of a category without consent', () => {
		expect(withConsents(body, ['skin_tone'], [])).toEqual({ skin_tone: 'deep', height: 170 });
	});
	it('send the consents being recorded with their fields', () => {
		expect(withConsents(body, [], ['id_document'])).toEqual({
			id_document_type: 'passport',
			id_document_number: 'A1234',
			height: 170,
			consents: ['id_document']
		});
	});
});
