//! A list of items in the document that the user can add to and remove from:
//! focus follows each action and removals are announced.
//!
//! A list with a `summary` is folded: each item shows one compact row (its heading, a short
//! summary and whether it is complete) with a "Bewerk" button that opens the item's fields.
//! The fields of a folded item are not built at all, so a long list appears at once. A new
//! item opens with focus in its first field; after "Volgende" the items with errors open; and
//! a link to a field of a folded item opens it first (see [`reveal`]).

use std::collections::HashSet;

use leptos::prelude::*;
use proeftuin_domain::{ListItem, Proeftuin};

use crate::editor::{field_id, use_editor, Editor};
use crate::focus::register_fold;
use crate::platform;

/// Class of the button that opens and closes a foldable item.
pub const TOGGLE_CLASS: &str = "ptw-list__toggle";

/// Which items of a foldable list are open, by id.
#[derive(Clone, Copy)]
pub struct OpenItems(RwSignal<HashSet<String>>);

impl OpenItems {
    /// Nothing open.
    pub fn new() -> Self {
        Self(RwSignal::new(HashSet::new()))
    }
    /// Whether the item is open (tracked).
    pub fn is_open(&self, id: &str) -> bool {
        self.0.with(|s| s.contains(id))
    }
    /// Opens or closes the item.
    pub fn set(&self, id: &str, open: bool) {
        self.0.update(|s| {
            if open {
                s.insert(id.to_string());
            } else {
                s.remove(id);
            }
        });
    }
    /// Opens, after "Volgende" was pressed with errors, every item with an error: `prefix`
    /// is the path of the list (`stakeholders`, `plan.afspraken`). Only when "Volgende" is
    /// pressed, so an item the user folds again stays folded while they type elsewhere.
    pub fn open_with_errors_after_check(self, prefix: String) {
        let ed = use_editor();
        let start = format!("{prefix}.");
        Effect::new(move |_| {
            if !ed.show_all.get() {
                return;
            }
            let ids: Vec<String> = ed.errors.with_untracked(|errs| {
                errs.iter()
                    .filter_map(|e| e.path.strip_prefix(start.as_str()))
                    .filter_map(|rest| rest.split('.').next())
                    .filter(|id| !id.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            if !ids.is_empty() {
                self.0.update(|s| s.extend(ids));
            }
        });
    }
}

impl Default for OpenItems {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the current step has errors in the item at `path` (`plan.afspraken.<id>`).
pub fn item_has_errors(path: String) -> Memo<bool> {
    let ed = use_editor();
    let start = format!("{path}.");
    Memo::new(move |_| {
        ed.errors.with(|errs| {
            errs.iter()
                .any(|e| e.path == path || e.path.starts_with(&start))
        })
    })
}

/// The ids of a list's items in order, from the list's field in the editor's store
/// (`ed.doc.plan().risicos()`): it changes when items are added, removed or moved.
pub fn ids_of<F, T>(list: F) -> Signal<Vec<String>>
where
    F: With<Value = Vec<T>> + Send + Sync + 'static,
    T: ListItem + 'static,
{
    Signal::from(Memo::new(move |_| {
        list.with(|items| items.iter().map(|x| x.id().to_string()).collect())
    }))
}

/// The `add` and `remove` of an [`EditableList`] for the list that `list` points to in the
/// document: `add` appends `new(id)` with a new id and returns that id.
pub fn list_ops<T>(
    ed: Editor,
    list: fn(&mut Proeftuin) -> &mut Vec<T>,
    new: fn(String) -> T,
) -> (Callback<(), String>, Callback<String>)
where
    T: ListItem + 'static,
{
    (
        Callback::new(move |()| {
            let id = platform::new_id();
            let item = new(id.clone());
            ed.edit(move |d| list(d).push(item));
            id
        }),
        Callback::new(move |id: String| ed.edit(move |d| list(d).retain(|x| x.id() != id))),
    )
}

/// "Compleet" or "Nog invullen", for the compact row of a folded item.
#[component]
pub fn ItemStatus(
    /// Whether the item has errors.
    incomplete: Memo<bool>,
) -> impl IntoView {
    view! {
        <span class="ptw-list__status" class:ptw-list__status--todo=move || incomplete.get()>
            {move || if incomplete.get() { "Nog invullen" } else { "Compleet" }}
        </span>
    }
}

/// A section with a heading, one `<li>` per item (rendered by `row`), a
/// remove button per item and an add button.
#[component]
pub fn EditableList(
    /// Heading of the section.
    #[prop(into)]
    title: String,
    /// A short explanation under the heading.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Path of the list in the document (e.g. `plan.afspraken`), for errors and links.
    #[prop(into)]
    path: String,
    /// Singular noun of an item, lower case ("afspraak").
    #[prop(into)]
    noun: String,
    /// The ids of the items, in order.
    ids: Signal<Vec<String>>,
    /// Adds an item and returns its id.
    add: Callback<(), String>,
    /// Removes the item with this id.
    remove: Callback<String>,
    /// Renders the fields of one item.
    row: Callback<String, AnyView>,
    /// A short summary of one item for its folded row. With it, items are folded until the
    /// user opens them (long lists); without it, every item shows its fields.
    #[prop(optional)]
    summary: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    let ed = use_editor();
    let list_error = ed.error_for(path.clone());
    let announce = RwSignal::new(String::new());
    let add_id = StoredValue::new(format!("{}-toevoegen", field_id(&path)));
    let heading_id = format!("{}-titel", field_id(&path));
    let labelled_by = heading_id.clone();
    let section_id = field_id(&path);
    let path = StoredValue::new(path);
    let item_dom_id = move |id: &str| field_id(&format!("{}.{id}", path.get_value()));
    let noun = StoredValue::new(noun);
    // The nouns are our own words ("afspraak", "leverancier"): an ASCII capital will do,
    // and keeps the Unicode case tables out of the wasm.
    let capital = StoredValue::new({
        let noun = noun.get_value();
        let mut c = noun.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    });
    let foldable = summary.is_some();
    let open = OpenItems::new();
    if foldable {
        open.open_with_errors_after_check(path.get_value());
    }
    let on_add = move |_| {
        let id = add.run(());
        if foldable {
            open.set(&id, true);
        }
        let target = item_dom_id(&id);
        request_animation_frame(move || crate::focus::focus_element(&target));
    };
    view! {
        <section class="ptw-section" id=section_id aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            {hint.map(|h| view! { <p class="ptw-field__hint">{h}</p> })}
            <ol class="ptw-list" class:ptw-list--folded=foldable>
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    {
                        let number = {
                            let id = id.clone();
                            Memo::new(move |_| ids.with(|all| all.iter().position(|x| *x == id).map(|i| i + 1).unwrap_or(0)))
                        };
                        let remove_id = id.clone();
                        let on_remove = move |_| {
                            let all = ids.get_untracked();
                            let pos = all.iter().position(|x| *x == remove_id).unwrap_or(0);
                            let n = pos + 1;
                            remove.run(remove_id.clone());
                            // Focus the item that took its place, or the one before, or the add button.
                            let next = all.get(pos + 1).or_else(|| pos.checked_sub(1).and_then(|p| all.get(p)));
                            // (A folded item's first control is its "Bewerk" button.)
                            let target = next.map(|x| item_dom_id(x)).unwrap_or_else(|| add_id.get_value());
                            announce.set(format!("{} {n} is verwijderd.", capital.get_value()));
                            request_animation_frame(move || crate::focus::focus_element(&target));
                        };
                        let dom_id = item_dom_id(&id);
                        let fields_id = format!("{dom_id}-velden");
                        let is_open = {
                            let id = id.clone();
                            Memo::new(move |_| !foldable || open.is_open(&id))
                        };
                        let toggle = foldable.then(|| {
                            let id = id.clone();
                            let fields_id = fields_id.clone();
                            view! {
                                <button type="button" class=format!("ptw-button ptw-button--link {TOGGLE_CLASS}")
                                    aria-expanded=move || if is_open.get() { "true" } else { "false" }
                                    aria-controls=move || is_open.get().then(|| fields_id.clone())
                                    on:click=move |_| open.set(&id, !is_open.get_untracked())>
                                    {move || if is_open.get() { "Sluit" } else { "Bewerk" }}
                                    <span class="ptw-visually-hidden">{move || format!(" {} {}", noun.get_value(), number.get())}</span>
                                </button>
                            }
                        });
                        let folded_summary = summary.map(|s| {
                            let incomplete = item_has_errors(format!("{}.{id}", path.get_value()));
                            view! {
                                <p class="ptw-list__summary">
                                    <span class="ptw-list__summary-text">{s.run(id.clone())}</span>
                                    <ItemStatus incomplete/>
                                </p>
                            }
                        });
                        if foldable {
                            let id = id.clone();
                            register_fold(dom_id.clone(), move || open.set(&id, true));
                        }
                        let row_id = id.clone();
                        view! {
                            <li class="ptw-list__item" class:ptw-list__item--folded=move || !is_open.get()
                                id=dom_id.clone()>
                                <div class="ptw-list__head">
                                    <h3 id=format!("{dom_id}-kop")>{move || format!("{} {}", capital.get_value(), number.get())}</h3>
                                    <div class="ptw-list__tools">
                                        {toggle}
                                        <button type="button" class="ptw-button ptw-button--link" on:click=on_remove>
                                            "Verwijder"<span class="ptw-visually-hidden">{move || format!(" {} {}", noun.get_value(), number.get())}</span>
                                        </button>
                                    </div>
                                </div>
                                {folded_summary}
                                <Show when=move || is_open.get()>
                                    <div id=fields_id.clone() class="ptw-list__fields">{row.run(row_id.clone())}</div>
                                </Show>
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="ptw-field__error" aria-live="polite">{move || list_error.get()}</p>
            <p class="ptw-visually-hidden" role="status">{move || announce.get()}</p>
            <button type="button" class="ptw-button ptw-button--secondary" id=add_id.get_value() on:click=on_add>
                {format!("+ {} toevoegen", capital.get_value())}
            </button>
        </section>
    }
}
