//! A labelled date input (the browser's date picker) bound to an optional date.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::field_error::{described_by, FieldErrorText};
use crate::editor::{error_id, field_id, use_editor};

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
) -> impl IntoView {
    let ed = use_editor();
    let id = field_id(&path);
    let err_id = error_id(&path);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error = ed.error_for(path.clone());
    let describedby = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || described_by(hint_id.as_deref(), &err_id, error.with(Option::is_some))
    };
    view! {
        <div class="ptw-field" class:ptw-field--invalid=move || error.with(Option::is_some)>
            <label class="ptw-field__label" for=id.clone()>
                {label}
                {required.then(|| view! { <span class="ptw-field__req">" (verplicht)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="ptw-field__hint" id=hint_id.clone()>{h}</p> })}
            <input id=id type="date" class="ptw-field__input ptw-field__input--date"
                prop:value=move || value.get().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    on_change.run(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
                }
                on:blur=move |_| ed.touch_field(&path)
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=describedby
                aria-required=required.then_some("true")
            />
            <FieldErrorText id=err_id message=error/>
        </div>
    }
}
