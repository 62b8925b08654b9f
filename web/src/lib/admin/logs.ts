// The administration logs: activity (every request), security events and sent mail, each with
// its filters (in the page's URL, as the API names them) and the columns shown.
import { api, call, type Schemas } from '$lib/api/client';

export const LOG_KINDS = ['activity', 'security', 'email'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** Each kind's filters beside `page` and the days: what its form offers, in its order. */
export const LOG_FILTERS: Record<LogKind, readonly string[]> = {
	activity: ['user_id', 'action', 'status'],
	security: ['user_id', 'event_type', 'severity'],
	email: ['user_id', 'email_type', 'status', 'recipient']
};
const DAYS = ['from', 'to'];
const NUMBERS = new Set(['user_id', 'status', 'page']);

export type LogFilters = Record<string, string>;

/** A kind's filters from a URL: only the names it knows, numbers only where numbers go. */
export function parseLogFilters(kind: LogKind, params: URLSearchParams): LogFilters {
	const filters: LogFilters = {};
	for (const name of [...LOG_FILTERS[kind], ...DAYS, 'page']) {
		const value = (params.get(name) ?? '').trim();
		if (!value) continue;
		if (kind === 'activity' && name === 'status' && !/^\d{3}$/.test(value)) continue;
		if (NUMBERS.has(name) && !(kind === 'email' && name === 'status') && !/^\d{1,12}$/.test(value)) continue;
		if (DAYS.includes(name) && !/^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
		if (name === 'page' && value === '1') continue;
		filters[name] = value.slice(0, 200);
	}
	return filters;
}

/** The logs page showing a kind with its filters. */
export function logsHref(kind: LogKind, filters: LogFilters = {}): string {
	const params = new URLSearchParams({ kind });
	for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
	return `/admin/logs?${params}`;
}

export type LogPage =
	| { kind: 'activity'; page: Schemas['Page_ActivityLine'] }
	| { kind: 'security'; page: Schemas['Page_SecurityLine'] }
	| { kind: 'email'; page: Schemas['Page_EmailLine'] };

const asQuery = (filters: LogFilters) => {
	const query: Record<string, string | number> = { per_page: 50 };
	for (const [name, value] of Object.entries(filters)) {
		query[name] = NUMBERS.has(name) && /^\d+$/.test(value) ? Number(value) : value;
	}
	return query;
};

export async function readLogs(kind: LogKind, filters: LogFilters): Promise<LogPage> {
	const query = asQuery(filters);
	switch (kind) {
		case 'activity':
			return { kind, page: await call(api.GET('/api/v1/admin/logs/activity', { params: { query } })) };
		case 'security':
			return { kind, page: await call(api.GET('/api/v1/admin/logs/security', { params: { query } })) };
		case 'email':
			return { kind, page: await call(api.GET('/api/v1/admin/logs/email', { params: { query } })) };
	}
}
