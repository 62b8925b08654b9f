// The checks the browser can make before sending a form, worded as the server's field errors
// would be (same codes, same messages), so a person sees one voice whichever side caught it.
import type { FieldError } from '$lib/api/client';
import { fieldMessage } from '$lib/i18n/fieldWords';
import { checkBirthDate, MINIMUM_AGE } from './age';
import { checkPassword, MAX_LENGTH, MIN_LENGTH, type Personal } from './passwordRules';

function message(field: string, code: FieldError['code'], extra: Partial<FieldError> = {}) {
	return fieldMessage({ field, code, message: '', ...extra });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(field: string, email: string): string | null {
	const value = email.trim();
	if (!value) return message(field, 'required');
	if (!EMAIL.test(value)) return message(field, 'invalid_format', { format: 'email' });
	return null;
}

export function nameProblem(field: string, name: string): string | null {
	const length = [...name.trim()].length;
	if (length === 0) return message(field, 'required');
	if (length > 100) return message(field, 'too_long', { max: 100 });
	return null;
}

export function birthDateProblem(field: string, dateOfBirth: string): string | null {
	const problem = checkBirthDate(dateOfBirth);
	if (!problem) return null;
	return message(field, problem, { min_age: MINIMUM_AGE, format: 'date_time' });
}

export function newPasswordProblem(field: string, password: string, personal: Personal = {}): string | null {
	if (!password) return message(field, 'required');
	const [problem] = checkPassword(password, personal).problems;
	if (!problem) return null;
	return message(field, problem, { min: MIN_LENGTH, max: MAX_LENGTH });
}

export function requiredProblem(field: string, value: string): string | null {
	return value ? null : message(field, 'required');
}

/** Keeps the fields that have a problem. */
export function collect(problems: Record<string, string | null>): Record<string, string> {
	const found: Record<string, string> = {};
	for (const [field, problem] of Object.entries(problems)) if (problem) found[field] = problem;
	return found;
}

/** Moves the focus to the first field marked invalid (after the page shows the messages). */
export function focusFirstInvalid(form: HTMLFormElement | null | undefined) {
	requestAnimationFrame(() => {
		form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
	});
}
