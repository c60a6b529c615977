//! Atoll's domain: the Well-Architected reference, the rule catalogue and its
//! evaluation over a scan's inventory, scores, HRIs and scan diffs.
//!
//! This crate knows nothing of AWS SDKs or of the desktop UI. Rule evaluation
//! runs SQL inside SQLite (the rule language), on a connection the caller
//! provides, and does no network I/O.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod cases;
pub mod catalogue;
pub mod diff;
pub mod engine;
pub mod framework;
pub mod model;
pub mod organization;
pub mod reassessment;
pub mod resource_types;
pub mod rule;
mod rule_clock;
pub mod scan;
pub mod scope;
pub mod score;

pub use catalogue::RuleSet;
pub use framework::Framework;
pub use model::*;
pub use rule::{Rule, RuleInfo};
