// Talents' photos kept on the device with the roster, so a check-in shows a face offline.
// `thumbnail_url` is on our own origin (a redirect to the stored thumbnail): fetched once,
// kept as a Blob in IndexedDB, shown through an object URL (img-src allows blob:).
import type { RosterTalent } from './api';
import type { ScannerStore } from './store';

/** Fetches the photos not kept yet, a few at a time; a photo that fails is tried next time. */
export async function keepPhotos(store: ScannerStore, talents: RosterTalent[]): Promise<number> {
	const urls = talents.map((t) => t.thumbnail_url).filter((url): url is string => !!url);
	const missing: string[] = [];
	for (const url of urls) if (!(await store.getPhoto(url))) missing.push(url);
	let kept = 0;
	const worker = async () => {
		for (let url = missing.shift(); url; url = missing.shift()) {
			try {
				const response = await fetch(url, { credentials: 'same-origin' });
				const blob = await response.blob();
				if (response.ok && blob.type.startsWith('image/')) {
					await store.putPhoto({ url, blob });
					kept += 1;
				}
			} catch {
				// Offline or refused: the initials stand in until the next roster load.
			}
		}
	};
	await Promise.all([worker(), worker(), worker()]);
	return kept;
}
