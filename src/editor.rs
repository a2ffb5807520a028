//! The document being edited: one [`Editor`] store, provided through
//! [`provide_editor`] / [`use_editor`]. It owns the autosave (debounced, read
//! back and verified, flushed when the page is hidden), which fields the user
//! has left (for showing errors on blur), the errors of the current step, and
//! the open conflicts (choices between two versions of a value).
//!
//! Two tabs on one proeftuin never lose each other's edits: before every write
//! the editor checks whether another tab changed the stored copy since this tab
//! last read or wrote it, and if so merges three ways first (the copy it last
//! saw is the base); the `storage` event brings another tab's saves in at once.
//! Values both tabs changed differently become conflicts, like sync conflicts.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use proeftuin_domain::storage::{parse_stored, stored_json};
use proeftuin_domain::validation::{check_consistency, validate_step};
use proeftuin_domain::{
    apply_choice, merge, Conflict, FieldError, MergeOutcome, Proeftuin, Side, Step,
};
use serde::{Deserialize, Serialize};

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
    /// Another tab deleted this proeftuin from the device; it is only in this tab now.
    RemovedElsewhere,
}

/// Where the other value of a conflict came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictSource {
    /// The server (someone on another device).
    Server,
    /// Another tab or window of this browser.
    Window,
}

/// A conflict waiting for the user's choice. The document holds "mine"; the
/// other value is kept here (and in local storage) until the user chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenConflict {
    /// What differs, with both values.
    pub conflict: Conflict,
    /// Where "theirs" came from.
    pub source: ConflictSource,
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
    /// Values that differ between this version and another, waiting for a choice.
    pub conflicts: RwSignal<Vec<OpenConflict>>,
    /// True when opened with a read-only link: edits are refused.
    pub read_only: RwSignal<bool>,
    /// Counts saves of this device's own edits (not of merges or server copies
    /// written by the sync engine): the sync engine pushes after each.
    pub own_saves: RwSignal<u64>,
    pending: StoredValue<Option<TimeoutHandle>>,
    /// The stored text this tab last read or wrote (the base for merging another tab's save).
    seen: StoredValue<Option<String>>,
}

