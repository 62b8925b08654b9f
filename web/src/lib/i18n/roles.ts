// Role names in the person's language.
import type { Role } from '$lib/state/session.svelte';
import { m } from '$lib/paraglide/messages.js';

const NAMES: Record<Role, () => string> = {
	user: () => m.role_user(),
	recruiter: () => m.role_recruiter(),
	presence: () => m.role_presence(),
	admin: () => m.role_admin()
};

export function roleName(role: Role): string {
	return NAMES[role]();
}

/** Every role, as the API names them (the role choices of the administration pages). */
export const ROLES = Object.keys(NAMES) as Role[];
