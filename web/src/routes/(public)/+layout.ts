// Landing, legal and account pages need no data at build time: prerendered, in French, and
// switched to the person's language once the app starts.
export const prerender = true;
