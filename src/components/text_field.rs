//! A labelled text input or text area bound to a document field.

use leptos::prelude::*;

use crate::components::field_error::{described_by, FieldErrorText};
use crate::editor::{error_id, field_id, use_editor};

/// A text field whose errors show after the user leaves it.
#[component]
pub fn TextField(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document (for errors and links).
    #[prop(into)]
    path: String,
    /// The current value.
    value: Signal<String>,
    /// Called with the new value on every input.
    on_change: Callback<String>,
    /// A short hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// A text area instead of a single line.
    #[prop(optional)]
    multiline: bool,
    /// Marks the field as required (shown in the label).
    #[prop(optional)]
    required: bool,
    /// Id of a `<datalist>` with suggestions.
    #[prop(optional, into)]
    suggestions: Option<String>,
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
    let invalid = move || error.with(Option::is_some).then_some("true");
    let on_blur = move |_| ed.touch_field(&path);
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="ptw-field__input ptw-field__input--area" rows="4"
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
                on:blur=on_blur.clone()
                aria-invalid=invalid
                aria-describedby=describedby.clone()
                aria-required=required.then_some("true")
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type="text" class="ptw-field__input"
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
                on:blur=on_blur.clone()
                list=suggestions
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=describedby.clone()
                aria-required=required.then_some("true")
            />
        }
        .into_any()
    };
    view! {
        <div class="ptw-field" class:ptw-field--invalid=move || error.with(Option::is_some)>
            <label class="ptw-field__label" for=id>
                {label}
                {required.then(|| view! { <span class="ptw-field__req">" (verplicht)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="ptw-field__hint" id=hint_id.clone()>{h}</p> })}
            {control}
            <FieldErrorText id=err_id message=error/>
        </div>
    }
}
