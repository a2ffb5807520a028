//! The year's end of a proeftuin, two pages inside the wizard:
//! - `/proeftuin/<id>/evaluatie`: the plan beside what happened (candidates, indicators,
//!   agreements per party, milestones), the rubric scored again beside the scores at
//!   acceptance, the lessons and the decision; printable.
//! - `/proeftuin/<id>/decharge`: both parties sign, each from their own device or link; then the
//!   plan is read-only, and verduurzaming (a checklist and follow-up counts) goes on.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use proeftuin_domain::fields;
use proeftuin_domain::store::*;
use proeftuin_domain::uitvoering::{
    decharge_stand, dechargedatum, dimensie_toen_nu, handtekening, herbeoordeling, mag_intrekken,
    onderteken, trek_in, vergelijking, zet_evaluatiescore, DechargeStand, DECHARGE_UITLEG,
    TEKENAARS,
};
use proeftuin_domain::validation::MAX_KANDIDATEN;
use proeftuin_domain::{format, Besluit, Dimension, Partij, Status, Step};

use crate::components::controls::Controls;
use crate::components::field_frame::{FieldFrame, FieldWiring};
use crate::components::{CheckField, ChoiceSelect, DateField, NumberField, TextField};
use crate::editor::{field_id, use_editor};
use crate::platform;
use crate::wizard::step_href;

fn n(v: Option<u32>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}

fn dag(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "–".to_string(), format::date)
}

/// A notice for a plan that is not accepted yet.
fn nog_niet() -> impl IntoView {
    view! {
        <div class="ptw-banner">
            <p>"Dit komt pas als het plan is geaccepteerd en wordt uitgevoerd. Zet dan in stap 5 de status op ‘Geaccepteerd’."</p>
        </div>
    }
}

/// The evaluation after a year.
#[component]
pub fn EvaluatieView() -> impl IntoView {
    let ed = use_editor();
    let accepted = Memo::new(move |_| ed.doc.status().get().is_accepted());
    let frozen =
        Signal::derive(move || ed.read_only.get() || ed.doc.status().get() == Status::Decharge);
    let print = move |_| {
        let _ = window().print();
    };
    let geevalueerd = move |_| {
        ed.edit(|d| d.set_status(Status::Geevalueerd, platform::today()));
        // The button goes; the focus goes to the heading of the decision.
        crate::focus::focus_element("ev-besluit");
    };
    let e = ed.doc.uitvoering().evaluatie();
    let (datum, set_datum) = ed.bind(e.datum());
    let (werkte, set_werkte) = ed.bind(e.werkte());
    let (werkte_niet, set_werkte_niet) = ed.bind(e.werkte_niet());
    let (besluit, set_besluit) = ed.bind(e.besluit());
    let (toelichting, set_toelichting) = ed.bind(e.toelichting());
    view! {
        <Show when=move || accepted.get() fallback=nog_niet>
            <Controls legend="Evaluatie" disabled=frozen>
                <div class="ptw-form ptw-evaluatie">
                    <p>"Na ongeveer een jaar kijken opdrachtgever en leverancier samen terug. Hieronder staat het plan naast wat er is gebeurd. Beoordeel het plan opnieuw, schrijf op wat jullie geleerd hebben en besluit hoe het verder gaat."</p>
                    <Vergelijking/>
                    <Herbeoordeling/>
                    <section class="ptw-section" aria-labelledby="ev-lessen">
                        <h2 id="ev-lessen">"Wat hebben jullie geleerd?"</h2>
                        <TextField label=fields::EVALUATIE_WERKTE.label path=fields::EVALUATIE_WERKTE.path value=werkte on_change=set_werkte multiline=true/>
                        <TextField label=fields::EVALUATIE_WERKTE_NIET.label path=fields::EVALUATIE_WERKTE_NIET.path value=werkte_niet on_change=set_werkte_niet multiline=true/>
                    </section>
                    <section class="ptw-section" aria-labelledby="ev-besluit">
                        <h2 id="ev-besluit" tabindex="-1">"Besluit"</h2>
                        <div class="ptw-grid">
                            <ChoiceSelect<Besluit> label=fields::EVALUATIE_BESLUIT.label path=fields::EVALUATIE_BESLUIT.path value=besluit on_change=set_besluit/>
                            <DateField label=fields::EVALUATIE_DATUM.label path=fields::EVALUATIE_DATUM.path value=datum on_change=set_datum/>
                        </div>
                        <TextField label=fields::EVALUATIE_TOELICHTING.label path=fields::EVALUATIE_TOELICHTING.path value=toelichting on_change=set_toelichting multiline=true
                            hint="Stellen jullie de ambitie bij? Schrijf op wat er verandert."/>
                    </section>
                </div>
            </Controls>
            <div class="ptw-stepnav ptw-no-print">
                <button type="button" class="ptw-button" on:click=print>"Afdrukken of opslaan als PDF"</button>
                <Show when=move || matches!(ed.doc.status().get(), Status::Geaccepteerd | Status::InUitvoering)>
                    <button type="button" class="ptw-button ptw-button--secondary" on:click=geevalueerd disabled=move || ed.read_only.get()>
                        "Evaluatie klaar: zet de status op Geëvalueerd"
                    </button>
                </Show>
            </div>
            <p role="status" class="ptw-visually-hidden">{move || format!("Status: {}.", ed.doc.status().get().label())}</p>
        </Show>
    }
}

