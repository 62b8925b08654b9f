// The on-set scanner's state: the project and day open, the roster and sheet kept on the
// device, the scans of the day, the last answer, and the outbox's sending. Online or not, a
// scan takes one path: judged here at once, stored in the outbox, sent in a batch when the
// network lets it, and the server's answer replaces the pending mark.
import { tick } from 'svelte';
import { ApiError, NetworkError } from '$lib/api/client';
import { session } from '$lib/state/session.svelte';
import {
	correctAttendance,
	fetchRoster,
	fetchSheet,
	scannerProjects,
	sendScans,
	type Correction,
	type ScanDirection,
	type ScannerProject
} from './api';
import { deviceId } from './device';
import { IndexedDbStore } from './idb';
import { CodeBook, dayTimes, judge, type DayTimes, type Verdict } from './judge';
import { Outbox } from './outbox';
import { keepPhotos } from './photos';
import type { ScannerStore, StoredRoster, StoredScan } from './store';

/** The last scan, as shown big on screen: the device's verdict until the server's answer. */
export interface Answer {
	scan_id: string;
	code: string;
	direction: ScanDirection;
	verdict: Verdict;
}

export type SyncTrouble = 'offline' | 'signed_out' | 'forbidden' | 'server' | null;

/** The small things kept in localStorage: the last day opened and the project list. */
const LAST_OPENED = 'taalentio.scanner.opened';
const PROJECTS = 'taalentio.scanner.projects';
/** Answered scans are kept this long for the journal, then forgotten. */
const KEEP_ANSWERED_DAYS = 7;
const SYNC_EVERY_MS = 15_000;

function readJson<T>(key: string): T | null {
	try {
		const raw = localStorage.getItem(key);
		return raw ? (JSON.parse(raw) as T) : null;
	} catch {
		return null;
	}
}

function writeJson(key: string, value: unknown) {
	try {
		localStorage.setItem(key, JSON.stringify(value));
	} catch {
		// Not kept: the page asks again next time.
	}
}

/** Today on the device's calendar (a set's day is local, not UTC), YYYY-MM-DD. */
export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const VIBRATION: Record<Verdict['kind'], number[]> = {
	checked_in: [80],
	checked_out: [80],
	already_in: [60, 80, 60],
	already_out: [60, 80, 60],
	refused: [350]
};

export class Scanner {
	readonly store: ScannerStore;
	readonly outbox: Outbox;

	projects = $state.raw<ScannerProject[]>([]);
	/** `missing`: the list is not served (yet): the project is chosen by its number. */
	projectsState = $state<'loading' | 'ready' | 'offline' | 'missing' | 'error'>('loading');
	opened = $state.raw<StoredRoster | null>(null);
	openState = $state<'idle' | 'loading' | 'ready' | 'not_kept' | 'not_found' | 'error'>('idle');
	/** Whether the roster on screen was read from the server in this visit. */
	fresh = $state(false);
	scans = $state.raw<StoredScan[]>([]);
	direction = $state<ScanDirection>('check_in');
	answer = $state.raw<Answer | null>(null);
	/** Scans of any project still waiting for the server. */
	waiting = $state(0);
	sending = $state(false);
	online = $state(true);
	trouble = $state<SyncTrouble>(null);

	readonly day: Map<string, DayTimes> = $derived.by(() =>
		this.opened ? dayTimes(this.opened.roster.sheet, this.scans, this.opened.sheet_fetched_at) : new Map()
	);
	readonly book: CodeBook = $derived(new CodeBook(this.opened?.roster.talents ?? []));

	#draining: Promise<void> | null = null;
	/** A scan came while a drain was under way: drain again after it. */
	#again = false;
	/** Counts `open` calls: a late answer for a day no longer open is kept, not shown. */
	#opening = 0;
	#stop: (() => void) | null = null;
	#bench = false;

	constructor(store: ScannerStore = new IndexedDbStore()) {
		this.store = store;
		this.outbox = new Outbox(store);
	}

