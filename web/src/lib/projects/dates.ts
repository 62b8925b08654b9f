// A project's shooting dates as one phrase in the person's language.
import { formatDate } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages.js';

export function shootingDates(start: string | null | undefined, end: string | null | undefined): string {
	if (start && end) return m.projects_dates_range({ start: formatDate(start), end: formatDate(end) });
	if (start) return m.projects_dates_from({ start: formatDate(start) });
	if (end) return m.projects_dates_until({ end: formatDate(end) });
	return m.projects_dates_none();
}
