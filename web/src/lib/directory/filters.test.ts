import { describe, expect, it } from 'vitest';
import { exportParams, isFiltered, onPage, parseSearch, searchParams } from './filters';

const parse = (query: string) => parseSearch(new URLSearchParams(query));

describe('the directory search in the URL', () => {
	it('reads every filter of GET /api/v1/users', () => {
		expect(
			parse('q=Awa+Diop&category=cinema&talent_id=12&country=SN&city_id=7&gender=female&age_min=18&age_max=30&page=3&per_page=50')
		).toEqual({
			q: 'Awa Diop',
			category: 'cinema',
			talent_id: 12,
			country: 'SN',
			city_id: 7,
			gender: 'female',
			age_min: 18,
			age_max: 30,
			page: 3,
			per_page: 50
		});
	});

	it('drops what the API would refuse as unknown or malformed, and the defaults', () => {
		expect(parse('utm_source=mail&talent_id=abc&city_id=0&gender=robot&page=1&per_page=20&q=%20%20')).toEqual({});
		expect(parse('per_page=101&country=S%20N')).toEqual({});
		expect(parse('per_page=5')).toEqual({ per_page: 5 });
	});

	it('keeps an age out of range, for the API to name at its field', () => {
		expect(parse('age_min=150')).toEqual({ age_min: 150 });
	});

	it('writes one address per search, in a fixed order, without empty filters', () => {
		const query = parse('page=2&gender=male&q=kon%C3%A9&country=CI');
		expect(searchParams(query)).toBe('q=kon%C3%A9&country=CI&gender=male&page=2');
		expect(searchParams({ q: '', country: undefined })).toBe('');
		expect(parse(searchParams(query))).toEqual(query);
	});

	it('pages keep the filters; the first page has no number', () => {
		const query = parse('category=music&page=4');
		expect(searchParams(onPage(query, 5))).toBe('category=music&page=5');
		expect(searchParams(onPage(query, 1))).toBe('category=music');
	});

	it('exports carry the filters, not the page', () => {
		expect(exportParams(parse('country=SN&age_max=40&page=3&per_page=100'))).toBe('country=SN&age_max=40');
		expect(isFiltered(parse('page=2'))).toBe(false);
		expect(isFiltered(parse('gender=female'))).toBe(true);
	});
});
