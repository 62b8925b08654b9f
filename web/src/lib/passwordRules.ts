// The server's password policy, mirrored for live feedback. The length and personal-data rules
// are the server's exactly (shared/src/accounts/password.rs); the strength meter is only a
// heuristic: the server decides with zxcvbn (score 3 or more), so it has the last word.

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 256;
/** The server's zxcvbn threshold; the meter below uses the same 0–4 scale. */
export const MIN_SCORE = 3;

/** What the person gave about themself, which a password must not contain. */
export interface Personal {
	email?: string | null;
	firstName?: string | null;
	lastName?: string | null;
}

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(value: string): number {
	return [...value].length;
}

/**
 * The words a password may not contain: each name and the email whole, and each of their
 * alphanumeric parts ("aminata" and "diallo" of "aminata.diallo@example.sn"); the server
 * refuses any of them of 4 characters or more found in the password, ignoring case.
 */
export function personalWords(personal: Personal): string[] {
	const values = [personal.email, personal.firstName, personal.lastName]
		.map((v) => (v ?? '').trim())
		.filter((v) => v.length > 0);
	const parts = values.flatMap((v) => v.split(/[^\p{Alphabetic}\p{N}]/u));
	const words = new Set<string>();
	for (const word of [...parts, ...values]) {
		if (charCount(word) >= 4) words.add(word.toLowerCase());
	}
	return [...words];
}

/** The personal word the password contains, if any. */
export function containedPersonalWord(password: string, personal: Personal): string | null {
	const lowered = password.toLowerCase();
	return personalWords(personal).find((word) => lowered.includes(word)) ?? null;
}

const COMMON = [
	'password',
	'motdepasse',
	'azerty',
	'qwerty',
	'123456',
	'abcdef',
	'taalentio',
	'casting',
	'soleil',
	'bonjour',
	'welcome',
	'iloveyou',
	'admin',
	'letmein'
];

/**
 * A rough guess at how hard the password is to guess, 0 (very weak) to 4 (very strong), in
 * the spirit of zxcvbn: long passphrases of unrelated words score high, a common word with a
 * number or a year scores low. It only guides the person: the server's check is the real one.
 */
export function estimateScore(password: string): number {
	const length = charCount(password);
	if (length === 0) return 0;
	let lowered = password.toLowerCase();
	// Common words, sequences and repeats give an attacker little to search.
	let penalty = 0;
	for (const word of COMMON) {
		if (lowered.includes(word)) {
			penalty += 2;
			lowered = lowered.split(word).join('');
		}
	}
	if (/(.)\1{2,}/u.test(password)) penalty += 1;
	if (/(0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|wxyz)/.test(lowered)) penalty += 1;
	if (/(19|20)\d\d/.test(password)) penalty += 1;

	const classes =
		Number(/\p{Ll}/u.test(password)) +
		Number(/\p{Lu}/u.test(password)) +
		Number(/\p{N}/u.test(password)) +
		Number(/[^\p{L}\p{N}]/u.test(password));
	const distinct = new Set(lowered).size;
	// Separate words (a passphrase) count for much.
	const words = password.split(/[^\p{L}]+/u).filter((w) => charCount(w) >= 3).length;

	let score = 0;
	if (length >= 8) score += 1;
	if (length >= 12) score += 1;
	if (length >= 16) score += 1;
	if (length >= 20) score += 1;
	if (classes >= 3) score += 1;
	if (words >= 3) score += 1;
	if (distinct < 5) score -= 2;
	score -= penalty;
	return Math.max(0, Math.min(4, score));
}

export type PasswordProblem = 'too_short' | 'too_long' | 'password_contains_personal';

export interface PasswordCheck {
	/** The rules the server applies exactly, broken here: submitting would be refused. */
	problems: PasswordProblem[];
	/** The heuristic score, 0–4. */
	score: number;
	/** Whether the heuristic expects the server's strength check to pass. */
	likelyStrong: boolean;
}

export function checkPassword(password: string, personal: Personal = {}): PasswordCheck {
	const problems: PasswordProblem[] = [];
	const length = charCount(password);
	if (length < MIN_LENGTH) problems.push('too_short');
	else if (length > MAX_LENGTH) problems.push('too_long');
	else if (containedPersonalWord(password, personal)) problems.push('password_contains_personal');
	const score = estimateScore(password);
	return { problems, score, likelyStrong: problems.length === 0 && score >= MIN_SCORE };
}
