import { describe, expect, it } from 'vitest';
import { pageCount, pageRange, pageWindow } from './pagination';

describe('pages', () => {
	it('counts at least one page', () => {
		expect(pageCount(0, 20)).toBe(1);
		expect(pageCount(20, 20)).toBe(1);
		expect(pageCount(21, 20)).toBe(2);
	});

	it('links every page when there are few', () => {
		expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
	});

	it('links the ends and the neighbours of the current page, seven at most', () => {
		expect(pageWindow(1, 12)).toEqual([1, 2, 3, 4, 5, null, 12]);
		expect(pageWindow(6, 12)).toEqual([1, null, 5, 6, 7, null, 12]);
		expect(pageWindow(12, 12)).toEqual([1, null, 8, 9, 10, 11, 12]);
		for (let page = 1; page <= 40; page += 1) {
			const window = pageWindow(page, 40);
			expect(window.length).toBeLessThanOrEqual(7);
			expect(window).toContain(page);
		}
	});

	it('gives the range a page shows', () => {
		expect(pageRange(2, 20, 57)).toEqual({ first: 21, last: 40 });
		expect(pageRange(3, 20, 57)).toEqual({ first: 41, last: 57 });
		expect(pageRange(1, 20, 0)).toEqual({ first: 0, last: 0 });
	});
});
