//! A labelled date input (the browser's date picker) bound to an optional date.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::editor::use_editor;

/// A date field; an empty input stores no date.
#[component]
pub fn DateField(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The current value.
    value: Signal<Option<NaiveDate>>,
    /// Called with the new date.
    on_change: Callback<Option<NaiveDate>>,
    /// A short hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// More label text for screen readers only (to tell equal labels apart).
    #[prop(optional, into)]
    label_extra: Option<String>,
) -> impl IntoView {
    let ed = use_editor();
    let w = FieldWiring::new(&path, ed.error_for(path.clone()), hint.is_some());
    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
    view! {
        <FieldFrame wiring=w label required hint label_extra>
            <input id=id type="date" class="ptw-field__input ptw-field__input--date"
                prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    on_change.run(text.parse::<NaiveDate>().ok());
                }
                on:blur=move |_| ed.touch_field(&path)
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
            />
        </FieldFrame>
    }
}
