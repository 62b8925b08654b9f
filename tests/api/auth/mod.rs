//! Accounts: registration, sessions, passwords, API tokens, invitations and consents.

mod consents;
mod login;
mod passwords;
mod register;
mod tokens;
