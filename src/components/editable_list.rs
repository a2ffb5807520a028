//! A list of items in the document that the user can add to and remove from:
//! focus follows each action and removals are announced.

use leptos::prelude::*;

use crate::editor::{field_id, use_editor};

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
    let capital = StoredValue::new({
        let noun = noun.get_value();
        let mut c = noun.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    let on_add = move |_| {
        let id = add.run(());
        let target = item_dom_id(&id);
        request_animation_frame(move || crate::wizard::focus_element(&target));
    };
    view! {
        <section class="ptw-section" id=section_id aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            {hint.map(|h| view! { <p class="ptw-field__hint">{h}</p> })}
            <ol class="ptw-list">
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
                            let target = next.map(|x| item_dom_id(x)).unwrap_or_else(|| add_id.get_value());
                            announce.set(format!("{} {n} is verwijderd.", capital.get_value()));
                            request_animation_frame(move || crate::wizard::focus_element(&target));
                        };
                        view! {
                            <li class="ptw-list__item" id=item_dom_id(&id)>
                                <div class="ptw-list__head">
                                    <h3>{move || format!("{} {}", capital.get_value(), number.get())}</h3>
                                    <button type="button" class="ptw-button ptw-button--link" on:click=on_remove>
                                        "Verwijder"<span class="ptw-visually-hidden">{move || format!(" {} {}", noun.get_value(), number.get())}</span>
                                    </button>
                                </div>
                                {row.run(id.clone())}
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
