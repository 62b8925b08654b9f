// Files the API generates (badge PDFs, exports) saved from the page: fetched with the session
// cookie rather than opened as a link, so a refusal is a message in the person's language
// instead of a page of JSON, and the person sees the bytes arrive on a slow network.
import { ApiError, NetworkError, asProblem, retryAfterSeconds } from '$lib/api/client';

export interface Progress {
	received: number;
	/** Null when the size is not known in advance (a compressed or chunked answer). */
	total: number | null;
}

/** What happened: the file was saved, or (a large stored file) the browser fetches it itself. */
export type Outcome = 'saved' | 'handed_to_browser';

/**
 * The file name of a `Content-Disposition` header (RFC 6266: `filename*` first, then
 * `filename`), without any path; `fallback` when there is none.
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
	if (!disposition) return fallback;
	let name: string | null = null;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
	if (extended) {
		try {
			name = decodeURIComponent(extended[2]!.trim());
		} catch {
			name = null;
		}
	}
	if (!name) {
		const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
		name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]!.trim()) : null;
	}
	const base = name?.split(/[\\/]/).pop()?.trim();
	return base ? base : fallback;
}

async function readBody(response: Response, onProgress?: (p: Progress) => void): Promise<Blob> {
	const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
	// A compressed answer's length counts the compressed bytes, not the ones read here.
	const length = response.headers.get('Content-Encoding') ? null : response.headers.get('Content-Length');
	const total = length && Number.isFinite(Number(length)) ? Number(length) : null;
	if (!response.body || !onProgress) return response.blob();
	const reader = response.body.getReader();
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	let received = 0;
	onProgress({ received, total });
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		received += value.byteLength;
		onProgress({ received, total });
	}
	return new Blob(chunks, { type });
}

function save(href: string, filename: string) {
	const link = document.createElement('a');
	link.href = href;
	link.download = filename;
	link.rel = 'noopener';
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
}

/**
 * Downloads `url` (an API path of this origin) and saves it under the server's file name, else
 * `fallbackName`. Throws `ApiError` for a problem answer and `NetworkError` when the network
 * fails, as `call()` does.
 */
export async function downloadFile(
	url: string,
	options: { fallbackName: string; onProgress?: (p: Progress) => void }
): Promise<Outcome> {
	let response: Response;
	try {
		// A large file is stored and answered with a 303 to a short-lived link on another
		// origin, which the page may not fetch (CSP connect-src): the browser follows it itself.
		response = await fetch(url, { credentials: 'same-origin', redirect: 'manual' });
	} catch {
		throw new NetworkError();
	}
	if (response.type === 'opaqueredirect') {
		save(url, options.fallbackName);
		return 'handed_to_browser';
	}
	if (!response.ok) {
		const body: unknown = await response.json().catch(() => null);
		throw new ApiError(response.status, asProblem(response.status, body), retryAfterSeconds(response));
	}
	let blob: Blob;
	try {
		blob = await readBody(response, options.onProgress);
	} catch {
		throw new NetworkError();
	}
	const href = URL.createObjectURL(blob);
	save(href, filenameFrom(response.headers.get('Content-Disposition'), options.fallbackName));
	// Later, not at once: revoking as the click starts the save can cancel it in some browsers.
	setTimeout(() => URL.revokeObjectURL(href), 30_000);
	return 'saved';
}
