// The age rule of registration: accounts are for people of 18 or more on the day they sign up
// (the server checks it too, on its own date).
export const MINIMUM_AGE = 18;

/** Whole years between a `YYYY-MM-DD` birth date and `today`, birthdays counted. */
export function ageOn(dateOfBirth: string, today: Date = new Date()): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
	if (!match) return null;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const ty = today.getFullYear();
	const tm = today.getMonth() + 1;
	const td = today.getDate();
	let age = ty - y;
	if (tm < m || (tm === m && td < d)) age -= 1;
	return age;
}

export type BirthDateProblem = 'required' | 'invalid_format' | 'in_future' | 'too_young';

export function checkBirthDate(dateOfBirth: string, today: Date = new Date()): BirthDateProblem | null {
	if (!dateOfBirth) return 'required';
	const age = ageOn(dateOfBirth, today);
	if (age === null) return 'invalid_format';
	const todayIso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
	if (dateOfBirth > todayIso) return 'in_future';
	if (age < MINIMUM_AGE) return 'too_young';
	return null;
}
