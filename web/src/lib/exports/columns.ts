// The columns of each export, as the API writes them in the file's first row (see
// `shared/src/exports/*.rs`; the e2e tests read the files back and check these headers).
export const PEOPLE_COLUMNS = [
	'unique_code',
	'first_name',
	'last_name',
	'email',
	'gender',
	'date_of_birth',
	'age',
	'nationality',
	'country_code',
	'country',
	'city',
	'talents',
	'preferred_language',
	'registered_at'
] as const;

export const CASTING_COLUMNS = [
	'unique_code',
	'first_name',
	'last_name',
	'email',
	'gender',
	'date_of_birth',
	'age',
	'height_cm',
	'nationality',
	'country_code',
	'country',
	'city',
	'talent_types',
	'languages_spoken',
	'years_of_experience',
	'eye_color',
	'hair_color',
	'hair_type',
	'build',
	'other_talents'
] as const;

export const ATTENDANCE_COLUMNS = [
	'date',
	'cinema_talent_code',
	'first_name',
	'last_name',
	'talent_type',
	'role_description',
	'check_in_utc',
	'check_out_utc',
	'hours'
] as const;
