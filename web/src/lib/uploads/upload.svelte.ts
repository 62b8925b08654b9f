// One file going up: shrink it in the browser (photos), ask the API where to send it, send the
// bytes straight to the presigned URL (with progress), ask the API to check them, and keep its
// verdict. The endpoints are passed in, so casting photos reuse it with their own routes. The
// shrinking, the sending and a refusal's words (send.ts) are fetched when a file is chosen.
import { NetworkError, call, type Schemas } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';
import { FormState } from '$lib/state/form.svelte';
import { contentTypeOf, jpegName, shouldResize, type UploadKind } from './files';

type Send = typeof import('./send');

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

export class Upload {
	phase = $state<Phase>('idle');
	sent = $state(0);
	total = $state(0);
	/** The server's verdict once checked. */
	verdict = $state<UploadStatus | null>(null);
	#send = $state.raw<Send | null>(null);
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

	/** Why the server refused the file, in the person's language. */
	get rejection(): string {
		return (this.verdict && this.#send?.rejectionReason(this.verdict)) || m.upload_rejected_no_reason();
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
		// Its code could not be fetched: the network is gone, the page offers to try again.
		this.#send ??= await import('./send').catch(() => {
			throw new NetworkError();
		});
		const { shrinkPhoto, sendBytes } = this.#send;
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
