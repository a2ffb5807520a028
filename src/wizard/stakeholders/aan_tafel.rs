//! "Wie zit er aan tafel?": a short checklist of the people a proeftuin needs according to
//! the lessons of earlier proeftuinen: Inkoop, HR / P&O and Beleid at the table, and at
//! least one escalation line that supports social return. Each line says in words whether
//! it is in order (the ✓ / ✗ is only decoration).

use leptos::prelude::*;
use proeftuin_domain::{Houding, Invloed, Rol, Stakeholder};

use super::map::display_name;

/// Roles that count as "Inkoop".
pub const INKOOP_ROLLEN: [Rol; 3] = [Rol::Inkoop, Rol::Categoriemanager, Rol::Contractmanager];

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TafelPunt {
    /// Stable key (for tests and styling).
    pub key: &'static str,
    /// In order?
    pub ok: bool,
    /// What the line says.
    pub text: String,
    /// The role a quick "add" button would preset, when missing.
    pub add_rol: Option<Rol>,
    /// Text of that button.
    pub add_label: &'static str,
}

fn names_with(list: &[Stakeholder], pred: impl Fn(&Stakeholder) -> bool) -> Vec<String> {
    list.iter().filter(|s| pred(s)).map(display_name).collect()
}

/// The checklist for a list of stakeholders.
pub fn tafel_punten(list: &[Stakeholder]) -> Vec<TafelPunt> {
    let role_line = |key: &'static str,
                     roles: &[Rol],
                     wie: &str,
                     waarom: &str,
                     add_rol: Rol,
                     add_label: &'static str| {
        let names = names_with(list, |s| s.rol.is_some_and(|r| roles.contains(&r)));
        if names.is_empty() {
            TafelPunt {
                key,
                ok: false,
                text: format!("Nog niemand van {wie}. {waarom}"),
                add_rol: Some(add_rol),
                add_label,
            }
        } else {
            TafelPunt {
                key,
                ok: true,
                text: format!("{wie} zit aan tafel: {}.", names.join(", ")),
                add_rol: None,
                add_label,
            }
        }
    };
    let mut out = vec![
        role_line(
            "inkoop",
            &INKOOP_ROLLEN,
            "Inkoop",
            "Een inkoper, categoriemanager of contractmanager kent het contract en zorgt dat de afspraken erin komen.",
            Rol::Inkoop,
            "Voeg iemand van Inkoop toe",
        ),
        role_line(
            "hr",
            &[Rol::Hr],
            "HR / P&O",
            "HR weet welke mensen de organisatie zoekt, bijvoorbeeld voor de Banenafspraak.",
            Rol::Hr,
            "Voeg iemand van HR / P&O toe",
        ),
        role_line(
            "beleid",
            &[Rol::Beleid],
            "Beleid",
            "Beleid weet welke doelen het ministerie heeft en kan ideeën aandragen.",
            Rol::Beleid,
            "Voeg iemand van Beleid toe",
        ),
    ];
    let esc = names_with(list, |s| s.escalatielijn);
    out.push(if esc.is_empty() {
        TafelPunt {
            key: "escalatielijn",
            ok: false,
            text:
                "Nog geen escalatielijn. Zoek iemand hoger in de organisatie (of het Adviesteam \
                   Social Return) die social return steunt. Vink die persoon aan als escalatielijn."
                    .to_string(),
            add_rol: None,
            add_label: "",
        }
    } else {
        TafelPunt {
            key: "escalatielijn",
            ok: true,
            text: format!(
                "{}: {}.",
                if esc.len() == 1 {
                    "Escalatielijn aanwezig"
                } else {
                    "Escalatielijnen aanwezig"
                },
                esc.join(", ")
            ),
            add_rol: None,
            add_label: "",
        }
    });
    out
}

/// The checklist, with (optionally) a button per missing role that adds a stakeholder with
/// that role.
#[component]
pub fn AanTafel(
    /// The stakeholders.
    #[prop(into)]
    stakeholders: Signal<Vec<Stakeholder>>,
    /// Called with a role when the user asks to add someone with it; no buttons without it.
    #[prop(optional)]
    on_add: Option<Callback<Rol>>,
) -> impl IntoView {
    let punten = Memo::new(move |_| stakeholders.with(|l| tafel_punten(l)));
    let ok_count = Memo::new(move |_| punten.with(|p| p.iter().filter(|x| x.ok).count()));
    let critical = Memo::new(move |_| {
        stakeholders.with(|l| {
            names_with(l, |s| {
                s.houding == Houding::Kritisch && s.invloed == Invloed::Hoog
            })
        })
    });
    view! {
        <div class="ptw-sh-tafel">
            <p class="ptw-sh-tafel__intro">
                "Je hebt niet iedereen nodig, wel de juiste mensen. "
                {move || format!("{} van de 4 punten zijn in orde.", ok_count.get())}
            </p>
            <ul class="ptw-sh-tafel__list">
                {move || punten.get().into_iter().map(|p| {
                    let add = match (p.add_rol, on_add) {
                        (Some(rol), Some(cb)) => Some(view! {
                            <button type="button" class="ptw-button ptw-button--link ptw-sh-tafel__add"
                                on:click=move |_| cb.run(rol)>
                                {p.add_label}
                            </button>
                        }),
                        _ => None,
                    };
                    view! {
                        <li class="ptw-sh-tafel__item"
                            class:ptw-sh-tafel__item--ok=p.ok
                            class:ptw-sh-tafel__item--missing=!p.ok
                            data-punt=p.key>
                            <span class="ptw-sh-tafel__icon" aria-hidden="true">{if p.ok { "✓" } else { "✗" }}</span>
                            <span class="ptw-sh-tafel__text">{p.text.clone()} " " {add}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || {
                let names = critical.get();
                (!names.is_empty()).then(|| view! {
                    <p class="ptw-sh-tafel__warn">
                        <span class="ptw-sh-tafel__warn-label">"Let op: "</span>
                        {format!(
                            "{} {} kritisch en {} veel invloed. Ga op tijd in gesprek: wat is nodig om mee te doen?",
                            names.join(", "),
                            if names.len() == 1 { "is" } else { "zijn" },
                            if names.len() == 1 { "heeft" } else { "hebben" },
                        )}
                    </p>
                })
            }}
        </div>
    }
}
