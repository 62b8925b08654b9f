// Catalogue names in the page's language (the API sends both).
import { locale } from '$lib/i18n/locale.svelte';

export function talentName(t: { name: string; name_en: string }): string {
	return locale() === 'en' && t.name_en ? t.name_en : t.name;
}

export function placeName(p: { name_fr: string; name_en: string }): string {
	return locale() === 'en' && p.name_en ? p.name_en : p.name_fr;
}

/** Sorted by their name in the page's language, accents aside. */
export function byPlaceName<T extends { name_fr: string; name_en: string }>(list: T[]): T[] {
	const tag = locale() === 'en' ? 'en' : 'fr';
	return [...list].sort((a, b) => placeName(a).localeCompare(placeName(b), tag, { sensitivity: 'base' }));
}
