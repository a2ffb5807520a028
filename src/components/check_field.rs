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
    /// A short explanation, read out with the check box.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let id = field_id(&path);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    view! {
        <div class="ptw-field">
            <div class="ptw-field--check">
                <input type="checkbox" id=id.clone()
                    prop:checked=move || value.get()
                    on:change=move |ev| on_change.run(event_target_checked(&ev))
                    aria-describedby=hint_id.clone()
                />
                <label for=id>{label}</label>
            </div>
            {hint.map(|h| view! { <p class="ptw-field__hint ptw-field__hint--check" id=hint_id>{h}</p> })}
        </div>
    }
}
