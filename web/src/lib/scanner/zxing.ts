// The QR reader for browsers without BarcodeDetector: ZXing-C++ in WebAssembly (zxing-wasm,
// reader build). Its wasm (1.09 MB, about 460 KB compressed) is one of our own build's
// hashed assets: zxing-wasm would fetch it from a CDN unless told where it is (locateFile).
// Instantiating wasm needs 'wasm-unsafe-eval' in the CSP's script-src (svelte.config.js).
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { CodeReader } from './reader';

/** Frames are read at this width at most: enough for a badge held up to the phone, and quick. */
const MAX_WIDTH = 720;

export async function zxingReader(): Promise<CodeReader> {
	await prepareZXingModule({
		overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
		fireImmediately: true
	});
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	if (!context) throw new Error('no 2D canvas');
	return {
		kind: 'zxing',
		async read(video) {
			if (!video.videoWidth) return [];
			const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
			canvas.width = Math.round(video.videoWidth * scale);
			canvas.height = Math.round(video.videoHeight * scale);
			context.drawImage(video, 0, 0, canvas.width, canvas.height);
			const frame = context.getImageData(0, 0, canvas.width, canvas.height);
			const found = await readBarcodes(frame, { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true });
			return found.filter((code) => code.isValid).map((code) => code.text);
		}
	};
}
