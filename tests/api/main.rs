//! HTTP tests: the app as the dev server (and, route group by route group, Lambda) serves it.

mod auth;
mod cinema;
mod cinema_projects;
mod encryption;
mod errors;
mod exports;
mod health;
mod jobs;
mod local_blobs;
mod migrations;
mod openapi;
mod presence;
mod profiles;
mod uploads;
mod watchlist;
