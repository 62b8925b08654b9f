// The casting base's controlled vocabularies (eye and hair colours, hair types, skin tones,
// builds, talent types, languages, ID document types), asked for once per visit, and their
// labels in the person's language.
import { api, call, type Schemas } from '$lib/api/client';
import { once } from '$lib/api/once';
import { locale } from '$lib/i18n/locale.svelte';

export type VocabularyEntry = Schemas['VocabularyEntry'];
export type Vocabulary = Record<string, VocabularyEntry[]>;

/** The vocabularies by kind (`talent_type`, `language`…), each in the API's order. */
export const vocabulary = once((): Promise<Vocabulary> => call(api.GET('/api/v1/cinema/vocabulary')));

/** An entry's label in the page's language. */
export function vocabularyLabel(entry: VocabularyEntry): string {
	return locale() === 'en' ? entry.label_en : entry.label_fr;
}

/** A code's label in one vocabulary, or the code itself when the vocabulary lacks it. */
export function labelOf(entries: VocabularyEntry[] | undefined, code: string): string {
	const entry = entries?.find((e) => e.code === code);
	return entry ? vocabularyLabel(entry) : code;
}
