//! Film projects: what a production prints for its set.
pub mod badges;
