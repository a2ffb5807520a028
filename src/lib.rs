//! The proeftuin-wizard front end (Leptos 0.8, client-side rendered).
//!
//! `start` mounts [`app::App`] on the body (which marks the document ready once rendered); the
//! pages and components live in feature modules.

pub mod action;
pub mod app;
pub mod assess;
pub mod components;
pub mod dom;
pub mod editor;
pub mod focus;
pub mod local_store;
pub mod open;
pub mod overview;
pub mod platform;
pub mod portfolio;
pub mod split;
pub mod sync;
pub mod views;
pub mod wizard;

/// Mounts the app; `App` sets `data-app-ready` on `<html>` once it is on screen,
/// so tests and benchmarks can wait for it.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
