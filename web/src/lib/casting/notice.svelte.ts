// A line for the casting list to say after a profile's page sent the person back to it (the
// profile they deactivated is gone from it): said once, then forgotten.
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
