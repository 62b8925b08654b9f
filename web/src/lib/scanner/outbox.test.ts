import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, type Problem } from '$lib/api/client';
import type { BatchScan, ScanOutcome } from './api';
import { Outbox, type NewScan } from './outbox';
import { MemoryStore } from './store';

let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
let clock = Date.parse('2026-12-02T08:00:00Z');
const now = () => new Date((clock += 1000));

const scan = (code: string, project_id = 1): NewScan => ({
	project_id,
	date: '2026-12-02',
	code,
	direction: 'check_in',
	talent_code: null,
	offline: true
});

const recorded = (s: BatchScan): ScanOutcome => ({ scan_id: s.scan_id, status: 'recorded', reason: null, attendance: null, message: 'ok' });

function server(answer: (s: BatchScan) => ScanOutcome = recorded) {
	const batches: { projectId: number; scans: BatchScan[] }[] = [];
	const send = async (projectId: number, scans: BatchScan[]) => {
		batches.push({ projectId, scans });
		return scans.map(answer);
	};
	return { batches, send };
}

describe('the outbox', () => {
	it('stores a scan with its id and the device time before anything is sent', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		const added = await outbox.add(scan('BADGE222'));
		expect(added.scan_id).toMatch(/^[0-9a-f-]{36}$/);
		expect(Date.parse(added.scanned_at)).not.toBeNaN();
		expect(await store.getScan(added.scan_id)).toEqual(added);
		expect((await outbox.waiting()).map((s) => s.code)).toEqual(['BADGE222']);
	});

	it('survives a reload: a new outbox over the same store still has the waiting scans', async () => {
		const store = new MemoryStore();
		await new Outbox(store, { newId, now }).add(scan('BADGE222'));
		await new Outbox(store, { newId, now }).add(scan('BADGE333'));
		const reloaded = new Outbox(store, { newId, now });
		expect((await reloaded.waiting()).map((s) => s.code)).toEqual(['BADGE222', 'BADGE333']);
	});

	it('sends waiting scans in batches per project, oldest first, and keeps each answer', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now, batchSize: 2 });
		for (const code of ['A2222222', 'B3333333', 'C4444444']) await outbox.add(scan(code));
		await outbox.add(scan('D5555555', 2));
		const { batches, send } = server();
		const report = await outbox.drain(send);
		expect(report).toEqual({ answered: 4, left: 0, error: null });
		expect(batches.map((b) => [b.projectId, b.scans.map((s) => s.code)])).toEqual([
			[1, ['A2222222', 'B3333333']],
			[1, ['C4444444']],
			[2, ['D5555555']]
		]);
		expect(batches[0]!.scans[0]).toMatchObject({ direction: 'check_in', date: '2026-12-02', offline: true });
		expect(await outbox.waiting()).toEqual([]);
		const kept = [...store.scans.values()];
		expect(kept).toHaveLength(4);
		expect(kept.every((s) => s.outcome?.status === 'recorded' && s.answered_at)).toBe(true);
	});

	it('keeps everything when the network fails, and sends the same scan ids again later', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		const first = await outbox.add(scan('BADGE222'));
		const report = await outbox.drain(async () => {
			throw new NetworkError();
		});
		expect(report.left).toBe(1);
		expect(report.error).toBeInstanceOf(NetworkError);
		const { batches, send } = server();
		await outbox.drain(send);
		expect(batches[0]!.scans[0]!.scan_id).toBe(first.scan_id);
		expect((await store.getScan(first.scan_id))?.outcome?.status).toBe('recorded');
	});

	it('leaves a scan the answer does not mention in the outbox', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		await outbox.add(scan('BADGE222'));
		const lost = await outbox.add(scan('BADGE333'));
		const report = await outbox.drain(async (_, scans) => scans.filter((s) => s.scan_id !== lost.scan_id).map(recorded));
		expect(report).toMatchObject({ answered: 1, left: 1 });
		expect((await outbox.waiting()).map((s) => s.scan_id)).toEqual([lost.scan_id]);
	});

	it('keeps the first answer when a resend says duplicate', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		const added = await outbox.add(scan('BADGE222'));
		await outbox.drain(server().send);
		// Another tab resent it before hearing the answer: the server says duplicate.
		await store.putScans([{ ...added }]);
		await outbox.drain(server((s) => ({ ...recorded(s), status: 'duplicate' })).send);
		// The stale copy was put back unanswered, then answered duplicate: the answer is kept.
		expect((await store.getScan(added.scan_id))?.outcome?.status).toBe('duplicate');
		expect(await outbox.waiting()).toEqual([]);
	});

	it('shows the refusals with their reason', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		const added = await outbox.add(scan('ZZZZZZZZ'));
		await outbox.drain(server((s) => ({ ...recorded(s), status: 'refused', reason: 'not_on_project' })).send);
		expect((await store.getScan(added.scan_id))?.outcome).toMatchObject({ status: 'refused', reason: 'not_on_project' });
	});

	it('sends one by one after a 422, so one malformed scan does not hold up the others', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		await outbox.add(scan('BADGE222'));
		const bad = await outbox.add({ ...scan('BADGE333'), date: 'not a date' });
		const problem = { type: 'about:blank', title: 'Invalid', status: 422, code: 'validation', detail: 'bad date' } as unknown as Problem;
		const report = await outbox.drain(async (_, scans) => {
			if (scans.some((s) => s.date === 'not a date')) throw new ApiError(422, problem, null);
			return scans.map(recorded);
		});
		expect(report).toEqual({ answered: 2, left: 0, error: null });
		expect((await store.getScan(bad.scan_id))?.outcome).toMatchObject({ status: 'refused', reason: null, message: 'bad date' });
	});

	it('stops at another error (signed out, server down) and keeps the rest waiting', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		await outbox.add(scan('BADGE222'));
		const problem = { type: 'about:blank', title: 'x', status: 503, code: 'unavailable', detail: '' } as unknown as Problem;
		const report = await outbox.drain(async () => {
			throw new ApiError(503, problem, null);
		});
		expect(report.left).toBe(1);
		expect(report.error).toBeInstanceOf(ApiError);
	});

	it('prunes old answered scans only', async () => {
		const store = new MemoryStore();
		const outbox = new Outbox(store, { newId, now });
		await outbox.add(scan('BADGE222'));
		await outbox.drain(server().send);
		await outbox.add(scan('BADGE333'));
		expect(await store.pruneAnswered('2999-01-01T00:00:00Z')).toBe(1);
		expect((await outbox.waiting()).map((s) => s.code)).toEqual(['BADGE333']);
	});
});
