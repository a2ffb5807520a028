//! A labelled decimal input ("12,5") that refuses nonsense with a clear message.

use leptos::prelude::*;
use proeftuin_domain::format;
use proeftuin_domain::validation::parse_decimal;

use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::editor::use_editor;

/// A decimal field: accepts "12", "12,5", "1.250,75" or "-3"; shows the domain's Dutch message
/// for anything else and then stores nothing new (the last good value stays).
#[component]
pub fn DecimalField(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The current value.
    value: Signal<Option<f64>>,
    /// Called with the parsed value (`None` when emptied).
    on_change: Callback<Option<f64>>,
    /// A unit shown after the input ("kandidaten", "%").
    #[prop(optional, into)]
    unit: Signal<String>,
    /// A short hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let ed = use_editor();
    let shown = |v: Option<f64>| v.map(format::waarde).unwrap_or_default();
    // What the user typed, kept while it cannot be read as a number.
    let raw = RwSignal::new(shown(value.get_untracked()));
    let parse_error = RwSignal::new(None::<String>);
    // Follow outside changes (another tab, a merge) when the text does not already say it.
    crate::action::effect(move || {
        let v = value.get();
        let current = parse_decimal(&raw.get_untracked()).ok().flatten();
        if current != v && parse_error.get_untracked().is_none() {
            raw.set(shown(v));
        }
    });
    let domain_error = ed.error_for(path.clone());
    let error = Signal::derive(move || parse_error.get().or_else(|| domain_error.get()));
    let w = FieldWiring::new(&path, error, hint.is_some());
    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        raw.set(text.clone());
        match parse_decimal(&text) {
            Ok(v) => {
                parse_error.set(None);
                on_change.run(v);
            }
            Err(msg) => parse_error.set(Some(msg)),
        }
    };
    let on_blur = move |_| ed.touch_field(&path);
    // The unit is said with the label too ("Waarde (studenten)").
    let label_extra = Some(unit.get_untracked())
        .filter(|u| !u.trim().is_empty())
        .map(|u| format!(" ({})", u.trim()));
    view! {
        <FieldFrame wiring=w label required=false hint label_extra>
            <div class="ptw-field__number">
                <input id=id type="text" inputmode="decimal" class="ptw-field__input ptw-field__input--number"
                    prop:value=move || raw.get()
                    on:input=on_input
                    on:blur=on_blur
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby=describedby
                />
                {move || {
                    let u = unit.get();
                    (!u.trim().is_empty()).then(|| view! { <span class="ptw-field__unit">{u}</span> })
                }}
            </div>
        </FieldFrame>
    }
}
