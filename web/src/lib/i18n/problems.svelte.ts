// API problems and field errors in the person's language, from their stable `code`s (the
// English `detail`/`message` are for API clients). The code lists come from the generated
// schema, so a code added to the API without a translation (fieldWords.ts, problemWords.ts)
// fails `svelte-check`. The sentences come with the first problem (problemWords.ts); what
// was worded before they arrived is worded again when they do.
import type { FieldError, Problem } from '$lib/api/client';
import { m } from '$lib/paraglide/messages.js';

type Words = typeof import('./problemWords');

// Reactive: a banner or a field message worded before the sentences arrived is worded again
// when they do.
let words = $state.raw<Words | null>(null);
let loading: Promise<void> | null = null;

/**
 * Fetches the problems' sentences (once); `call` awaits it before it throws an `ApiError`, so a
 * banner shows its own sentence at once. Without the network the status's sentence stands.
 */
export function loadProblemWords(): Promise<void> {
	loading ??= import('./problemWords').then(
		(module) => {
			words = module;
		},
		() => {
			loading = null;
		}
	);
	return loading;
}

/** An API field error's sentence (the browser's own checks use fieldWords.ts directly). */
export function fieldMessage(error: FieldError): string {
	if (!words) void loadProblemWords();
	return words ? words.fieldMessage(error) : m.field_invalid();
}

/** The banner line for a problem: its code's message, else one by status. */
export function problemMessage(problem: Problem, retryAfter: number | null = null): string {
	if (!words) void loadProblemWords();
	// A code newer than this build (the API deployed first) falls back to its status.
	const byCode = words?.PROBLEM[problem.code] as ((p: Problem, r: number | null) => string) | undefined;
	if (byCode) return byCode(problem, retryAfter);
	if (problem.status === 404) return m.problem_not_found();
	if (problem.status === 403) return m.problem_forbidden();
	if (problem.status === 429) return m.problem_too_many({ seconds: String(retryAfter ?? 30) });
	if (problem.status >= 500) return m.problem_unavailable();
	return m.problem_generic();
}
