//! Step 2, Stakeholders: who is needed to make the proeftuin work and how they stand.
//! The list (add, edit, reorder, remove with undo), a checklist of who is at the table,
//! and the stakeholder map (see [`crate::views::stakeholder_map`]).

pub mod aan_tafel;

use leptos::prelude::*;
use proeftuin_domain::fields;
use proeftuin_domain::{Houding, Invloed, Rol, Stakeholder, Step};

use crate::components::editable_list::{
    ids_of, item_has_errors, ItemStatus, OpenItems, TOGGLE_CLASS,
};
use crate::components::{CheckField, ChoiceRadios, ChoiceSelect, TextField};
use crate::editor::{error_id, field_id, use_editor, Editor};
use crate::focus::{focus_element, register_fold};
use crate::platform;
use proeftuin_domain::store::*;

use crate::views::stakeholder_map::{self as map, StakeholderMap};
use aan_tafel::AanTafel;

/// Id of the "add" button (focus goes there when the last item is removed).
pub const ADD_BUTTON_ID: &str = "sh-toevoegen";

/// Id of the heading of a stakeholder's item.
pub fn heading_id(id: &str) -> String {
    format!("{}-kop", crate::dom::safe_id("sh", id))
}

/// Id of a stakeholder's "move up" or "move down" button.
pub fn move_button_id(id: &str, up: bool) -> String {
    format!(
        "{}-{}",
        crate::dom::safe_id("sh", id),
        if up { "hoger" } else { "lager" }
    )
}

/// A removed stakeholder that can still be put back.
#[derive(Clone, Debug, PartialEq)]
struct Removed {
    index: usize,
    item: Stakeholder,
}

fn name_of(s: &Stakeholder) -> String {
    map::display_name(s)
}

/// Id of the element that holds a stakeholder's fields (when the item is open).
pub fn fields_id(id: &str) -> String {
    format!("{}-velden", crate::dom::safe_id("sh", id))
}

/// Adds a stakeholder (optionally with a role) at the end, opens it and focuses its first field.
fn add_stakeholder(ed: Editor, open: OpenItems, rol: Option<Rol>) {
    let id = platform::new_id();
    let focus = field_id(&fields::STAKEHOLDER_NAAM.path(&id));
    open.set(&id, true);
    ed.edit(move |d| {
        d.stakeholders.push(Stakeholder {
            id,
            rol,
            ..Stakeholder::default()
        })
    });
    request_animation_frame(move || focus_element(&focus));
}

/// Step 2.
#[component]
pub fn StakeholdersStep() -> impl IntoView {
    let ed = use_editor();
    let stakeholders = Memo::new(move |_| ed.doc.stakeholders().get());
    let open = OpenItems::new();
    open.open_with_errors_after_check(fields::STAKEHOLDERS.path.to_string());
    let on_add_rol = Callback::new(move |rol: Rol| add_stakeholder(ed, open, Some(rol)));
    // The map comes after the list on the page: draw it right after the step's first frame,
    // so the step appears at once however many stakeholders there are.
    let map_ready = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = map_ready.try_set(true);
            },
            std::time::Duration::ZERO,
        )
    });
    view! {
        <form class="ptw-form ptw-sh" on:submit=|ev| ev.prevent_default() novalidate>
            <p class="ptw-sh__intro">
                "Wie heb je nodig om de proeftuin te laten slagen? Zet ze hieronder op een rij, met hun rol, "
                "hoe ze erin staan en hoeveel invloed ze hebben. Een functie is genoeg, zoals "
                "\u{201c}Inkoper DUO\u{201d} of \u{201c}Directeur P&O\u{201d}: namen van personen zijn niet nodig."
            </p>
            <section class="ptw-section" aria-labelledby="sh-tafel-titel">
                <h2 id="sh-tafel-titel">"Wie zit er aan tafel?"</h2>
                <AanTafel stakeholders=stakeholders on_add=on_add_rol/>
            </section>
            <StakeholderList open=open/>
            <section class="ptw-section ptw-sh-kaart" aria-labelledby="sh-kaart-kop">
                <h2 id="sh-kaart-kop">"Stakeholderkaart"</h2>
                <Show when=move || map_ready.get()>
                    <StakeholderMap stakeholders=stakeholders/>
                </Show>
            </section>
        </form>
    }
}

