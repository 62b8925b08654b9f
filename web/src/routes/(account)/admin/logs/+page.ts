// The log kind and its filters come from the URL; the lines are asked for at once.
import { started } from '$lib/directory/people';
import { LOG_KINDS, parseLogFilters, readLogs, type LogKind } from '$lib/admin/logs';

export const load = ({ url }) => {
	const raw = url.searchParams.get('kind') ?? '';
	const kind: LogKind = (LOG_KINDS as readonly string[]).includes(raw) ? (raw as LogKind) : 'activity';
	const filters = parseLogFilters(kind, url.searchParams);
	return { kind, filters, lines: started(readLogs(kind, filters)) };
};
