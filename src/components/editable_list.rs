//! The one list component: a list of items in the document that the user adds to, removes
//! from and, where the list asks for it, reorders and puts a removed item back in. Focus
//! follows each action and every action is announced.
//!
//! A list with a `summary` is folded: each item shows one compact row (its heading, a short
//! summary and whether it is complete) with a "Bewerk" button that opens the item's fields.
//! The fields of a folded item are not built at all, so a long list appears at once. A new
//! item opens with focus in its first field; after "Volgende" the items with errors open; and
//! a link to a field of a folded item opens it first (see [`crate::focus::register_fold`]).
//!
//! What a list can do to its items is a [`ListOps`], made for a list in the document by
//! [`list_ops`] (add and remove) and [`ListOps::with_moves_and_undo`] (reorder, undo).

use std::collections::HashSet;

use leptos::prelude::*;
use proeftuin_domain::{ListItem, Proeftuin};

use crate::editor::{error_id, field_id, use_editor, Editor};
use crate::focus::{focus_element, register_fold};
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
    fn open_with_errors_after_check(self, prefix: String) {
        let ed = use_editor();
        let start = format!("{prefix}.");
        crate::action::effect(move || {
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

/// Id of the element of the item `id` of the list at `path`: the `<li>`, and the prefix of
/// the ids of everything in it (`-kop`, `-velden`, `-hoger`, `-lager`, the fields).
pub fn item_id(path: &str, id: &str) -> String {
    field_id(&format!("{path}.{id}"))
}

/// Id of the heading of an item.
pub fn heading_id(path: &str, id: &str) -> String {
    format!("{}-kop", item_id(path, id))
}

/// Id of an item's "hoger" (`up`) or "lager" button.
pub fn move_button_id(path: &str, id: &str, up: bool) -> String {
    format!(
        "{}-{}",
        item_id(path, id),
        if up { "hoger" } else { "lager" }
    )
}

/// Id of a list's "toevoegen" button (focus goes there when the last item is removed).
pub fn add_button_id(path: &str) -> String {
    format!("{}-toevoegen", field_id(path))
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

/// What an [`EditableList`] can do to the items of its list.
#[derive(Clone, Copy)]
pub struct ListOps {
    /// The ids of the items, in order.
    pub ids: Signal<Vec<String>>,
    /// Adds an item and returns its id.
    pub add: Callback<(), String>,
    /// Removes the item with this id.
    pub remove: Callback<String>,
    /// Moves the item with this id one place up (`true`) or down and returns its new index:
    /// with it the list shows "hoger" and "lager" buttons.
    pub shift: Option<Callback<(String, bool), Option<usize>>>,
    /// Puts the item removed last back in its place and returns its id: with it a removal
    /// can be undone ("Ongedaan maken") until the next removal or until the step is left.
    pub restore: Option<Callback<(), Option<String>>>,
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

/// The [`ListOps`] of the list that `list` points to in the document, whose items are in the
/// store at `field` (`ed.doc.plan().risicos()`): `add` appends `new(id)` with a new id.
pub fn list_ops<F, T>(
    ed: Editor,
    field: F,
    list: fn(&mut Proeftuin) -> &mut Vec<T>,
    new: fn(String) -> T,
) -> ListOps
where
    F: With<Value = Vec<T>> + Send + Sync + 'static,
    T: ListItem + 'static,
{
    ListOps {
        ids: ids_of(field),
        add: Callback::new(move |()| {
            let id = platform::new_id();
            let item = new(id.clone());
            ed.edit(move |d| list(d).push(item));
            id
        }),
        remove: Callback::new(move |id: String| ed.edit(move |d| list(d).retain(|x| x.id() != id))),
        shift: None,
        restore: None,
    }
}

impl ListOps {
    /// These operations, and moving items and undoing a removal too (see [`ListOps::shift`]
    /// and [`ListOps::restore`]).
    pub fn with_moves_and_undo<T>(self, ed: Editor, list: fn(&mut Proeftuin) -> &mut Vec<T>) -> Self
    where
        T: ListItem + Clone + Send + Sync + 'static,
    {
        let removed = StoredValue::new(None::<(usize, T)>);
        Self {
            remove: Callback::new(move |id: String| {
                ed.edit(move |d| {
                    let items = list(d);
                    if let Some(at) = items.iter().position(|x| x.id() == id) {
                        removed.set_value(Some((at, items.remove(at))));
                    }
                })
            }),
            restore: Some(Callback::new(move |()| {
                let (at, item) = removed.try_update_value(Option::take).flatten()?;
                let id = item.id().to_string();
                ed.edit(move |d| {
                    let items = list(d);
                    if !items.iter().any(|x| x.id() == item.id()) {
                        items.insert(at.min(items.len()), item);
                    }
                });
                Some(id)
            })),
            shift: Some(Callback::new(move |(id, up): (String, bool)| {
                let mut to = None;
                ed.edit(|d| {
                    let items = list(d);
                    let from = items.iter().position(|x| x.id() == id);
                    let next = from.and_then(|f| if up { f.checked_sub(1) } else { Some(f + 1) });
                    if let (Some(from), Some(next)) = (from, next.filter(|n| *n < items.len())) {
                        items.swap(from, next);
                        to = Some(next);
                    }
                });
                to
            })),
            ..self
        }
    }
}

/// "Compleet" or "Nog invullen", for the compact row of a folded item.
#[component]
fn ItemStatus(
    /// Whether the item has errors.
    incomplete: Memo<bool>,
) -> impl IntoView {
    view! {
        <span class="ptw-list__status" class:ptw-list__status--todo=move || incomplete.get()>
            {move || if incomplete.get() { "Nog invullen" } else { "Compleet" }}
        </span>
    }
}

/// A section with a heading, one `<li>` per item (its fields rendered by `row`), a remove
/// button per item and an add button; optionally folded rows (`summary`), items named by
/// their content (`name`), reordering and undo (`ops`).
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
    /// What the list can do to its items.
    ops: ListOps,
    /// Renders the fields of one item.
    row: Callback<String, AnyView>,
    /// A short summary of one item for its folded row. With it, items are folded until the
    /// user opens them (long lists); without it, every item shows its fields.
    #[prop(optional)]
    summary: Option<Callback<String, AnyView>>,
    /// An item's name, as the user wrote it: with it the heading shows the item's number and
    /// name, and its buttons and messages say the name ("Verwijder Inkoper DUO"); without it
    /// they say the noun and number ("Verwijder afspraak 2").
    #[prop(optional)]
    name: Option<Callback<String, Signal<String>>>,
    /// Something shown after an item's name in its heading (a badge).
    #[prop(optional)]
    badge: Option<Callback<String, AnyView>>,
    /// Said when the list is empty.
    #[prop(optional, into)]
    empty: Option<String>,
    /// Which items are open, when something outside the list opens items too.
    #[prop(optional)]
    open: Option<OpenItems>,
    /// A class of the section, for the page's own styles.
    #[prop(optional)]
    class: &'static str,
    /// The path the items' fields are under, when it is not `path`: a part of a list shown on
    /// its own (the measurements of one indicator, `path` its place on the page, `item_path`
    /// `uitvoering.metingen`). Item ids, errors and folds follow it.
    #[prop(optional, into)]
    item_path: Option<String>,
    /// Without an add button: a list whose items are made elsewhere.
    #[prop(optional)]
    no_add: bool,
) -> impl IntoView {
    let ed = use_editor();
    let ListOps {
        ids,
        add,
        remove,
        shift,
        restore,
    } = ops;
    let list_error = ed.error_for(path.clone());
    let message = RwSignal::new(String::new());
    // The item that "Ongedaan maken" puts back: its name, as said in the button.
    let undoable = RwSignal::new(None::<String>);
    // The step is kept while another one shows: the message and undo end with the visit.
    let mut prev = None;
    crate::action::effect(move || {
        let s = ed.step.get();
        if prev.is_some_and(|p| p != s) {
            undoable.set(None);
            message.set(String::new());
        }
        prev = Some(s);
    });
    let add_id = StoredValue::new(add_button_id(&path));
    let heading = format!("{}-titel", field_id(&path));
    let heading_of_list = StoredValue::new(heading.clone());
    let labelled_by = heading.clone();
    let section_id = field_id(&path);
    let error_el = error_id(&path);
    let items_at = item_path.unwrap_or_else(|| path.clone());
    let path = StoredValue::new(items_at);
    let dom_id_of = move |id: &str| item_id(&path.read_value(), id);
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
    let open = open.unwrap_or_default();
    if foldable {
        open.open_with_errors_after_check(path.get_value());
    }
    let on_add = move |_| {
        let id = add.run(());
        if foldable {
            open.set(&id, true);
        }
        let target = dom_id_of(&id);
        request_animation_frame(move || focus_element(&target));
    };
    let on_undo = move |_| {
        let Some(id) = restore.and_then(|r| r.run(())) else {
            return;
        };
        if let Some(what) = undoable.get_untracked() {
            message.set(format!("{what} is teruggezet."));
        }
        undoable.set(None);
        let target = dom_id_of(&id);
        request_animation_frame(move || focus_element(&target));
    };
    view! {
        <section class=format!("ptw-section ptw-list-section {class}") class:ptw-list-section--undo=restore.is_some()
            id=section_id aria-labelledby=labelled_by>
            <h2 id=heading tabindex=no_add.then_some("-1")>{title}</h2>
            {hint.map(|h| view! { <p class="ptw-field__hint">{h}</p> })}
            <p class="ptw-field__error" id=error_el aria-live="polite">
                {move || list_error.get().map(|m| view! {
                    <span class="ptw-field__error-icon" aria-hidden="true">"!"</span>{m}
                })}
            </p>
            {empty.map(|text| view! {
                <Show when=move || ids.with(Vec::is_empty)>
                    <p class="ptw-empty">{text.clone()}</p>
                </Show>
            })}
            <ol class="ptw-list" class:ptw-list--folded=foldable>
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    {
                        let number = {
                            let id = id.clone();
                            Memo::new(move |_| ids.with(|all| all.iter().position(|x| *x == id).map(|i| i + 1).unwrap_or(0)))
                        };
                        let item_name = name.map(|n| n.run(id.clone()));
                        // How buttons and messages name the item: "Inkoper DUO" or "afspraak 2".
                        let called = move || match item_name {
                            Some(n) => n.get(),
                            None => format!("{} {}", noun.get_value(), number.get()),
                        };
                        // The same, for a message: "Inkoper DUO" or "Afspraak 2".
                        let said = move || match item_name {
                            Some(n) => n.get_untracked(),
                            None => format!("{} {}", capital.get_value(), number.get_untracked()),
                        };
                        let remove_id = id.clone();
                        let on_remove = move |_| {
                            let all = ids.get_untracked();
                            let pos = all.iter().position(|x| *x == remove_id).unwrap_or(0);
                            let what = said();
                            remove.run(remove_id.clone());
                            message.set(format!("{what} is verwijderd."));
                            if restore.is_some() {
                                undoable.set(Some(what));
                            }
                            // Focus the item that took its place (a folded item's first control is
                            // its "Bewerk" button), or after the last one the add button.
                            let target = match (all.get(pos + 1), no_add) {
                                (Some(x), _) => dom_id_of(x),
                                (None, false) => add_id.get_value(),
                                // No add button: the item before, else the list's heading.
                                (None, true) => pos
                                    .checked_sub(1)
                                    .and_then(|p| all.get(p))
                                    .map(|x| dom_id_of(x))
                                    .unwrap_or_else(|| heading_of_list.get_value()),
                            };
                            request_animation_frame(move || focus_element(&target));
                        };
                        let dom_id = dom_id_of(&id);
                        let fields_id = format!("{dom_id}-velden");
                        let heading = heading_id(&path.read_value(), &id);
                        let labelled_by = heading.clone();
                        let is_open = {
                            let id = id.clone();
                            Memo::new(move |_| !foldable || open.is_open(&id))
                        };
                        let toggle = foldable.then(|| {
                            let id = id.clone();
                            let fields_id = fields_id.clone();
                            view! {
                                <button type="button" class=format!("ptw-button ptw-button--link ptw-list__tool {TOGGLE_CLASS}")
                                    aria-expanded=move || if is_open.get() { "true" } else { "false" }
                                    aria-controls=move || is_open.get().then(|| fields_id.clone())
                                    on:click=move |_| open.set(&id, !is_open.get_untracked())>
                                    {move || if is_open.get() { "Sluit" } else { "Bewerk" }}
                                    <span class="ptw-visually-hidden">" " {called}</span>
                                </button>
                            }
                        });
                        let moves = shift.map(|shift| {
                            let at_top = Signal::derive(move || number.get() <= 1);
                            let at_bottom = Signal::derive(move || number.get() >= ids.with(Vec::len));
                            let on_move = Callback::new(move |(id, up): (String, bool)| {
                                let what = said();
                                let Some(to) = shift.run((id.clone(), up)) else {
                                    return;
                                };
                                let len = ids.with_untracked(Vec::len);
                                message.set(format!("{what} staat nu op plaats {} van {len}.", to + 1));
                                // Moving the item moves its element in the page, which takes the focus away.
                                let button = move_button_id(&path.read_value(), &id, up);
                                request_animation_frame(move || focus_element(&button));
                            });
                            view! {
                                <MoveButton id=id.clone() path=path.get_value() up=true called=Signal::derive(called) at_end=at_top on_move/>
                                <MoveButton id=id.clone() path=path.get_value() up=false called=Signal::derive(called) at_end=at_bottom on_move/>
                            }
                        });
                        let folded_summary = summary.map(|s| {
                            let incomplete = item_has_errors(format!("{}.{id}", path.read_value()));
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
                        let title = match item_name {
                            Some(n) => view! {
                                <span class="ptw-list__num">{move || number.get()}</span>
                                <span class="ptw-visually-hidden">". "</span>
                                <span>{move || n.get()}</span>
                                {badge.map(|b| b.run(id.clone()))}
                            }
                            .into_any(),
                            None => (move || format!("{} {}", capital.get_value(), number.get())).into_any(),
                        };
                        let row_id = id.clone();
                        view! {
                            <li class="ptw-list__item" class:ptw-list__item--folded=move || !is_open.get()
                                id=dom_id.clone() aria-labelledby=labelled_by>
                                <div class="ptw-list__head">
                                    <h3 class="ptw-list__title" id=heading>{title}</h3>
                                    <div class="ptw-list__tools">
                                        {toggle}
                                        {moves}
                                        <button type="button" class="ptw-button ptw-button--link ptw-list__tool ptw-list__tool--remove" on:click=on_remove>
                                            "Verwijder"<span class="ptw-visually-hidden">" " {called}</span>
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
            <div class="ptw-list__melding ptw-no-print" class:ptw-visually-hidden=restore.is_none()>
                <p class="ptw-list__melding-text" role="status">{move || message.get()}</p>
                {move || undoable.get().map(|what| view! {
                    <button type="button" class="ptw-button ptw-button--secondary ptw-list__undo" on:click=on_undo>
                        "Ongedaan maken"<span class="ptw-visually-hidden">{format!(": zet {what} terug")}</span>
                    </button>
                })}
            </div>
            {(!no_add).then(|| view! {
                <button type="button" class="ptw-button ptw-button--secondary" id=add_id.get_value() on:click=on_add>
                    <span aria-hidden="true">"+ "</span>{format!("{} toevoegen", capital.get_value())}
                </button>
            })}
        </section>
    }
}

/// "↑ hoger" or "↓ lager" for an item; refused (and marked so) at the top or bottom.
#[component]
fn MoveButton(
    /// The item's id.
    id: String,
    /// Path of the list in the document.
    path: String,
    /// Up (`true`) or down.
    up: bool,
    /// How the item is called (read out with the button).
    called: Signal<String>,
    /// True when it cannot move this way.
    at_end: Signal<bool>,
    /// Moves the item with this id up (`true`) or down.
    on_move: Callback<(String, bool)>,
) -> impl IntoView {
    view! {
        <button type="button" class="ptw-button ptw-button--link ptw-list__tool"
            id=move_button_id(&path, &id, up)
            aria-disabled=move || at_end.get().then_some("true")
            on:click=move |_| if !at_end.get_untracked() { on_move.run((id.clone(), up)) }>
            <span aria-hidden="true">{if up { "↑ " } else { "↓ " }}</span>
            <span class="ptw-visually-hidden">"Zet " {move || called.get()} " "</span>
            {if up { "hoger" } else { "lager" }}
        </button>
    }
}
