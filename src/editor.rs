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
use proeftuin_domain::store::*;
use proeftuin_domain::store::{document_store, patch_document};
use proeftuin_domain::validation::{check_consistency, validate_step};
use proeftuin_domain::{
    apply_choice, merge, title_of, Conflict, FieldError, MergeOutcome, Proeftuin, Side, Step,
};
use reactive_stores::Store;
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
    /// The tab that found it (a conflict between two tabs is shown the other
    /// way round in the other tab).
    #[serde(default)]
    pub tab: String,
}

/// Where the open conflicts of the document stored under `key` are kept.
fn conflicts_key_for(key: &str) -> String {
    match key.strip_prefix(local_store::DOC_KEY_PREFIX) {
        Some(id) => local_store::conflicts_key(id),
        None => format!("{key}.conflicts"),
    }
}

/// An id of this browser tab that survives reloads.
pub fn tab_id() -> String {
    local_store::tab_id(platform::new_id)
}

/// The editing store of one proeftuin.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The document, as a field-level store: reading one field (`doc.plan().ambitie()`)
    /// subscribes to that field only, and a change notifies only the fields it changed.
    pub doc: Store<Proeftuin>,
    /// The proeftuin's title (its name, or "Naamloze proeftuin"), following only the name.
    pub title: Memo<String>,
    /// Autosave status.
    pub save_state: RwSignal<SaveState>,
    /// Field paths the user has left at least once.
    pub touched: RwSignal<HashSet<String>>,
    /// True after "Volgende" (or a check) was pressed: show every error of the step.
    pub show_all: RwSignal<bool>,
    /// The step on screen.
    pub step: Signal<Step>,
    /// Errors of the step on screen plus the hard consistency errors. They follow the
    /// document through one effect that sets them only when they change (see
    /// [`provide_editor_at`]).
    pub errors: ReadSignal<Vec<FieldError>>,
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
    /// The localStorage key of the document (`ptw.doc.<id>`, or an assessor's own copy).
    key: StoredValue<String>,
}

impl Editor {
    /// Changes the document (adding, removing or moving list items, or several fields at
    /// once) and stamps the change time; the autosave follows. The change is patched into
    /// the store, so only the fields and lists it changed notify.
    pub fn edit(&self, f: impl FnOnce(&mut Proeftuin)) {
        if self.read_only.get_untracked() {
            return;
        }
        let mut doc = self.doc.get_untracked();
        f(&mut doc);
        doc.touch(platform::now());
        patch_document(self.doc, doc);
        self.schedule_save();
    }

    /// Sets one field of the document (a keystroke, a choice) and stamps the change time;
    /// the autosave follows. Only that field (and the change time) notify. A field of a
    /// list item that is gone by now is left alone.
    pub fn set<F, T>(&self, field: F, value: T)
    where
        F: Update<Value = T>,
    {
        if self.read_only.get_untracked() || field.try_update(|v| *v = value).is_none() {
            return;
        }
        self.doc.changed().set(platform::now());
        self.schedule_save();
    }

    /// The value of one field and its setter ([`Editor::set`]), for a form control:
    /// `ed.bind(ed.doc.vertrekpunt().naam())`. A field of a list item that was just removed
    /// reads as empty until its control is gone.
    pub fn bind<F, T>(&self, field: F) -> (Signal<T>, Callback<T>)
    where
        F: Get<Value = T> + Update<Value = T> + Clone + Send + Sync + 'static,
        T: Clone + Default + Send + Sync + 'static,
    {
        let this = *self;
        let read = field.clone();
        (
            Signal::derive(move || read.try_get().unwrap_or_default()),
            Callback::new(move |v| this.set(field.clone(), v)),
        )
    }

