// The versions of the terms, privacy policy and sensitive-category consent in force: what the
// legal pages show and what registration records. Read once per page load.
import { api, call, type Schemas } from '$lib/api/client';

export type ConsentVersions = Schemas['ConsentVersions'];

let loading: Promise<ConsentVersions> | null = null;

export function consentVersions(): Promise<ConsentVersions> {
	loading ??= call(api.GET('/api/v1/auth/consents/versions'), { unauthenticated: 'throw' }).catch(
		(error: unknown) => {
			loading = null;
			throw error;
		}
	);
	return loading;
}
