// Form values as the API takes them.

/** Trimmed text, or null (which clears the field) when blank. */
export function textOrNull(value: string | null | undefined): string | null {
	const text = (value ?? '').trim();
	return text === '' ? null : text;
}

/** A number input's value (a number, or '' / null when empty) as a number or null. */
export function numberOrNull(value: number | string | null | undefined): number | null {
	if (value === null || value === undefined || String(value).trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

/** One entry per non-blank line (or comma, with `commas`), trimmed. */
export function lines(value: string, commas = false): string[] {
	return value
		.split(commas ? /[\n,]/ : /\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '');
}
