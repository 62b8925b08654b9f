// One badge held in front of the camera is one scan: a code the camera keeps seeing is
// ignored until it has been out of sight for `quietMs`. Another code counts at once.
export class SightDebouncer {
	#lastSeen = new Map<string, number>();

	constructor(private readonly quietMs = 2500) {}

	/** True when this sighting of `code` at `now` (ms) is a new scan. */
	accept(code: string, now: number): boolean {
		const last = this.#lastSeen.get(code);
		this.#lastSeen.set(code, now);
		for (const [seen, at] of this.#lastSeen) if (now - at > this.quietMs * 4) this.#lastSeen.delete(seen);
		return last === undefined || now - last > this.quietMs;
	}
}
