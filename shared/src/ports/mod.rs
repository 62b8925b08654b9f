//! Ports: what the core needs from the outside world, each with an AWS adapter and a local one.

pub mod blob;
pub mod mail;
pub mod secrets;
