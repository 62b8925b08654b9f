//! HTTP tests: the app as the dev server (and, route group by route group, Lambda) serves it.

mod auth;
mod encryption;
mod errors;
mod health;
mod local_blobs;
mod migrations;
mod openapi;
mod profiles;
mod uploads;
