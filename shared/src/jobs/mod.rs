//! Jobs: work run by a schedule or an event rather than a request.

pub mod maintenance;
pub mod migrate;
