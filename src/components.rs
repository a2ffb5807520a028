//! Generic components used by several features.

pub mod not_found;
