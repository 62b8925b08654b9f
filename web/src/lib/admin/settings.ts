// The platform settings' names in the person's language; a key newer than this build shows as
// the API names it.
import { m } from '$lib/paraglide/messages.js';

const LABEL: Record<string, () => string> = {
	site_name: () => m.admin_setting_site_name(),
	'mail.sender': () => m.admin_setting_sender(),
	'features.registration': () => m.admin_setting_registration(),
	'features.ai': () => m.admin_setting_ai()
};

export const settingLabel = (key: string) => LABEL[key]?.() ?? key;