    fn schedule_save(&self) {
        if let Some(h) = self.pending.get_value() {
            h.clear();
        }
        if self.save_state.get_untracked() != SaveState::Pending {
            self.save_state.set(SaveState::Pending);
        }
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

    /// Saves immediately and records the outcome. If another tab saved this
    /// proeftuin in the meantime, its changes are merged in first.
    pub fn save_now(&self) {
        if self.read_only.get_untracked() {
            return;
        }
        if self.write() {
            self.own_saves.update(|n| *n += 1);
        }
    }

    /// Brings in what another tab stored since this tab last read or wrote
    /// (three-way merge). False, with the save state saying why, when the
    /// stored copy was deleted or cannot be read (it is then left alone).
    pub fn take_in_stored(&self) -> bool {
        if self.save_state.get_untracked() == SaveState::RemovedElsewhere {
            return false;
        }
        let key = self.key.get_value();
        let stored = local_store::read_raw(&key);
        let seen = self.seen.get_value();
        match (stored, seen) {
            (Some(now), _) if self.read_only.get_untracked() => {
                // Nothing of this tab's own to keep: the stored copy is the truth.
                self.seen.set_value(Some(now));
                true
            }
            (Some(now), seen) if Some(&now) != seen.as_ref() => {
                if !self.absorb(&now) {
                    self.save_state.set(SaveState::Failed(SaveError::Other(
                        "de versie op dit apparaat is door een nieuwere versie van de app bewaard of is beschadigd; laad de pagina opnieuw".into(),
                    )));
                    return false;
                }
                true
            }
            (None, Some(_)) => {
                // Deleted in another tab (its event may not have arrived yet).
                self.save_state.set(SaveState::RemovedElsewhere);
                false
            }
            _ => true,
        }
    }

    /// Writes the document, after taking in another tab's save. True when stored.
    /// Timed as the performance measure "autosave" (only the latest is kept; the
    /// benchmark in bench/editing.mjs observes them).
    fn write(&self) -> bool {
        let perf = web_sys::window().and_then(|w| w.performance());
        if let Some(p) = &perf {
            let _ = p.mark("autosave-start");
        }
        let ok = self.write_untimed();
        if let Some(p) = &perf {
            p.clear_measures_with_measure_name("autosave");
            let _ = p.measure_with_start_mark("autosave", "autosave-start");
            p.clear_marks_with_mark_name("autosave-start");
        }
        ok
    }

    fn write_untimed(&self) -> bool {
        if !self.take_in_stored() {
            return false;
        }
        let text = self.doc.with_untracked(stored_json);
        let key = self.key.get_value();
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

    /// Replaces the whole document (a merge result or the server's copy) and
    /// saves it. False when it could not be stored.
    pub fn replace(&self, doc: Proeftuin) -> bool {
        if self.doc.with_untracked(|d| *d != doc) {
            patch_document(self.doc, doc);
        }
        self.write()
    }

    /// Merges another tab's stored text into this tab's document. False when
    /// the text cannot be read.
    fn absorb(&self, text: &str) -> bool {
        let Ok(theirs) = parse_stored(text) else {
            return false;
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
                patch_document(self.doc, outcome.merged);
            }
        }
        self.seen.set_value(Some(text.to_string()));
        true
    }

    /// Records new conflicts (replacing older ones at the same place) and
    /// stores them. False when they could not be stored.
    pub fn add_conflicts(&self, found: Vec<Conflict>, source: ConflictSource) -> bool {
        if found.is_empty() {
            return true;
        }
        let tab = tab_id();
        self.conflicts.update(|list| {
            for conflict in found {
                list.retain(|c| c.conflict.path != conflict.path);
                list.push(OpenConflict {
                    conflict,
                    source,
                    tab: tab.clone(),
                });
            }
        });
        self.store_conflicts()
    }

    fn store_conflicts(&self) -> bool {
        let key = conflicts_key_for(&self.key.get_value());
        let list = self.conflicts.get_untracked();
        if list.is_empty() {
            local_store::remove_key(&key).is_ok()
        } else {
            local_store::write_json(&key, &list).is_ok()
        }
    }

    /// A conflict as this tab should show it: "mine" is always this tab's value
    /// (a conflict found by another tab of this browser has the sides the other way).
    pub fn as_seen_here(&self, open: &OpenConflict) -> Conflict {
        let mut c = open.conflict.clone();
        if open.source == ConflictSource::Window && open.tab != tab_id() {
            std::mem::swap(&mut c.mine, &mut c.theirs);
        }
        c
    }

    /// Settles the conflict at `path` with the chosen side (as shown in this
    /// tab). Keeping the value that is in the document leaves it as it is now
    /// (also if it was edited since); the other value is put in.
    pub fn choose(&self, path: &str, side: Side) {
        if self.read_only.get_untracked() {
            return;
        }
        let Some(open) = self
            .conflicts
            .with_untracked(|l| l.iter().find(|c| c.conflict.path == path).cloned())
        else {
            return;
        };
        // The side in the stored conflict's terms.
        let swapped = open.source == ConflictSource::Window && open.tab != tab_id();
        let stored_side = match (side, swapped) {
            (s, false) => s,
            (Side::Mine, true) => Side::Theirs,
            (Side::Theirs, true) => Side::Mine,
        };
        // The document holds the stored conflict's "mine" (or the kept item).
        let keep_as_is = stored_side == Side::Mine && !open.conflict.mine.is_null();
        if !keep_as_is {
            let mut outcome = MergeOutcome {
                merged: self.doc.get_untracked(),
                conflicts: vec![open.conflict.clone()],
            };
            if apply_choice(&mut outcome, path, stored_side) {
                let mut doc = outcome.merged;
                doc.touch(platform::now());
                patch_document(self.doc, doc);
            }
        }
        self.conflicts
            .update(|l| l.retain(|c| c.conflict.path != path));
        self.store_conflicts();
        self.save_state.set(SaveState::Pending);
        self.save_now();
    }

    /// Reacts to another tab's change of local storage. The event's own value
    /// may already be outdated, so the stored copy is read again.
    fn on_storage(&self, key: &str) {
        let own = self.key.get_value();
        if key == own {
            let pending = self.save_state.get_untracked() == SaveState::Pending;
            let stored = local_store::read_raw(key);
            if stored.is_some() && stored == self.seen.get_value() {
                return;
            }
            if !self.take_in_stored() {
                return;
            }
            // Write back only when this tab has something the stored copy lacks.
            let differs = stored
                .and_then(|t| parse_stored(&t).ok())
                .map(|theirs| self.doc.with_untracked(|d| *d != theirs))
                .unwrap_or(false);
            if differs && self.write() && pending {
                self.own_saves.update(|n| *n += 1);
            }
        } else if key == conflicts_key_for(&own) {
            let list: Vec<OpenConflict> =
                local_store::read_json(&conflicts_key_for(&own)).unwrap_or_default();
            self.conflicts.set(list);
        }
    }

    /// Subscribes to what step 6's rules (`proeftuin_domain::uitvoering::signalen`) and its
    /// validation read, and nothing else: a keystroke in a note or in what a talk agreed does not
    /// recompute what is late.
    pub fn track_uitvoering(&self) {
        let ed = *self;
        ed.doc.status().track();
        let v = ed.doc.vertrekpunt();
        v.startdatum().track();
        v.evaluatiedatum().track();
        v.looptijd_maanden().track();
        let plan = ed.doc.plan();
        plan.afspraken().track();
        plan.indicatoren().track();
        plan.mijlpalen().track();
        ed.track_metingen();
        let u = ed.doc.uitvoering();
        let afspraken = u.afspraken();
        for id in keys_of(&afspraken) {
            let a = afspraken.clone().at_key(id);
            a.clone().stand().track();
            a.datum().track();
        }
        let mijlpalen = u.mijlpalen();
        for id in keys_of(&mijlpalen) {
            mijlpalen.clone().at_key(id).behaald().track();
        }
        let gesprekken = u.gesprekken();
        for id in keys_of(&gesprekken) {
            let g = gesprekken.clone().at_key(id);
            g.clone().datum().track();
            g.volgende().track();
        }
        // Items added or removed: a field's ancestors are tracked with it, and an empty list itself.
        if afspraken.with_untracked(Vec::is_empty) {
            afspraken.track();
        }
        if mijlpalen.with_untracked(Vec::is_empty) {
            mijlpalen.track();
        }
        if gesprekken.with_untracked(Vec::is_empty) {
            gesprekken.track();
        }
    }

    /// Subscribes to the measurements' indicator, date and value (not their notes), and to items
    /// being added or removed.
    pub fn track_metingen(&self) {
        let ed = *self;
        let list = ed.doc.uitvoering().metingen();
        let ids = keys_of(&list);
        if ids.is_empty() {
            list.track();
        }
        for id in ids {
            let m = list.clone().at_key(id);
            m.clone().indicator().track();
            m.clone().datum().track();
            m.waarde().track();
        }
    }

    /// Whether one of steps 1 to 4 is complete. Reactive on that step's part of the document
    /// only: its validation reads nothing else.
    pub fn step_is_complete(&self, step: Step) -> bool {
        match step {
            Step::Vertrekpunt => self.doc.vertrekpunt().track(),
            Step::Stakeholders => self.doc.stakeholders().track(),
            Step::PlanVanAanpak => self.doc.plan().track(),
            Step::Beoordeling => self.doc.beoordeling().track(),
            Step::Afronden => self.doc.track(),
            // What its validation reads, not the notes (typed in at every keystroke).
            Step::Uitvoering => {
                self.track_uitvoering();
                self.doc.uitvoering().tellingen().track();
            }
        }
        self.doc
            .with_untracked(|d| validate_step(d, step).is_empty())
    }

    /// Marks a field as left by the user, so its error may show.
    pub fn touch_field(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_string());
            });
        }
    }

    /// Whether the errors of the field at `path` may show: it was left, or the step was
    /// checked ("Volgende"). Reactive.
    pub fn shows_errors_of(&self, path: &str) -> bool {
        self.show_all.get() || self.touched.with(|t| t.contains(path))
    }

    /// The visible error message of a field, if any.
    ///
    /// The error list is only read while the field's errors may show (the field was left,
    /// or "Volgende" was pressed): a field whose errors are hidden does not depend on it, so
    /// a keystroke does not have to check hundreds of hidden fields of a large plan.
    pub fn error_for(&self, path: impl Into<String>) -> Signal<Option<String>> {
        let path = path.into();
        let this = *self;
        Signal::from(Memo::new(move |_| {
            if !this.shows_errors_of(&path) {
                return None;
            }
            this.errors.with(|errs| {
                errs.iter()
                    .find(|e| e.path == path)
                    .map(|e| e.message.clone())
            })
        }))
    }
}

