// What the directory's filters choose from: the talents by category, the countries and their
// cities (one answer: `/countries` carries each country's cities). Asked for once per visit
// of the app, not at every search.
import { api, call, type Schemas } from '$lib/api/client';
import { once } from '$lib/api/once';
import { locale } from '$lib/i18n/locale.svelte';
import { byPlaceName, placeName, talentName } from '$lib/profile/names';

export type Talent = Schemas['Talent'];
export type Category = Schemas['Category'];
export type Country = Schemas['Country'];

export interface Catalogue {
	talents: Talent[];
	categories: Category[];
	countries: Country[];
}

export interface TalentGroup {
	category: Category;
	talents: Talent[];
}

/** The countries, each with its cities (nationalities are named from it too). */
export const countries = once(() => call(api.GET('/api/v1/countries')));

/** The talents and their categories. */
export const talentCatalogue = once(() =>
	Promise.all([call(api.GET('/api/v1/talents')), call(api.GET('/api/v1/talents/categories'))])
);

export async function directoryCatalogue(): Promise<Catalogue> {
	const [[talentList, categories], countryList] = await Promise.all([talentCatalogue(), countries()]);
	return { talents: talentList, categories, countries: countryList };
}

/** The categories that have talents, each with its talents by name, in the page's language. */
export function talentGroups(catalogue: Catalogue, only?: string): TalentGroup[] {
	return catalogue.categories
		.filter((category) => !only || category.code === only)
		.map((category) => ({
			category,
			talents: catalogue.talents
				.filter((t) => t.category === category.code)
				.sort((a, b) => talentName(a).localeCompare(talentName(b), locale()))
		}))
		.filter((group) => group.talents.length > 0)
		.sort((a, b) => placeName(a.category).localeCompare(placeName(b.category), locale()));
}

/** The countries by name in the page's language. */
export function sortedCountries(catalogue: Catalogue): Country[] {
	return byPlaceName(catalogue.countries);
}

/** A country's cities, its capital first. */
export function citiesOf(catalogue: Catalogue, code: string | undefined): Country['cities'] {
	return countryCities(catalogue.countries, code);
}

/** A country's cities from a list of countries, its capital first. */
export function countryCities(countries: Country[], code: string | undefined): Country['cities'] {
	const country = countries.find((c) => c.code === code);
	if (!country) return [];
	return [...country.cities].sort(
		(a, b) => Number(b.is_capital) - Number(a.is_capital) || a.name.localeCompare(b.name, 'fr')
	);
}

/** A country's name from its ISO code (a nationality), else the code itself. */
export function countryName(list: Country[] | null, code: string | null | undefined): string {
	if (!code) return '';
	const country = list?.find((c) => c.code === code);
	return country ? placeName(country) : code;
}
