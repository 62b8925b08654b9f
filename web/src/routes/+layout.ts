// Public pages opt in to prerendering in their group; everything else is the SPA (200.html).
export const prerender = false;
export const trailingSlash = 'never';
