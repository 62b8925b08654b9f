// Dates and numbers in the person's language, through Intl.
import { locale } from './locale.svelte';

function tag() {
	return locale() === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A calendar date (`YYYY-MM-DD` from the API) without shifting it through a time zone. */
export function formatDate(value: string | null | undefined): string {
	if (!value) return '—';
	const [y, mo, d] = value.slice(0, 10).split('-').map(Number);
	if (!y || !mo || !d) return value;
	return new Intl.DateTimeFormat(tag(), { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(Date.UTC(y, mo - 1, d))
	);
}

export function formatDateTime(value: string | null | undefined): string {
	if (!value) return '—';
	return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(
		new Date(value)
	);
}

/** A time of day in the person's own time zone (the device's), e.g. 08:05 or 8:05 AM. */
export function formatTime(value: string | null | undefined): string {
	if (!value) return '—';
	return new Intl.DateTimeFormat(tag(), { timeStyle: 'short' }).format(new Date(value));
}

export function formatNumber(value: number): string {
	return new Intl.NumberFormat(tag()).format(value);
}

export function formatBytes(bytes: number): string {
	const units = ['byte', 'kilobyte', 'megabyte'] as const;
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return new Intl.NumberFormat(tag(), {
		style: 'unit',
		unit: units[unit],
		unitDisplay: 'short',
		maximumFractionDigits: unit === 0 ? 0 : 1
	}).format(value);
}
