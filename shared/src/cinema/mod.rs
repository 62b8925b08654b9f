//! Film projects: the casting base, and what a production prints for its set.
pub mod assignments;
pub mod badges;
pub mod photos;
pub mod productions;
pub mod searches;
pub mod talents;
