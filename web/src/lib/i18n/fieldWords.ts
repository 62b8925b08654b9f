// A field error's sentence, from its code and parameters: for the API's field errors (through
// problems.svelte.ts) and for the browser's own checks before a form is sent (formChecks.ts),
// which word them at once, in the same voice.
import type { FieldError } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';
import { formatBytes } from './format';

type FieldCode = FieldError['code'];

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
