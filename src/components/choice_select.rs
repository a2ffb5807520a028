//! A labelled drop-down for one optional choice.

use leptos::prelude::*;
use proeftuin_domain::Choice;

use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::editor::use_editor;

/// A `<select>` over all values of a [`Choice`] enum, with an empty "Kies…" option.
#[component]
pub fn ChoiceSelect<T: Choice + Send + Sync>(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The current choice.
    value: Signal<Option<T>>,
    /// Called with the new choice.
    on_change: Callback<Option<T>>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// More label text for screen readers only (to tell equal labels apart).
    #[prop(optional, into)]
    label_extra: Option<String>,
) -> impl IntoView {
    let ed = use_editor();
    let w = FieldWiring::new(&path, ed.error_for(path.clone()), false);
    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
    view! {
        <FieldFrame wiring=w label required hint=None label_extra>
            <select id=id class="ptw-field__input ptw-field__input--select"
                on:change=move |ev| on_change.run(T::from_key(&event_target_value(&ev)))
                on:blur=move |_| ed.touch_field(&path)
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
                prop:value=move || value.get().map(|v| v.key()).unwrap_or_default()
            >
                <option value="">"Kies…"</option>
                {T::all().iter().map(|c| view! {
                    <option value=c.key() selected=move || value.get() == Some(*c)>{c.label()}</option>
                }).collect_view()}
            </select>
        </FieldFrame>
    }
}