/// The plan beside what happened, as four tables.
#[component]
fn Vergelijking() -> impl IntoView {
    let ed = use_editor();
    let v = Memo::new(move |_| {
        let today = platform::today_tracked();
        ed.doc.with(|d| vergelijking(d, today))
    });
    view! {
        <section class="ptw-section" aria-labelledby="ev-vergelijking">
            <h2 id="ev-vergelijking">"Plan en uitvoering naast elkaar"</h2>
            {move || {
                let v = v.get();
                let t = v.telling.clone().unwrap_or_default();
                view! {
                    <table class="ptw-table">
                        <caption>"Kandidaten"</caption>
                        <thead><tr><th scope="col">"In het plan"</th><th scope="col">"Gestart"</th><th scope="col">"Aan het werk"</th><th scope="col">"Gestopt"</th><th scope="col">"Met een contract"</th></tr></thead>
                        <tbody><tr><td>{n(v.kandidaten_plan)}</td><td>{n(t.gestart)}</td><td>{n(t.aan_het_werk)}</td><td>{n(t.uitgevallen)}</td><td>{n(t.contract)}</td></tr></tbody>
                    </table>
                    <p class="ptw-field__hint">{match v.telling.as_ref().and_then(|t| t.datum) {
                        Some(d) => format!("Volgens de laatste telling, van {}.", format::date(d)),
                        None => "Er is nog geen telling.".to_string(),
                    }}</p>
                    <table class="ptw-table">
                        <caption>"Indicatoren"</caption>
                        <thead><tr><th scope="col">"Indicator"</th><th scope="col">"Streefwaarde"</th><th scope="col">"Laatste meting"</th><th scope="col">"Gemeld"</th></tr></thead>
                        <tbody>
                            {v.indicatoren.into_iter().map(|i| {
                                let met = |w: Option<f64>| w.map_or_else(|| "–".to_string(), |w| format!("{} {}", format::waarde(w), i.eenheid).trim().to_string());
                                view! {
                                    <tr><th scope="row">{i.naam.clone()}</th><td>{met(i.doel)}</td><td>{met(i.laatste)}</td>
                                        <td>{format!("{} van {}", i.gemeld, i.momenten)}</td></tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <table class="ptw-table">
                        <caption>"Afspraken per partij"</caption>
                        <thead><tr><th scope="col">"Partij"</th><th scope="col">"Afspraken"</th><th scope="col">"Gereed"</th><th scope="col">"Vervallen"</th><th scope="col">"Te laat"</th></tr></thead>
                        <tbody>
                            {v.afspraken.into_iter().map(|p| view! {
                                <tr><th scope="row">{p.partij.label()}</th><td>{p.totaal}</td><td>{p.gereed}</td><td>{p.vervallen}</td><td>{p.te_laat}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <table class="ptw-table">
                        <caption>"Mijlpalen"</caption>
                        <thead><tr><th scope="col">"Mijlpaal"</th><th scope="col">"Gepland"</th><th scope="col">"Behaald"</th><th scope="col">"Reden van vertraging"</th></tr></thead>
                        <tbody>
                            {v.mijlpalen.into_iter().map(|m| view! {
                                <tr><th scope="row">{m.wat}</th><td>{dag(m.gepland)}</td><td>{dag(m.behaald)}</td><td>{if m.reden.is_empty() { "–".to_string() } else { m.reden }}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
        </section>
    }
}

/// The rubric scored again, beside the scores at acceptance.
#[component]
fn Herbeoordeling() -> impl IntoView {
    let ed = use_editor();
    let rows = Memo::new(move |_| ed.doc.with(herbeoordeling));
    let means = Memo::new(move |_| {
        ed.doc.with(|d| {
            [Dimension::Realisme, Dimension::Impact].map(|dim| (dim, dimensie_toen_nu(d, dim)))
        })
    });
    let cijfer = |v: Option<f64>| v.map_or_else(|| "–".to_string(), format::one_decimal);
    view! {
        <section class="ptw-section" aria-labelledby="ev-scores" id=field_id(fields::EVALUATIE_SCORES.path)>
            <h2 id="ev-scores">"Opnieuw beoordelen"</h2>
            <p class="ptw-field__hint">"Geef elk punt opnieuw een score van 1 tot 5, nu je weet hoe het ging. Naast elke score staat de score bij de acceptatie."</p>
            <div class="ptw-grid">
                {proeftuin_domain::criteria().iter().map(|c| {
                    let cid = c.id;
                    let path = fields::EVALUATIE_SCORE.path(cid);
                    let w = FieldWiring::new(&path, ed.error_for(path.clone()), false);
                    let (describedby, invalid, id) = (w.describedby(), w.invalid(), w.id.clone());
                    let toen_id = format!("{id}-toen");
                    let described = {
                        let toen_id = toen_id.clone();
                        move || match describedby() {
                            Some(other) => format!("{toen_id} {other}"),
                            None => toen_id.clone(),
                        }
                    };
                    let row = Memo::new(move |_| rows.with(|r| r.iter().find(|h| h.criterion.id == cid).cloned()));
                    let nu = move || row.with(|r| r.as_ref().and_then(|h| h.nu));
                    let hint = move || row.with(|r| r.as_ref().map(|h| {
                        let toen = h.toen.map_or_else(|| "geen score".to_string(), |t| t.to_string());
                        match h.verschil() {
                            Some(v) if v > 0 => format!("Bij acceptatie: {toen}. Nu {v} hoger."),
                            Some(v) if v < 0 => format!("Bij acceptatie: {toen}. Nu {} lager.", -v),
                            Some(_) => format!("Bij acceptatie: {toen}. Nu gelijk."),
                            None => format!("Bij acceptatie: {toen}."),
                        }
                    }).unwrap_or_default());
                    let on_change = move |ev| {
                        let v = event_target_value(&ev).parse::<u8>().ok();
                        ed.edit(move |d| zet_evaluatiescore(d, cid, v));
                    };
                    view! {
                        <FieldFrame wiring=w label=c.title.to_string() required=false hint=None>
                            <select id=id class="ptw-field__input ptw-field__input--select" aria-describedby=described on:change=on_change
                                prop:value=move || nu().map(|v| v.to_string()).unwrap_or_default()
                                aria-invalid=invalid
                                on:blur={
                                    let path = path.clone();
                                    move |_| ed.touch_field(&path)
                                }>
                                <option value="" selected=move || nu().is_none()>"Nog geen score"</option>
                                {(1..=5u8).map(|s| view! {
                                    <option value=s.to_string() selected=move || nu() == Some(s)>{format!("{s} – {}", c.anchor(s).unwrap_or_default())}</option>
                                }).collect_view()}
                            </select>
                            <p class="ptw-evaluatie__toen" id=toen_id>{hint}</p>
                        </FieldFrame>
                    }
                }).collect_view()}
            </div>
            <table class="ptw-table">
                <caption>"Gemiddelde per onderdeel"</caption>
                <thead><tr><th scope="col">"Onderdeel"</th><th scope="col">"Bij acceptatie"</th><th scope="col">"Nu"</th></tr></thead>
                <tbody>
                    {move || means.get().into_iter().map(|(dim, (toen, nu))| view! {
                        <tr><th scope="row">{dim.label()}</th><td>{cijfer(toen)}</td><td>{cijfer(nu)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Decharge: both parties sign; then verduurzaming.
#[component]
pub fn DechargeView() -> impl IntoView {
    let ed = use_editor();
    let accepted = Memo::new(move |_| ed.doc.status().get().is_accepted());
    let stand = Memo::new(move |_| ed.doc.with(decharge_stand));
    let navigate = use_navigate();
    let fout = RwSignal::new(None::<String>);
    let nieuw = Callback::new(move |()| {
        let copy = ed
            .doc
            .with_untracked(|d| d.duplicate(platform::new_id(), platform::now()));
        match crate::local_store::save(&copy) {
            Ok(()) => navigate(
                &step_href(&copy.id, Step::Vertrekpunt),
                NavigateOptions::default(),
            ),
            Err(e) => fout.set(Some(format!(
                "Er is geen nieuwe proeftuin gemaakt: {}",
                e.message()
            ))),
        }
    });
    view! {
        <Show when=move || accepted.get() fallback=nog_niet>
            <section class="ptw-section" aria-labelledby="dc-wat">
                <h2 id="dc-wat">"Wat is decharge?"</h2>
                <p>{DECHARGE_UITLEG}</p>
                <p role="status" class="ptw-decharge__stand">{move || match stand.get() {
                    DechargeStand::Open => "Nog niemand heeft getekend.".to_string(),
                    DechargeStand::Wacht { ontbreekt } => format!("Wacht op de handtekening van de {}.", ontbreekt.label().to_lowercase()),
                    DechargeStand::Verleend => format!("Decharge is verleend op {}. Het plan kan niet meer worden gewijzigd.",
                        ed.doc.with(dechargedatum).map(format::date).unwrap_or_default()),
                }}</p>
            </section>
            {TEKENAARS.map(|p| view! { <Ondertekening partij=p/> }).collect_view()}
            <Show when=move || stand.get() == DechargeStand::Verleend>
                <p class="ptw-no-print">
                    <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| nieuw.run(())>"Nieuwe proeftuin op basis van deze"</button>
                </p>
                <p class="ptw-field__error" role="alert">{move || fout.get()}</p>
            </Show>
            <Verduurzaming/>
        </Show>
    }
}

/// One party's signature: the form to sign, or who signed and when (with "Intrekken" while the
/// other has not signed).
#[component]
fn Ondertekening(partij: Partij) -> impl IntoView {
    let ed = use_editor();
    let key = partij.key();
    let signed = Memo::new(move |_| ed.doc.with(|d| handtekening(d, partij).cloned()));
    let may_withdraw = Memo::new(move |_| ed.doc.with(|d| mag_intrekken(d, partij)));
    let naam = RwSignal::new(String::new());
    let rol = RwSignal::new(String::new());
    let fout = RwSignal::new(None::<String>);
    let naam_path = fields::HANDTEKENING_NAAM.path(key);
    let rol_path = fields::HANDTEKENING_ROL.path(key);
    let kop = format!("dc-{key}");
    // Tried on a copy first: a refused signature changes nothing (no save, no sync).
    let kop_id = StoredValue::new(kop.clone());
    let sign = {
        move |_| {
            let (n, r) = (naam.get_untracked(), rol.get_untracked());
            let today = platform::today();
            let mut copy = ed.doc.get_untracked();
            match onderteken(&mut copy, partij, &n, &r, today) {
                Ok(()) => {
                    fout.set(None);
                    ed.edit(|d| {
                        let _ = onderteken(d, partij, &n, &r, today);
                    });
                    // The form goes: the focus goes to the section's heading.
                    crate::focus::focus_element(&kop_id.get_value());
                }
                Err(e) => fout.set(Some(e)),
            }
        }
    };
    let withdraw = {
        move |_| {
            let mut copy = ed.doc.get_untracked();
            match trek_in(&mut copy, partij) {
                Ok(()) => {
                    fout.set(None);
                    ed.edit(|d| {
                        let _ = trek_in(d, partij);
                    });
                    crate::focus::focus_element(&kop_id.get_value());
                }
                Err(e) => fout.set(Some(e)),
            }
        }
    };
    let labelled_by = kop.clone();
    let title = format!("Handtekening van de {}", partij.label().to_lowercase());
    let fout_id = StoredValue::new(format!("dc-{key}-fout"));
    view! {
        <section class="ptw-section ptw-decharge__partij" aria-labelledby=labelled_by>
            <h2 id=kop tabindex="-1">{title}</h2>
            {move || match signed.get() {
                Some(h) => view! {
                    <p class="ptw-decharge__getekend">{format!("Getekend door {} ({}) op {}.", h.naam, h.rol, dag(h.datum))}</p>
                    <Show when=move || may_withdraw.get()>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=withdraw disabled=move || ed.read_only.get()>
                            {format!("Handtekening van de {} intrekken", partij.label().to_lowercase())}
                        </button>
                    </Show>
                }.into_any(),
                None => {
                    let (naam_path, rol_path) = (naam_path.clone(), rol_path.clone());
                    view! {
                        <Controls legend=if partij == Partij::Opdrachtgever { "Ondertekenen als opdrachtgever" } else { "Ondertekenen als leverancier" } disabled=ed.read_only>
                            <div class="ptw-grid">
                                <TextField label=fields::HANDTEKENING_NAAM.label label_extra=format!(" van de {}", partij.label().to_lowercase()) path=naam_path value=Signal::from(naam) on_change=Callback::new(move |v| naam.set(v)) required=true/>
                                <TextField label=fields::HANDTEKENING_ROL.label label_extra=format!(" van de {}", partij.label().to_lowercase()) path=rol_path value=Signal::from(rol) on_change=Callback::new(move |v| rol.set(v)) required=true
                                    hint="Bijvoorbeeld: contractmanager of directeur."/>
                            </div>
                            <p class="ptw-field__error" id=fout_id.get_value() role="alert">{move || fout.get()}</p>
                            <button type="button" class="ptw-button" on:click=sign aria-describedby=fout_id.get_value()>
                                {format!("Teken als {}", partij.label().to_lowercase())}
                            </button>
                        </Controls>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Making it permanent: a checklist and follow-up counts after decharge. It stays editable after
/// decharge (that is when it happens).
#[component]
fn Verduurzaming() -> impl IntoView {
    let ed = use_editor();
    let v = ed.doc.uitvoering().verduurzaming();
    let (beleid, set_beleid) = ed.bind(v.in_beleid());
    let (organisatie, set_organisatie) = ed.bind(v.in_organisatie());
    let (partner, set_partner) = ed.bind(v.partner_gaat_door());
    let (toelichting, set_toelichting) = ed.bind(v.toelichting());
    let max = u64::from(MAX_KANDIDATEN);
    // Counts that do not add up: said here (this page is no wizard step with its own checks).
    let klopt_niet = Memo::new(move |_| {
        v.track();
        let mut e = Vec::new();
        ed.doc
            .with_untracked(|d| proeftuin_domain::validation::nametingen_kloppen(d, &mut e));
        e.into_iter().map(|e| e.message).collect::<Vec<_>>()
    });
    let na = move |maanden: u32| {
        let (werk_f, vast_f, nameting) = match maanden {
            6 => (
                fields::VERDUURZAMING_NA_6_WERK,
                fields::VERDUURZAMING_NA_6_VAST,
                v.na_6(),
            ),
            12 => (
                fields::VERDUURZAMING_NA_12_WERK,
                fields::VERDUURZAMING_NA_12_VAST,
                v.na_12(),
            ),
            _ => (
                fields::VERDUURZAMING_NA_24_WERK,
                fields::VERDUURZAMING_NA_24_VAST,
                v.na_24(),
            ),
        };
        let (werk, set_werk) = ed.bind(nameting.aan_het_werk());
        let (vast, set_vast) = ed.bind(nameting.vast_contract());
        let wanneer = move || {
            ed.doc
                .with(dechargedatum)
                .and_then(|d| d.checked_add_months(chrono::Months::new(maanden)))
                .map(|d| format!("Rond {}.", format::date(d)))
                .unwrap_or_else(|| "Na de decharge.".to_string())
        };
        view! {
            <div class="ptw-grid">
                <NumberField<u32> label=werk_f.label path=werk_f.path value=werk on_change=set_werk max noun="het aantal kandidaten aan het werk" hint=wanneer()/>
                <NumberField<u32> label=vast_f.label path=vast_f.path value=vast on_change=set_vast max noun="het aantal vaste contracten"/>
            </div>
        }
    };
    view! {
        <Controls legend="Verduurzaming" disabled=ed.read_only>
            <section class="ptw-section" aria-labelledby="dc-verduurzaming" id=field_id(fields::UITVOERING_VERDUURZAMING.path)>
                <h2 id="dc-verduurzaming">"Verduurzaming: blijft de aanpak?"</h2>
                <p class="ptw-field__hint">"Na de decharge maakt de leverancier de aanpak een vast deel van zijn werk. Vink aan wat al geregeld is, en tel later hoeveel kandidaten nog aan het werk zijn."</p>
                <CheckField label=fields::VERDUURZAMING_IN_BELEID.label path=fields::VERDUURZAMING_IN_BELEID.path value=beleid on_change=set_beleid/>
                <CheckField label=fields::VERDUURZAMING_IN_ORGANISATIE.label path=fields::VERDUURZAMING_IN_ORGANISATIE.path value=organisatie on_change=set_organisatie/>
                <CheckField label=fields::VERDUURZAMING_PARTNER.label path=fields::VERDUURZAMING_PARTNER.path value=partner on_change=set_partner/>
                <TextField label=fields::VERDUURZAMING_TOELICHTING.label path=fields::VERDUURZAMING_TOELICHTING.path value=toelichting on_change=set_toelichting multiline=true/>
                <h3>"Hoeveel kandidaten werken er nog?"</h3>
                {na(6)}
                {na(12)}
                {na(24)}
                <div role="alert" class="ptw-field__error">
                    {move || klopt_niet.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
            </section>
        </Controls>
    }
}
