// Judging a scan on the device, at once and without the network, by the server's own rules
// (shared/src/presence/rules.rs): the earliest check-in of the day counts, the latest
// check-out counts, a check-out needs a check-in before it. The server has the last word;
// this is what the person holding the phone sees meanwhile.
import type { RosterTalent, ScanDirection, ScanRefusal, SheetLine } from './api';
import { normalizeCode } from './codes';
import type { StoredScan } from './store';

/** One talent's times for the day, as far as this device knows them. */
export interface DayTimes {
	check_in: string | null;
	check_out: string | null;
	attendance_id: number | null;
	/** A scan not answered by the server yet moved one of these times. */
	pending: boolean;
}

export type Verdict =
	| { kind: 'checked_in'; talent: RosterTalent }
	| { kind: 'checked_out'; talent: RosterTalent; previous: string | null }
	| { kind: 'already_in'; talent: RosterTalent; at: string }
	| { kind: 'already_out'; talent: RosterTalent; at: string }
	| { kind: 'refused'; reason: ScanRefusal; talent: RosterTalent | null };

/** What judging needs to know about the project and day. */
export interface Ground {
	talents: RosterTalent[];
	/** The shooting day, YYYY-MM-DD. */
	date: string;
	project: { start_date: string | null; end_date: string | null };
}

/** Finds the talent a scanned or typed code names: the badge's code or the cinema code. */
export class CodeBook {
	#byCode = new Map<string, RosterTalent>();

	constructor(talents: RosterTalent[]) {
		for (const talent of talents) {
			for (const code of [talent.project_code, talent.cinema_talent_code]) {
				const normal = normalizeCode(code);
				if (normal) this.#byCode.set(normal, talent);
			}
		}
	}

	find(code: string): RosterTalent | null {
		const normal = normalizeCode(code);
		return normal ? (this.#byCode.get(normal) ?? null) : null;
	}
}

const ms = (iso: string) => Date.parse(iso);

/** Applies one scan to a talent's times, as the server would; false when it is refused. */
function apply(times: DayTimes, direction: ScanDirection, at: string): boolean {
	if (direction === 'check_in') {
		if (times.check_in === null || ms(at) < ms(times.check_in)) times.check_in = at;
		return true;
	}
	if (times.check_in === null || ms(at) < ms(times.check_in)) return false;
	if (times.check_out === null || ms(at) > ms(times.check_out)) times.check_out = at;
	return true;
}

/**
 * The day's times per cinema code: the server's sheet, then the scans it does not show yet —
 * those still in the outbox, and those answered after the sheet was fetched — in the order
 * they were scanned. Refused and duplicate answers change nothing.
 */
export function dayTimes(sheet: SheetLine[], scans: StoredScan[], sheetFetchedAt: string | null): Map<string, DayTimes> {
	const day = new Map<string, DayTimes>();
	for (const line of sheet) {
		day.set(line.cinema_talent_code, {
			check_in: line.check_in_time ?? null,
			check_out: line.check_out_time ?? null,
			attendance_id: line.attendance_id ?? null,
			pending: false
		});
	}
	const unseen = scans
		.filter((scan) => scan.talent_code !== null)
		.filter((scan) => {
			if (!scan.outcome) return true;
			const accepted = scan.outcome.status === 'recorded' || scan.outcome.status === 'already_recorded';
			return accepted && (sheetFetchedAt === null || (scan.answered_at ?? '') > sheetFetchedAt);
		})
		.sort((a, b) => ms(a.scanned_at) - ms(b.scanned_at) || (a.direction === 'check_out' ? 1 : 0) - (b.direction === 'check_out' ? 1 : 0));
	for (const scan of unseen) {
		const code = scan.talent_code!;
		const times = day.get(code) ?? { check_in: null, check_out: null, attendance_id: null, pending: false };
		const before = `${times.check_in}|${times.check_out}`;
		if (apply(times, scan.direction, scan.scanned_at) && !scan.outcome && before !== `${times.check_in}|${times.check_out}`) {
			times.pending = true;
		}
		times.attendance_id ??= scan.outcome?.attendance?.id ?? null;
		day.set(code, times);
	}
	return day;
}

function outsideDates(ground: Ground): boolean {
	const { start_date, end_date } = ground.project;
	return (start_date !== null && ground.date < start_date) || (end_date !== null && ground.date > end_date);
}

/** What a scan of `code` at `at` does, judged on this device. */
export function judge(
	ground: Ground,
	book: CodeBook,
	day: Map<string, DayTimes>,
	code: string,
	direction: ScanDirection,
	at: string
): Verdict {
	if (normalizeCode(code) === null) return { kind: 'refused', reason: 'invalid_code', talent: null };
	if (outsideDates(ground)) return { kind: 'refused', reason: 'outside_project_dates', talent: null };
	const talent = book.find(code);
	if (!talent) return { kind: 'refused', reason: 'not_on_project', talent: null };
	const times = day.get(talent.cinema_talent_code);
	if (direction === 'check_in') {
		if (times?.check_in && ms(times.check_in) <= ms(at)) return { kind: 'already_in', talent, at: times.check_in };
		return { kind: 'checked_in', talent };
	}
	if (!times?.check_in || ms(at) < ms(times.check_in)) return { kind: 'refused', reason: 'not_checked_in', talent };
	if (times.check_out && ms(at) <= ms(times.check_out)) return { kind: 'already_out', talent, at: times.check_out };
	return { kind: 'checked_out', talent, previous: times.check_out };
}
