//! A labelled drop-down for one optional choice.

use leptos::prelude::*;
use proeftuin_domain::Choice;

use crate::components::field_error::{described_by, FieldErrorText};
use crate::editor::{error_id, field_id, use_editor};

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
) -> impl IntoView {
    let ed = use_editor();
    let id = field_id(&path);
    let err_id = error_id(&path);
    let error = ed.error_for(path.clone());
    let describedby = {
        let err_id = err_id.clone();
        move || described_by(None, &err_id, error.with(Option::is_some))
    };
    view! {
        <div class="ptw-field" class:ptw-field--invalid=move || error.with(Option::is_some)>
            <label class="ptw-field__label" for=id.clone()>
                {label}
                {required.then(|| view! { <span class="ptw-field__req">" (verplicht)"</span> })}
            </label>
            <select id=id class="ptw-field__input ptw-field__input--select"
                on:change=move |ev| on_change.run(T::from_key(&event_target_value(&ev)))
                on:blur=move |_| ed.touch_field(&path)
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=describedby
                aria-required=required.then_some("true")
                prop:value=move || value.get().map(|v| v.key()).unwrap_or_default()
            >
                <option value="">"Kies…"</option>
                {T::all().iter().map(|c| view! {
                    <option value=c.key() selected=move || value.get() == Some(*c)>{c.label()}</option>
                }).collect_view()}
            </select>
            <FieldErrorText id=err_id message=error/>
        </div>
    }
}
