// A casting profile's form as the API takes it: the draft the inputs edit (text everywhere a
// browser input gives text), the body it makes, and only what changed for a PATCH (absent
// fields stay, `null` clears). No DOM here (unit-tested).
import type { Schemas } from '$lib/api/client';
import { lines, numberOrNull, textOrNull } from '$lib/projects/inputs';
import type { CastingTalent } from './talents';

export type CastingInput = Schemas['CinemaTalentInput'];
export type SensitiveKind = Schemas['SensitiveKind'];
export type Gender = Schemas['Gender'];

/** One social link as the form edits it: a network name and its address. */
export interface SocialRow {
	network: string;
	url: string;
}

/** What the inputs edit; a number input bound by Svelte gives a number (or null). */
export interface CastingDraft {
	first_name: string;
	last_name: string;
	gender: Gender | '';
	date_of_birth: string;
	nationality: string;
	country: string;
	city_id: string;
	languages_spoken: string[];
	years_of_experience: string | number | null;
	talent_types: string[];
	other_talents: string;
	eye_color: string;
	hair_color: string;
	hair_type: string;
	build: string;
	height: string | number | null;
	email: string;
	phone: string;
	whatsapp: string;
	social: SocialRow[];
	skin_tone: string;
	/** One per line. */
	ethnicities: string;
	id_document_type: string;
	id_document_number: string;
}

/** The sensitive categories, in the order the page shows them, and the fields each covers. */
export const SENSITIVE: { kind: SensitiveKind; fields: (keyof CastingInput)[] }[] = [
	{ kind: 'skin_tone', fields: ['skin_tone'] },
	{ kind: 'ethnicity', fields: ['ethnicities'] },
	{ kind: 'id_document', fields: ['id_document_type', 'id_document_number'] }
];

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** `{network: url}` as rows, by network name (the API keeps them in that order too). */
export function socialRows(links: Record<string, string> | null | undefined): SocialRow[] {
	return Object.entries(links ?? {}).map(([network, url]) => ({ network, url }));
}

/** The rows as `{network: url}`; a row without its network or its address is left out. */
export function socialLinks(rows: SocialRow[]): Record<string, string> {
	const links: Record<string, string> = {};
	for (const row of rows) {
		const network = row.network.trim();
		const url = row.url.trim();
		if (network && url) links[network] = url;
	}
	return links;
}

export function draftOf(talent: CastingTalent | null): CastingDraft {
	return {
		first_name: talent?.first_name ?? '',
		last_name: talent?.last_name ?? '',
		gender: (talent?.gender ?? '') as Gender | '',
		date_of_birth: text(talent?.date_of_birth),
		nationality: text(talent?.nationality),
		country: text(talent?.country?.code),
		city_id: text(talent?.city?.id),
		languages_spoken: [...(talent?.languages_spoken ?? [])],
		years_of_experience: text(talent?.years_of_experience),
		talent_types: [...(talent?.talent_types ?? [])],
		other_talents: text(talent?.other_talents),
		eye_color: text(talent?.eye_color),
		hair_color: text(talent?.hair_color),
		hair_type: text(talent?.hair_type),
		build: text(talent?.build),
		height: text(talent?.height),
		email: text(talent?.email),
		phone: text(talent?.phone),
		whatsapp: text(talent?.whatsapp),
		social: socialRows(talent?.social_links),
		skin_tone: text(talent?.skin_tone),
		ethnicities: (talent?.ethnicities ?? []).join('\n'),
		id_document_type: text(talent?.id_document_type),
		id_document_number: text(talent?.id_document_number)
	};
}

/** Every field of the draft as the API takes it: blank is `null` (it clears). */
export function bodyOf(draft: CastingDraft): CastingInput {
	return {
		// Names are required: sent even when blank, so "required" lands at the field.
		first_name: draft.first_name.trim(),
		last_name: draft.last_name.trim(),
		gender: draft.gender || null,
		date_of_birth: draft.date_of_birth || null,
		nationality: draft.nationality || null,
		country: draft.country || null,
		city_id: draft.city_id ? Number(draft.city_id) : null,
		languages_spoken: [...draft.languages_spoken],
		years_of_experience: numberOrNull(draft.years_of_experience),
		talent_types: [...draft.talent_types],
		other_talents: textOrNull(draft.other_talents),
		eye_color: draft.eye_color || null,
		hair_color: draft.hair_color || null,
		hair_type: draft.hair_type || null,
		build: draft.build || null,
		height: numberOrNull(draft.height),
		email: textOrNull(draft.email),
		phone: textOrNull(draft.phone),
		whatsapp: textOrNull(draft.whatsapp),
		social_links: socialLinks(draft.social),
		skin_tone: draft.skin_tone || null,
		ethnicities: lines(draft.ethnicities),
		id_document_type: draft.id_document_type || null,
		id_document_number: textOrNull(draft.id_document_number)
	};
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `after` that differ from `before`: a PATCH that touches nothing else. */
export function changes(before: CastingInput, after: CastingInput): CastingInput {
	const changed: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(after)) {
		if (!same(before[key as keyof CastingInput], value)) changed[key] = value;
	}
	return changed as CastingInput;
}

/** A new profile's body: the names (required) and what was filled in. */
export function creation(after: CastingInput): CastingInput {
	return { first_name: after.first_name, last_name: after.last_name, ...changes(bodyOf(draftOf(null)), after) };
}

/**
 * The body to send: the fields of a sensitive category left out unless its consent is live
 * or being recorded (hidden inputs must not send stale values), with the consents recorded.
 */
export function withConsents(body: CastingInput, live: SensitiveKind[], recording: SensitiveKind[]): CastingInput {
	const out: CastingInput = { ...body };
	for (const { kind, fields } of SENSITIVE) {
		if (live.includes(kind) || recording.includes(kind)) continue;
		for (const field of fields) delete out[field];
	}
	if (recording.length > 0) out.consents = [...recording];
	return out;
}

/** The field errors that belong to the social links (`social_links`, `social_links.x`). */
export function socialError(fields: Record<string, string>): string | null {
	const key = Object.keys(fields).find((k) => k === 'social_links' || k.startsWith('social_links.'));
	return key ? fields[key]! : null;
}
