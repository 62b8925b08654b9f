// Reading QR codes from the camera: the browser's own BarcodeDetector where it has one
// (Android Chrome, Safari), else ZXing compiled to WebAssembly — fetched only then, from our
// own origin (zxing.ts), so a phone with a native reader never downloads it.

export interface CodeReader {
	readonly kind: 'native' | 'zxing';
	/** The codes visible in the video's current frame. */
	read(video: HTMLVideoElement): Promise<string[]>;
}

interface NativeDetector {
	detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
	new (options: { formats: string[] }): NativeDetector;
	getSupportedFormats(): Promise<string[]>;
}

async function nativeReader(): Promise<CodeReader | null> {
	const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
	if (!Detector) return null;
	try {
		if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
		const detector = new Detector({ formats: ['qr_code'] });
		return {
			kind: 'native',
			read: async (video) => (await detector.detect(video)).map((code) => code.rawValue)
		};
	} catch {
		return null;
	}
}

/** The best reader this browser has; `onDownload` says when the fallback must be fetched. */
export async function codeReader(onDownload: () => void = () => {}): Promise<CodeReader> {
	const native = await nativeReader();
	if (native) return native;
	onDownload();
	const { zxingReader } = await import('./zxing');
	return zxingReader();
}
