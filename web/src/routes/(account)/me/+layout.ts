// One's own pages are prerendered as empty shells ("Loading…" until the session answers),
// unlike the SPA fallback, each shell names its own code (modulepreload), so a phone fetches
// the page's code with the app's instead of a round trip later, and its data sooner.
// Nothing personal is in them: the content renders in the browser only.
export const prerender = true;
export const ssr = true;
