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
	too_many: (e) => m.field_too_many({ max: String(e.max ?? '') }),
	invalid_format: (e) => {
		switch (e.format) {
			case 'email':
				return m.field_invalid_email();
			case 'date_time':
				return m.field_invalid_date();
			case 'phone':
				return m.field_invalid_phone();
			case 'url':
				return m.field_invalid_url();
			case 'mailbox':
				return m.field_invalid_mailbox();
			case 'code':
				return m.field_invalid_code();
			case 'imdb_id':
				return m.field_invalid_imdb_id();
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
	read_only: () => m.field_read_only(),
	invalid: () => m.field_invalid()
};

export function fieldMessage(error: FieldError): string {
	// A code newer than this build falls back to the generic sentence.
	return ((FIELD[error.code] as ((e: FieldError) => string) | undefined) ?? FIELD.invalid)(error);
}

// Every code has its sentence: a code the API adds fails `svelte-check` until it is here.
const PROBLEM: Record<ProblemCode, (p: Problem, retryAfter: number | null) => string> = {
	bad_request: () => m.problem_bad_request(),
	unauthorized: () => m.problem_unauthorized(),
	forbidden: () => m.problem_forbidden(),
	not_found: () => m.problem_not_found(),
	method_not_allowed: () => m.problem_method_not_allowed(),
	conflict: () => m.problem_conflict(),
	validation_failed: () => m.problem_validation(),
	payload_too_large: () => m.problem_payload_too_large(),
	unsupported_media_type: () => m.problem_unsupported_media_type(),
	too_many_requests: (_, retryAfter) => m.problem_too_many({ seconds: String(retryAfter ?? 30) }),
	unavailable: () => m.problem_unavailable(),
	internal: () => m.problem_internal(),
	invalid_credentials: () => m.problem_invalid_credentials(),
	email_unconfirmed: () => m.problem_email_unconfirmed(),
	account_deactivated: () => m.problem_account_deactivated(),
	csrf_failed: () => m.problem_csrf(),
	role_required: () => m.problem_role_required(),
	registration_closed: () => m.problem_registration_closed(),
	session_required: () => m.problem_session_required(),
	signed_url_invalid: () => m.problem_signed_url_invalid(),
	link_invalid: () => m.problem_link_invalid(),
	unsubscribe_link_invalid: () => m.problem_unsubscribe_link_invalid(),
	badge_unprintable: () => m.problem_badge_unprintable(),
	email_taken: () => m.problem_email_taken(),
	last_admin: () => m.problem_last_admin(),
	self_demotion: () => m.problem_self_demotion(),
	self_deactivation: () => m.problem_self_deactivation(),
	self_erasure: () => m.problem_self_erasure(),
	duplicate: () => m.problem_duplicate(),
	consent_not_withdrawable: () => m.problem_consent_not_withdrawable(),
	upload_not_arrived: () => m.problem_upload_not_arrived(),
	limit_reached: () => m.problem_limit_reached(),
	project_empty: () => m.problem_project_empty(),
	not_checked_in: () => m.problem_not_checked_in(),
	outside_project_dates: () => m.problem_outside_project_dates(),
	feature_disabled: () => m.problem_feature_disabled(),
	not_configured: () => m.problem_not_configured(),
	provider_unavailable: (_, retryAfter) => m.problem_provider_unavailable({ seconds: String(retryAfter ?? 30) }),
	budget_spent: () => m.problem_budget_spent(),
	provider_invalid_answer: () => m.problem_provider_invalid_answer(),
	provider_refused: () => m.problem_provider_refused()
};

/** The banner line for a problem: its code's message, else one by status. */
export function problemMessage(problem: Problem, retryAfter: number | null = null): string {
	// A code newer than this build (the API deployed first) falls back to its status.
	const byCode = PROBLEM[problem.code] as ((p: Problem, r: number | null) => string) | undefined;
	if (byCode) return byCode(problem, retryAfter);
	if (problem.status === 404) return m.problem_not_found();
	if (problem.status === 403) return m.problem_forbidden();
	if (problem.status >= 500) return m.problem_unavailable();
	return m.problem_generic();
}
