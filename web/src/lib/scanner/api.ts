// The scanner's API: the presence endpoints it calls and their shapes, in one place — the
// generated schema's types (notes/scans-contract.md is the agreement they came from).
import { api, call, type Schemas } from '$lib/api/client';

export type SheetLine = Schemas['SheetLine'];
export type Attendance = Schemas['Attendance'];
export type Correction = Schemas['Correction'];
export type CorrectionRecord = Schemas['CorrectionRecord'];
export type ScanDirection = Schemas['ScanDirection'];
export type ScanStatus = Schemas['ScanStatus'];
export type ScanRefusal = Schemas['ScanRefusal'];
export type ScanSource = Schemas['ScanSource'];
export type Roster = Schemas['Roster'];
export type RosterTalent = Schemas['RosterTalent'];
export type BatchScan = Schemas['BatchScan'];
export type ScanOutcome = Schemas['ScanOutcome'];
export type ScanBatchResult = Schemas['ScanBatchResult'];
export type ScannerProject = Schemas['OpenProject'];

/** The projects a scanner can open (shooting first). */
export function scannerProjects(): Promise<ScannerProject[]> {
	return call(api.GET('/api/v1/presence/projects'));
}

/** Everything a scanner needs to judge scans offline, for one project and day. */
export function fetchRoster(projectId: number, date: string): Promise<Roster> {
	return call(
		api.GET('/api/v1/presence/projects/{id}/roster', {
			params: { path: { id: projectId }, query: { date } }
		})
	);
}

/** Sends scans; the answer has one outcome per scan, in the same order. */
export function sendScans(projectId: number, deviceId: string, scans: BatchScan[]): Promise<ScanBatchResult> {
	return call(
		api.POST('/api/v1/presence/projects/{id}/scans', {
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
