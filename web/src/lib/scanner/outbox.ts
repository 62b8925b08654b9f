// The outbox: every scan is stored on the device first, then sent in batches; a scan leaves
// the outbox only when the server has answered for it. Sending again is harmless — the
// server records a scan id once — so a batch whose answer was lost is simply sent again.
import { ApiError } from '$lib/api/client';
import type { BatchScan, ScanDirection, ScanOutcome } from './api';
import type { ScannerStore, StoredScan } from './store';

export type Send = (projectId: number, scans: BatchScan[]) => Promise<ScanOutcome[]>;

export interface NewScan {
	project_id: number;
	date: string;
	code: string;
	direction: ScanDirection;
	talent_code: string | null;
	offline: boolean;
}

export interface DrainReport {
	/** Scans the server answered for in this drain. */
	answered: number;
	/** Scans still waiting when it ended. */
	left: number;
	/** Why it stopped early (no network, signed out, the server failing), if it did. */
	error: unknown;
}

/** The contract allows 500 a batch; smaller ones get through a poor network sooner. */
const BATCH_SIZE = 100;

function toBatch(scan: StoredScan): BatchScan {
	return {
		scan_id: scan.scan_id,
		code: scan.code,
		direction: scan.direction,
		scanned_at: scan.scanned_at,
		date: scan.date,
		offline: scan.offline
	};
}

/** The server refused the scan's envelope itself (422): it will never be recorded. */
function rejected(scan: StoredScan, error: ApiError): ScanOutcome {
	return { scan_id: scan.scan_id, status: 'refused', reason: null, attendance: null, message: error.problem.detail };
}

export class Outbox {
	readonly #store: ScannerStore;
	readonly #newId: () => string;
	readonly #now: () => Date;
	readonly #batchSize: number;

	constructor(
		store: ScannerStore,
		options: { newId?: () => string; now?: () => Date; batchSize?: number } = {}
	) {
		this.#store = store;
		this.#newId = options.newId ?? (() => crypto.randomUUID());
		this.#now = options.now ?? (() => new Date());
		this.#batchSize = options.batchSize ?? BATCH_SIZE;
	}

	/** Gives the scan its id and the device's time, and stores it before anything else. */
	async add(scan: NewScan): Promise<StoredScan> {
		const stored: StoredScan = {
			...scan,
			scan_id: this.#newId(),
			scanned_at: this.#now().toISOString(),
			outcome: null,
			answered_at: null
		};
		await this.#store.putScans([stored]);
		return stored;
	}

	async waiting(): Promise<StoredScan[]> {
		return (await this.#store.unanswered()).sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
	}

	/** Sends every waiting scan, project by project, oldest first, in batches. */
	async drain(send: Send): Promise<DrainReport> {
		const waiting = await this.waiting();
		const byProject = new Map<number, StoredScan[]>();
		for (const scan of waiting) byProject.set(scan.project_id, [...(byProject.get(scan.project_id) ?? []), scan]);
		let answered = 0;
		let failure: unknown = null;
		try {
			for (const [projectId, scans] of byProject) {
				for (let i = 0; i < scans.length; i += this.#batchSize) {
					answered += await this.#sendBatch(send, projectId, scans.slice(i, i + this.#batchSize));
				}
			}
		} catch (error) {
			failure = error;
		}
		return { answered, left: (await this.#store.unanswered()).length, error: failure };
	}

	async #sendBatch(send: Send, projectId: number, scans: StoredScan[]): Promise<number> {
		let outcomes: ScanOutcome[];
		try {
			outcomes = await send(projectId, scans.map(toBatch));
		} catch (error) {
			if (!(error instanceof ApiError) || error.status !== 422) throw error;
			// One bad scan spoils the whole envelope: send them one by one, so the others land
			// and only the bad one is answered with the refusal.
			if (scans.length > 1) {
				let answered = 0;
				for (const scan of scans) answered += await this.#sendBatch(send, projectId, [scan]);
				return answered;
			}
			outcomes = [rejected(scans[0]!, error)];
		}
		return this.#record(scans, outcomes);
	}

	/** Keeps each answer with its scan; the first answer stays (a resend says `duplicate`). */
	async #record(scans: StoredScan[], outcomes: ScanOutcome[]): Promise<number> {
		const sent = new Set(scans.map((s) => s.scan_id));
		const answeredAt = this.#now().toISOString();
		const updates: StoredScan[] = [];
		for (const outcome of outcomes) {
			if (!sent.has(outcome.scan_id)) continue;
			const scan = await this.#store.getScan(outcome.scan_id);
			if (!scan || scan.outcome !== null) continue;
			updates.push({ ...scan, outcome, answered_at: answeredAt });
		}
		await this.#store.putScans(updates);
		return updates.length;
	}
}
