import { describe, expect, it } from 'vitest';
import {
	acceptAttribute,
	contentTypeOf,
	isAccepted,
	jpegName,
	settableHeaders,
	shouldResize,
	targetSize
} from './files';

describe('targetSize', () => {
	it('shrinks a landscape photo to 1600 px wide', () => {
		expect(targetSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
	});
	it('shrinks a portrait photo to 1600 px high', () => {
		expect(targetSize(3024, 4032)).toEqual({ width: 1200, height: 1600 });
	});
	it('never enlarges a small one', () => {
		expect(targetSize(800, 600)).toEqual({ width: 800, height: 600 });
		expect(targetSize(1600, 1600)).toEqual({ width: 1600, height: 1600 });
	});
	it('keeps at least a pixel on a very thin image', () => {
		expect(targetSize(10000, 2)).toEqual({ width: 1600, height: 1 });
	});
	it('takes another limit', () => {
		expect(targetSize(1000, 500, 320)).toEqual({ width: 320, height: 160 });
	});
	it('gives nothing for an empty image', () => {
		expect(targetSize(0, 10)).toEqual({ width: 0, height: 0 });
		expect(targetSize(Number.NaN, 10)).toEqual({ width: 0, height: 0 });
	});
});

describe('types', () => {
	it('uses the browser type, lower-cased', () => {
		expect(contentTypeOf({ name: 'a.bin', type: 'IMAGE/PNG' })).toBe('image/png');
	});
	it('guesses from the name when the browser gives none', () => {
		expect(contentTypeOf({ name: 'CV Awa.DOCX', type: '' })).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		expect(contentTypeOf({ name: 'photo.JPG', type: '' })).toBe('image/jpeg');
		expect(contentTypeOf({ name: 'noext', type: '' })).toBe('application/octet-stream');
	});
	it('accepts what each kind accepts', () => {
		expect(isAccepted('photo', 'image/webp')).toBe(true);
		expect(isAccepted('photo', 'image/gif')).toBe(false);
		expect(isAccepted('photo', 'application/pdf')).toBe(false);
		expect(isAccepted('cv', 'application/pdf')).toBe(true);
		expect(isAccepted('cv', 'image/jpeg')).toBe(false);
	});
	it('resizes photos only', () => {
		expect(shouldResize('photo', 'image/png')).toBe(true);
		expect(shouldResize('photo', 'application/pdf')).toBe(false);
		expect(shouldResize('cv', 'image/png')).toBe(false);
	});
	it('treats a gallery picture as a photo', () => {
		expect(shouldResize('gallery', 'image/jpeg')).toBe(true);
		expect(isAccepted('gallery', 'image/webp')).toBe(true);
		expect(isAccepted('gallery', 'application/pdf')).toBe(false);
		expect(acceptAttribute('gallery')).toBe(acceptAttribute('photo'));
	});
	it('lists types and extensions for the file picker', () => {
		expect(acceptAttribute('cv')).toContain('application/pdf');
		expect(acceptAttribute('cv')).toContain('.docx');
		expect(acceptAttribute('photo')).toContain('.jpeg');
		expect(acceptAttribute('photo')).not.toContain('.pdf');
	});
	it('names the re-encoded file .jpg', () => {
		expect(jpegName('IMG_2041.HEIC.png')).toBe('IMG_2041.HEIC.jpg');
		expect(jpegName('photo')).toBe('photo.jpg');
		expect(jpegName('')).toBe('photo.jpg');
	});
});

describe('settableHeaders', () => {
	it('leaves out what the browser sets itself', () => {
		expect(
			settableHeaders([
				['Content-Type', 'image/jpeg'],
				['Content-Length', '1234'],
				['host', 'bucket'],
				['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']
			])
		).toEqual([
			['Content-Type', 'image/jpeg'],
			['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']
		]);
	});
});
