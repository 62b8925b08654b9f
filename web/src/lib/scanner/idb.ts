// The scanner's store in IndexedDB: a few promises over the raw API (no library).
//
// Each write is one transaction that resolves when it is committed (`oncomplete`), so a scan
// said to be stored survives the page being closed right after.
import type { ScannerStore, StoredPhoto, StoredRoster, StoredScan } from './store';

const NAME = 'taalentio-scanner';
const VERSION = 1;

/** On a scan still in the outbox only: a sparse index of them (null is not a valid key). */
type ScanRecord = StoredScan & { waiting?: 1 };

function result<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function committed(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
	});
}

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(NAME, VERSION);
		request.onupgradeneeded = () => {
			const db = request.result;
			const scans = db.createObjectStore('scans', { keyPath: 'scan_id' });
			scans.createIndex('by_day', ['project_id', 'date']);
			scans.createIndex('waiting', 'waiting');
			db.createObjectStore('rosters', { keyPath: ['project_id', 'date'] });
			db.createObjectStore('photos', { keyPath: 'url' });
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error('the scanner database is open in an older tab'));
	});
}

function toRecord(scan: StoredScan): ScanRecord {
	const record: ScanRecord = { ...scan };
	if (scan.outcome === null) record.waiting = 1;
	return record;
}

function fromRecord({ waiting: _, ...scan }: ScanRecord): StoredScan {
	return scan;
}

export class IndexedDbStore implements ScannerStore {
	#db: Promise<IDBDatabase> | null = null;

	#open(): Promise<IDBDatabase> {
		this.#db ??= open().then((db) => {
			// Another tab upgrading the schema: let it, and reopen on the next call.
			db.onversionchange = () => {
				db.close();
				this.#db = null;
			};
			return db;
		});
		return this.#db;
	}

	async #read<T>(store: string, ask: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
		const db = await this.#open();
		return result(ask(db.transaction(store, 'readonly').objectStore(store)));
	}

	async putScans(scans: StoredScan[]) {
		const db = await this.#open();
		const tx = db.transaction('scans', 'readwrite');
		const store = tx.objectStore('scans');
		for (const scan of scans) store.put(toRecord(scan));
		await committed(tx);
	}

	async getScan(scanId: string) {
		const record = await this.#read<ScanRecord | undefined>('scans', (s) => s.get(scanId));
		return record && fromRecord(record);
	}

	async scansOf(projectId: number, date: string) {
		const records = await this.#read<ScanRecord[]>('scans', (s) =>
			s.index('by_day').getAll(IDBKeyRange.only([projectId, date]))
		);
		return records.map(fromRecord);
	}

	async unanswered() {
		const records = await this.#read<ScanRecord[]>('scans', (s) => s.index('waiting').getAll(1));
		return records.map(fromRecord);
	}

	async pruneAnswered(before: string) {
		const db = await this.#open();
		const tx = db.transaction('scans', 'readwrite');
		const store = tx.objectStore('scans');
		const records = await result<ScanRecord[]>(store.getAll());
		let removed = 0;
		for (const record of records) {
			if (record.outcome !== null && record.scanned_at < before) {
				store.delete(record.scan_id);
				removed += 1;
			}
		}
		await committed(tx);
		return removed;
	}

	async putRoster(roster: StoredRoster) {
		const db = await this.#open();
		const tx = db.transaction('rosters', 'readwrite');
		tx.objectStore('rosters').put(roster);
		await committed(tx);
	}

	getRoster(projectId: number, date: string) {
		return this.#read<StoredRoster | undefined>('rosters', (s) => s.get([projectId, date]));
	}

	async putPhoto(photo: StoredPhoto) {
		const db = await this.#open();
		const tx = db.transaction('photos', 'readwrite');
		tx.objectStore('photos').put(photo);
		await committed(tx);
	}

	getPhoto(url: string) {
		return this.#read<StoredPhoto | undefined>('photos', (s) => s.get(url));
	}
}