/// The editable list of stakeholders: one folded row per stakeholder, opened with "Bewerk".
#[component]
fn StakeholderList(
    /// Which stakeholders are open.
    open: OpenItems,
) -> impl IntoView {
    let ed = use_editor();
    let ids = ids_of(ed.doc.stakeholders());
    let removed = RwSignal::new(None::<Removed>);
    let message = RwSignal::new(String::new());
    // The step is kept while another one shows: "undo" and its message end with the visit.
    Effect::new(move |prev: Option<Step>| {
        let s = ed.step.get();
        if prev.is_some_and(|p| p != s) {
            removed.set(None);
            message.set(String::new());
        }
        s
    });
    let list_error = ed.error_for(fields::STAKEHOLDERS.path);

    let remove = Callback::new(move |id: String| {
        let Some((index, item)) = ed.doc.with_untracked(|d| {
            d.stakeholders
                .iter()
                .position(|s| s.id == id)
                .map(|i| (i, d.stakeholders[i].clone()))
        }) else {
            return;
        };
        let name = name_of(&item);
        ed.edit(move |d| {
            d.stakeholders.remove(index);
        });
        removed.set(Some(Removed { index, item }));
        message.set(format!("{name} is verwijderd."));
        let next = ed
            .doc
            .with_untracked(|d| d.stakeholders.get(index).map(|s| s.id.clone()));
        request_animation_frame(move || match next {
            Some(next) => focus_element(&heading_id(&next)),
            None => focus_element(ADD_BUTTON_ID),
        });
    });

    let undo = move |_| {
        let Some(Removed { index, item }) = removed.get_untracked() else {
            return;
        };
        let id = item.id.clone();
        let name = name_of(&item);
        ed.edit(move |d| {
            if !d.stakeholders.iter().any(|s| s.id == item.id) {
                let at = index.min(d.stakeholders.len());
                d.stakeholders.insert(at, item);
            }
        });
        removed.set(None);
        message.set(format!("{name} is teruggezet."));
        request_animation_frame(move || focus_element(&heading_id(&id)));
    };

    let move_item = Callback::new(move |(id, up): (String, bool)| {
        let Some(from) = ed
            .doc
            .with_untracked(|d| d.stakeholders.iter().position(|s| s.id == id))
        else {
            return;
        };
        let len = ed.doc.with_untracked(|d| d.stakeholders.len());
        let to = if up {
            from.checked_sub(1)
        } else {
            (from + 1 < len).then_some(from + 1)
        };
        let Some(to) = to else {
            return;
        };
        ed.edit(move |d| d.stakeholders.swap(from, to));
        let name = ed
            .doc
            .with_untracked(|d| d.stakeholders.get(to).map(name_of))
            .unwrap_or_default();
        message.set(format!("{name} staat nu op plaats {} van {len}.", to + 1));
        // Moving the item moves its element in the page, which takes the focus away.
        let button = move_button_id(&id, up);
        request_animation_frame(move || focus_element(&button));
    });

    view! {
        <section class="ptw-section ptw-sh-lijst" aria-labelledby="sh-lijst-kop" id=field_id(fields::STAKEHOLDERS.path)>
            <h2 id="sh-lijst-kop">"Stakeholders"</h2>
            <p class="ptw-field__hint">
                "Begin met wie je zeker nodig hebt. De volgorde kun je later nog aanpassen, bijvoorbeeld de belangrijkste bovenaan."
            </p>
            <p class="ptw-field__error" id=error_id(fields::STAKEHOLDERS.path) aria-live="polite">
                {move || list_error.get().map(|m| view! {
                    <span class="ptw-field__error-icon" aria-hidden="true">"!"</span>{m}
                })}
            </p>
            <Show when=move || ids.with(Vec::is_empty)>
                <p class="ptw-empty">"Er staan nog geen stakeholders in de lijst."</p>
            </Show>
            <ol class="ptw-list ptw-sh-lijst__items">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <StakeholderItem id=id ids=ids open=open on_remove=remove on_move=move_item/>
                </For>
            </ol>
            <div class="ptw-sh-melding ptw-no-print">
                <p class="ptw-sh-melding__text" role="status">{move || message.get()}</p>
                <Show when=move || removed.with(Option::is_some)>
                    <button type="button" class="ptw-button ptw-button--secondary ptw-sh-melding__undo" on:click=undo>
                        "Ongedaan maken"
                        <span class="ptw-visually-hidden">
                            {move || removed.with(|r| r.as_ref().map(|r| format!(": zet {} terug", name_of(&r.item))).unwrap_or_default())}
                        </span>
                    </button>
                </Show>
            </div>
            <button type="button" id=ADD_BUTTON_ID class="ptw-button ptw-button--secondary"
                on:click=move |_| add_stakeholder(ed, open, None)>
                <span aria-hidden="true">"+ "</span>"Stakeholder toevoegen"
            </button>
        </section>
    }
}

