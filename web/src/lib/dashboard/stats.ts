// The dashboard's three reads: the overview's figures, the people's and the casting base's
// breakdowns.
import { api, call, type Schemas } from '$lib/api/client';

export type Overview = Schemas['Overview'];
export type UserStats = Schemas['UserStats'];
export type CinemaStats = Schemas['CinemaStats'];

export interface Dashboard {
	overview: Overview;
	people: UserStats;
	cinema: CinemaStats;
}

export async function dashboard(): Promise<Dashboard> {
	const [overview, people, cinema] = await Promise.all([
		call(api.GET('/api/v1/stats/overview')),
		call(api.GET('/api/v1/stats/users')),
		call(api.GET('/api/v1/stats/cinema'))
	]);
	return { overview, people, cinema };
}
