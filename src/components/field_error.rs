//! The error text under a field.

use leptos::prelude::*;

/// Shows `message` (if any) with the id that the field points to through
/// `aria-describedby`; announced politely by screen readers.
#[component]
pub fn FieldErrorText(
    /// Id of the text, referenced by the field.
    id: String,
    /// The message to show, if any.
    message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p class="ptw-field__error" id=id aria-live="polite">
            {move || message.get().map(|m| view! { <span class="ptw-field__error-icon" aria-hidden="true">"!"</span> {m} })}
        </p>
    }
}

/// `aria-describedby` value for a field with optional hint and its error.
pub fn described_by(hint_id: Option<&str>, error_id: &str, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if let Some(h) = hint_id {
        ids.push(h.to_string());
    }
    if has_error {
        ids.push(error_id.to_string());
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}
