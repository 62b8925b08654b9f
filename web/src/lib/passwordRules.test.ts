import { describe, expect, it } from 'vitest';
import {
	charCount,
	checkPassword,
	containedPersonalWord,
	estimateScore,
	MIN_SCORE,
	personalWords
} from './passwordRules';

const aminata = { email: 'aminata.diallo@example.sn', firstName: 'Aminata', lastName: 'Diallo' };

describe('the length rule', () => {
	it('needs 10 to 256 characters, counted as the server counts them', () => {
		expect(checkPassword('123456789').problems).toEqual(['too_short']);
		expect(checkPassword('kora-pluie').problems).not.toContain('too_short');
		expect(checkPassword('x'.repeat(257)).problems).toEqual(['too_long']);
		expect(checkPassword('x'.repeat(256)).problems).toEqual([]);
		// Nine emoji are 18 UTF-16 units but nine characters.
		expect(charCount('🌍'.repeat(9))).toBe(9);
		expect(checkPassword('🌍'.repeat(9)).problems).toEqual(['too_short']);
	});
});

describe('the personal-data rule', () => {
	it('splits names and the email into words of 4 characters or more', () => {
		expect(personalWords(aminata)).toEqual(
			expect.arrayContaining(['aminata', 'diallo', 'example', 'aminata.diallo@example.sn'])
		);
		expect(personalWords(aminata)).not.toContain('sn');
		expect(personalWords({ firstName: 'Ali', lastName: 'Bâ' })).toEqual([]);
		expect(personalWords({ lastName: 'N’Diaye-Sène' })).toEqual(
			expect.arrayContaining(['diaye', 'sène', 'n’diaye-sène'])
		);
	});

	it('refuses a password holding a personal word, whatever its case', () => {
		expect(containedPersonalWord('Baobab-AMINATA-2024', aminata)).toBe('aminata');
		expect(containedPersonalWord('kora diallo lagune', aminata)).toBe('diallo');
		expect(checkPassword('Aminata1996!', aminata).problems).toEqual(['password_contains_personal']);
		expect(checkPassword('Baobab-Lagune-Tamtam-92', aminata).problems).toEqual([]);
		// Three letters are not a word to the server.
		expect(checkPassword('ali-kora-lagune', { firstName: 'Ali' }).problems).toEqual([]);
	});
});

describe('the strength meter', () => {
	it('rates common passwords low and passphrases high', () => {
		for (const weak of ['password123', 'azertyuiop', '1234567890', 'motdepasse1', 'aaaaaaaaaaaa']) {
			expect(estimateScore(weak), weak).toBeLessThan(MIN_SCORE);
		}
		for (const strong of ['Baobab-Lagune-Tamtam-92', 'baobab lanterne kora pluie']) {
			expect(estimateScore(strong), strong).toBeGreaterThanOrEqual(MIN_SCORE);
		}
		expect(estimateScore('')).toBe(0);
	});

	it('expects the server to agree only when the exact rules pass', () => {
		expect(checkPassword('Baobab-Lagune-Tamtam-92', aminata).likelyStrong).toBe(true);
		expect(checkPassword('Baobab-Diallo-Tamtam-92', aminata).likelyStrong).toBe(false);
	});
});
