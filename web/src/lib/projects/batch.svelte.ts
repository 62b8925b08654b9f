// Several casting profiles added to a project at once: one POST each, one after the other (a
// phone on mobile data sends one request at a time anyway), each with its own outcome in the
// person's language — added with its project code, already on the project (409), or why not.
import { api, ApiError, call, NetworkError, type Schemas } from '$lib/api/client';
import { fieldMessage, problemMessage } from '$lib/i18n/problems.svelte';
import { m } from '$lib/paraglide/messages.js';

type Assignment = Schemas['Assignment'];

export type OutcomeState = 'waiting' | 'sending' | 'added' | 'already' | 'failed';

export interface Outcome {
	talentId: number;
	name: string;
	state: OutcomeState;
	/** What happened, in words (empty while waiting). */
	detail: string;
}

export interface Choice {
	talentId: number;
	name: string;
}

function failure(error: unknown): string {
	if (error instanceof NetworkError) return m.projects_assign_offline();
	if (!(error instanceof ApiError)) throw error;
	const unknownTalent = error.fieldErrors.find((e) => e.field === 'cinema_talent_id');
	if (unknownTalent) return m.projects_assign_gone();
	const first = error.fieldErrors[0];
	return first ? fieldMessage(first) : problemMessage(error.problem, error.retryAfter);
}

export class BatchAssignment {
	outcomes = $state<Outcome[]>([]);
	running = $state(false);

	get finished(): number {
		return this.outcomes.filter((o) => o.state !== 'waiting' && o.state !== 'sending').length;
	}

	/** Those that may be tried again (not added, not already there). */
	get failedIds(): number[] {
		return this.outcomes.filter((o) => o.state === 'failed').map((o) => o.talentId);
	}

	/** Adds each of `choices` as `talentType` (and `role`); answers the assignments made. */
	async run(projectId: number, choices: Choice[], talentType: string, role: string | null): Promise<Assignment[]> {
		if (this.running || choices.length === 0) return [];
		this.running = true;
		this.outcomes = choices.map((c) => ({ ...c, state: 'waiting', detail: '' }));
		const made: Assignment[] = [];
		try {
			for (const outcome of this.outcomes) {
				outcome.state = 'sending';
				try {
					const assignment = await call(
						api.POST('/api/v1/cinema/projects/{id}/talents', {
							params: { path: { id: projectId } },
							body: { cinema_talent_id: outcome.talentId, talent_type: talentType, role_description: role }
						})
					);
					made.push(assignment);
					outcome.state = 'added';
					outcome.detail = m.projects_assign_added({ code: assignment.project_code });
				} catch (error) {
					if (error instanceof ApiError && error.status === 409) {
						outcome.state = 'already';
						outcome.detail = m.projects_assign_already();
					} else {
						outcome.state = 'failed';
						outcome.detail = failure(error);
						// No network: the others would fail the same way; they wait for a retry.
						if (error instanceof NetworkError) {
							for (const rest of this.outcomes.filter((o) => o.state === 'waiting')) {
								rest.state = 'failed';
								rest.detail = m.projects_assign_not_sent();
							}
							break;
						}
					}
				}
			}
		} finally {
			this.running = false;
		}
		return made;
	}
}