/// What the folded row of a stakeholder shows.
#[derive(Clone, Debug, PartialEq, Default)]
struct Brief {
    naam: String,
    rol: Option<Rol>,
    houding: Houding,
    invloed: Invloed,
    escalatie: bool,
}

/// One stakeholder: heading with number and name, a summary, tools (open, move, remove) and,
/// when open, all fields.
#[component]
fn StakeholderItem(
    /// The stakeholder's id.
    id: String,
    /// Ids of all stakeholders, in order (for the number and the first/last checks).
    ids: Signal<Vec<String>>,
    /// Which stakeholders are open.
    open: OpenItems,
    /// Removes the stakeholder with this id.
    on_remove: Callback<String>,
    /// Moves the stakeholder with this id up (`true`) or down.
    on_move: Callback<(String, bool)>,
) -> impl IntoView {
    let ed = use_editor();
    let item = ed.doc.stakeholders().at_key(id.clone());
    let brief = Memo::new(move |_| {
        item.try_with(|s| Brief {
            naam: s.naam.trim().to_string(),
            rol: s.rol,
            houding: s.houding,
            invloed: s.invloed,
            escalatie: s.escalatielijn,
        })
        .unwrap_or_default()
    });
    let is_open = Memo::new({
        let id = id.clone();
        move |_| open.is_open(&id)
    });
    let item_path = format!("{}.{id}", fields::STAKEHOLDERS.path);
    let incomplete = item_has_errors(item_path.clone());
    register_fold(field_id(&item_path), {
        let id = id.clone();
        move || open.set(&id, true)
    });

    let position = Memo::new({
        let id = id.clone();
        move |_| {
            ids.with(|ids| {
                (
                    ids.iter()
                        .position(|x| *x == id)
                        .map(|i| i + 1)
                        .unwrap_or(0),
                    ids.len(),
                )
            })
        }
    });
    let shown_name = Memo::new(move |_| {
        brief.with(|b| {
            if b.naam.is_empty() {
                "(nog geen naam)".to_string()
            } else {
                b.naam.clone()
            }
        })
    });
    let summary = move || {
        brief.with(|b| {
            format!(
                "{} – invloed {} – {}",
                b.rol.map(Rol::label).unwrap_or("nog geen rol"),
                b.invloed.label().to_lowercase(),
                b.houding.label().to_lowercase()
            )
        })
    };
    let is_first = move || position.with(|(n, _)| *n <= 1);
    let is_last = move || position.with(|(n, len)| *n >= *len);
    let heading = heading_id(&id);
    let labelled_by = heading.clone();
    let fields = fields_id(&id);
    let (id_up, id_down, id_remove, id_toggle, id_fields) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());

    view! {
        <li class="ptw-list__item ptw-sh-item" class:ptw-list__item--folded=move || !is_open.get()
            aria-labelledby=labelled_by>
            <div class="ptw-list__head">
                <h3 id=heading class="ptw-sh-item__title" tabindex="-1">
                    <span class="ptw-sh-item__num">{move || position.get().0}</span>
                    <span class="ptw-visually-hidden">". "</span>
                    <span>{move || shown_name.get()}</span>
                    {move || brief.with(|b| b.escalatie).then(|| view! {
                        <span class="ptw-sh-item__badge">
                            <span class="ptw-visually-hidden">" – "</span>"escalatielijn"
                        </span>
                    })}
                </h3>
                <div class="ptw-list__tools ptw-sh-item__tools">
                    <button type="button" class=format!("ptw-button ptw-button--link ptw-sh-item__tool {TOGGLE_CLASS}")
                        aria-expanded=move || if is_open.get() { "true" } else { "false" }
                        aria-controls=move || is_open.get().then(|| fields.clone())
                        on:click=move |_| open.set(&id_toggle, !is_open.get_untracked())>
                        {move || if is_open.get() { "Sluit" } else { "Bewerk" }}
                        <span class="ptw-visually-hidden">" " {move || shown_name.get()}</span>
                    </button>
                    <MoveButton id=id_up up=true name=shown_name at_end=Signal::derive(is_first) on_move/>
                    <MoveButton id=id_down up=false name=shown_name at_end=Signal::derive(is_last) on_move/>
                    <button type="button" class="ptw-button ptw-button--link ptw-sh-item__tool ptw-sh-item__tool--remove"
                        on:click=move |_| on_remove.run(id_remove.clone())>
                        "Verwijder"
                        <span class="ptw-visually-hidden">" " {move || shown_name.get()}</span>
                    </button>
                </div>
            </div>
            <p class="ptw-list__summary">
                <span class="ptw-list__summary-text">{summary}</span>
                <ItemStatus incomplete/>
            </p>
            <Show when=move || is_open.get()>
                <StakeholderFields id=id_fields.clone()/>
            </Show>
        </li>
    }
}

