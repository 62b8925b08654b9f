// The scanner's API: the presence endpoints it calls and their shapes, in one place.
//
// The roster, the scan batch and the project list are agreed in notes/scans-contract.md and
// are not in the generated schema yet. Until they are, `Contract` below writes them as
// openapi-typescript will, and `presenceApi` is the one client typed with those paths too.
// When `infra/local/web.sh schema` has them: delete `Contract` and `ContractPaths`, point
// the types at `Schemas[...]` and `presenceApi` at `api` — nothing else changes.
import type { Client } from 'openapi-fetch';
import { api, call, type Schemas } from '$lib/api/client';
import type { paths } from '$lib/api/schema';

export type SheetLine = Schemas['SheetLine'] & {
	/** Which scan set each time (offline, which device), once the server says so. */
	check_in_scan?: ScanSource | null;
	check_out_scan?: ScanSource | null;
};
export type Attendance = Schemas['Attendance'];
export type Correction = Schemas['Correction'];
export type CorrectionRecord = Schemas['CorrectionRecord'];

/** The contract's shapes (notes/scans-contract.md), as the generator will write them. */
namespace Contract {
	export type ScanDirection = 'check_in' | 'check_out';
	export type ScanStatus = 'recorded' | 'already_recorded' | 'duplicate' | 'refused';
	export type ScanRefusal =
		| 'invalid_code'
		| 'not_on_project'
		| 'not_checked_in'
		| 'too_old'
		| 'in_future'
		| 'outside_project_dates';
	export interface ScanSource {
		scan_id: string;
		device_id: string | null;
		offline: boolean;
	}
	export interface RosterProject {
		id: number;
		name: string;
		status: string;
		start_date: string | null;
		end_date: string | null;
	}
	export interface ScanWindow {
		max_age_hours: number;
		max_future_skew_seconds: number;
	}
	export interface RosterTalent {
		cinema_talent_code: string;
		/** What the badge's QR code holds. */
		project_code: string;
		first_name: string;
		last_name: string;
		talent_type: string;
		role_name: string | null;
		/** Same-origin (a redirect to the stored thumbnail), or null without a photo. */
		thumbnail_url: string | null;
	}
	export interface Roster {
		project: RosterProject;
		date: string;
		window: ScanWindow;
		talents: RosterTalent[];
		sheet: SheetLine[];
	}
	export interface BatchScan {
		scan_id: string;
		code: string;
		direction: ScanDirection;
		scanned_at: string;
		date: string;
		offline: boolean;
	}
	export interface ScanBatch {
		device_id: string;
		scans: BatchScan[];
	}
	export interface ScanOutcome {
		scan_id: string;
		status: ScanStatus;
		reason: ScanRefusal | null;
		attendance: Attendance | null;
		message: string;
	}
	export interface ScanBatchResult {
		results: ScanOutcome[];
	}
	export interface ScannerProject {
		id: number;
		name: string;
		status: string;
		start_date: string | null;
		end_date: string | null;
		production_name: string;
		talent_count: number;
	}
}

export type ScanDirection = Contract.ScanDirection;
export type ScanStatus = Contract.ScanStatus;
export type ScanRefusal = Contract.ScanRefusal;
export type ScanSource = Contract.ScanSource;
export type Roster = Contract.Roster;
export type RosterTalent = Contract.RosterTalent;
export type BatchScan = Contract.BatchScan;
export type ScanOutcome = Contract.ScanOutcome;
export type ScanBatchResult = Contract.ScanBatchResult;
export type ScannerProject = Contract.ScannerProject;

type Json<T> = { content: { 'application/json': T } };
type ProblemAnswer = { headers: { [name: string]: unknown }; content: { 'application/problem+json': Schemas['Problem'] } };
type IdPath = { path: { id: number }; query?: never; header?: never; cookie?: never };
type NoMethods = { put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };

/** The contract's three paths, in the generated `paths` shape. */
type ContractPaths = {
	'/api/v1/presence/projects': NoMethods & {
		parameters: { query?: never; header?: never; path?: never; cookie?: never };
		get: {
			parameters: { query?: never; header?: never; path?: never; cookie?: never };
			requestBody?: never;
			responses: { 200: { headers: { [name: string]: unknown } } & Json<ScannerProject[]>; 403: ProblemAnswer };
		};
		post?: never;
	};
	'/api/v1/presence/projects/{id}/roster': NoMethods & {
		parameters: { query?: never; header?: never; path?: never; cookie?: never };
		get: {
			parameters: Omit<IdPath, 'query'> & { query?: { date?: string | null } };
			requestBody?: never;
			responses: { 200: { headers: { [name: string]: unknown } } & Json<Roster>; 404: ProblemAnswer };
		};
		post?: never;
	};
	'/api/v1/presence/projects/{id}/scans': NoMethods & {
		parameters: { query?: never; header?: never; path?: never; cookie?: never };
		get?: never;
		post: {
			parameters: IdPath;
			requestBody: Json<Contract.ScanBatch>;
			responses: { 200: { headers: { [name: string]: unknown } } & Json<ScanBatchResult>; 422: ProblemAnswer };
		};
	};
};

/** The API client, typed with the contract's paths as well (the same client at run time). */
const presenceApi = api as unknown as Client<paths & ContractPaths>;

/** The projects a scanner can open (shooting first). */
export function scannerProjects(): Promise<ScannerProject[]> {
	return call(presenceApi.GET('/api/v1/presence/projects'));
}

/** Everything a scanner needs to judge scans offline, for one project and day. */
export function fetchRoster(projectId: number, date: string): Promise<Roster> {
	return call(
		presenceApi.GET('/api/v1/presence/projects/{id}/roster', {
			params: { path: { id: projectId }, query: { date } }
		})
	);
}

/** Sends scans; the answer has one outcome per scan, in the same order. */
export function sendScans(projectId: number, deviceId: string, scans: BatchScan[]): Promise<ScanBatchResult> {
	return call(
		presenceApi.POST('/api/v1/presence/projects/{id}/scans', {
			params: { path: { id: projectId } },
			body: { device_id: deviceId, scans }
		})
	);
}

export function fetchSheet(projectId: number, date: string): Promise<SheetLine[]> {
	return call(
		api.GET('/api/v1/presence/projects/{id}/sheet', { params: { path: { id: projectId }, query: { date } } })
	);
}

export function correctAttendance(id: number, correction: Correction): Promise<Attendance> {
	return call(api.PATCH('/api/v1/presence/attendances/{id}', { params: { path: { id } }, body: correction }));
}

export function fetchCorrections(id: number): Promise<CorrectionRecord[]> {
	return call(api.GET('/api/v1/presence/attendances/{id}/corrections', { params: { path: { id } } }));
}

export function fetchHistory(code: string): Promise<Attendance[]> {
	return call(api.GET('/api/v1/presence/talents/{code}/history', { params: { path: { code } } }));
}
