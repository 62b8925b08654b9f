// The directory's words for the API's values, about someone else (the profile page's own
// choices speak in the first person: "I prefer not to say").
import { m } from '$lib/paraglide/messages.js';
import { locale } from '$lib/i18n/locale.svelte';
import type { Gender } from './filters';

// Keyed by the generated enum: a gender the API adds fails svelte-check until it is here.
const GENDER: Record<Gender, () => string> = {
	female: () => m.directory_gender_female(),
	male: () => m.directory_gender_male(),
	non_binary: () => m.directory_gender_non_binary(),
	undisclosed: () => m.directory_gender_undisclosed()
};

export const GENDERS = Object.keys(GENDER) as Gender[];

/** A gender's word; a value newer than this build is shown as the API wrote it. */
export function genderLabel(gender: string | null | undefined): string {
	if (!gender) return '';
	return (GENDER as Record<string, (() => string) | undefined>)[gender]?.() ?? gender;
}

/** A language's own name (`fr` → Français), as the language switch writes it. */
export function languageName(code: string): string {
	try {
		const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
		return name ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : code;
	} catch {
		return code;
	}
}

/** `First Last`. */
export function fullName(person: { first_name: string; last_name: string }): string {
	return `${person.first_name} ${person.last_name}`.trim();
}

/** Initials for a person without a photo. */
export function initials(person: { first_name: string; last_name: string }): string {
	return `${person.first_name.slice(0, 1)}${person.last_name.slice(0, 1)}`.toLocaleUpperCase(locale());
}
