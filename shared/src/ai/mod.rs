//! AI services: a CV read into suggestions, a free-text brief turned into search criteria, a
//! shortlist reranked and explained, and films looked up for a production's history.
//!
//! `ports` holds what the core asks of a provider. The local rules (no network, the default)
//! and the OpenRouter and OMDB adapters implement it; the rest of the core never knows which
//! one answered, only its name and version, which are stored with what it made.

pub mod local;
pub mod matching;
pub mod ports;
pub mod reference;

pub use local::LocalRules;
pub use ports::{
    AiError, AiProvider, BriefCriteria, CvAnalysis, CvInput, FilmDetails, FilmError, FilmSearch,
    FilmSummary, Reference, ShortlistEntry, ShortlistVerdict, SuggestedTalent,
};
