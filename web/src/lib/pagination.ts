// The pages of a list as the API pages it (`?page=1&per_page=20` → `{items, page, per_page,
// total}`): how many there are, and which page links to draw on a phone's width.

/** The number of pages of `total` items, `perPage` a page (at least one). */
export function pageCount(total: number, perPage: number): number {
	return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

/**
 * The page numbers to link, with `null` for a gap: the first, the last, and the current one
 * with its neighbours (1 … 4 5 6 … 12). At most seven entries, whatever the count.
 */
export function pageWindow(current: number, count: number): (number | null)[] {
	if (count <= 7) return Array.from({ length: count }, (_, i) => i + 1);
	const page = Math.min(Math.max(1, current), count);
	const from = Math.max(2, Math.min(page - 1, count - 4));
	const to = Math.min(count - 1, Math.max(page + 1, 5));
	const window: (number | null)[] = [1];
	if (from > 2) window.push(null);
	for (let n = from; n <= to; n += 1) window.push(n);
	if (to < count - 1) window.push(null);
	window.push(count);
	return window;
}

/** The range of items a page shows (1-based, inclusive), e.g. 21–40 of 57. */
export function pageRange(page: number, perPage: number, total: number): { first: number; last: number } {
	if (total <= 0) return { first: 0, last: 0 };
	const first = Math.min(total, (page - 1) * perPage + 1);
	return { first, last: Math.min(total, page * perPage) };
}
