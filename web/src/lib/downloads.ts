// Files the API makes (exports, badge PDFs, attendance sheets), fetched rather than opened as
// a link so the page can say "preparing…", count the bytes as they come, and tell a refusal in
// the person's language instead of a browser's "download failed". The session cookie rides
// along (same origin); a large file answers `303` to a short-lived link of the stored file and
// fetch follows it. Errors are the client's: `ApiError` (a problem, a 401 goes to the login
// page) and `NetworkError`.
import { NetworkError, refusalOf } from '$lib/api/client';

export interface DownloadProgress {
	/** Bytes received so far. */
	received: number;
	/** The file's size when the answer tells it (not when it is compressed on the way). */
	total: number | null;
}

export interface DownloadOptions {
	/** Called as the file's bytes arrive (at most once per chunk). */
	onProgress?: (progress: DownloadProgress) => void;
	/** The name to save under when neither the answer nor its address gives one. */
	fallbackName?: string;
	signal?: AbortSignal;
	/** Where `fetch` comes from (tests). */
	fetcher?: typeof fetch;
}

export interface Downloaded {
	blob: Blob;
	filename: string;
}

/** The name a `Content-Disposition` header gives (`filename*=UTF-8''…` first), if any. */
export function dispositionName(header: string | null): string | null {
	if (!header) return null;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	if (extended?.[1]) {
		try {
			return safeName(decodeURIComponent(extended[1].trim()));
		} catch {
			// A broken escape: try the plain parameter.
		}
	}
	const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
	const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
	return name ? safeName(name) : null;
}

/** The last segment of a URL's path when it looks like a file name (`….xlsx`). */
export function urlName(url: string): string | null {
	try {
		const segment = decodeURIComponent(new URL(url, 'https://x.invalid').pathname.split('/').pop() ?? '');
		return /\.[A-Za-z0-9]{1,8}$/.test(segment) ? safeName(segment) : null;
	} catch {
		return null;
	}
}

/** No folders, no control characters: only a name. */
function safeName(name: string): string | null {
	const clean = name.replace(/[\\/\u0000-\u001f\u007f]/g, '_').trim();
	return clean && clean !== '.' && clean !== '..' ? clean : null;
}

/** The name to save an answer under: its header's, else its (final, after a 303) address's. */
export function filenameOf(response: Response, fallback = 'download'): string {
	return dispositionName(response.headers.get('Content-Disposition')) ?? urlName(response.url) ?? fallback;
}

/** The declared size of an answer's bytes, unless they are compressed on the way. */
function declaredSize(response: Response): number | null {
	if (response.headers.get('Content-Encoding')) return null;
	const length = Number(response.headers.get('Content-Length'));
	return Number.isFinite(length) && length > 0 ? length : null;
}

/** The answer's bytes, counted as they come. */
async function readAll(response: Response, onProgress?: (p: DownloadProgress) => void): Promise<Blob> {
	const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
	const total = declaredSize(response);
	const reader = response.body?.getReader();
	if (!reader) return new Blob([await response.arrayBuffer()], { type });
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	let received = 0;
	onProgress?.({ received, total });
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value as Uint8Array<ArrayBuffer>);
		received += value.byteLength;
		onProgress?.({ received, total: total !== null && received <= total ? total : null });
	}
	return new Blob(chunks, { type });
}

/** Fetches a file the API makes, following a redirect to where it is stored. */
export async function fetchFile(url: string, options: DownloadOptions = {}): Promise<Downloaded> {
	const fetcher = options.fetcher ?? fetch;
	let response: Response;
	try {
		response = await fetcher(url, { credentials: 'same-origin', redirect: 'follow', signal: options.signal });
	} catch (error) {
		if (options.signal?.aborted) throw error;
		throw new NetworkError();
	}
	if (!response.ok) throw await refusalOf(response);
	let blob: Blob;
	try {
		blob = await readAll(response, options.onProgress);
	} catch (error) {
		if (options.signal?.aborted) throw error;
		throw new NetworkError();
	}
	return { blob, filename: filenameOf(response, options.fallbackName) };
}

/** Hands bytes made or fetched in the page to the browser's downloads, under `filename`. */
export function saveBlob(blob: Blob, filename: string) {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	// The browser has started reading it by then; the memory is given back after.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches a file the API makes and saves it; gives the name it was saved under. */
export async function downloadFile(url: string, options: DownloadOptions = {}): Promise<Downloaded> {
	const file = await fetchFile(url, options);
	saveBlob(file.blob, file.filename);
	return file;
}
