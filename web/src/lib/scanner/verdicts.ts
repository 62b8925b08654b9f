// What a scan's verdict and the server's answer say to the person, in their language. The
// tables are keyed by the API's enums, so a reason the server adds fails svelte-check here.
import { formatTime } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages.js';
import type { RosterTalent, ScanDirection, ScanOutcome, ScanRefusal, ScanStatus } from './api';
import type { Verdict } from './judge';
import type { StoredScan } from './store';

const REASON: Record<ScanRefusal, () => string> = {
	invalid_code: () => m.scanner_reason_invalid_code(),
	not_on_project: () => m.scanner_reason_not_on_project(),
	not_checked_in: () => m.scanner_reason_not_checked_in(),
	too_old: () => m.scanner_reason_too_old(),
	in_future: () => m.scanner_reason_in_future(),
	outside_project_dates: () => m.scanner_reason_outside_project_dates()
};

export function reasonText(reason: ScanRefusal | null): string {
	return reason ? REASON[reason]() : m.scanner_reason_malformed();
}

export const DIRECTION: Record<ScanDirection, () => string> = {
	check_in: () => m.scanner_direction_check_in(),
	check_out: () => m.scanner_direction_check_out()
};

/** The verdict's headline: what happened, in a few words. */
export function verdictTitle(verdict: Verdict): string {
	switch (verdict.kind) {
		case 'checked_in':
			return m.scanner_verdict_checked_in();
		case 'checked_out':
			return m.scanner_verdict_checked_out();
		case 'already_in':
			return m.scanner_verdict_already_in({ time: formatTime(verdict.at) });
		case 'already_out':
			return m.scanner_verdict_already_out({ time: formatTime(verdict.at) });
		case 'refused':
			return m.scanner_verdict_refused();
	}
}

/** Good news, a harmless repeat, or a refusal: the answer's colour. */
export function verdictTone(verdict: Verdict): 'ok' | 'again' | 'refused' {
	if (verdict.kind === 'refused') return 'refused';
	return verdict.kind === 'already_in' || verdict.kind === 'already_out' ? 'again' : 'ok';
}

const STATUS: Record<ScanStatus, (outcome: ScanOutcome) => string> = {
	recorded: () => m.scanner_status_recorded(),
	already_recorded: () => m.scanner_status_already_recorded(),
	duplicate: () => m.scanner_status_duplicate(),
	refused: (outcome) => m.scanner_status_refused({ reason: reasonText(outcome.reason) })
};

/** Where the scan stands with the server: waiting, or its answer. */
export function scanStatus(scan: StoredScan | undefined): string {
	if (!scan?.outcome) return m.scanner_status_pending();
	return STATUS[scan.outcome.status](scan.outcome);
}

/** What the answer zone shows for a scan: the headline, its colour and the reason, if any. */
export interface ShownAnswer {
	title: string;
	tone: 'ok' | 'again' | 'refused';
	reason: string | null;
	talent: RosterTalent | null;
}

/**
 * The device's verdict until the server answers; a refusal from the server (a stale clock, a
 * code the roster kept but the project no longer has) replaces it, so the screen never says
 * "checked in" for a scan that was not recorded.
 */
export function shownAnswer(verdict: Verdict, outcome: ScanOutcome | null | undefined): ShownAnswer {
	const talent = verdict.talent;
	if (outcome?.status === 'refused') {
		return { title: m.scanner_verdict_refused(), tone: 'refused', reason: reasonText(outcome.reason), talent };
	}
	let reason: string | null = null;
	if (verdict.kind === 'refused') reason = reasonText(verdict.reason);
	else if (verdict.kind === 'checked_out' && verdict.previous) reason = m.scanner_previous_out({ time: formatTime(verdict.previous) });
	return { title: verdictTitle(verdict), tone: verdictTone(verdict), reason, talent };
}
