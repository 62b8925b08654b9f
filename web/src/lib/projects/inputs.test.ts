import { describe, expect, it } from 'vitest';
import { lines, numberOrNull, textOrNull } from './inputs';

describe('form values', () => {
	it('clears blank text and trims the rest', () => {
		expect(textOrNull('  ')).toBeNull();
		expect(textOrNull(undefined)).toBeNull();
		expect(textOrNull(' Lagos ')).toBe('Lagos');
	});

	it('reads number inputs', () => {
		expect(numberOrNull('')).toBeNull();
		expect(numberOrNull(null)).toBeNull();
		expect(numberOrNull(2009)).toBe(2009);
		expect(numberOrNull('12')).toBe(12);
		expect(numberOrNull('abc')).toBeNull();
	});

	it('splits lists', () => {
		expect(lines('AMVCA 2021\n\n  FESPACO  \n')).toEqual(['AMVCA 2021', 'FESPACO']);
		expect(lines('Lagos, Abeokuta\nIbadan', true)).toEqual(['Lagos', 'Abeokuta', 'Ibadan']);
	});
});
