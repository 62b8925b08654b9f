import { describe, expect, it } from 'vitest';
import { ageOn, checkBirthDate } from './age';

const today = new Date(2026, 10, 25); // 25 November 2026, local time

describe('the age rule', () => {
	it('counts birthdays', () => {
		expect(ageOn('2008-11-25', today)).toBe(18);
		expect(ageOn('2008-11-26', today)).toBe(17);
		expect(ageOn('1960-02-29', today)).toBe(66);
		expect(ageOn('12/11/2008', today)).toBeNull();
	});

	it('refuses the under-18s, future dates and nothing', () => {
		expect(checkBirthDate('2008-11-25', today)).toBeNull();
		expect(checkBirthDate('2008-11-26', today)).toBe('too_young');
		expect(checkBirthDate('2030-01-01', today)).toBe('in_future');
		expect(checkBirthDate('', today)).toBe('required');
		expect(checkBirthDate('soon', today)).toBe('invalid_format');
	});
});
