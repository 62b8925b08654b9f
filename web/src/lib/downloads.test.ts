import { describe, expect, it } from 'vitest';
import { filenameFrom } from './downloads';

describe('filenameFrom', () => {
	it('reads the names servers send', () => {
		expect(filenameFrom('inline; filename="badges-12.pdf"', 'x.pdf')).toBe('badges-12.pdf');
		expect(filenameFrom('attachment; filename=export.csv', 'x')).toBe('export.csv');
		expect(filenameFrom('attachment; filename="a \\"b\\".pdf"', 'x')).toBe('a "b".pdf');
	});

	it('prefers the UTF-8 name', () => {
		expect(
			filenameFrom(`attachment; filename="Lumieres.pdf"; filename*=UTF-8''Lumi%C3%A8res.pdf`, 'x')
		).toBe('Lumières.pdf');
	});

	it('drops any path and falls back when there is no name', () => {
		expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
		expect(filenameFrom('attachment; filename="C:\\\\temp\\\\a.pdf"', 'x')).toBe('a.pdf');
		expect(filenameFrom(null, 'badge.pdf')).toBe('badge.pdf');
		expect(filenameFrom('inline', 'badge.pdf')).toBe('badge.pdf');
		expect(filenameFrom('attachment; filename=""', 'badge.pdf')).toBe('badge.pdf');
		expect(filenameFrom("attachment; filename*=UTF-8''%E0%A4%A", 'badge.pdf')).toBe('badge.pdf');
	});
});
