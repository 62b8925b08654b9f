// What the scanner keeps on the device, behind one interface: IndexedDB in the browser
// (idb.ts), a Map in the unit tests — the outbox's logic is the same over either.
import type { Roster, ScanDirection, ScanOutcome } from './api';

/** A scan as the device keeps it: in the outbox until `outcome` is set by the server. */
export interface StoredScan {
	scan_id: string;
	project_id: number;
	/** The shooting day the scanner had open. */
	date: string;
	/** As scanned or typed. */
	code: string;
	direction: ScanDirection;
	/** The device's clock, RFC 3339. */
	scanned_at: string;
	/** The device believed it had no network when the scan was made. */
	offline: boolean;
	/** Whom the code names in the roster (cinema code), if anyone. */
	talent_code: string | null;
	/** The server's answer; null while the scan waits in the outbox. */
	outcome: ScanOutcome | null;
	answered_at: string | null;
}

/** A roster as kept for offline use, with when its sheet was read from the server. */
export interface StoredRoster {
	project_id: number;
	date: string;
	roster: Roster;
	/** When the request for the sheet it holds left (scans answered later are not in it). */
	sheet_fetched_at: string;
}

export interface StoredPhoto {
	/** The roster's `thumbnail_url`: a new URL is a new photo. */
	url: string;
	blob: Blob;
}

export interface ScannerStore {
	putScans(scans: StoredScan[]): Promise<void>;
	getScan(scanId: string): Promise<StoredScan | undefined>;
	/** Scans of one project and day, any state. */
	scansOf(projectId: number, date: string): Promise<StoredScan[]>;
	/** Every scan the server has not answered for yet, whatever the project. */
	unanswered(): Promise<StoredScan[]>;
	/** Forgets answered scans made before `before` (RFC 3339); never an unanswered one. */
	pruneAnswered(before: string): Promise<number>;
	putRoster(roster: StoredRoster): Promise<void>;
	getRoster(projectId: number, date: string): Promise<StoredRoster | undefined>;
	putPhoto(photo: StoredPhoto): Promise<void>;
	getPhoto(url: string): Promise<StoredPhoto | undefined>;
}

const rosterKey = (projectId: number, date: string) => `${projectId}/${date}`;

/** The store in memory: the unit tests' IndexedDB. Records are copied in and out, as there. */
export class MemoryStore implements ScannerStore {
	readonly scans = new Map<string, StoredScan>();
	readonly rosters = new Map<string, StoredRoster>();
	readonly photos = new Map<string, StoredPhoto>();

	async putScans(scans: StoredScan[]) {
		for (const scan of scans) this.scans.set(scan.scan_id, structuredClone(scan));
	}
	async getScan(scanId: string) {
		const scan = this.scans.get(scanId);
		return scan && structuredClone(scan);
	}
	async scansOf(projectId: number, date: string) {
		return [...this.scans.values()]
			.filter((s) => s.project_id === projectId && s.date === date)
			.map((s) => structuredClone(s));
	}
	async unanswered() {
		return [...this.scans.values()].filter((s) => s.outcome === null).map((s) => structuredClone(s));
	}
	async pruneAnswered(before: string) {
		let removed = 0;
		for (const [id, scan] of this.scans) {
			if (scan.outcome !== null && scan.scanned_at < before) {
				this.scans.delete(id);
				removed += 1;
			}
		}
		return removed;
	}
	async putRoster(roster: StoredRoster) {
		this.rosters.set(rosterKey(roster.project_id, roster.date), structuredClone(roster));
	}
	async getRoster(projectId: number, date: string) {
		const roster = this.rosters.get(rosterKey(projectId, date));
		return roster && structuredClone(roster);
	}
	async putPhoto(photo: StoredPhoto) {
		this.photos.set(photo.url, photo);
	}
	async getPhoto(url: string) {
		return this.photos.get(url);
	}
}
