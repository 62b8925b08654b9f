// API problems and field errors in the person's language, from their stable `code`s (the
// English `detail`/`message` are for API clients). The code lists come from the generated
// schema, so a code added to the API without a translation here fails `svelte-check`.
import type { FieldError, Problem } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';
import { formatBytes } from './format';

type FieldCode = FieldError['code'];
type ProblemCode = Problem['code'];

const FIELD: Record<FieldCode, (e: FieldError) => string> = {
	required: () => m.field_required(),
	too_short: (e) => m.field_too_short({ min: String(e.min ?? '') }),
	too_long: (e) => m.field_too_long({ max: String(e.max ?? '') }),
	too_small: (e) => m.field_too_small({ min: String(e.min ?? '') }),
	too_large: (e) =>
		e.field.endsWith('size')
			? m.field_too_large_bytes({ max: formatBytes(Number(e.max ?? 0)) })
			: m.field_too_large({ max: String(e.max ?? '') }),
	invalid_format: (e) => {
		switch (e.format) {
			case 'email':
				return m.field_invalid_email();
			case 'date':
				return m.field_invalid_date();
			case 'phone':
				return m.field_invalid_phone();
			case 'url':
				return m.field_invalid_url();
			default:
				return m.field_invalid_format();
		}
	},
	not_allowed: () => m.field_not_allowed(),
	unknown: () => m.field_unknown(),
	mismatch: () => m.field_mismatch(),
	weak_password: () => m.field_weak_password(),
	password_contains_personal: () => m.field_password_contains_personal(),
	too_young: (e) => m.field_too_young({ min_age: String(e.min_age ?? 18) }),
	in_future: () => m.field_in_future(),
	consent_required: () => m.field_consent_required(),
	outdated_version: () => m.field_outdated_version(),
	wrong_password: () => m.field_wrong_password(),
	duplicate: () => m.field_duplicate(),
	invalid: () => m.field_invalid()
};

export function fieldMessage(error: FieldError): string {
	return (FIELD[error.code] ?? FIELD.invalid)(error);
}

const PROBLEM: Partial<Record<ProblemCode, (p: Problem, retryAfter: number | null) => string>> = {
	invalid_credentials: () => m.problem_invalid_credentials(),
	email_unconfirmed: () => m.problem_email_unconfirmed(),
	account_deactivated: () => m.problem_account_deactivated(),
	csrf_failed: () => m.problem_csrf(),
	role_required: () => m.problem_role_required(),
	registration_closed: () => m.problem_registration_closed(),
	email_taken: () => m.problem_email_taken(),
	link_invalid: () => m.problem_link_invalid(),
	unsubscribe_link_invalid: () => m.problem_unsubscribe_link_invalid(),
	duplicate: () => m.problem_duplicate(),
	consent_not_withdrawable: () => m.problem_consent_not_withdrawable(),
	upload_not_pending: () => m.problem_upload_not_pending(),
	too_many_requests: (_, retryAfter) => m.problem_too_many({ seconds: String(retryAfter ?? 30) }),
	validation_failed: () => m.problem_validation(),
	not_found: () => m.problem_not_found(),
	forbidden: () => m.problem_forbidden(),
	unauthorized: () => m.problem_unauthorized(),
	conflict: () => m.problem_conflict(),
	payload_too_large: () => m.problem_payload_too_large(),
	unsupported_media_type: () => m.problem_unsupported_media_type(),
	unavailable: () => m.problem_unavailable()
};

/** The banner line for a problem: its code's message, else one by status. */
export function problemMessage(problem: Problem, retryAfter: number | null = null): string {
	const byCode = PROBLEM[problem.code];
	if (byCode) return byCode(problem, retryAfter);
	if (problem.status === 404) return m.problem_not_found();
	if (problem.status === 403) return m.problem_forbidden();
	if (problem.status === 503) return m.problem_unavailable();
	return m.problem_generic();
}
