//! A labelled whole-number input that refuses nonsense with a clear message.

use leptos::prelude::*;
use proeftuin_domain::generic_rule::format_number;
use proeftuin_domain::validation::parse_whole_number;

use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::editor::use_editor;

/// Whole-number types a [`NumberField`] can edit.
pub trait WholeNumber: Copy + PartialEq + Send + Sync + 'static {
    /// As u64.
    fn to_u64(self) -> u64;
    /// From u64 (the value is already within the field's maximum).
    fn from_u64(v: u64) -> Self;
}
impl WholeNumber for u64 {
    fn to_u64(self) -> u64 {
        self
    }
    fn from_u64(v: u64) -> Self {
        v
    }
}
impl WholeNumber for u32 {
    fn to_u64(self) -> u64 {
        u64::from(self)
    }
    fn from_u64(v: u64) -> Self {
        u32::try_from(v).unwrap_or(u32::MAX)
    }
}

/// A number field: accepts "250000", "250.000" or "€ 250.000"; shows the
/// domain's Dutch message for anything else and then stores no value.
#[component]
pub fn NumberField<T: WholeNumber>(
    /// The visible label.
    #[prop(into)]
    label: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The current value.
    value: Signal<Option<T>>,
    /// Called with the parsed value (or `None` when empty or invalid).
    on_change: Callback<Option<T>>,
    /// Largest accepted value.
    max: u64,
    /// How the field is named inside a message ("het aantal kandidaten").
    #[prop(into)]
    noun: String,
    /// A unit shown after the input ("€", "maanden").
    #[prop(optional, into)]
    unit: Option<String>,
    /// A short hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let ed = use_editor();
    // What the user typed, kept while it cannot be read as a number.
    let raw = RwSignal::new(
        value
            .get_untracked()
            .map(|v| format_number(v.to_u64()))
            .unwrap_or_default(),
    );
    let parse_error = RwSignal::new(None::<String>);
    // Follow outside changes (e.g. a loaded example) when the field is not being typed in.
    crate::action::effect(move || {
        let v = value.get();
        let current = parse_whole_number(&raw.get_untracked(), "", max)
            .ok()
            .flatten();
        if current != v.map(WholeNumber::to_u64) && parse_error.get_untracked().is_none() {
            raw.set(v.map(|v| format_number(v.to_u64())).unwrap_or_default());
        }
    });
    let domain_error = ed.error_for(path.clone());
    let error = Signal::derive(move || parse_error.get().or_else(|| domain_error.get()));
    let w = FieldWiring::new(&path, error, hint.is_some());
    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        raw.set(text.clone());
        match parse_whole_number(&text, &noun, max) {
            Ok(v) => {
                parse_error.set(None);
                on_change.run(v.map(T::from_u64));
            }
            Err(msg) => {
                parse_error.set(Some(msg));
                on_change.run(None);
            }
        }
    };
    let on_blur = move |_| ed.touch_field(&path);
    view! {
        <FieldFrame wiring=w label required hint>
            <div class="ptw-field__number">
                <input id=id type="text" inputmode="numeric" class="ptw-field__input ptw-field__input--number"
                    prop:value=move || raw.get()
                    on:input=on_input
                    on:blur=on_blur
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby=describedby
                    aria-required=required.then_some("true")
                />
                {unit.map(|u| view! { <span class="ptw-field__unit">{u}</span> })}
            </div>
        </FieldFrame>
    }
}
