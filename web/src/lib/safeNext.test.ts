import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext';

describe('safeNext', () => {
	it('keeps a path of this site', () => {
		expect(safeNext('/me')).toBe('/me');
		expect(safeNext('/cinema/talents?page=2#top')).toBe('/cinema/talents?page=2#top');
	});

	it('falls back for anything else', () => {
		for (const bad of [
			null,
			undefined,
			'',
			'me',
			'//evil.example',
			'//evil.example/me',
			'https://evil.example',
			'javascript:alert(1)',
			'/\\evil.example',
			'/\tevil',
			'/login?next=/me'
		]) {
			expect(safeNext(bad), String(bad)).toBe('/me');
		}
		expect(safeNext('//x', '/')).toBe('/');
	});
});
