import { describe, expect, it } from 'vitest';
import type { RosterTalent, ScanOutcome, SheetLine } from './api';
import { normalizeCode } from './codes';
import { CodeBook, dayTimes, judge, type Ground } from './judge';
import type { StoredScan } from './store';

const talent = (first: string, cinema: string, badge: string): RosterTalent => ({
	cinema_talent_code: cinema,
	project_code: badge,
	first_name: first,
	last_name: 'Diallo',
	talent_type: 'extra',
	role_name: null,
	thumbnail_url: null
});
const AWA = talent('Awa', 'AWA22222', 'BADGE222');
const KOFI = talent('Kofi', 'KFXW3333', 'BADGE333');
const ground: Ground = { talents: [AWA, KOFI], date: '2026-12-02', project: { start_date: '2026-12-01', end_date: null } };
const book = new CodeBook(ground.talents);

const line = (t: RosterTalent, check_in: string | null = null, check_out: string | null = null): SheetLine => ({
	cinema_talent_code: t.cinema_talent_code,
	first_name: t.first_name,
	last_name: t.last_name,
	talent_type: t.talent_type,
	attendance_id: check_in ? 7 : null,
	check_in_time: check_in,
	check_out_time: check_out,
	check_in_scan: null,
	check_out_scan: null
});

let n = 0;
function scan(t: RosterTalent | null, direction: 'check_in' | 'check_out', at: string, outcome: Partial<ScanOutcome> | null = null, answered_at: string | null = null): StoredScan {
	n += 1;
	const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return {
		scan_id: id,
		project_id: 1,
		date: '2026-12-02',
		code: t?.project_code ?? 'ZZZZZZZZ',
		direction,
		scanned_at: at,
		offline: true,
		talent_code: t?.cinema_talent_code ?? null,
		outcome: outcome ? { scan_id: id, status: 'recorded', reason: null, attendance: null, message: '', ...outcome } : null,
		answered_at
	};
}

const T8 = '2026-12-02T08:00:00.000Z';
const T9 = '2026-12-02T09:00:00.000Z';
const T17 = '2026-12-02T17:00:00.000Z';
const T18 = '2026-12-02T18:00:00.000Z';

describe('codes', () => {
	it('reads codes as the server does', () => {
		expect(normalizeCode('badge-222')).toBe('BADGE222');
		expect(normalizeCode(' BAD GE222 ')).toBe('BADGE222');
		expect(normalizeCode('BADGE220')).toBeNull(); // 0 is not in the alphabet
		expect(normalizeCode('BADGE22')).toBeNull();
		expect(normalizeCode('https://example.com/x')).toBeNull();
		expect(normalizeCode('BADGEﬀ22')).toBeNull(); // no Unicode case folding
	});
});

