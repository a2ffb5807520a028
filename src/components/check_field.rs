//! A single labelled check box.

use leptos::prelude::*;

use crate::editor::field_id;

/// A check box with its label and an optional hint.
#[component]
pub fn CheckField(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The current value.
    value: Signal<bool>,
    /// Called with the new value.
    on_change: Callback<bool>,
) -> impl IntoView {
    let id = field_id(&path);
    view! {
        <div class="ptw-field ptw-field--check">
            <input type="checkbox" id=id.clone()
                prop:checked=move || value.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}
