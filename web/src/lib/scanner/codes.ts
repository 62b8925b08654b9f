// Codes as the server reads them (shared/src/codes.rs): any case, spaces and dashes ignored,
// eight symbols of an alphabet without 0/O and 1/I. Judging a scan offline must agree with it.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export function normalizeCode(input: string): string | null {
	// ASCII only, as Rust's to_ascii_uppercase (a ligature such as ﬀ must not become FF).
	const code = input.replace(/[ -]/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
	if (code.length !== CODE_LENGTH) return null;
	for (const symbol of code) if (!ALPHABET.includes(symbol)) return null;
	return code;
}
