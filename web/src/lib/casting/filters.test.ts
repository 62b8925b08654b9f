import { describe, expect, it } from 'vitest';
import { castingHref, filterParams, isFiltered, onPage, parseCasting, savedQuery } from './filters';

const parse = (query: string) => parseCasting(new URLSearchParams(query));

describe('the casting search in the URL', () => {
	it('reads every filter and the sort of GET /api/v1/cinema/talents', () => {
		expect(
			parse(
				'q=Awa&talent_types=lead_actor,dancer&gender=female&age_min=18&age_max=30&country=SN&city_id=7&languages=wo,fr' +
					'&min_experience=2&height_min=160&height_max=185&eye_color=dark_brown&hair_color=black&hair_type=braids' +
					'&build=athletic&skin_tone=dark&ethnicity=Wolof&include_inactive=true&sort=height&page=2&per_page=50'
			)
		).toEqual({
			q: 'Awa',
			talent_types: 'lead_actor,dancer',
			gender: 'female',
			age_min: 18,
			age_max: 30,
			country: 'SN',
			city_id: 7,
			languages: 'wo,fr',
			min_experience: 2,
			height_min: 160,
			height_max: 185,
			eye_color: 'dark_brown',
			hair_color: 'black',
			hair_type: 'braids',
			build: 'athletic',
			skin_tone: 'dark',
			ethnicity: 'Wolof',
			include_inactive: true,
			sort: 'height',
			page: 2,
			per_page: 50
		});
	});

	it('drops unknown names, malformed values and defaults', () => {
		expect(parse('utm=x&sort=name&sort2=age&include_inactive=yes&languages=,,&gender=robot&page=1&per_page=20')).toEqual({});
		expect(parse('sort=shoe_size&city_id=-3&eye_color=bl%20ue')).toEqual({});
		// Repeated or empty codes in a list are dropped, the order kept.
		expect(parse('languages=wo,,fr,wo')).toEqual({ languages: 'wo,fr' });
	});

	it('keeps a height out of range, for the API to name at its field', () => {
		expect(parse('height_min=999')).toEqual({ height_min: 999 });
	});

	it('writes one address per search; pages keep the filters', () => {
		const query = parse('page=3&sort=age&languages=fr&gender=male');
		expect(castingHref(query)).toBe('/casting?gender=male&languages=fr&sort=age&page=3');
		expect(castingHref(onPage(query, 1))).toBe('/casting?gender=male&languages=fr&sort=age');
		expect(castingHref({})).toBe('/casting');
	});

	it('a saved search carries the filters and sort, not the page, and reads back the same', () => {
		const query = parse('talent_types=dancer&sort=recent&page=4&per_page=100');
		expect(filterParams(query)).toBe('talent_types=dancer&sort=recent');
		expect(savedQuery(filterParams(query))).toEqual({ talent_types: 'dancer', sort: 'recent' });
		expect(isFiltered(parse('page=2&per_page=50'))).toBe(false);
		expect(isFiltered(parse('sort=age'))).toBe(true);
	});
});
