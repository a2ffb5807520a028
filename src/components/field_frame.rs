//! What every labelled field shares: its ids, its visible error, the ARIA
//! wiring between them, and the frame of label, hint, control and error text.

use leptos::prelude::*;

use crate::components::field_error::{described_by, FieldErrorText};
use crate::editor::{error_id, field_id};

/// Ids and error state of one field bound to a document path.
#[derive(Clone)]
pub struct FieldWiring {
    /// Id of the control (the target of `label for` and of links to the field).
    pub id: String,
    /// Id of the error text.
    pub err_id: String,
    /// Id of the hint, when there is one.
    pub hint_id: Option<String>,
    /// The visible error message, if any.
    pub error: Signal<Option<String>>,
    /// Id of the note, and the note itself, when the field can have one.
    pub note: Option<(String, Signal<Option<String>>)>,
}

impl FieldWiring {
    /// Wiring for the field at `path` showing `error`.
    pub fn new(path: &str, error: Signal<Option<String>>, has_hint: bool) -> Self {
        let id = field_id(path);
        Self {
            hint_id: has_hint.then(|| format!("{id}-hint")),
            err_id: error_id(path),
            note: None,
            id,
            error,
        }
    }

    /// The same with a note that may come and go (read out with the field while it shows).
    pub fn with_note(mut self, note: Option<Signal<Option<String>>>) -> Self {
        self.note = note.map(|n| (format!("{}-notitie", self.id), n));
        self
    }

    /// The control's `aria-describedby`: the hint, the note while it shows, and the error
    /// while there is one.
    pub fn describedby(&self) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        let (hint_id, err_id, error) = (self.hint_id.clone(), self.err_id.clone(), self.error);
        let note = self.note.clone();
        move || {
            let shown = note
                .as_ref()
                .filter(|(_, n)| n.with(Option::is_some))
                .map(|(id, _)| id.as_str());
            let first = match (hint_id.as_deref(), shown) {
                (Some(h), Some(n)) => Some(format!("{h} {n}")),
                (h, n) => h.or(n).map(str::to_string),
            };
            described_by(first.as_deref(), &err_id, error.with(Option::is_some))
        }
    }

    /// The control's `aria-invalid`.
    pub fn invalid(&self) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
        let error = self.error;
        move || error.with(Option::is_some).then_some("true")
    }
}

/// Label (with "verplicht"), hint, the note (if the wiring has one), the control given as
/// children, and the error text.
#[component]
pub fn FieldFrame(
    /// Ids and error of the field.
    wiring: FieldWiring,
    /// The visible label.
    label: String,
    /// Marks the field as required in its label.
    required: bool,
    /// A short hint under the label.
    hint: Option<String>,
    /// More label text for screen readers only (to tell equal labels apart).
    #[prop(default = None)]
    label_extra: Option<String>,
    /// Another class for the frame, besides `ptw-field`.
    #[prop(default = None)]
    class: Option<&'static str>,
    /// The control itself.
    children: Children,
) -> impl IntoView {
    let error = wiring.error;
    let frame_class = match class {
        Some(extra) => format!("ptw-field {extra}"),
        None => "ptw-field".to_string(),
    };
    view! {
        <div class=frame_class class:ptw-field--invalid=move || error.with(Option::is_some)>
            <label class="ptw-field__label" for=wiring.id.clone()>
                {label}
                {label_extra.map(|x| view! { <span class="ptw-visually-hidden">{x}</span> })}
                {required.then(|| view! { <span class="ptw-field__req">" (verplicht)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="ptw-field__hint" id=wiring.hint_id.clone()>{h}</p> })}
            {wiring.note.clone().map(|(note_id, n)| view! {
                <div aria-live="polite">
                    {move || n.get().map(|text| view! {
                        <p class="ptw-bo-note" id=note_id.clone()>
                            <span class="ptw-bo-note__icon" aria-hidden="true">"i"</span>
                            {text}
                        </p>
                    })}
                </div>
            })}
            {children()}
            <FieldErrorText id=wiring.err_id.clone() message=error/>
        </div>
    }
}
