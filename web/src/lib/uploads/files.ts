// The pure parts of an upload: what a file is, whether the browser should shrink it, to what
// size, and which signed headers the browser may set itself. No DOM here (unit-tested).

// `gallery`: a casting profile's extra pictures, photos under the same rules as `photo`.
export type UploadKind = 'photo' | 'gallery' | 'cv';

/** Photos are re-encoded in the browser to at most this many pixels on the long side. */
export const MAX_PHOTO_SIDE = 1600;
export const JPEG_QUALITY = 0.85;

const BY_EXTENSION: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** What each kind accepts (the API's list; the server checks the real bytes anyway). */
export const ACCEPTED: Record<UploadKind, string[]> = {
	photo: PHOTO_TYPES,
	gallery: PHOTO_TYPES,
	cv: [BY_EXTENSION.pdf!, BY_EXTENSION.docx!]
};

/** The `accept` attribute of a file input for `kind` (types and extensions, for Android). */
export function acceptAttribute(kind: UploadKind): string {
	const extensions = Object.entries(BY_EXTENSION)
		.filter(([, type]) => ACCEPTED[kind].includes(type))
		.map(([ext]) => `.${ext}`);
	return [...ACCEPTED[kind], ...extensions].join(',');
}

/**
 * The file's media type: the browser's, else guessed from its name (some phones give DOCX
 * files no type), else `application/octet-stream` (which the server then refuses by name).
 */
export function contentTypeOf(file: { name: string; type: string }): string {
	if (file.type) return file.type.toLowerCase();
	const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
	return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

export function isAccepted(kind: UploadKind, contentType: string): boolean {
	return ACCEPTED[kind].includes(contentType.toLowerCase());
}

/** Whether the browser should try to decode and shrink this file before sending it. */
export function shouldResize(kind: UploadKind, contentType: string): boolean {
	return (kind === 'photo' || kind === 'gallery') && contentType.toLowerCase().startsWith('image/');
}

/**
 * The size to draw an image of `width`×`height` at so its long side is at most `max`, keeping
 * its proportions (never enlarged; at least 1 px a side).
 */
export function targetSize(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
	if (!(width > 0) || !(height > 0)) return { width: 0, height: 0 };
	const long = Math.max(width, height);
	if (long <= max) return { width: Math.round(width), height: Math.round(height) };
	const scale = max / long;
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

// Headers a page may not set on an XMLHttpRequest: the browser sets them itself (the length
// from the body, the host from the URL).
const FORBIDDEN = new Set([
	'accept-charset',
	'accept-encoding',
	'connection',
	'content-length',
	'cookie',
	'date',
	'expect',
	'host',
	'keep-alive',
	'origin',
	'referer',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'via'
]);

/** The signed headers the page must send itself (the others the browser sends as signed). */
export function settableHeaders(headers: [string, string][]): [string, string][] {
	return headers.filter(([name]) => {
		const lower = name.toLowerCase();
		return !FORBIDDEN.has(lower) && !lower.startsWith('proxy-') && !lower.startsWith('sec-');
	});
}

/** `photo.png` → `photo.jpg`: the name of the re-encoded file. */
export function jpegName(name: string): string {
	const dot = name.lastIndexOf('.');
	return `${dot > 0 ? name.slice(0, dot) : name || 'photo'}.jpg`;
}
