// Reference data the project pages share, asked for once per visit: the casting vocabulary
// (talent types) and the countries. A failed answer is forgotten, so a retry asks again.
import { api, call } from '$lib/api/client';
import { vocabularyLabel, type VocabularyEntry } from './labels';

function remembered<T>(ask: () => Promise<T>): () => Promise<T> {
	let kept: Promise<T> | null = null;
	return () => {
		if (!kept) {
			kept = ask();
			kept.catch(() => (kept = null));
		}
		return kept;
	};
}

const vocabulary = remembered(() => call(api.GET('/api/v1/cinema/vocabulary')));

/** The talent types of the casting vocabulary, in the order the API gives them. */
export const talentTypes = (): Promise<VocabularyEntry[]> =>
	vocabulary().then((all) => all['talent_type'] ?? []);

export const countryList = remembered(() => call(api.GET('/api/v1/countries')));

/** A talent type's label from the vocabulary, or its code when the vocabulary lacks it. */
export function talentTypeLabel(types: VocabularyEntry[], code: string): string {
	const entry = types.find((t) => t.code === code);
	return entry ? vocabularyLabel(entry) : code;
}
