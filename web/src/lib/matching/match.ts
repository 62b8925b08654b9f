// Matching a brief to people or screen talents (recruiters, admins; the AI features on), and
// telling a matched person about it. The criteria the server read come back to be edited.
import { api, call, type Schemas } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';
import { countryName, type Country, type Talent } from '$lib/directory/catalogue';
import { genderLabel, languageName } from '$lib/directory/labels';
import { talentName } from '$lib/profile/names';

export type MatchRequest = Schemas['MatchRequest'];
export type MatchAnswer = Schemas['MatchAnswer'];
export type MatchResult = Schemas['MatchResult'];
export type MatchScope = Schemas['MatchScope'];
export type Criteria = Schemas['BriefCriteria'];
export type Fit = Schemas['Fit'];
export type MailOutcome = Schemas['MatchMailOutcome'];

export const BRIEF_MAX = 2000;
export const LIMITS = [10, 20, 50] as const;

export function matchBrief(request: MatchRequest): Promise<MatchAnswer> {
	return call(api.POST('/api/v1/ai/match', { body: request }));
}

export async function mailMatch(brief: string, userId: number, criteria: Criteria | null): Promise<MailOutcome> {
	const answer = await call(api.POST('/api/v1/ai/match/mail', { body: { brief, user_id: userId, criteria } }));
	return answer.outcome;
}

/** Where a result's own page is. */
export function resultHref(result: MatchResult): string {
	return result.kind === 'people' ? `/people/${result.id}` : `/casting/${result.id}`;
}

interface Names {
	talents: Talent[];
	countries: Country[];
}

/** One criterion met or lacking, in the page's language. */
export function fitLabel(fit: Fit, names: Names | null): string {
	const value = fit.value;
	switch (fit.criterion) {
		case 'talent': {
			const talent = names?.talents.find((t) => t.tag === value);
			return talent ? talentName(talent) : value;
		}
		case 'language':
			return languageName(value);
		case 'country':
			return countryName(names?.countries ?? null, value);
		case 'gender':
			return genderLabel(value);
		case 'age':
			return m.match_fit_age({ value });
		case 'height':
			return m.match_fit_height({ value });
		case 'experience':
			return m.match_fit_experience({ value });
		default:
			return value;
	}
}

/** "from the CV" after a fit read in the person's analysed CV. */
export const fromCv = (fit: Fit) => fit.source === 'cv';

/** Words typed as a list ("wolof, french") → the trimmed, non-empty ones, at most `max`. */
export function wordList(text: string, max = 20): string[] {
	return text
		.split(',')
		.map((w) => w.trim())
		.filter(Boolean)
		.slice(0, max);
}

/** A number field's text → the number, or null when empty. */
export function numberOrNull(text: string | number | null | undefined): number | null {
	if (text === null || text === undefined || String(text).trim() === '') return null;
	const n = Number(text);
	return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** The criteria as the editor's fields hold them (text, so an empty field means "any"). */
export interface CriteriaDraft {
	age_min: string;
	age_max: string;
	gender: string;
	height_min_cm: string;
	height_max_cm: string;
	min_years_experience: string;
	languages: string;
	keywords: string;
	country: string;
	city_id: string;
	talent_ids: number[];
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function draftOf(c: Criteria): CriteriaDraft {
	return {
		age_min: text(c.age_min),
		age_max: text(c.age_max),
		gender: c.gender ?? '',
		height_min_cm: text(c.height_min_cm),
		height_max_cm: text(c.height_max_cm),
		min_years_experience: text(c.min_years_experience),
		languages: (c.languages ?? []).join(', '),
		keywords: (c.keywords ?? []).join(', '),
		country: c.country ?? '',
		city_id: text(c.city_id),
		talent_ids: [...(c.talent_ids ?? [])]
	};
}

export function criteriaOf(d: CriteriaDraft): Criteria {
	return {
		age_min: numberOrNull(d.age_min),
		age_max: numberOrNull(d.age_max),
		gender: (d.gender || null) as Criteria['gender'],
		height_min_cm: numberOrNull(d.height_min_cm),
		height_max_cm: numberOrNull(d.height_max_cm),
		min_years_experience: numberOrNull(d.min_years_experience),
		languages: wordList(d.languages, 10).map((l) => l.toLowerCase()),
		keywords: wordList(d.keywords),
		country: d.country || null,
		city_id: numberOrNull(d.city_id),
		talent_ids: d.talent_ids
	};
}
