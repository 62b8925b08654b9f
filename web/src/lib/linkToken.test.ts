import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './linkToken';

describe('tokenFromHash', () => {
	it('reads the token of a mailed link', () => {
		expect(tokenFromHash('#token=tlk_abc-123')).toBe('tlk_abc-123');
		expect(tokenFromHash('token=tlk_abc')).toBe('tlk_abc');
		expect(tokenFromHash('#other=1&token=x')).toBe('x');
	});
	it('is null without one', () => {
		expect(tokenFromHash('')).toBeNull();
		expect(tokenFromHash('#token=')).toBeNull();
		expect(tokenFromHash('#top')).toBeNull();
	});
});
