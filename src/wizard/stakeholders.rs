//! Step 2, Stakeholders: who is needed to make the proeftuin work and how they stand.
//! The list (add, edit, reorder, remove with undo), a checklist of who is at the table,
//! and the stakeholder map (see [`crate::views::stakeholder_map`]).

pub mod aan_tafel;

use leptos::prelude::*;
use proeftuin_domain::fields;
use proeftuin_domain::{Houding, Invloed, Rol, Stakeholder};

use crate::components::editable_list::{list_ops, OpenItems};
use crate::components::{CheckField, ChoiceRadios, ChoiceSelect, EditableList, TextField};
use crate::editor::{field_id, use_editor, Editor};
use crate::focus::focus_element;
use crate::platform;
use proeftuin_domain::store::*;

use crate::views::stakeholder_map::{self as map, StakeholderMap};
use aan_tafel::AanTafel;

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
    // The checklist and the map sum up the whole list: they follow it one frame late, so a
    // keystroke in a long list shows at once (see `one_frame_later`).
    let stakeholders = crate::dom::one_frame_later(
        move || ed.doc.stakeholders().track(),
        move || ed.doc.stakeholders().get_untracked(),
    );
    let open = OpenItems::new();
    let on_add_rol = Callback::new(move |rol: Rol| add_stakeholder(ed, open, Some(rol)));
    // The map comes after the list on the page: draw it right after the step's first frame,
    // so the step appears at once however many stakeholders there are.
    let map_ready = RwSignal::new(false);
    crate::dom::after_paint(move || {
        let _ = map_ready.try_set(true);
    });
    view! {
        <div class="ptw-form ptw-sh" >
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
        </div>
    }
}

/// The editable list of stakeholders: one folded row per stakeholder, opened with "Bewerk",
/// with reordering and undo.
#[component]
fn StakeholderList(
    /// Which stakeholders are open.
    open: OpenItems,
) -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.stakeholders(),
        |d| &mut d.stakeholders,
        |id| Stakeholder {
            id,
            ..Stakeholder::default()
        },
    )
    .with_moves_and_undo(ed, |d| &mut d.stakeholders);
    let name = Callback::new(move |id: String| {
        let item = ed.doc.stakeholders().at_key(id);
        Signal::from(Memo::new(move |_| {
            item.try_with(map::display_name).unwrap_or_default()
        }))
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.stakeholders().at_key(id);
        let text = Memo::new(move |_| {
            item.try_with(|s| {
                format!(
                    "{} – invloed {} – {}",
                    s.rol.map(Rol::label).unwrap_or("nog geen rol"),
                    s.invloed.label().to_lowercase(),
                    s.houding.label().to_lowercase()
                )
            })
            .unwrap_or_default()
        });
        (move || text.get()).into_any()
    });
    let badge = Callback::new(move |id: String| {
        let item = ed.doc.stakeholders().at_key(id);
        let escalatie = Memo::new(move |_| item.try_with(|s| s.escalatielijn).unwrap_or(false));
        (move || {
            escalatie.get().then(|| {
                view! {
                    <span class="ptw-list__badge">
                        <span class="ptw-visually-hidden">" – "</span>"escalatielijn"
                    </span>
                }
            })
        })
        .into_any()
    });
    let row = Callback::new(move |id: String| view! { <StakeholderFields id/> }.into_any());
    view! {
        <EditableList title="Stakeholders" path=fields::STAKEHOLDERS.path noun="stakeholder" class="ptw-sh-lijst"
            hint="Begin met wie je zeker nodig hebt. De volgorde kun je later nog aanpassen, bijvoorbeeld de belangrijkste bovenaan."
            empty="Er staan nog geen stakeholders in de lijst."
            ops row summary name badge open/>
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
    }
}
