import { describe, expect, it } from 'vitest';
import { byLatest, imdbUrl, ownPoster, pageCount, searchable, type ProductionFilm } from './films';

const film = (title: string, year: string | null): ProductionFilm => ({
	imdb_id: 'tt0071361',
	title,
	year,
	kind: 'movie',
	created_at: '2026-01-01T00:00:00Z'
});

describe('films', () => {
	it('asks only from two characters, trimmed', () => {
		expect(searchable(' a ')).toBeNull();
		expect(searchable('  to ')).toBe('to');
		expect(searchable('é')).toBeNull();
	});

	it('links to IMDb by id', () => {
		expect(imdbUrl('tt0071361')).toBe('https://www.imdb.com/title/tt0071361/');
	});

	it('shows a poster only from our own origin', () => {
		const origin = 'http://127.0.0.1:3000';
		expect(ownPoster('https://m.media-amazon.com/images/x.jpg', origin)).toBeNull();
		expect(ownPoster('//evil.example/x.jpg', origin)).toBeNull();
		expect(ownPoster('/files/posters/x.jpg', origin)).toBe('http://127.0.0.1:3000/files/posters/x.jpg');
		expect(ownPoster(null, origin)).toBeNull();
	});

	it('orders a filmography latest year first, no year last', () => {
		const list = [film('B', '1973'), film('A', null), film('C', '1987'), film('A', '1973')];
		expect(list.sort(byLatest).map((f) => `${f.title} ${f.year}`)).toEqual(['C 1987', 'A 1973', 'B 1973', 'A null']);
	});

	it('walks at most 100 pages of 10', () => {
		expect(pageCount(0)).toBe(1);
		expect(pageCount(11)).toBe(2);
		expect(pageCount(5000)).toBe(100);
	});
});
