import { api, call } from '$lib/api/client';
import { Prefetched } from '$lib/api/prefetch';

export const load = () => ({
	initial: new Prefetched(() =>
		Promise.all([call(api.GET('/api/v1/auth/consents')), call(api.GET('/api/v1/me/mail-preferences'))])
	)
});