impl Editor {
    /// Changes the document and stamps the change time; the autosave follows.
    pub fn edit(&self, f: impl FnOnce(&mut Proeftuin)) {
        if self.read_only.get_untracked() {
            return;
        }
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

    fn id(&self) -> String {
        self.doc.with_untracked(|d| d.id.clone())
    }

    /// Saves immediately and records the outcome. If another tab saved this
    /// proeftuin in the meantime, its changes are merged in first.
    pub fn save_now(&self) {
        if self.read_only.get_untracked()
            || self.save_state.get_untracked() == SaveState::RemovedElsewhere
        {
            return;
        }
        let key = local_store::doc_key(&self.id());
        let stored = local_store::read_raw(&key);
        let seen = self.seen.get_value();
        match (&stored, &seen) {
            (Some(now), Some(seen)) if now != seen => self.absorb(now),
            (Some(now), None) => self.absorb(now),
            (None, Some(_)) => {
                // Deleted in another tab (its event may not have arrived yet).
                self.save_state.set(SaveState::RemovedElsewhere);
                return;
            }
            _ => {}
        }
        if self.write() {
            self.own_saves.update(|n| *n += 1);
        }
    }

    /// Writes the document as it is, with no merge (the sync engine and
    /// "keep it anyway" use this after they merged themselves).
    fn write(&self) -> bool {
        let text = self.doc.with_untracked(stored_json);
        let key = local_store::doc_key(&self.id());
        let result = local_store::write_raw(&key, &text);
        let ok = result.is_ok();
        if ok {
            self.seen.set_value(Some(text));
        }
        self.save_state.set(match result {
            Ok(()) => SaveState::Saved(platform::now()),
            Err(e) => SaveState::Failed(e),
        });
        ok
    }

    /// Puts this tab's version back on the device after another tab deleted it.
    pub fn keep_anyway(&self) {
        self.seen.set_value(None);
        self.save_state.set(SaveState::Pending);
        if self.write() {
            self.own_saves.update(|n| *n += 1);
        }
    }

    /// Replaces the whole document (a merge result or the server's copy) and saves it.
    pub fn replace(&self, doc: Proeftuin) {
        if self.doc.with_untracked(|d| *d != doc) {
            self.doc.set(doc);
        }
        if self.save_state.get_untracked() != SaveState::RemovedElsewhere {
            let _ = self.write();
        }
    }

    /// Merges another tab's stored text into this tab's document.
    fn absorb(&self, text: &str) {
        let Ok(theirs) = parse_stored(text) else {
            // Not readable: this tab's version is written over it only after the
            // overview has had a chance to show it. Keep ours in memory.
            return;
        };
        let base = self
            .seen
            .get_value()
            .and_then(|s| parse_stored(&s).ok())
            .unwrap_or_else(|| theirs.clone());
        let mine = self.doc.get_untracked();
        if let Ok(outcome) = merge(&base, &mine, &theirs) {
            self.add_conflicts(outcome.conflicts, ConflictSource::Window);
            if outcome.merged != mine {
                self.doc.set(outcome.merged);
            }
        }
        self.seen.set_value(Some(text.to_string()));
    }

    /// Records new conflicts (replacing older ones at the same place) and stores them.
    pub fn add_conflicts(&self, found: Vec<Conflict>, source: ConflictSource) {
        if found.is_empty() {
            return;
        }
        self.conflicts.update(|list| {
            for conflict in found {
                list.retain(|c| c.conflict.path != conflict.path);
                list.push(OpenConflict { conflict, source });
            }
        });
        self.store_conflicts();
    }

    fn store_conflicts(&self) {
        let key = local_store::conflicts_key(&self.id());
        let list = self.conflicts.get_untracked();
        let _ = if list.is_empty() {
            local_store::remove_key(&key)
        } else {
            local_store::write_json(&key, &list)
        };
    }

    /// Settles the conflict at `path` with the chosen side. Choosing "mine" keeps
    /// the value as it is now (also if it was edited since); choosing "theirs"
    /// puts the other value in.
    pub fn choose(&self, path: &str, side: Side) {
        let Some(open) = self
            .conflicts
            .with_untracked(|l| l.iter().find(|c| c.conflict.path == path).cloned())
        else {
            return;
        };
        let keep_as_is = side == Side::Mine && !open.conflict.mine.is_null();
        if !keep_as_is {
            let mut outcome = MergeOutcome {
                merged: self.doc.get_untracked(),
                conflicts: vec![open.conflict.clone()],
            };
            if apply_choice(&mut outcome, path, side) {
                let mut doc = outcome.merged;
                doc.touch(platform::now());
                self.doc.set(doc);
            }
        }
        self.conflicts
            .update(|l| l.retain(|c| c.conflict.path != path));
        self.store_conflicts();
        self.save_state.set(SaveState::Pending);
        self.save_now();
    }

    /// Reacts to another tab's change of local storage.
    fn on_storage(&self, key: &str, new_value: Option<String>) {
        let id = self.id();
        if key == local_store::doc_key(&id) {
            match new_value {
                None => self.save_state.set(SaveState::RemovedElsewhere),
                Some(text) if Some(&text) != self.seen.get_value().as_ref() => {
                    if self.save_state.get_untracked() == SaveState::RemovedElsewhere {
                        return;
                    }
                    self.absorb(&text);
                    // Write back only when this tab had something the other did not.
                    let differs = parse_stored(&text)
                        .map(|theirs| self.doc.with_untracked(|d| *d != theirs))
                        .unwrap_or(false);
                    if differs {
                        let _ = self.write();
                    }
                }
                Some(_) => {}
            }
        } else if key == local_store::conflicts_key(&id) {
            let list: Vec<OpenConflict> = new_value
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            self.conflicts.set(list);
        }
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
    let id = doc.with_untracked(|d| d.id.clone());
    let editor = Editor {
        doc,
        save_state: RwSignal::new(SaveState::Saved(doc.with_untracked(|d| d.changed))),
        touched: RwSignal::new(HashSet::new()),
        show_all: RwSignal::new(false),
        step,
        errors,
        conflicts: RwSignal::new(
            local_store::read_json(&local_store::conflicts_key(&id)).unwrap_or_default(),
        ),
        read_only: RwSignal::new(false),
        own_saves: RwSignal::new(0),
        pending: StoredValue::new(None),
        seen: StoredValue::new(local_store::read_raw(&local_store::doc_key(&id))),
    };
    let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
        if let Some(key) = ev.key() {
            editor.on_storage(&key, ev.new_value());
        }
    });
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
        on_storage.remove();
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
