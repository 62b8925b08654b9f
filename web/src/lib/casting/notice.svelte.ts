// A line for the next casting page to say after a page sent the person there (a profile
// created, a profile deactivated and gone from the list): said once, then forgotten.
let pending = $state<string | null>(null);

export function leaveNotice(text: string) {
	pending = text;
}

/** The line to show, taken once. */
export function takeNotice(): string | null {
	const text = pending;
	pending = null;
	return text;
}
