// Reference data the project pages share, asked for once per visit: the casting vocabulary's
// talent types and the countries.
import { labelOf, vocabulary, type VocabularyEntry } from '$lib/casting/vocabulary';

/** The talent types of the casting vocabulary, in the order the API gives them. */
export const talentTypes = (): Promise<VocabularyEntry[]> => vocabulary().then((all) => all['talent_type'] ?? []);

/** The same answer the directory's filters use (one request per visit for both). */
export { countries as countryList } from '$lib/directory/catalogue';

/** A talent type's label from the vocabulary, or its code when the vocabulary lacks it. */
export const talentTypeLabel = labelOf;
