// One's own pages need the session: rendered in the browser only.
export const ssr = false;
