// The exports the exports page offers, each one a section chosen in its URL (`?what=`).
export const EXPORT_KINDS = ['people', 'casting', 'attendance'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The query of an attendance export: its shooting days, both ends included. */
export function attendanceParams(from: string, to: string): string {
	const params = new URLSearchParams();
	if (from) params.set('from', from);
	if (to) params.set('to', to);
	return params.toString();
}

/** The exports page showing `what`, with the filters of `query` (`''` for none). */
export function exportsHref(what: ExportKind, query = ''): string {
	return `/exports?what=${what}${query ? `&${query}` : ''}`;
}
