// One file going up: shrink it in the browser (photos), ask the API where to send it, send the
// bytes straight to the presigned URL (with progress), ask the API to check them, and keep its
// verdict. The endpoints are passed in, so casting photos reuse it with their own routes.
import { ApiError, NetworkError, call, type Schemas } from '$lib/api/client';
import { FormState } from '$lib/state/form.svelte';
import {
	JPEG_QUALITY,
	contentTypeOf,
	jpegName,
	settableHeaders,
	shouldResize,
	targetSize,
	type UploadKind
} from './files';

export type UploadRequest = Schemas['UploadRequest'];
export type UploadTicket = Schemas['UploadTicket'];
export type UploadStatus = Schemas['UploadStatus'];
/** What an `api.POST/GET` call gives back (typed loosely: each route group has its own). */
type Answer = Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface UploadEndpoints {
	/** `POST …/uploads`: answers an `UploadTicket`. */
	request: (body: UploadRequest) => Answer;
	/** `POST …/uploads/{id}/complete`: answers an `UploadStatus`. */
	complete: (id: string) => Answer;
	/** `GET …/uploads/{id}`, to wait for a check still running (optional). */
	status?: (id: string) => Answer;
}

export type Phase = 'idle' | 'preparing' | 'sending' | 'checking' | 'accepted' | 'rejected';

/** Decodes a photo (upright, from its EXIF orientation) and re-encodes it as a smaller JPEG. */
export async function shrinkPhoto(file: Blob): Promise<Blob | null> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return null; // not an image the browser can read: the server will say why
	}
	try {
		const { width, height } = targetSize(bitmap.width, bitmap.height);
		if (!width || !height) return null;
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		const context = canvas.getContext('2d');
		if (!context) return null;
		// A transparent PNG becomes white, not black, as JPEG.
		context.fillStyle = '#fff';
		context.fillRect(0, 0, width, height);
		context.imageSmoothingQuality = 'high';
		context.drawImage(bitmap, 0, 0, width, height);
		return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
	} finally {
		bitmap.close();
	}
}

/** Sends `body` as the presigned request says, reporting progress; throws on failure. */
export function sendBytes(
	target: UploadTicket['upload'],
	body: Blob,
	onProgress: (sent: number, total: number) => void
): Promise<void> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open(target.method || 'PUT', target.url);
		for (const [name, value] of settableHeaders(target.headers as [string, string][])) {
			xhr.setRequestHeader(name, value);
		}
		xhr.upload.onprogress = (event) => {
			if (event.lengthComputable) onProgress(event.loaded, event.total);
		};
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) {
				onProgress(body.size, body.size);
				resolve();
			} else {
				const status = xhr.status;
				reject(
					new ApiError(
						status,
						{ type: 'about:blank', title: 'Upload', status, code: status >= 500 ? 'unavailable' : 'bad_request', detail: '' },
						null
					)
				);
			}
		};
		xhr.onerror = () => reject(new NetworkError());
		xhr.onabort = () => reject(new NetworkError());
		xhr.send(body);
	});
}

export class Upload {
	phase = $state<Phase>('idle');
	sent = $state(0);
	total = $state(0);
	/** The server's verdict once checked. */
	verdict = $state<UploadStatus | null>(null);
	/** The request's problems: field errors at the file input, the rest in the banner. */
	form = new FormState();

	readonly kind: UploadKind;
	readonly #endpoints: UploadEndpoints;
	#onAccepted: ((status: UploadStatus) => void | Promise<void>) | undefined;

	constructor(
		kind: UploadKind,
		endpoints: UploadEndpoints,
		onAccepted?: (status: UploadStatus) => void | Promise<void>
	) {
		this.kind = kind;
		this.#endpoints = endpoints;
		this.#onAccepted = onAccepted;
	}

	get busy() {
		return this.phase === 'preparing' || this.phase === 'sending' || this.phase === 'checking';
	}

	/** Whole percent sent, for the progress text. */
	get percent() {
		return this.total > 0 ? Math.floor((this.sent / this.total) * 100) : 0;
	}

	/** The field error to show at the file input (what `POST …/uploads` said of the file). */
	get fieldError(): string | null {
		const f = this.form.fields;
		return f.size ?? f.content_type ?? f.kind ?? null;
	}

	async start(file: File): Promise<boolean> {
		this.verdict = null;
		this.sent = 0;
		this.total = 0;
		const ok = await this.form.run(async () => {
			try {
				await this.#upload(file);
			} catch (error) {
				this.phase = 'idle';
				throw error;
			}
		});
		return ok;
	}

	reset() {
		this.phase = 'idle';
		this.verdict = null;
		this.sent = 0;
		this.total = 0;
		this.form.banner = null;
		this.form.fields = {};
	}

	async #upload(file: File) {
		this.phase = 'preparing';
		let body: Blob = file;
		let contentType = contentTypeOf(file);
		if (shouldResize(this.kind, contentType)) {
			const shrunk = await shrinkPhoto(file);
			if (shrunk) {
				body = new File([shrunk], jpegName(file.name), { type: 'image/jpeg' });
				contentType = 'image/jpeg';
			}
		}
		const ticket = (await call(
			this.#endpoints.request({ kind: this.kind, content_type: contentType, size: body.size })
		)) as UploadTicket;
		this.phase = 'sending';
		this.total = body.size;
		await sendBytes(ticket.upload, body, (sent, total) => {
			this.sent = sent;
			this.total = total;
		});
		this.phase = 'checking';
		let status = (await call(this.#endpoints.complete(ticket.id))) as UploadStatus;
		for (let tries = 0; status.status === 'pending' && this.#endpoints.status && tries < 20; tries++) {
			await new Promise((r) => setTimeout(r, 1000));
			status = (await call(this.#endpoints.status(ticket.id))) as UploadStatus;
		}
		this.verdict = status;
		this.phase = status.status === 'accepted' ? 'accepted' : 'rejected';
		if (status.status === 'accepted') await this.#onAccepted?.(status);
	}
}
