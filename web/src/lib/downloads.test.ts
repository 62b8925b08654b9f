import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '$lib/api/client';
import { loadProblemWords } from '$lib/i18n/problems.svelte';
import { dispositionName, fetchFile, urlName, type DownloadProgress } from './downloads';

// A refusal fetches the problems' words first (client.ts); vitest compiles their hundred
// message modules at the first import, which can outlast a test's 5 s on a busy machine.
beforeAll(() => loadProblemWords(), 60_000);

/** A fetch that answers `response`, its `url` set as a browser sets it after redirects. */
function answering(response: Response, finalUrl: string): typeof fetch {
	Object.defineProperty(response, 'url', { value: finalUrl });
	return async () => response;
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
			controller.close();
		}
	});
}

describe('file names', () => {
	it('come from Content-Disposition', () => {
		expect(dispositionName('attachment; filename="taalentio-users-2026-05-01.xlsx"')).toBe('taalentio-users-2026-05-01.xlsx');
		expect(dispositionName("attachment; filename*=UTF-8''liste%20K%C3%A9ita.csv; filename=\"x.csv\"")).toBe('liste Kéita.csv');
		expect(dispositionName('attachment; filename=plain.csv')).toBe('plain.csv');
		expect(dispositionName('attachment')).toBeNull();
		expect(dispositionName(null)).toBeNull();
	});

	it('never carry a folder', () => {
		expect(dispositionName('attachment; filename="../../etc/passwd"')).toBe('.._.._etc_passwd');
	});

	it('else come from the address of the stored file', () => {
		expect(urlName('https://bucket.s3.example/exports/users/ab12/taalentio-users-2026-05-01.csv?X-Amz-Signature=1')).toBe(
			'taalentio-users-2026-05-01.csv'
		);
		expect(urlName('/api/v1/exports/users/excel?country=SN')).toBeNull();
	});
});

describe('fetchFile', () => {
	it('reads the bytes, counting them, and names the file after a redirect', async () => {
		const seen: DownloadProgress[] = [];
		const response = new Response(streamOf(['code,first_name\n', 'AB12,Awa\n']), {
			headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': '25' }
		});
		const file = await fetchFile('/api/v1/exports/users/csv', {
			fetcher: answering(response, 'http://127.0.0.1:3000/_blobs/exports/users/x/taalentio-users-2026-05-01.csv?sig=1'),
			onProgress: (p) => seen.push(p)
		});
		expect(file.filename).toBe('taalentio-users-2026-05-01.csv');
		expect(await file.blob.text()).toBe('code,first_name\nAB12,Awa\n');
		expect(seen.at(0)).toEqual({ received: 0, total: 25 });
		expect(seen.at(-1)).toEqual({ received: 25, total: 25 });
	});

	it('does not claim a size when the bytes come compressed', async () => {
		const seen: DownloadProgress[] = [];
		const response = new Response(streamOf(['abc']), { headers: { 'Content-Length': '2', 'Content-Encoding': 'br' } });
		await fetchFile('/f', { fetcher: answering(response, 'http://x/f'), onProgress: (p) => seen.push(p), fallbackName: 'f.bin' });
		expect(seen.every((p) => p.total === null)).toBe(true);
	});

	it('turns a refusal into the API problem', async () => {
		const problem = { type: 'about:blank', title: 'Forbidden', status: 403, code: 'role_required', detail: 'recruiters only' };
		const response = new Response(JSON.stringify(problem), {
			status: 403,
			headers: { 'Content-Type': 'application/problem+json' }
		});
		const refused = await fetchFile('/f', { fetcher: answering(response, 'http://x/f') }).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(ApiError);
		expect((refused as ApiError).code).toBe('role_required');
	});

	it('names a page that is not ours by its status', async () => {
		const response = new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
		const refused = (await fetchFile('/f', { fetcher: answering(response, 'http://x/f') }).catch((e: unknown) => e)) as ApiError;
		expect(refused.status).toBe(502);
		expect(refused.code).toBe('unavailable');
	});

	it('a lost network is a NetworkError', async () => {
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		await expect(fetchFile('/f', { fetcher: offline })).rejects.toBeInstanceOf(NetworkError);
	});
});
