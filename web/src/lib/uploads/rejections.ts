// Why the server refused a file, in the person's language, from its `rejection_code`.
import type { Schemas } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';

type RejectionCode = Schemas['RejectionCode'];

const REASON: Record<RejectionCode, () => string> = {
	empty: () => m.upload_rejection_empty(),
	too_large: () => m.upload_rejection_too_large(),
	content_type_not_allowed: () => m.upload_rejection_content_type_not_allowed(),
	unrecognised: () => m.upload_rejection_unrecognised(),
	type_mismatch: () => m.upload_rejection_type_mismatch(),
	too_many_pixels: () => m.upload_rejection_too_many_pixels(),
	image_too_long: () => m.upload_rejection_image_too_long(),
	image_too_heavy: () => m.upload_rejection_image_too_heavy(),
	unreadable_image: () => m.upload_rejection_unreadable_image(),
	unreadable_pdf: () => m.upload_rejection_unreadable_pdf(),
	encrypted_pdf: () => m.upload_rejection_encrypted_pdf(),
	empty_pdf: () => m.upload_rejection_empty_pdf(),
	not_docx: () => m.upload_rejection_not_docx(),
	unreadable_docx: () => m.upload_rejection_unreadable_docx(),
	docx_with_macros: () => m.upload_rejection_docx_with_macros(),
	docx_too_large: () => m.upload_rejection_docx_too_large(),
	size_mismatch: () => m.upload_rejection_size_mismatch()
};

/** The reason to show: the code's sentence, else the server's words, else a generic one. */
export function rejectionReason(verdict: {
	rejection_code?: RejectionCode | null;
	rejection_reason?: string | null;
}): string {
	const byCode = verdict.rejection_code ? REASON[verdict.rejection_code] : undefined;
	return byCode?.() ?? (verdict.rejection_reason || m.upload_rejected_no_reason());
}
