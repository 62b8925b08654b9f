// Asked for beside the layout's session check, before the page's code runs (see profileData).
import { profileData } from '$lib/profile/data';

export const load = () => ({ initial: profileData() });
