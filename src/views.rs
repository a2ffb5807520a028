//! Read-only views that several pages show: the plan as a printable
//! document, the stakeholder map and the realisme × impact chart. They read
//! a document (or scores) and render it; they edit nothing and know no page.

pub mod chart;
pub mod plan_document;
pub mod stakeholder_map;
