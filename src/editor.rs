//! The document being edited: one [`Editor`] store, provided through
//! [`provide_editor`] / [`use_editor`]. It owns the autosave (debounced, read
//! back and verified, flushed when the page is hidden), which fields the user
//! has left (for showing errors on blur), and the errors of the current step.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use proeftuin_domain::validation::{check_consistency, validate_step};
use proeftuin_domain::{FieldError, Proeftuin, Step};

use crate::local_store::{self, SaveError};
use crate::platform;

/// How long typing must pause before an autosave.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(300);

/// Where the document stands with respect to local storage.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Stored on this device at this time.
    Saved(DateTime<Utc>),
    /// Edited; the save is about to happen.
    Pending,
    /// The last save failed; the edit is only in memory.
    Failed(SaveError),
}

/// The editing store of one proeftuin.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The document.
    pub doc: RwSignal<Proeftuin>,
    /// Autosave status.
    pub save_state: RwSignal<SaveState>,
    /// Field paths the user has left at least once.
    pub touched: RwSignal<HashSet<String>>,
    /// True after "Volgende" (or a check) was pressed: show every error of the step.
    pub show_all: RwSignal<bool>,
    /// The step on screen.
    pub step: Signal<Step>,
    /// Errors of the step on screen plus the hard consistency errors.
    pub errors: Memo<Vec<FieldError>>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl Editor {
    /// Changes the document and stamps the change time; the autosave follows.
    pub fn edit(&self, f: impl FnOnce(&mut Proeftuin)) {
        self.doc.update(|d| {
            f(d);
            d.touch(platform::now());
        });
        self.schedule_save();
    }

    fn schedule_save(&self) {
        if let Some(h) = self.pending.get_value() {
            h.clear();
        }
        self.save_state.set(SaveState::Pending);
        let this = *self;
        let handle = set_timeout_with_handle(move || this.flush(), AUTOSAVE_DELAY).ok();
        self.pending.set_value(handle);
        if handle.is_none() {
            self.flush();
        }
    }

    /// Saves now if an edit is waiting (e.g. when the page is being hidden).
    pub fn flush(&self) {
        if let Some(h) = self.pending.get_value() {
            h.clear();
        }
        self.pending.set_value(None);
        if self.save_state.get_untracked() == SaveState::Pending
            || matches!(self.save_state.get_untracked(), SaveState::Failed(_))
        {
            self.save_now();
        }
    }

    /// Saves immediately and records the outcome.
    pub fn save_now(&self) {
        let result = self.doc.with_untracked(local_store::save);
        self.save_state.set(match result {
            Ok(()) => SaveState::Saved(platform::now()),
            Err(e) => SaveState::Failed(e),
        });
    }

    /// Marks a field as left by the user, so its error may show.
    pub fn touch_field(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_string());
            });
        }
    }

    /// The visible error message of a field, if any.
    pub fn error_for(&self, path: impl Into<String>) -> Signal<Option<String>> {
        let path = path.into();
        let this = *self;
        let message = Memo::new({
            let path = path.clone();
            move |_| {
                this.errors.with(|errs| {
                    errs.iter()
                        .find(|e| e.path == path)
                        .map(|e| e.message.clone())
                })
            }
        });
        Signal::derive(move || {
            let visible = this.show_all.get() || this.touched.with(|t| t.contains(&path));
            if visible {
                message.get()
            } else {
                None
            }
        })
    }
}

/// Creates the editor for `doc` and provides it to the components below.
pub fn provide_editor(doc: Proeftuin, step: impl Into<Signal<Step>>) -> Editor {
    let doc = RwSignal::new(doc);
    let step = step.into();
    let errors = Memo::new(move |_| {
        doc.with(|d| {
            let mut errs = validate_step(d, step.get());
            errs.extend(check_consistency(d));
            errs
        })
    });
    let editor = Editor {
        doc,
        save_state: RwSignal::new(SaveState::Saved(doc.with_untracked(|d| d.changed))),
        touched: RwSignal::new(HashSet::new()),
        show_all: RwSignal::new(false),
        step,
        errors,
        pending: StoredValue::new(None),
    };
    // Never lose the last keystrokes: save as soon as the page is hidden or left.
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| editor.flush());
    let on_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            editor.flush();
        }
    });
    on_cleanup(move || {
        editor.flush();
        on_hide.remove();
        on_visibility.remove();
    });
    provide_context(editor);
    editor
}

/// The editor provided by the wizard page.
pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// The id of the input for a field path (also the target of links to a field).
pub fn field_id(path: &str) -> String {
    crate::dom::safe_id("f", path)
}

/// The id of a field's error message (for `aria-describedby`).
pub fn error_id(path: &str) -> String {
    format!("{}-fout", field_id(path))
}

/// A (value, setter) pair for a field of the document: `bind!(ed, vertrekpunt.naam)`.
#[macro_export]
macro_rules! bind {
    ($ed:expr, $($path:ident).+) => {{
        let ed: $crate::editor::Editor = $ed;
        (
            ::leptos::prelude::Signal::from(::leptos::prelude::Memo::new(move |_| {
                ed.doc.with(|d| d.$($path).+.clone())
            })),
            ::leptos::prelude::Callback::new(move |v| ed.edit(move |d| d.$($path).+ = v)),
        )
    }};
}

/// A (value, setter) pair for a field of a list item found by id:
/// `bind_item!(ed, stakeholders, id, naam)`.
#[macro_export]
macro_rules! bind_item {
    ($ed:expr, $($list:ident).+, $id:expr, $field:ident) => {{
        let ed: $crate::editor::Editor = $ed;
        let id: String = $id;
        let id_set = id.clone();
        (
            ::leptos::prelude::Signal::from(::leptos::prelude::Memo::new(move |_| {
                ed.doc.with(|d| {
                    d.$($list).+
                        .iter()
                        .find(|x| x.id == id)
                        .map(|x| x.$field.clone())
                        .unwrap_or_default()
                })
            })),
            ::leptos::prelude::Callback::new(move |v| {
                let id = id_set.clone();
                ed.edit(move |d| {
                    if let Some(x) = d.$($list).+.iter_mut().find(|x| x.id == id) {
                        x.$field = v;
                    }
                })
            }),
        )
    }};
}
