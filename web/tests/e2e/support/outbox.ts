// The mail the stack sent, read back from the outbox directory (`.eml` files written by the
// local mailer), the way a person's mail client would show the text part.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const outbox = () => {
	const dir = process.env.OUTBOX_DIR;
	if (!dir) throw new Error('OUTBOX_DIR is not set: run the e2e tests through infra/local/web.sh');
	return dir;
};

export interface Mail {
	to: string;
	subject: string;
	text: string;
	headers: Map<string, string>;
}

function decodeWords(value: string): string {
	// RFC 2047 encoded words, as lettre writes non-ASCII subjects: the space between two
	// encoded words is folding and goes; a space before plain text is a real one and stays.
	return value.replace(/(\?=)\s+(?==\?utf-8\?)/gi, '$1').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
		kind.toLowerCase() === 'b'
			? Buffer.from(data, 'base64').toString('utf8')
			: decodeQuotedPrintable(data.replace(/_/g, ' '))
	);
}

function decodeQuotedPrintable(value: string): string {
	const bytes = value
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseHeaders(block: string): Map<string, string> {
	const headers = new Map<string, string>();
	for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
	}
	return headers;
}

function split(raw: string): [string, string] {
	const end = raw.search(/\r?\n\r?\n/);
	return end < 0 ? [raw, ''] : [raw.slice(0, end), raw.slice(end).replace(/^\r?\n\r?\n/, '')];
}

function decodeBody(headers: Map<string, string>, body: string): string {
	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
	return body;
}

/** The text/plain part of a MIME message (single part or multipart). */
function textPart(headers: Map<string, string>, body: string): string {
	const type = headers.get('content-type') ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (!type.toLowerCase().startsWith('multipart/') || !boundary) return decodeBody(headers, body);
	for (const part of body.split(`--${boundary}`).slice(1)) {
		const [head, content] = split(part.replace(/^\r?\n/, ''));
		const partHeaders = parseHeaders(head);
		const text = textPart(partHeaders, content.replace(/\r?\n$/, ''));
		if ((partHeaders.get('content-type') ?? '').toLowerCase().startsWith('text/plain')) return text;
		if ((partHeaders.get('content-type') ?? '').toLowerCase().startsWith('multipart/')) return text;
	}
	return '';
}

export async function mailsTo(address: string): Promise<Mail[]> {
	const dir = outbox();
	const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
	names.sort();
	const mails: Mail[] = [];
	for (const name of names) {
		const raw = await readFile(join(dir, name), 'utf8');
		const [head, body] = split(raw);
		const headers = parseHeaders(head);
		const to = headers.get('to') ?? '';
		if (!to.toLowerCase().includes(address.toLowerCase())) continue;
		mails.push({ to, subject: decodeWords(headers.get('subject') ?? ''), text: textPart(headers, body), headers });
	}
	return mails;
}

/** Waits for the `count`-th mail to `address` (mail is sent as the request ends). */
export async function waitForMail(address: string, count = 1, timeoutMs = 10_000): Promise<Mail> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const mails = await mailsTo(address);
		if (mails.length >= count) return mails[count - 1]!;
		if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address} after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** The first link of a mail's text that starts with `prefix` (e.g. the site's `/confirm`). */
export function linkIn(mail: Mail, path: string): URL {
	for (const match of mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
		const url = new URL(match[0]);
		if (url.pathname === path) return url;
	}
	throw new Error(`no ${path} link in the mail "${mail.subject}":\n${mail.text}`);
}
