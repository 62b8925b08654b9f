import { expect, it } from 'vitest';
import { SightDebouncer } from './debounce';

it('counts a badge held in front of the camera once, and again after it left', () => {
	const sight = new SightDebouncer(2000);
	expect(sight.accept('BADGE222', 0)).toBe(true);
	// Seen on every frame for five seconds: still the same scan.
	for (let t = 100; t <= 5000; t += 100) expect(sight.accept('BADGE222', t)).toBe(false);
	// Another badge counts at once.
	expect(sight.accept('BADGE333', 5100)).toBe(true);
	// Out of sight for more than two seconds: shown again, a new scan.
	expect(sight.accept('BADGE222', 7500)).toBe(true);
});