describe('judging a scan on the device', () => {
	const empty = dayTimes([line(AWA), line(KOFI)], [], null);

	it('checks in a talent of the roster, by badge or cinema code', () => {
		expect(judge(ground, book, empty, 'badge222', 'check_in', T8)).toEqual({ kind: 'checked_in', talent: AWA });
		expect(judge(ground, book, empty, 'kfxw-3333', 'check_in', T8)).toEqual({ kind: 'checked_in', talent: KOFI });
	});

	it('says a second check-in is already recorded, with the first time', () => {
		const day = dayTimes([line(AWA, T8), line(KOFI)], [], null);
		expect(judge(ground, book, day, 'BADGE222', 'check_in', T9)).toEqual({ kind: 'already_in', talent: AWA, at: T8 });
	});

	it('refuses a code not on the project and a code that is no code', () => {
		expect(judge(ground, book, empty, 'ZZZZZZZZ', 'check_in', T8)).toEqual({ kind: 'refused', reason: 'not_on_project', talent: null });
		expect(judge(ground, book, empty, 'hello', 'check_in', T8)).toEqual({ kind: 'refused', reason: 'invalid_code', talent: null });
	});

	it('refuses a check-out before any check-in, and one earlier than the check-in', () => {
		expect(judge(ground, book, empty, 'BADGE222', 'check_out', T17)).toEqual({ kind: 'refused', reason: 'not_checked_in', talent: AWA });
		const day = dayTimes([line(AWA, T9)], [], null);
		expect(judge(ground, book, day, 'BADGE222', 'check_out', T8)).toMatchObject({ kind: 'refused', reason: 'not_checked_in' });
	});

	it('checks out after a check-in; a later check-out moves the time, an earlier one changes nothing', () => {
		const day = dayTimes([line(AWA, T8)], [], null);
		expect(judge(ground, book, day, 'BADGE222', 'check_out', T17)).toEqual({ kind: 'checked_out', talent: AWA, previous: null });
		const out = dayTimes([line(AWA, T8, T17)], [], null);
		expect(judge(ground, book, out, 'BADGE222', 'check_out', T18)).toEqual({ kind: 'checked_out', talent: AWA, previous: T17 });
		expect(judge(ground, book, out, 'BADGE222', 'check_out', T17)).toEqual({ kind: 'already_out', talent: AWA, at: T17 });
	});

	it('refuses a day outside the project dates', () => {
		const early = { ...ground, date: '2026-11-30' };
		expect(judge(early, book, empty, 'BADGE222', 'check_in', T8)).toMatchObject({ kind: 'refused', reason: 'outside_project_dates' });
	});
});

describe('the day as the device knows it', () => {
	it('adds the scans still in the outbox to the sheet, in the order they were made', () => {
		// Sent in any order: the check-out is judged after the check-in, as on the server.
		const day = dayTimes([line(AWA), line(KOFI)], [scan(AWA, 'check_out', T17), scan(AWA, 'check_in', T8), scan(AWA, 'check_in', T9)], null);
		expect(day.get(AWA.cinema_talent_code)).toEqual({ check_in: T8, check_out: T17, attendance_id: null, pending: true });
		expect(day.get(KOFI.cinema_talent_code)).toMatchObject({ check_in: null, pending: false });
	});

	it('judges a scan against what is still waiting to be sent (offline double scans)', () => {
		const day = dayTimes([line(AWA)], [scan(AWA, 'check_in', T8)], null);
		expect(judge(ground, book, day, 'BADGE222', 'check_in', T9)).toMatchObject({ kind: 'already_in', at: T8 });
		expect(judge(ground, book, day, 'BADGE222', 'check_out', T17)).toMatchObject({ kind: 'checked_out' });
	});

	it('ignores refused and duplicate answers, and answers the sheet already shows', () => {
		const fetched = '2026-12-02T12:00:00.000Z';
		const day = dayTimes(
			[line(AWA), line(KOFI)],
			[
				scan(AWA, 'check_out', T9, { status: 'refused', reason: 'not_checked_in' }, '2026-12-02T13:00:00.000Z'),
				scan(AWA, 'check_in', T8, { status: 'duplicate' }, '2026-12-02T13:00:00.000Z'),
				// Answered before the sheet was read: the sheet is the truth for it (say, corrected since).
				scan(KOFI, 'check_in', T8, { status: 'recorded' }, '2026-12-02T11:00:00.000Z')
			],
			fetched
		);
		expect(day.get(AWA.cinema_talent_code)?.check_in).toBeNull();
		expect(day.get(KOFI.cinema_talent_code)?.check_in).toBeNull();
	});

	it('keeps scans answered after the sheet was read, not as pending', () => {
		const day = dayTimes([line(AWA)], [scan(AWA, 'check_in', T8, { status: 'recorded' }, '2026-12-02T13:00:00.000Z')], '2026-12-02T12:00:00.000Z');
		expect(day.get(AWA.cinema_talent_code)).toMatchObject({ check_in: T8, pending: false });
	});
});