	/** Starts the outbox's triggers and reopens the last day; `stop()` undoes it. */
	async start() {
		this.#bench = new URLSearchParams(location.search).has('bench');
		this.online = navigator.onLine;
		const wake = () => void this.sync();
		const online = () => {
			this.online = true;
			wake();
		};
		const offline = () => (this.online = false);
		const visible = () => document.visibilityState === 'visible' && wake();
		const timer = setInterval(() => this.waiting > 0 && wake(), SYNC_EVERY_MS);
		addEventListener('online', online);
		addEventListener('offline', offline);
		document.addEventListener('visibilitychange', visible);
		this.#stop = () => {
			clearInterval(timer);
			removeEventListener('online', online);
			removeEventListener('offline', offline);
			document.removeEventListener('visibilitychange', visible);
		};
		session.rememberForOffline();
		await this.#countWaiting();
		const last = readJson<{ project_id: number; date: string }>(LAST_OPENED);
		await Promise.all([this.loadProjects(), last ? this.open(last.project_id, last.date) : Promise.resolve()]);
		void this.sync();
		const weekAgo = new Date(Date.now() - KEEP_ANSWERED_DAYS * 86_400_000).toISOString();
		void this.store.pruneAnswered(weekAgo).catch(() => {});
	}

	stop() {
		this.#stop?.();
		this.#stop = null;
	}

	async loadProjects() {
		try {
			this.projects = await scannerProjects();
			writeJson(PROJECTS, this.projects);
			this.projectsState = 'ready';
		} catch (error) {
			const kept = readJson<ScannerProject[]>(PROJECTS);
			if (kept) this.projects = kept;
			if (error instanceof NetworkError) this.projectsState = 'offline';
			else if (error instanceof ApiError && error.status === 404) this.projectsState = 'missing';
			else this.projectsState = 'error';
		}
	}

	/** Opens a project's day: the copy kept on the device at once, then the server's. */
	async open(projectId: number, date: string) {
		const turn = ++this.#opening;
		this.openState = 'loading';
		this.answer = null;
		this.fresh = false;
		const kept = await this.store.getRoster(projectId, date);
		const scans = await this.store.scansOf(projectId, date);
		if (turn !== this.#opening) return;
		this.opened = kept ?? null;
		this.scans = scans;
		if (kept) this.openState = 'ready';
		writeJson(LAST_OPENED, { project_id: projectId, date });
		try {
			await this.#fetchRoster(projectId, date, turn);
		} catch (error) {
			if (kept || turn !== this.#opening) return;
			if (error instanceof NetworkError) this.openState = 'not_kept';
			else if (error instanceof ApiError && error.status === 404) this.openState = 'not_found';
			else this.openState = 'error';
		}
	}

	/** The roster from the server, kept on the device, shown if its day is still the one open. */
	async #fetchRoster(projectId: number, date: string, turn: number) {
		const asked = new Date().toISOString();
		const roster = await fetchRoster(projectId, date);
		const stored: StoredRoster = { project_id: projectId, date, roster, sheet_fetched_at: asked };
		await this.store.putRoster(stored);
		void keepPhotos(this.store, roster.talents);
		// Still the day asked for (the person may have picked another meanwhile).
		if (turn !== this.#opening) return;
		this.opened = stored;
		this.fresh = true;
		this.openState = 'ready';
	}

	/**
	 * After a start with no network, once it is back: the session again (a CSRF token for
	 * corrections) and the roster (new talents, photos).
	 */
	async #catchUp() {
		if (session.offline) await session.reconnect();
		const opened = this.opened;
		if (!opened || this.fresh) return;
		await this.#fetchRoster(opened.project_id, opened.date, this.#opening).catch(() => {});
	}

	#isOpen(projectId: number, date: string) {
		return this.opened?.project_id === projectId && this.opened.date === date;
	}

	/** A code from the camera or typed: stored first, answered at once, sent when it can be. */
	async scan(code: string) {
		const opened = this.opened;
		if (!opened) return;
		if (this.#bench) performance.mark('scanner:decoded');
		const direction = this.direction;
		const talent = this.book.find(code);
		const stored = await this.outbox.add({
			project_id: opened.project_id,
			date: opened.date,
			code: code.trim(),
			direction,
			talent_code: talent?.cinema_talent_code ?? null,
			offline: !navigator.onLine
		});
		// Another day was opened meanwhile: the scan is stored and will be sent; not shown here.
		// (The same day read again — a sheet refresh — is a new object, and the scan is shown.)
		const current = this.opened;
		if (!current || !this.#isOpen(opened.project_id, opened.date)) return;
		const ground = { talents: current.roster.talents, date: current.date, project: current.roster.project };
		const verdict = judge(ground, this.book, this.day, code, direction, stored.scanned_at);
		this.scans = [...this.scans.filter((s) => s.scan_id !== stored.scan_id), stored];
		this.waiting += 1;
		this.answer = { scan_id: stored.scan_id, code: stored.code, direction, verdict };
		navigator.vibrate?.(VIBRATION[verdict.kind]);
		if (this.#bench) {
			await tick();
			requestAnimationFrame(() => setTimeout(() => performance.measure('scanner:answer', 'scanner:decoded')));
		}
		// With no network at all, the `online` event sends it; otherwise try now.
		if (navigator.onLine) void this.sync();
	}

	/** The scan's record as it stands (the server's answer, once it came). */
	scanById(scanId: string): StoredScan | undefined {
		return this.scans.find((s) => s.scan_id === scanId);
	}

	/**
	 * Sends the outbox: one drain at a time (across tabs too, with Web Locks where there are);
	 * asked again while one runs, it runs once more after, for the scans that came meanwhile.
	 */
	sync(): Promise<void> {
		if (this.#draining) {
			this.#again = true;
			return this.#draining;
		}
		this.#draining = (async () => {
			try {
				do {
					this.#again = false;
					const locks = navigator.locks;
					if (locks) await locks.request('taalentio-scanner-outbox', () => this.#drain());
					else await this.#drain();
				} while (this.#again && this.online);
			} finally {
				this.#draining = null;
			}
		})();
		return this.#draining;
	}

	async #drain() {
		if ((await this.outbox.waiting()).length === 0) {
			this.waiting = 0;
			await this.#catchUp();
			return;
		}
		this.sending = true;
		try {
			if (!(await session.reconnect())) {
				this.trouble = session.offline ? 'offline' : 'signed_out';
				this.online = !session.offline;
				return;
			}
			const device = deviceId();
			const report = await this.outbox.drain(async (projectId, scans) => (await sendScans(projectId, device, scans)).results);
			this.trouble = troubleOf(report.error);
			if (report.error instanceof NetworkError) this.online = false;
			else this.online = true;
			const opened = this.opened;
			if (opened) this.scans = await this.store.scansOf(opened.project_id, opened.date);
			if (report.answered > 0 && opened) await this.refreshSheet().catch(() => {});
			if (!report.error) await this.#catchUp();
		} finally {
			this.sending = false;
			await this.#countWaiting();
		}
	}

	async #countWaiting() {
		this.waiting = (await this.outbox.waiting()).length;
	}

	/** The day's sheet from the server (other devices' scans, corrections). */
	async refreshSheet() {
		const opened = this.opened;
		if (!opened) return;
		const asked = new Date().toISOString();
		const sheet = await fetchSheet(opened.project_id, opened.date);
		const stored: StoredRoster = { ...opened, roster: { ...opened.roster, sheet }, sheet_fetched_at: asked };
		await this.store.putRoster(stored);
		if (this.#isOpen(opened.project_id, opened.date)) this.opened = stored;
	}

	/** Corrects a recorded time (online only); the sheet is read again after. */
	async correct(attendanceId: number, correction: Correction) {
		await correctAttendance(attendanceId, correction);
		await this.refreshSheet();
	}
}

function troubleOf(error: unknown): SyncTrouble {
	if (!error) return null;
	if (error instanceof NetworkError) return 'offline';
	if (error instanceof ApiError && error.status === 401) return 'signed_out';
	if (error instanceof ApiError && error.status === 403) return 'forbidden';
	return 'server';
}
