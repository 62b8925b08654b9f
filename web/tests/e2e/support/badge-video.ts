// A camera for the scanner's tests: Chromium plays a Y4M file as its fake camera
// (`--use-file-for-fake-video-capture`). This makes one from the real badge sheet: the PDF
// rendered by poppler (`pdftoppm -gray`, a PGM), each badge cut out where the sheet lays it
// (shared/src/cinema/badges.rs: A4, 2 × 5 badges of 85 × 54 mm, centred), and shown for a
// moment, a blank frame between, as someone holding badges up to a phone one after another.
// Y4M 4:2:0 is the grey picture (Y) then two flat colour planes: no image library needed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DPI = 150;
const MM = DPI / 25.4;
const BADGE = { width: 85, height: 54, columns: 2, rows: 5 };
const PAGE = { width: 210, height: 297 };

interface Grey {
	width: number;
	height: number;
	pixels: Uint8Array;
}

/** Reads a binary PGM (P5, maxval 255) as poppler writes it. */
function readPgm(bytes: Buffer): Grey {
	const header: string[] = [];
	let offset = 0;
	while (header.length < 4) {
		while (/\s/.test(String.fromCharCode(bytes[offset]!))) offset += 1;
		if (bytes[offset] === 0x23) {
			while (bytes[offset] !== 0x0a) offset += 1;
			continue;
		}
		let token = '';
		while (!/\s/.test(String.fromCharCode(bytes[offset]!))) token += String.fromCharCode(bytes[offset++]!);
		header.push(token);
	}
	offset += 1;
	const [magic, width, height, max] = header;
	if (magic !== 'P5' || max !== '255') throw new Error(`not an 8-bit PGM: ${header.join(' ')}`);
	return { width: Number(width), height: Number(height), pixels: bytes.subarray(offset, offset + Number(width) * Number(height)) };
}

/** Page 1 of the badge sheet, in grey. */
export function renderSheet(pdf: Buffer): Grey {
	const dir = mkdtempSync(join(tmpdir(), 'badges-'));
	writeFileSync(join(dir, 'badges.pdf'), pdf);
	execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', '1', '-l', '1', '-singlefile', join(dir, 'badges.pdf'), join(dir, 'page')]);
	return readPgm(readFileSync(join(dir, 'page.pgm')));
}

/** Badge `index` of the sheet (left to right, top to bottom), as the sheet lays it out. */
export function cutBadge(sheet: Grey, index: number): Grey {
	const marginX = (PAGE.width - BADGE.columns * BADGE.width) / 2;
	const marginY = (PAGE.height - BADGE.rows * BADGE.height) / 2;
	const column = index % BADGE.columns;
	const row = Math.floor(index / BADGE.columns);
	const left = Math.round((marginX + column * BADGE.width) * MM);
	const top = Math.round((marginY + row * BADGE.height) * MM);
	const width = Math.round(BADGE.width * MM);
	const height = Math.round(BADGE.height * MM);
	const pixels = new Uint8Array(width * height);
	for (let y = 0; y < height; y++) {
		const from = (top + y) * sheet.width + left;
		pixels.set(sheet.pixels.subarray(from, from + width), y * width);
	}
	return { width, height, pixels };
}

export interface VideoOptions {
	width?: number;
	height?: number;
	fps?: number;
	/** How long each badge is shown, then how long the blank frame between two lasts. */
	showSeconds?: number;
	gapSeconds?: number;
	/** Blank before the first badge and after the last (the file loops). */
	leadSeconds?: number;
	tailSeconds?: number;
}

/** A frame with `badge` in its middle (scaled to fill most of it), or blank. */
function frame(width: number, height: number, badge: Grey | null): Uint8Array {
	const y = new Uint8Array(width * height).fill(96); // a grey table
	if (!badge) return y;
	const scale = Math.min((width * 0.92) / badge.width, (height * 0.92) / badge.height);
	const w = Math.floor(badge.width * scale);
	const h = Math.floor(badge.height * scale);
	const x0 = Math.floor((width - w) / 2);
	const y0 = Math.floor((height - h) / 2);
	for (let j = 0; j < h; j++) {
		const sy = Math.min(badge.height - 1, Math.floor(j / scale));
		for (let i = 0; i < w; i++) {
			const sx = Math.min(badge.width - 1, Math.floor(i / scale));
			y[(y0 + j) * width + x0 + i] = badge.pixels[sy * badge.width + sx]!;
		}
	}
	return y;
}

/** Writes the Y4M file: each badge in turn, blank frames between; returns its path. */
export function badgeVideo(badges: Grey[], options: VideoOptions = {}): string {
	const { width = 640, height = 480, fps = 10, showSeconds = 1.5, gapSeconds = 0.7, leadSeconds = 1, tailSeconds = 30 } = options;
	const path = join(mkdtempSync(join(tmpdir(), 'camera-')), 'badges.y4m');
	const file = openSync(path, 'w');
	writeSync(file, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
	const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
	const blank = frame(width, height, null);
	const put = (luma: Uint8Array, seconds: number) => {
		for (let i = 0; i < Math.round(seconds * fps); i++) {
			writeSync(file, 'FRAME\n');
			writeSync(file, luma);
			writeSync(file, chroma);
		}
	};
	put(blank, leadSeconds);
	for (const badge of badges) {
		put(frame(width, height, badge), showSeconds);
		put(blank, gapSeconds);
	}
	put(blank, tailSeconds);
	closeSync(file);
	return path;
}
