//! Small helpers around the browser document that several features share.

use leptos::prelude::document;

/// The attribute on `<html>` that says the app has been mounted.
pub const APP_READY_ATTR: &str = "data-app-ready";

/// Name of the performance mark set when the app is ready (read by the benchmarks).
pub const APP_READY_MARK: &str = "app-ready";

/// Marks the app as mounted (see [`APP_READY_ATTR`]) and records the moment as a
/// performance mark, so a benchmark can read the time since navigation.
pub fn mark_app_ready() {
    if let Some(root) = document().document_element() {
        if root.has_attribute(APP_READY_ATTR) {
            return;
        }
        let _ = root.set_attribute(APP_READY_ATTR, "");
    }
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(APP_READY_MARK);
    }
}

/// Sets the page title, always followed by the product name.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} – Proeftuin-wizard"));
}

/// Id of the `<main>` element, target of the skip link.
pub const MAIN_ID: &str = "inhoud";

/// Puts keyboard focus on the main content, e.g. after a page change.
pub fn focus_main() {
    use wasm_bindgen::JsCast;
    if let Some(main) = document()
        .get_element_by_id(MAIN_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

/// An element id made of `prefix` and `raw` with every character that is not
/// ASCII alphanumeric, `-` or `_` replaced by `-` (ids of imported files and
/// field paths may hold any character).
pub fn safe_id(prefix: &str, raw: &str) -> String {
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// Runs `f` in a task of its own right after the next frame has been painted: a change
/// it makes shows in the frame after, and its work is not part of the next frame (which
/// Chromium renders first after a key press, before other tasks).
pub fn after_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// A copy of a value of the document that follows it one frame late: `track` subscribes to
/// the source, `read` reads it untracked. A view that sums up a long list (the stakeholder
/// map, the checklist of who is at the table) reads the copy, so a keystroke in the list
/// shows in the frame right after it, and the summing-up views are redrawn after that frame
/// has been painted (see [`after_paint`]). Several changes in between are taken in at once.
pub fn one_frame_later<T>(
    track: impl Fn() + Send + Sync + 'static,
    read: impl Fn() -> T + Copy + Send + Sync + 'static,
) -> leptos::prelude::Signal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    use leptos::prelude::*;
    let (value, set_value) = signal(read());
    let waiting = StoredValue::new(false);
    crate::action::effect(move || {
        track();
        // Also after the first run: a change made before it would otherwise be missed.
        if waiting.get_value() {
            return;
        }
        waiting.set_value(true);
        // The first frame shows the change itself; this copy follows in the next one.
        after_paint(move || {
            if waiting.try_set_value(false).is_some() {
                return;
            }
            let now = read();
            if value.with_untracked(|v| *v != now) {
                set_value.set(now);
            }
        });
    });
    value.into()
}