/// "↑ hoger" or "↓ lager" for a stakeholder; refused (and marked so) at the top or bottom.
#[component]
fn MoveButton(
    /// The stakeholder's id.
    id: String,
    /// Up (`true`) or down.
    up: bool,
    /// The stakeholder's name as shown (read out with the button).
    name: Memo<String>,
    /// True when it cannot move this way.
    at_end: Signal<bool>,
    /// Moves the stakeholder with this id up (`true`) or down.
    on_move: Callback<(String, bool)>,
) -> impl IntoView {
    let button_id = move_button_id(&id, up);
    view! {
        <button type="button" class="ptw-button ptw-button--link ptw-sh-item__tool" id=button_id
            aria-disabled=move || at_end.get().then_some("true")
            on:click=move |_| if !at_end.get_untracked() { on_move.run((id.clone(), up)) }>
            <span aria-hidden="true">{if up { "↑ " } else { "↓ " }}</span>
            <span class="ptw-visually-hidden">"Zet " {move || name.get()} " "</span>
            {if up { "hoger" } else { "lager" }}
        </button>
    }
}

/// All fields of one stakeholder (only built while the item is open).
#[component]
fn StakeholderFields(
    /// The stakeholder's id.
    id: String,
) -> impl IntoView {
    let ed = use_editor();
    let item = ed.doc.stakeholders().at_key(id.clone());
    let (naam, set_naam): (Signal<String>, Callback<String>) = ed.bind(item.clone().naam());
    let (organisatie, set_organisatie) = ed.bind(item.clone().organisatie());
    let (rol, set_rol) = ed.bind(item.clone().rol());
    let (houding, set_houding) = ed.bind(item.clone().houding());
    let (invloed, set_invloed) = ed.bind(item.clone().invloed());
    let (nodig, set_nodig) = ed.bind(item.clone().nodig());
    let (eigenaar, set_eigenaar) = ed.bind(item.clone().eigenaar_contact());
    let (escalatie, set_escalatie): (Signal<bool>, Callback<bool>) =
        ed.bind(item.clone().escalatielijn());

    view! {
        <div class="ptw-list__fields" id=fields_id(&id)>
            <div class="ptw-sh-item__fields">
                <TextField label=fields::STAKEHOLDER_NAAM.label path=fields::STAKEHOLDER_NAAM.path(&id) value=naam on_change=set_naam required=true
                    hint="Een functie is genoeg, geen persoonsnaam."/>
                <TextField label=fields::STAKEHOLDER_ORGANISATIE.label path=fields::STAKEHOLDER_ORGANISATIE.path(&id) value=organisatie on_change=set_organisatie
                    hint="Bijvoorbeeld DUO of de leverancier."/>
                <ChoiceSelect<Rol> label=fields::STAKEHOLDER_ROL.label path=fields::STAKEHOLDER_ROL.path(&id) value=rol on_change=set_rol required=true/>
                <TextField label=fields::STAKEHOLDER_EIGENAAR_CONTACT.label path=fields::STAKEHOLDER_EIGENAAR_CONTACT.path(&id) value=eigenaar on_change=set_eigenaar/>
                <ChoiceRadios<Houding> legend=fields::STAKEHOLDER_HOUDING.label path=fields::STAKEHOLDER_HOUDING.path(&id) value=houding on_change=set_houding inline=true/>
                <ChoiceRadios<Invloed> legend=fields::STAKEHOLDER_INVLOED.label path=fields::STAKEHOLDER_INVLOED.path(&id) value=invloed on_change=set_invloed inline=true/>
            </div>
            <TextField label=fields::STAKEHOLDER_NODIG.label path=fields::STAKEHOLDER_NODIG.path(&id) value=nodig on_change=set_nodig multiline=true
                hint="Bijvoorbeeld: ruimte in het contract, een werkplek, steun van de directie."/>
            <div class="ptw-sh-item__escalatie">
                <CheckField label=fields::STAKEHOLDER_ESCALATIELIJN.label path=fields::STAKEHOLDER_ESCALATIELIJN.path(&id)
                    value=escalatie on_change=set_escalatie
                    hint="Iemand hoger in de organisatie, of het Adviesteam Social Return, die social return steunt en helpt als je niet verder komt."/>
            </div>
        </div>
    }
}
