//! Jobs: work run by a schedule or an event rather than a request. Scheduled jobs go through
//! [`runs`] (one worker per run, nothing done twice, cut-off runs resumed).

pub mod mailing;
pub mod maintenance;
pub mod migrate;
pub mod runs;
pub mod watchlist_alerts;
pub mod weekly_recap;
