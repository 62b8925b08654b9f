//! HTTP tests: the app as the dev server (and, route group by route group, Lambda) serves it.

mod admin;
mod ai;
mod ai_matching;
mod auth;
mod cinema;
mod cinema_projects;
mod cv_analysis;
mod encryption;
mod errors;
mod exports;
mod faults;
mod headers;
mod health;
mod jobs;
mod local_blobs;
mod maintenance;
mod migrations;
mod openapi;
mod presence;
mod presence_scans;
mod profiles;
mod role_matrix;
mod stats;
mod uploads;
mod watchlist;
