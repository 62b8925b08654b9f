// Debian's Chromium for the benches, with the flags this closed network needs (the same as
// playwright.config.ts): no background connections it would refuse.
export const chromePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const flags = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
