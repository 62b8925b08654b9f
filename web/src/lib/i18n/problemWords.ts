// The sentence of every problem code and field error, in both languages. Fetched with the
// first problem the app receives (`loadProblemWords`, awaited by `call`), not with every
// page: most visits never meet one, and these words weighed as much as a page's own code.
import type { Problem } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';

export { fieldMessage } from './fieldWords';

type ProblemCode = Problem['code'];

// Every code has its sentence: a code the API adds fails `svelte-check` until it is here.
export const PROBLEM: Record<ProblemCode, (p: Problem, retryAfter: number | null) => string> = {
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
