// The projects' statuses, production types and vocabulary in the person's language. The
// tables are keyed by the generated enums: a value the API adds fails svelte-check until it
// has its words here.
import type { Schemas } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';

export type ProjectStatus = Schemas['ProjectStatus'];
export type ProductionType = Schemas['ProductionType'];
export type { VocabularyEntry } from '$lib/casting/vocabulary';
export { vocabularyLabel } from '$lib/casting/vocabulary';

const STATUS: Record<ProjectStatus, () => string> = {
	planned: () => m.projects_status_planned(),
	pre_production: () => m.projects_status_pre_production(),
	shooting: () => m.projects_status_shooting(),
	post_production: () => m.projects_status_post_production(),
	completed: () => m.projects_status_completed(),
	cancelled: () => m.projects_status_cancelled()
};

/** What the button that moves a project to a status says. */
const MOVE: Record<ProjectStatus, () => string> = {
	planned: () => m.projects_move_planned(),
	pre_production: () => m.projects_move_pre_production(),
	shooting: () => m.projects_move_shooting(),
	post_production: () => m.projects_move_post_production(),
	completed: () => m.projects_move_completed(),
	cancelled: () => m.projects_move_cancelled()
};

const PRODUCTION_TYPE: Record<ProductionType, () => string> = {
	feature_film: () => m.projects_type_feature_film(),
	short_film: () => m.projects_type_short_film(),
	series: () => m.projects_type_series(),
	documentary: () => m.projects_type_documentary(),
	commercial: () => m.projects_type_commercial(),
	music_video: () => m.projects_type_music_video(),
	theatre: () => m.projects_type_theatre(),
	tv_show: () => m.projects_type_tv_show(),
	other: () => m.projects_type_other()
};

/** Every status, in the order a project lives them (the filters' order). */
export const STATUSES = Object.keys(STATUS) as ProjectStatus[];
export const PRODUCTION_TYPES = Object.keys(PRODUCTION_TYPE) as ProductionType[];

/** A status from the query string, or null when it is none. */
export function asStatus(value: string | null): ProjectStatus | null {
	return value !== null && Object.hasOwn(STATUS, value) ? (value as ProjectStatus) : null;
}

export const statusName = (status: ProjectStatus) => STATUS[status]();
export const moveName = (status: ProjectStatus) => MOVE[status]();
export const productionTypeName = (type: ProductionType) => PRODUCTION_TYPE[type]();

/** What someone is cast as: the talent type, and their role when they have one. */
export function castAs(typeLabel: string, role: string | null | undefined): string {
	return role ? m.projects_cast_as_role({ type: typeLabel, role }) : typeLabel;
}
