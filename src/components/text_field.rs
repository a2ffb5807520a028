//! A labelled text input or text area bound to a document field.

use leptos::prelude::*;
use proeftuin_domain::validation::MAX_TEXT_CHARS;

use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::editor::use_editor;

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
    /// More label text for screen readers only (to tell equal labels apart).
    #[prop(optional, into)]
    label_extra: Option<String>,
    /// A note shown above the field and read out with it (e.g. "explain why").
    #[prop(optional)]
    note: Option<Signal<Option<String>>>,
    /// An error found by the step itself, shown (like the document's errors) once the
    /// field was left or the step checked.
    #[prop(optional)]
    local_error: Option<Signal<Option<String>>>,
    /// Another class for the frame, besides `ptw-field`.
    #[prop(optional)]
    class: Option<&'static str>,
    /// Lines of a text area (default 4).
    #[prop(optional)]
    rows: Option<u32>,
) -> impl IntoView {
    let ed = use_editor();
    let domain_error = ed.error_for(path.clone());
    let error = match local_error {
        None => domain_error,
        Some(local) => {
            let path = path.clone();
            Signal::derive(move || {
                domain_error
                    .get()
                    .or_else(|| local.get().filter(|_| ed.shows_errors_of(&path)))
            })
        }
    };
    let w = FieldWiring::new(&path, error, hint.is_some()).with_note(note);
    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
    let on_blur = move |_| ed.touch_field(&path);
    let control = if multiline {
        view! {
            <textarea id=id class="ptw-field__input ptw-field__input--area" rows=rows.unwrap_or(4) maxlength=MAX_TEXT_CHARS
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
                on:blur=on_blur
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type="text" class="ptw-field__input" maxlength=MAX_TEXT_CHARS
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
                on:blur=on_blur
                list=suggestions
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=required.then_some("true")
            />
        }
        .into_any()
    };
    view! { <FieldFrame wiring=w label required hint label_extra class>{control}</FieldFrame> }
}
