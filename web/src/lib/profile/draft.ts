// One's own profile form: the draft a profile fills, and the change the draft asks of the API
// (only what differs: absent fields stay, `null` clears).
import type { Schemas } from '$lib/api/client';

export type Profile = Schemas['Profile'];
export type ProfileChange = Schemas['ProfileChange'];
export type Gender = Schemas['Gender'];

export interface ProfileDraft {
	first_name: string;
	last_name: string;
	gender: string;
	date_of_birth: string;
	nationality: string;
	country: string;
	city_id: string;
	phone: string;
	whatsapp: string;
	address: string;
	preferred_language: string;
	profile_public: boolean;
}

export function emptyDraft(language: string): ProfileDraft {
	return {
		first_name: '',
		last_name: '',
		gender: '',
		date_of_birth: '',
		nationality: '',
		country: '',
		city_id: '',
		phone: '',
		whatsapp: '',
		address: '',
		preferred_language: language,
		profile_public: false
	};
}

/** The form filled with a profile; `language` when the profile has none. */
export function draftOf(p: Profile, language: string): ProfileDraft {
	return {
		first_name: p.first_name,
		last_name: p.last_name,
		gender: p.gender ?? '',
		date_of_birth: p.date_of_birth ?? '',
		nationality: p.nationality ?? '',
		country: p.country?.code ?? '',
		city_id: p.city ? String(p.city.id) : '',
		phone: p.phone ?? '',
		whatsapp: p.whatsapp ?? '',
		address: p.address ?? '',
		preferred_language: p.preferred_language || language,
		profile_public: p.profile_public
	};
}

const text = (value: string) => (value.trim() === '' ? null : value.trim());

/** What the draft changes in the profile. */
export function changes(draft: ProfileDraft, p: Profile): ProfileChange {
	const c: ProfileChange = {};
	if (draft.first_name.trim() !== p.first_name) c.first_name = draft.first_name.trim();
	if (draft.last_name.trim() !== p.last_name) c.last_name = draft.last_name.trim();
	if ((draft.gender || null) !== (p.gender ?? null)) c.gender = (draft.gender || null) as Gender | null;
	if ((draft.date_of_birth || null) !== (p.date_of_birth ?? null)) c.date_of_birth = draft.date_of_birth || null;
	if ((draft.nationality || null) !== (p.nationality ?? null)) c.nationality = draft.nationality || null;
	const countryChanged = (draft.country || null) !== (p.country?.code ?? null);
	if (countryChanged) c.country = draft.country || null;
	const city = draft.city_id ? Number(draft.city_id) : null;
	// A new country sends its city with it, even the same id, so the API checks the pair.
	if (city !== (p.city?.id ?? null) || (countryChanged && city !== null)) c.city_id = city;
	for (const key of ['phone', 'whatsapp', 'address'] as const) {
		if (text(draft[key]) !== (p[key] ?? null)) c[key] = text(draft[key]);
	}
	if (draft.preferred_language !== p.preferred_language) c.preferred_language = draft.preferred_language;
	if (draft.profile_public !== p.profile_public) c.profile_public = draft.profile_public;
	return c;
}

/** True when the profile lists exactly the talents chosen. */
export const sameTalents = (p: Profile, chosen: number[]) =>
	p.talents.length === chosen.length && p.talents.every((t) => chosen.includes(t.id));
