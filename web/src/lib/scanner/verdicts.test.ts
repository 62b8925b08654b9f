import { describe, expect, it } from 'vitest';
import type { RosterTalent, ScanOutcome, ScanRefusal, ScanStatus } from './api';
import type { Verdict } from './judge';
import { shownAnswer } from './verdicts';

const AWA: RosterTalent = {
	cinema_talent_code: 'AWA22222',
	project_code: 'BADGE222',
	first_name: 'Awa',
	last_name: 'Diallo',
	talent_type: 'extra',
	role_name: null,
	thumbnail_url: null
};
const outcome = (status: ScanStatus, reason: ScanRefusal | null = null): ScanOutcome => ({
	scan_id: '00000000-0000-4000-8000-000000000000',
	status,
	reason,
	attendance: null,
	message: ''
});
const checkedIn: Verdict = { kind: 'checked_in', talent: AWA };

describe('shownAnswer', () => {
	it('shows the device verdict while the server has not answered', () => {
		const shown = shownAnswer(checkedIn, null);
		expect(shown.tone).toBe('ok');
		expect(shown.reason).toBeNull();
		expect(shown.talent).toBe(AWA);
	});

	it('keeps the device verdict when the server recorded the scan', () => {
		const shown = shownAnswer(checkedIn, outcome('recorded'));
		expect(shown.tone).toBe('ok');
	});

	it("replaces a device's check-in by the server's refusal and says why", () => {
		const device = shownAnswer(checkedIn, null);
		const shown = shownAnswer(checkedIn, outcome('refused', 'too_old'));
		expect(shown.tone).toBe('refused');
		expect(shown.title).not.toBe(device.title);
		expect(shown.reason).toBeTruthy();
		expect(shown.reason).not.toBe(shownAnswer(checkedIn, outcome('refused', 'in_future')).reason);
		expect(shown.talent).toBe(AWA);
	});

	it("gives the device's own refusal its reason", () => {
		const shown = shownAnswer({ kind: 'refused', reason: 'not_on_project', talent: null }, null);
		expect(shown.tone).toBe('refused');
		expect(shown.reason).toBeTruthy();
	});
});
