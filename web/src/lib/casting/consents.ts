// The sensitive categories' words: what each covers, as staff explain it to the talent.
import { m } from '$lib/paraglide/messages.js';
import type { SensitiveKind } from './profile';

const NAME: Record<SensitiveKind, () => string> = {
	skin_tone: () => m.casting_skin_tone(),
	ethnicity: () => m.casting_ethnicity(),
	id_document: () => m.casting_profile_consent_id_document()
};

const ABOUT: Record<SensitiveKind, () => string> = {
	skin_tone: () => m.casting_profile_consent_skin_tone_about(),
	ethnicity: () => m.casting_profile_consent_ethnicity_about(),
	id_document: () => m.casting_profile_consent_id_document_about()
};

export const consentName = (kind: SensitiveKind) => NAME[kind]();
export const consentAbout = (kind: SensitiveKind) => ABOUT[kind]();
