// The sending half of an upload (upload.svelte.ts): the photo shrunk in the browser and the
// bytes sent to the presigned URL with their progress. Fetched when a file is chosen, with the
// words of a refusal (rejections.ts): a page with a file input needs neither before that.
import { ApiError, NetworkError } from '$lib/api/client';
import { JPEG_QUALITY, settableHeaders, targetSize } from './files';
import type { UploadTicket } from './upload.svelte';

export { rejectionReason } from './rejections';

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
