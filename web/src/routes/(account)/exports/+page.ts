// Which export the page shows and its filters come from the URL, so an export is a link one
// can keep (`/exports?what=casting&talent_types=dancer`).
import { parseCasting } from '$lib/casting/filters';
import { parseSearch } from '$lib/directory/filters';
import { EXPORT_KINDS, type ExportKind } from '$lib/exports/kinds';

export const load = ({ url }) => {
	const raw = url.searchParams.get('what') ?? '';
	const what: ExportKind = (EXPORT_KINDS as readonly string[]).includes(raw) ? (raw as ExportKind) : 'people';
	const date = (name: string) => {
		const value = url.searchParams.get(name) ?? '';
		return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
	};
	const project = /^[1-9]\d{0,14}$/.test(url.searchParams.get('project') ?? '') ? Number(url.searchParams.get('project')) : null;
	return {
		what,
		people: parseSearch(url.searchParams),
		casting: parseCasting(url.searchParams),
		attendance: { project, from: date('from'), to: date('to') }
	};
};
