//! User uploads (profile photos and CVs): what must be true of the bytes before anything is served.

pub mod inspect;
