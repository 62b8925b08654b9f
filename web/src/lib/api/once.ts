// Reference data is asked for once per visit of the app, not at every page or search.
/** One request per visit; a failure is forgotten, so a retry asks again. */
export function once<T>(ask: () => Promise<T>): () => Promise<T> {
	let asked: Promise<T> | null = null;
	return () => {
		if (asked) return asked;
		const request = ask();
		asked = request;
		request.catch(() => {
			if (asked === request) asked = null;
		});
		return request;
	};
}
