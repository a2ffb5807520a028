//! Moving the keyboard focus to an element by id, also to a field inside a
//! folded list item.
//!
//! A folded item does not build its fields, so a link to one of them
//! (`#f-stakeholders-sh-1-naam`, a conflict's "ga naar het veld", an error
//! after "Volgende") has nothing to focus yet. Every foldable list registers
//! each of its items here with [`register_fold`]: the element-id prefix of the
//! item and how to open it (the list's own open-state). [`focus_element`]
//! opens the item whose prefix is the longest match, through that state (no
//! synthetic click), and focuses the field once it is built.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

type Opener = Rc<dyn Fn()>;

thread_local! {
    /// The folded items in the page: element-id prefix → (registration number, opener).
    static FOLDS: RefCell<HashMap<String, (u64, Opener)>> = RefCell::new(HashMap::new());
    static NEXT: RefCell<u64> = const { RefCell::new(0) };
}

/// Registers a foldable item whose elements' ids start with `prefix` and a
/// dash; `open` opens it. The registration ends with the calling reactive
/// owner (the item's row), so a removed item is forgotten.
pub fn register_fold(prefix: String, open: impl Fn() + 'static) {
    let token = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    FOLDS.with(|f| {
        f.borrow_mut()
            .insert(prefix.clone(), (token, Rc::new(open)))
    });
    on_cleanup(move || {
        FOLDS.with(|f| {
            let mut f = f.borrow_mut();
            // A newer row for the same item (re-rendered) keeps its own registration.
            if f.get(&prefix).is_some_and(|(t, _)| *t == token) {
                f.remove(&prefix);
            }
        });
    });
}

/// Opens the registered folded item that holds the element `id`; false when
/// no registered item does.
fn open_fold_of(id: &str) -> bool {
    let opener = FOLDS.with(|f| {
        f.borrow()
            .iter()
            .filter(|(prefix, _)| {
                id.len() > prefix.len()
                    && id.starts_with(prefix.as_str())
                    && id[prefix.len()..].starts_with('-')
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, (_, open))| open.clone())
    });
    match opener {
        Some(open) => {
            open();
            true
        }
        None => false,
    }
}

/// Focuses the element with this id (its first control for a group) and
/// scrolls to it; inside a folded item, opens the item first.
pub fn focus_element(id: &str) {
    let Some(el) = document().get_element_by_id(id) else {
        if open_fold_of(id) {
            let id = id.to_string();
            // The item's fields are built by the next frame.
            request_animation_frame(move || {
                if document().get_element_by_id(&id).is_some() {
                    focus_element(&id);
                }
            });
        }
        return;
    };
    // A fieldset or section is not focusable by itself: focus its first control.
    let target = if matches!(
        el.tag_name().as_str(),
        "FIELDSET" | "SECTION" | "DIV" | "UL" | "OL" | "LI"
    ) {
        el.query_selector("input:not([type=radio]), input[type=radio]:checked, select, textarea")
            .ok()
            .flatten()
            .or_else(|| el.query_selector("button").ok().flatten())
            .unwrap_or(el)
    } else {
        el
    };
    if let Ok(html) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = html.focus();
        html.scroll_into_view_with_bool(false);
    }
}

/// Focuses the heading of a page that just appeared (a step after "Volgende") and shows the
/// page from its top. Without a forced layout: the heading is focused without scrolling to
/// it, and the window scrolls to the top by the next frame.
pub fn focus_heading(id: &str) {
    let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
    window().scroll_to_with_x_and_y(0.0, 0.0);
}
