//! taalentio core: everything the functions share. A function crate is only an HTTP or event
//! shell over these modules.

pub mod accounts;
pub mod age;
pub mod ai;
pub mod audit;
pub mod catalogue;
pub mod cinema;
pub mod codes;
pub mod config;
pub mod crypto;
pub mod db;
pub mod downloads;
pub mod email_address;
pub mod error;
pub mod exports;
pub mod http;
pub mod jobs;
pub mod links;
pub mod logs;
pub mod mail;
pub mod pagination;
pub mod ports;
pub mod presence;
pub mod privacy;
pub mod profiles;
pub mod qr;
pub mod runtime;
pub mod settings;
pub mod sql;
pub mod state;
pub mod stats;
pub mod telemetry;
pub mod uploads;
pub mod watchlist;

pub use config::Config;
pub use error::{Error, Result};
pub use state::AppState;