/// Creates the editor for `doc` and provides it to the components below.
pub fn provide_editor(doc: Proeftuin, step: impl Into<Signal<Step>>) -> Editor {
    let key = local_store::doc_key(&doc.id);
    provide_editor_at(doc, step, key)
}

/// Like [`provide_editor`], but the document lives under another storage key
/// (an assessor's own copy of a plan with their scores).
pub fn provide_editor_at(mut doc: Proeftuin, step: impl Into<Signal<Step>>, key: String) -> Editor {
    // The store finds list items by id: a stored copy with an item id twice (spoiled by hand
    // or by a fault) gets new ids for the doubles, keeps every item, and is saved so repaired.
    let mut fresh = platform::new_id;
    let repaired = doc.make_item_ids_unique(&mut fresh) > 0;
    let doc = document_store(doc);
    let step = step.into();
    let check = move |d: &Proeftuin, step: Step| {
        let mut errs = validate_step(d, step);
        errs.extend(check_consistency(d));
        errs
    };
    // Not a memo: every list item's status and every shown field error reads the errors, and
    // a memo's readers are all woken to check it after each keystroke. Behind this effect a
    // keystroke wakes one reader, and the others only when the errors really change.
    let (errors, set_errors) = signal(doc.with_untracked(|d| check(d, step.get_untracked())));
    crate::action::effect(move || {
        let errs = doc.with(|d| check(d, step.get()));
        if errors.with_untracked(|old| *old != errs) {
            set_errors.set(errs);
        }
    });
    let editor = Editor {
        doc,
        title: Memo::new(move |_| doc.vertrekpunt().naam().with(|n| title_of(n))),
        save_state: RwSignal::new(SaveState::Saved(doc.with_untracked(|d| d.changed))),
        touched: RwSignal::new(HashSet::new()),
        show_all: RwSignal::new(false),
        step,
        errors,
        conflicts: RwSignal::new(
            local_store::read_json(&conflicts_key_for(&key)).unwrap_or_default(),
        ),
        read_only: RwSignal::new(false),
        own_saves: RwSignal::new(0),
        pending: StoredValue::new(None),
        seen: StoredValue::new(local_store::read_raw(&key)),
        key: StoredValue::new(key.clone()),
    };
    let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
        if let Some(key) = ev.key() {
            editor.on_storage(&key);
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
    if repaired {
        editor.schedule_save();
    }
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

/// The ids of a keyed list's items, read without subscribing.
fn keys_of<F, T>(list: &F) -> Vec<String>
where
    F: WithUntracked<Value = Vec<T>>,
    T: proeftuin_domain::ListItem + 'static,
{
    list.with_untracked(|l| l.iter().map(|x| x.id().to_string()).collect())
}
