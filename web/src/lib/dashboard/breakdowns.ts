// The dashboard's breakdowns as rows a bar table draws: each figure with its label in the
// person's language and, where a list can show the people counted, the address of that list
// with the filter (a bar of "by country" opens the directory for that country).
import type { Schemas } from '$lib/api/client';
import { castingHref } from '$lib/casting/filters';
import { genderLabel } from '$lib/directory/labels';
import { searchParams } from '$lib/directory/filters';
import { locale } from '$lib/i18n/locale.svelte';
import { m } from '$lib/paraglide/messages.js';
import { searchHref } from '$lib/search/urlQuery';

export type Count = Schemas['Count'];

export interface Row {
	key: string;
	label: string;
	count: number;
	/** The list of what this figure counts, when there is one. */
	href: string | null;
}

/** The key the API counts people under when they did not say (no country, no gender…). */
const UNKNOWN = 'unknown';

/** The API's own name of a key in the page's language, else `fallback(key)`. */
function named(count: Count, fallback: (key: string) => string): string {
	if (count.key === UNKNOWN) return m.dashboard_unknown();
	const name = locale() === 'en' ? count.name_en || count.name_fr : count.name_fr || count.name_en;
	return name || fallback(count.key);
}

const directory = (query: Parameters<typeof searchParams>[0]) => searchHref('/people', searchParams(query));

/** `18-24` → 18…24, `55+` → 55…; `unknown` has no range. */
export function ageRange(band: string): { age_min: number; age_max?: number } | null {
	const closed = /^(\d+)-(\d+)$/.exec(band);
	if (closed) return { age_min: Number(closed[1]), age_max: Number(closed[2]) };
	const open = /^(\d+)\+$/.exec(band);
	return open ? { age_min: Number(open[1]) } : null;
}

function ageLabel(band: string): string {
	if (band === UNKNOWN) return m.dashboard_unknown();
	const range = ageRange(band);
	if (!range) return band;
	return range.age_max === undefined
		? m.dashboard_age_over({ min: String(range.age_min) })
		: m.dashboard_age_band({ min: String(range.age_min), max: String(range.age_max) });
}

/** A row of `count`: no list to open for those who did not say. */
function row(count: Count, label: string, href: string): Row {
	return { key: count.key, label, count: count.count, href: count.key === UNKNOWN ? null : href };
}

export const peopleRows = {
	/** `talentIds`: the catalogue's tag → id (the directory filters by id). */
	byTalent: (counts: Count[], talentIds: Map<string, number>): Row[] =>
		counts.map((c) => {
			const id = talentIds.get(c.key);
			return { key: c.key, label: named(c, (k) => k), count: c.count, href: id ? directory({ talent_id: id }) : null };
		}),
	byCategory: (counts: Count[]): Row[] => counts.map((c) => row(c, named(c, (k) => k), directory({ category: c.key }))),
	byCountry: (counts: Count[]): Row[] => counts.map((c) => row(c, named(c, (k) => k), directory({ country: c.key }))),
	byGender: (counts: Count[]): Row[] =>
		counts.map((c) => row(c, named(c, genderLabel), directory({ gender: c.key as Schemas['Gender'] }))),
	byAgeBand: (counts: Count[]): Row[] =>
		counts.map((c) => {
			const range = ageRange(c.key);
			return { key: c.key, label: ageLabel(c.key), count: c.count, href: range ? directory(range) : null };
		})
};

export const castingRows = {
	byType: (counts: Count[]): Row[] => counts.map((c) => row(c, named(c, (k) => k), castingHref({ talent_types: c.key }))),
	byGender: (counts: Count[]): Row[] =>
		counts.map((c) => row(c, named(c, genderLabel), castingHref({ gender: c.key as Schemas['Gender'] }))),
	byCountry: (counts: Count[]): Row[] => counts.map((c) => row(c, named(c, (k) => k), castingHref({ country: c.key })))
};
