// An HTTP/2 (TLS) front for the benches: CloudFront serves the app over HTTP/2 and 3, while
// the dev server speaks HTTP/1.1, where a first visit's few dozen small files queue on six
// connections. Lighthouse measured through this front sees the protocol phones get in
// production; the figures over the dev server itself are printed beside it.
// The certificate is self-signed, made here for 127.0.0.1 (Chromium is told to accept it).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createSecureServer, constants } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Headers HTTP/2 forbids in an answer (RFC 9113 §8.2.2).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** Starts the front before `target` (an http:// origin); answers its https:// origin. */
export async function h2Front(target) {
	const dir = await mkdtemp(join(tmpdir(), 'h2-front-'));
	const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
	await run('openssl', [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
		'-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'
	]);
	const upstream = new URL(target);
	const server = createSecureServer({ key: await readFile(key), cert: await readFile(cert) });
	server.on('stream', (stream, headers) => {
		const forwarded = {};
		for (const [name, value] of Object.entries(headers)) if (!name.startsWith(':')) forwarded[name] = value;
		forwarded.host = upstream.host;
		const proxied = request(
			{ host: upstream.hostname, port: upstream.port, method: headers[constants.HTTP2_HEADER_METHOD], path: headers[constants.HTTP2_HEADER_PATH], headers: forwarded },
			(answer) => {
				const out = { [constants.HTTP2_HEADER_STATUS]: answer.statusCode };
				for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
				stream.respond(out);
				answer.pipe(stream);
			}
		);
		proxied.on('error', () => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
		stream.pipe(proxied);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return { origin: `https://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
