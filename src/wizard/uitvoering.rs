//! Step 6, Uitvoering: the year after acceptance. What is late or due soon (with a calendar
//! file), where each two-sided agreement stands (split by party), the measurements of each
//! indicator against its target, the counts of candidates, the milestones reached and the
//! progress talks. Counts only: never names.

use leptos::prelude::*;
use leptos_router::components::A;
use proeftuin_domain::fields::{self, step_of};
use proeftuin_domain::store::*;
use proeftuin_domain::uitvoering::{
    agenda_ics, eerste_open_moment, laatste_telling, rapportages, signalen, Rapportage, Soort,
    Urgentie,
};
use proeftuin_domain::validation::MAX_KANDIDATEN;
use proeftuin_domain::{
    format, AfspraakStand, Gesprek, ListItem, Meting, MijlpaalStand, Partij, Proeftuin, Rol, Stand,
    Status, Step, Telling,
};

use crate::components::controls::Controls;
use crate::components::editable_list::{add_button_id, ids_of, list_ops, ListOps};
use crate::components::{
    ChoiceChecks, ChoiceSelect, DateField, DecimalField, EditableList, NumberField, TextField,
};
use crate::editor::{field_id, use_editor, Editor};
use crate::focus::focus_element;
use crate::platform;
use crate::wizard::{field_href, own_page_href};

/// Step 6.
#[component]
pub fn UitvoeringStep() -> impl IntoView {
    let ed = use_editor();
    let accepted = Memo::new(move |_| ed.doc.status().get().is_accepted());
    let frozen =
        Signal::derive(move || ed.read_only.get() || ed.doc.status().get() == Status::Decharge);
    view! {
        <Show when=move || accepted.get() fallback=|| view! {
            <div class="ptw-banner" id="uitvoering-dicht">
                <p>"Deze stap gaat open als het plan is geaccepteerd. Zet dan in stap 5 de status op ‘Geaccepteerd’."</p>
            </div>
        }>
            <div class="ptw-form ptw-uitvoering">
                <p class="ptw-banner">"Schrijf hier alleen aantallen op, nooit namen of andere gegevens van kandidaten."</p>
                // Outside the group below: with a read-only link, or after decharge, the links
                // and the calendar file still work.
                <Signals/>
                <Controls legend=Step::Uitvoering.title() disabled=frozen>
                    <AfsprakenStand/>
                    <Indicatoren/>
                    <Tellingen/>
                    <MijlpalenStand/>
                    <Gesprekken/>
                </Controls>
            </div>
        </Show>
    }
}

/// What is late or due soon, each a link to its field, and the calendar file.
#[component]
fn Signals() -> impl IntoView {
    let ed = use_editor();
    let list = Memo::new(move |_| {
        ed.track_uitvoering();
        let today = platform::today_tracked();
        ed.doc.with_untracked(|d| signalen(d, today))
    });
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let melding = RwSignal::new(String::new());
    let download = move |_| {
        let (name, ics) = ed.doc.with_untracked(|d| {
            (
                platform::safe_file_stem(&d.title()),
                agenda_ics(d, platform::today(), platform::now()),
            )
        });
        match ics {
            Some(ics) => {
                melding.set(String::new());
                if let Err(e) =
                    platform::download_text(&format!("{name}.ics"), &ics, "text/calendar")
                {
                    melding.set(e);
                }
            }
            None => melding.set(
                "Er staat geen datum in de toekomst, dus er is niets om in je agenda te zetten."
                    .to_string(),
            ),
        }
    };
    view! {
        <section class="ptw-section" aria-labelledby="uv-aandacht">
            <h2 id="uv-aandacht">"Wat vraagt aandacht"</h2>
            {move || {
                let l = list.get();
                if l.is_empty() {
                    view! { <p class="ptw-empty">"Er is nu niets te laat, en er komt de komende tijd niets aan."</p> }.into_any()
                } else {
                    view! {
                        <ul class="ptw-signalen">
                            {l.into_iter().map(|s| {
                                let late = s.urgentie == Urgentie::TeLaat;
                                let link = match step_of(&s.pad) {
                                    Some(Step::Uitvoering) | None => {
                                        // A missing report: to the button that adds one, dated
                                        // on the earliest missing moment.
                                        let target = if s.soort == Soort::Rapportage {
                                            add_button_id(&s.pad)
                                        } else {
                                            field_id(&s.pad)
                                        };
                                        view! {
                                            <a href=format!("#{target}") on:click=move |ev: leptos::ev::MouseEvent| {
                                                ev.prevent_default();
                                                focus_element(&target);
                                            }>{s.tekst.clone()}</a>
                                        }.into_any()
                                    }
                                    Some(other) => view! {
                                        <A href=field_href(&id.get_value(), other, &s.pad)>{s.tekst.clone()}</A>
                                    }.into_any(),
                                };
                                view! {
                                    <li class="ptw-signaal" class:ptw-signaal--laat=late>
                                        <span class="ptw-badge" class:ptw-badge--laat=late>{s.urgentie.label()}</span>
                                        " " {link}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <p class="ptw-field__hint">"In het agendabestand staan de data vanaf vandaag: metingen, afspraken, mijlpalen, de evaluatie en het volgende gesprek. Open het met je agenda."</p>
            <button type="button" class="ptw-button ptw-button--secondary" on:click=download aria-describedby="uv-agenda-melding">"Zet de data in je agenda (.ics)"</button>
            <p id="uv-agenda-melding" role="status">{move || melding.get()}</p>
            <p class="ptw-uitvoering__verder">
                <A href=own_page_href(&id.get_value(), "evaluatie")>"Naar de evaluatie"</A>
                " · "
                <A href=own_page_href(&id.get_value(), "decharge")>"Naar decharge en verduurzaming"</A>
            </p>
        </section>
    }
}

/// The value and setter of one field of the item `id` of a list of step 6 that follows a plan
/// item (the state of an agreement or a milestone, in the store at `field`, in the document at
/// `list`). The item is made, by `new`, the first time one of its fields is set: a plan item
/// nobody reported on has none.
fn follow<F, I, T>(
    ed: Editor,
    id: String,
    field: F,
    list: fn(&mut Proeftuin) -> &mut Vec<I>,
    new: fn(String) -> I,
    get: fn(&I) -> T,
    set: fn(&mut I, T),
) -> (Signal<T>, Callback<T>)
where
    F: With<Value = Vec<I>> + Send + Sync + 'static,
    I: ListItem + Default + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let read = id.clone();
    let value = Signal::derive(move || {
        field.with(|l| {
            l.iter()
                .find(|s| s.id() == read)
                .map(get)
                .unwrap_or_else(|| get(&I::default()))
        })
    });
    let setter = Callback::new(move |v: T| {
        let id = id.clone();
        ed.edit(move |d| {
            let items = list(d);
            match items.iter_mut().find(|s| s.id() == id) {
                Some(s) => set(s, v),
                None => {
                    let mut s = new(id);
                    set(&mut s, v);
                    items.push(s);
                }
            }
        })
    });
    (value, setter)
}

/// [`follow`] for the state of the agreement `id`.
fn afspraak_stand<T: Clone + Send + Sync + 'static>(
    ed: Editor,
    id: String,
    get: fn(&AfspraakStand) -> T,
    set: fn(&mut AfspraakStand, T),
) -> (Signal<T>, Callback<T>) {
    let field = ed.doc.uitvoering().afspraken();
    let new = |id| AfspraakStand {
        id,
        ..Default::default()
    };
    follow(
        ed,
        id,
        field,
        |d| &mut d.uitvoering.afspraken,
        new,
        get,
        set,
    )
}

/// [`follow`] for the state of the milestone `id`.
fn mijlpaal_stand<T: Clone + Send + Sync + 'static>(
    ed: Editor,
    id: String,
    get: fn(&MijlpaalStand) -> T,
    set: fn(&mut MijlpaalStand, T),
) -> (Signal<T>, Callback<T>) {
    let field = ed.doc.uitvoering().mijlpalen();
    let new = |id| MijlpaalStand {
        id,
        ..Default::default()
    };
    follow(
        ed,
        id,
        field,
        |d| &mut d.uitvoering.mijlpalen,
        new,
        get,
        set,
    )
}

/// The agreements of the plan, per party, each with where it stands.
#[component]
fn AfsprakenStand() -> impl IntoView {
    let ed = use_editor();
    let afspraken = Memo::new(move |_| {
        ed.doc.plan().afspraken().with(|l| {
            l.iter()
                .map(|a| (a.id.clone(), a.partij, a.wat.clone()))
                .collect::<Vec<_>>()
        })
    });
    let groups = [
        (Partij::Leverancier, "De leverancier doet"),
        (Partij::Opdrachtgever, "De opdrachtgever doet"),
        (Partij::Samen, "Samen doen we"),
        (Partij::Partner, "De partner doet"),
    ];
    view! {
        <section class="ptw-section" id=field_id(fields::UITVOERING_AFSPRAKEN.path) aria-labelledby="uv-afspraken">
            <h2 id="uv-afspraken">"Afspraken"</h2>
            <p class="ptw-field__hint">"Hoe staan de afspraken uit het plan ervoor? Per partij, zodat je ziet bij wie iets ligt. Een afspraak die niet meer nodig is, zet je op ‘Vervallen’ met een toelichting."</p>
            <Show when=move || afspraken.with(Vec::is_empty)>
                <p class="ptw-empty">"Er staan nog geen afspraken in het plan. Voeg ze toe in stap 3."</p>
            </Show>
            {groups.into_iter().map(|(partij, kop)| {
                // Keyed by the text too: a row's labels name the agreement.
                let ids = Memo::new(move |_| {
                    afspraken.with(|l| l.iter().filter(|(_, p, _)| *p == partij).map(|(id, _, wat)| (id.clone(), wat.clone())).collect::<Vec<_>>())
                });
                let kop_id = format!("uv-afspraken-{}", partij.key());
                view! {
                    <Show when=move || ids.with(|l| !l.is_empty())>
                        <div class="ptw-uitvoering__partij" role="group" aria-labelledby=kop_id.clone()>
                            <h3 id=kop_id.clone()>{kop}</h3>
                            <ol class="ptw-list">
                                <For each=move || ids.get() key=|row| row.clone() let:row>
                                    <AfspraakRow id=row.0/>
                                </For>
                            </ol>
                        </div>
                    </Show>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn AfspraakRow(id: String) -> impl IntoView {
    let ed = use_editor();
    let item = ed.doc.plan().afspraken().at_key(id.clone());
    let text = Memo::new(move |_| {
        item.try_with(|a| {
            let wat = match a.wat.trim() {
                "" => "(afspraak zonder omschrijving)".to_string(),
                w => w.to_string(),
            };
            let wie = match a.eigenaar.trim() {
                "" => String::new(),
                e => format!(" Eigenaar: {e}."),
            };
            let wanneer = a
                .datum
                .map(|d| format!(" Uiterlijk {}.", format::date(d)))
                .unwrap_or_default();
            (wat, format!("{wie}{wanneer}"))
        })
        .unwrap_or_default()
    });
    let (stand, set_stand) = afspraak_stand(ed, id.clone(), |s| s.stand, |s, v| s.stand = v);
    let (datum, set_datum) = afspraak_stand(ed, id.clone(), |s| s.datum, |s, v| s.datum = v);
    let (notitie, set_notitie) =
        afspraak_stand(ed, id.clone(), |s| s.notitie.clone(), |s, v| s.notitie = v);
    let kop = format!("{}-kop", field_id(&fields::AFSPRAAK_STAND_STAND.path(&id)));
    let labelled_by = kop.clone();
    let extra = format!(" bij {}", text.with_untracked(|(wat, _)| wat.clone()));
    view! {
        <li class="ptw-list__item" aria-labelledby=labelled_by>
            <h4 class="ptw-list__title" id=kop>{move || text.get().0}</h4>
            <p class="ptw-field__hint">{move || text.get().1}</p>
            <div class="ptw-grid">
                <ChoiceSelect<Stand> label=fields::AFSPRAAK_STAND_STAND.label path=fields::AFSPRAAK_STAND_STAND.path(&id) value=stand on_change=set_stand
                    label_extra=extra.clone()/>
                <DateField label=fields::AFSPRAAK_STAND_DATUM.label path=fields::AFSPRAAK_STAND_DATUM.path(&id) value=datum on_change=set_datum
                    label_extra=extra.clone()/>
            </div>
            <TextField label=fields::AFSPRAAK_STAND_NOTITIE.label path=fields::AFSPRAAK_STAND_NOTITIE.path(&id) value=notitie on_change=set_notitie
                label_extra=extra/>
        </li>
    }
}

/// Per indicator: its measurements (a list of its own) and the table and chart of plan against
/// realisation.
#[component]
fn Indicatoren() -> impl IntoView {
    let ed = use_editor();
    let ids = ids_of(ed.doc.plan().indicatoren());
    // Each indicator's part is built anew when what its headings and labels say changes (its
    // name, unit, frequency or target, changed on step 3 while this step stays built).
    let rows = Memo::new(move |_| {
        ed.doc.plan().indicatoren().with(|l| {
            l.iter()
                .map(|i| {
                    let label = format!(
                        "{}|{}|{:?}|{:?}",
                        i.indicator, i.eenheid, i.frequentie, i.streefwaarde
                    );
                    (i.id.clone(), label)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || ids.with(Vec::is_empty)>
            <section class="ptw-section" aria-labelledby="uv-indicatoren">
                <h2 id="uv-indicatoren">"Metingen"</h2>
                <p class="ptw-empty">"Er staan nog geen indicatoren in het plan. Voeg ze toe in stap 3, bij Monitoring."</p>
            </section>
        </Show>
        <For each=move || rows.get() key=|row| row.clone() let:row>
            <IndicatorMetingen id=row.0/>
        </For>
        <LosseMetingen/>
    }
}

/// Measurements of an indicator that is no longer in the plan: shown so they can be removed
/// (or the indicator put back in step 3); otherwise they would be kept out of sight.
#[component]
fn LosseMetingen() -> impl IntoView {
    let ed = use_editor();
    let metingen = ed.doc.uitvoering().metingen();
    let ids = Signal::from(Memo::new(move |_| {
        ed.doc.plan().indicatoren().track();
        metingen.track();
        ed.doc.with_untracked(|d| {
            d.uitvoering
                .metingen
                .iter()
                .filter(|m| !d.plan.indicatoren.iter().any(|i| i.id == m.indicator))
                .map(|m| m.id.clone())
                .collect::<Vec<_>>()
        })
    }));
    let ops = ListOps {
        ids,
        // Nothing is added here: a measurement belongs to an indicator.
        add: Callback::new(move |()| String::new()),
        remove: Callback::new(move |id: String| {
            ed.edit(move |d| d.uitvoering.metingen.retain(|m| m.id != id))
        }),
        shift: None,
        restore: None,
    };
    let row = Callback::new(move |id: String| {
        let m = ed.doc.uitvoering().metingen().at_key(id.clone());
        let text = Memo::new(move |_| {
            m.try_with(|m| {
                let dag = m
                    .datum
                    .map(format::date)
                    .unwrap_or_else(|| "(geen datum)".to_string());
                let w = m
                    .waarde
                    .map(format::waarde)
                    .unwrap_or_else(|| "(geen waarde)".to_string());
                format!("{dag}: {w}")
            })
            .unwrap_or_default()
        });
        view! {
            <p id=field_id(&fields::METING_INDICATOR.path(&id)) tabindex="-1">{move || text.get()}</p>
        }
        .into_any()
    });
    view! {
        <Show when=move || ids.with(|l| !l.is_empty())>
            <EditableList title="Metingen zonder indicator" path="uitvoering.zonder-indicator" item_path=fields::UITVOERING_METINGEN.path
                noun="meting zonder indicator" ops row no_add=true
                hint="Deze metingen horen bij een indicator die niet meer in het plan staat. Verwijder ze, of zet de indicator terug in stap 3."
                class="ptw-uitvoering__los"/>
        </Show>
    }
}

#[component]
fn IndicatorMetingen(id: String) -> impl IntoView {
    let ed = use_editor();
    let item = ed.doc.plan().indicatoren().at_key(id.clone());
    let (item2, item3) = (item.clone(), item.clone());
    let naam = Memo::new(move |_| {
        item.try_with(|i| match i.indicator.trim() {
            "" => "(indicator zonder naam)".to_string(),
            n => n.to_string(),
        })
        .unwrap_or_default()
    });
    let eenheid = Signal::derive(move || item2.try_with(|i| i.eenheid.clone()).unwrap_or_default());
    let hint = Memo::new(move |_| {
        item3
            .try_with(|i| {
                let freq = i
                    .frequentie
                    .map(|f| format!("Rapporteren: {}.", f.label().to_lowercase()))
                    .unwrap_or_else(|| "Nog geen frequentie: kies die in stap 3.".to_string());
                let doel = i
                    .streefwaarde
                    .map(|w| format!(" Streefwaarde: {} {}.", format::waarde(w), i.eenheid.trim()))
                    .unwrap_or_default();
                format!("{freq}{doel}")
            })
            .unwrap_or_default()
    });
    let ind = StoredValue::new(id.clone());
    let metingen = ed.doc.uitvoering().metingen();
    let ops = ListOps {
        ids: Signal::from(Memo::new(move |_| {
            let ind = ind.get_value();
            metingen.with(|l| {
                l.iter()
                    .filter(|m| m.indicator == ind)
                    .map(|m| m.id.clone())
                    .collect::<Vec<_>>()
            })
        })),
        add: Callback::new(move |()| {
            let id = platform::new_id();
            let indicator = ind.get_value();
            // Dated on the earliest moment still missing, so that it reports that one.
            let datum = ed.doc.with_untracked(|d| {
                d.plan
                    .indicatoren
                    .iter()
                    .find(|i| i.id == indicator)
                    .and_then(|i| eerste_open_moment(d, i, platform::today()))
                    .unwrap_or_else(platform::today)
            });
            let meting = Meting {
                id: id.clone(),
                indicator,
                datum: Some(datum),
                ..Default::default()
            };
            ed.edit(move |d| d.uitvoering.metingen.push(meting));
            id
        }),
        remove: Callback::new(move |id: String| {
            ed.edit(move |d| d.uitvoering.metingen.retain(|m| m.id != id))
        }),
        shift: None,
        restore: None,
    };
    let row = Callback::new(move |id: String| {
        let m = ed.doc.uitvoering().metingen().at_key(id.clone());
        let (datum, set_datum) = ed.bind(m.clone().datum());
        let (waarde, set_waarde) = ed.bind(m.clone().waarde());
        let (notitie, set_notitie) = ed.bind(m.clone().notitie());
        view! {
            <div class="ptw-grid">
                <DateField label=fields::METING_DATUM.label path=fields::METING_DATUM.path(&id) value=datum on_change=set_datum
                    hint="De dag waarop de waarde gold. De meting telt voor het eerste meetmoment op of na die dag."/>
                <DecimalField label=fields::METING_WAARDE.label path=fields::METING_WAARDE.path(&id) value=waarde on_change=set_waarde unit=eenheid/>
            </div>
            <TextField label=fields::METING_NOTITIE.label path=fields::METING_NOTITIE.path(&id) value=notitie on_change=set_notitie/>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let m = ed.doc.uitvoering().metingen().at_key(id);
        let text = Memo::new(move |_| {
            m.try_with(|m| {
                let dag = m
                    .datum
                    .map(format::date)
                    .unwrap_or_else(|| "(geen datum)".to_string());
                let w = m
                    .waarde
                    .map(|w| {
                        format!("{} {}", format::waarde(w), eenheid.get())
                            .trim()
                            .to_string()
                    })
                    .unwrap_or_else(|| "(nog geen waarde)".to_string());
                format!("{dag}: {w}")
            })
        });
        (move || text.get()).into_any()
    });
    let path = fields::INDICATOR_METINGEN.path(&id);
    // Read once: the part is built anew when the indicator's name or settings change.
    let title = format!("Metingen: {}", naam.get_untracked());
    let noun = format!("meting van ‘{}’", naam.get_untracked());
    let rapport = Memo::new(move |_| {
        let ind = ind.get_value();
        ed.doc.vertrekpunt().startdatum().track();
        ed.doc.vertrekpunt().looptijd_maanden().track();
        ed.doc.plan().indicatoren().track();
        ed.track_metingen();
        ed.doc.with_untracked(|d| {
            d.plan
                .indicatoren
                .iter()
                .find(|i| i.id == ind)
                .map(|i| (rapportages(d, i, platform::today_tracked()), i.streefwaarde))
                .unwrap_or_default()
        })
    });
    view! {
        <EditableList title path noun ops row summary hint=hint.get_untracked()
            item_path=fields::UITVOERING_METINGEN.path empty="Nog geen metingen."/>
        <Realisatie naam=naam rapport=rapport eenheid=eenheid/>
    }
}

/// The reporting moments of one indicator as a table (the text equivalent) and a small chart:
/// the value reported per moment against the target.
#[component]
fn Realisatie(
    naam: Memo<String>,
    rapport: Memo<(Vec<Rapportage>, Option<f64>)>,
    eenheid: Signal<String>,
) -> impl IntoView {
    view! {
        {move || {
            let today = platform::today_tracked();
            let (momenten, doel) = rapport.get();
            (!momenten.is_empty()).then(|| {
                let max = momenten
                    .iter()
                    .filter_map(|r| r.waarde)
                    .chain(doel)
                    .fold(0.0_f64, |a, b| a.max(b.abs()))
                    .max(1.0);
                let n = momenten.len() as f64;
                let bar = 200.0 / n;
                // Bars from the axis up; a negative value is drawn on the axis (the table says it).
                let y = |w: f64| 90.0 - 80.0 * (w.max(0.0) / max);
                let unit = eenheid.get();
                let label = format!(
                    "Grafiek van {}: {} van de {} meetmomenten gemeld{}.",
                    naam.get(),
                    momenten.iter().filter(|r| r.gemeld).count(),
                    momenten.len(),
                    doel.map(|d| format!(", streefwaarde {}", format::waarde(d))).unwrap_or_default()
                );
                view! {
                    <div class="ptw-realisatie">
                        <h3>{format!("Gepland en gehaald: {}", naam.get())}</h3>
                        <svg class="ptw-realisatie__grafiek" viewBox="0 0 200 100" role="img" aria-label=label>
                            {momenten.iter().enumerate().filter_map(|(i, r)| r.waarde.map(|w| {
                                let x = i as f64 * bar + bar * 0.15;
                                view! {
                                    <rect class="ptw-realisatie__staaf" x=format::svg_number(x) y=format::svg_number(y(w))
                                        width=format::svg_number(bar * 0.7) height=format::svg_number(90.0 - y(w))/>
                                }
                            })).collect_view()}
                            {doel.map(|d| view! {
                                <line class="ptw-realisatie__doel" x1="0" x2="200" y1=format::svg_number(y(d)) y2=format::svg_number(y(d))/>
                            })}
                            <line class="ptw-realisatie__as" x1="0" x2="200" y1="90" y2="90"/>
                        </svg>
                        <table class="ptw-table">
                            <caption class="ptw-visually-hidden">{format!("Meetmomenten van {}", naam.get())}</caption>
                            <thead><tr><th scope="col">"Moment"</th><th scope="col">"Gemeten"</th><th scope="col">"Plan"</th><th scope="col">"Stand"</th></tr></thead>
                            <tbody>
                                {momenten.into_iter().map(|r| {
                                    let gemeten = r.waarde.map(|w| format!("{} {}", format::waarde(w), unit).trim().to_string()).unwrap_or_else(|| "–".to_string());
                                    let plan = doel.map(|d| format!("{} {}", format::waarde(d), unit).trim().to_string()).unwrap_or_else(|| "–".to_string());
                                    let stand = if r.gemeld { "Gemeld" } else if r.moment < today { "Te laat" } else { "Nog niet" };
                                    view! {
                                        <tr class:ptw-table__row--laat=!r.gemeld && r.moment < today>
                                            <td>{format::date(r.moment)}</td><td>{gemeten}</td><td>{plan}</td><td>{stand}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })
        }}
    }
}

/// Counts of candidates per date, with the plan's number beside the latest.
#[component]
fn Tellingen() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.uitvoering().tellingen(),
        |d| &mut d.uitvoering.tellingen,
        |id| Telling {
            id,
            datum: Some(platform::today()),
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let t = ed.doc.uitvoering().tellingen().at_key(id.clone());
        let (datum, set_datum) = ed.bind(t.clone().datum());
        let (gestart, set_gestart) = ed.bind(t.clone().gestart());
        let (werk, set_werk) = ed.bind(t.clone().aan_het_werk());
        let (weg, set_weg) = ed.bind(t.clone().uitgevallen());
        let (contract, set_contract) = ed.bind(t.clone().contract());
        let max = u64::from(MAX_KANDIDATEN);
        view! {
            <DateField label=fields::TELLING_DATUM.label path=fields::TELLING_DATUM.path(&id) value=datum on_change=set_datum/>
            <div class="ptw-grid">
                <NumberField<u32> label=fields::TELLING_GESTART.label path=fields::TELLING_GESTART.path(&id) value=gestart on_change=set_gestart max noun="het aantal gestarte kandidaten"/>
                <NumberField<u32> label=fields::TELLING_AAN_HET_WERK.label path=fields::TELLING_AAN_HET_WERK.path(&id) value=werk on_change=set_werk max noun="het aantal kandidaten aan het werk"/>
                <NumberField<u32> label=fields::TELLING_UITGEVALLEN.label path=fields::TELLING_UITGEVALLEN.path(&id) value=weg on_change=set_weg max noun="het aantal gestopte kandidaten"/>
                <NumberField<u32> label=fields::TELLING_CONTRACT.label path=fields::TELLING_CONTRACT.path(&id) value=contract on_change=set_contract max noun="het aantal kandidaten met een contract"/>
            </div>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let t = ed.doc.uitvoering().tellingen().at_key(id);
        let text = Memo::new(move |_| t.try_with(telling_text));
        (move || text.get()).into_any()
    });
    let stand = Memo::new(move |_| {
        ed.doc.plan().aantal_kandidaten().track();
        ed.doc.uitvoering().tellingen().track();
        ed.doc.with_untracked(|d| {
            let plan = d.plan.aantal_kandidaten;
            let laatste = laatste_telling(d).map(telling_text);
            match (laatste, plan) {
                (Some(t), Some(p)) => format!("Laatste telling: {t}. In het plan: {p} kandidaten."),
                (Some(t), None) => format!("Laatste telling: {t}."),
                (None, Some(p)) => format!("In het plan: {p} kandidaten. Nog geen telling."),
                (None, None) => "Nog geen telling.".to_string(),
            }
        })
    });
    view! {
        <EditableList title=fields::UITVOERING_TELLINGEN.label path=fields::UITVOERING_TELLINGEN.path noun="telling" ops row summary
            hint="Tel op een datum hoeveel kandidaten er tot nu toe zijn begonnen, hoeveel er nu werken, hoeveel er zijn gestopt en hoeveel er daarna een contract kregen. Alleen aantallen."
            empty="Nog geen tellingen."/>
        <p class="ptw-uitvoering__stand" id="uv-tellingen-stand">{move || stand.get()}</p>
    }
}

fn telling_text(t: &Telling) -> String {
    let n = |v: Option<u32>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
    let dag = t
        .datum
        .map(format::date)
        .unwrap_or_else(|| "(geen datum)".to_string());
    format!(
        "{dag}: {} gestart, {} aan het werk, {} gestopt, {} met een contract",
        n(t.gestart),
        n(t.aan_het_werk),
        n(t.uitgevallen),
        n(t.contract)
    )
}

/// The milestones of the plan, each with the day it was reached and why it was late.
#[component]
fn MijlpalenStand() -> impl IntoView {
    let ed = use_editor();
    let ids = ids_of(ed.doc.plan().mijlpalen());
    let rows = Memo::new(move |_| {
        ed.doc.plan().mijlpalen().with(|l| {
            l.iter()
                .map(|m| (m.id.clone(), m.wat.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="ptw-section" id=field_id(fields::UITVOERING_MIJLPALEN.path) aria-labelledby="uv-mijlpalen">
            <h2 id="uv-mijlpalen">"Mijlpalen"</h2>
            <Show when=move || ids.with(Vec::is_empty)>
                <p class="ptw-empty">"Er staan nog geen mijlpalen in het plan. Voeg ze toe in stap 3."</p>
            </Show>
            <ol class="ptw-list">
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    <MijlpaalRow id=row.0/>
                </For>
            </ol>
        </section>
    }
}

#[component]
fn MijlpaalRow(id: String) -> impl IntoView {
    let ed = use_editor();
    let item = ed.doc.plan().mijlpalen().at_key(id.clone());
    let text = Memo::new(move |_| {
        item.try_with(|m| {
            let wat = match m.wat.trim() {
                "" => "(mijlpaal zonder omschrijving)".to_string(),
                w => w.to_string(),
            };
            let gepland = m
                .datum
                .map(|d| format!("Gepland op {}.", format::date(d)))
                .unwrap_or_else(|| "Nog geen datum gepland.".to_string());
            (wat, gepland)
        })
        .unwrap_or_default()
    });
    let (behaald, set_behaald) =
        mijlpaal_stand(ed, id.clone(), |s| s.behaald, |s, v| s.behaald = v);
    let (reden, set_reden) =
        mijlpaal_stand(ed, id.clone(), |s| s.reden.clone(), |s, v| s.reden = v);
    let kop = format!(
        "{}-kop",
        field_id(&fields::MIJLPAAL_STAND_BEHAALD.path(&id))
    );
    let labelled_by = kop.clone();
    let extra = format!(" bij {}", text.with_untracked(|(wat, _)| wat.clone()));
    view! {
        <li class="ptw-list__item" aria-labelledby=labelled_by>
            <h3 class="ptw-list__title" id=kop>{move || text.get().0}</h3>
            <p class="ptw-field__hint">{move || text.get().1}</p>
            <div class="ptw-grid">
                <DateField label=fields::MIJLPAAL_STAND_BEHAALD.label path=fields::MIJLPAAL_STAND_BEHAALD.path(&id) value=behaald on_change=set_behaald
                    label_extra=extra.clone()/>
                <TextField label=fields::MIJLPAAL_STAND_REDEN.label path=fields::MIJLPAAL_STAND_REDEN.path(&id) value=reden on_change=set_reden
                    label_extra=extra/>
            </div>
        </li>
    }
}

/// The progress talks between client and supplier.
#[component]
fn Gesprekken() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.uitvoering().gesprekken(),
        |d| &mut d.uitvoering.gesprekken,
        |id| Gesprek {
            id,
            datum: Some(platform::today()),
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let g = ed.doc.uitvoering().gesprekken().at_key(id.clone());
        let (datum, set_datum) = ed.bind(g.clone().datum());
        let (aanwezig, set_aanwezig) = ed.bind(g.clone().aanwezig());
        let (afgesproken, set_afgesproken) = ed.bind(g.clone().afgesproken());
        let (herstel, set_herstel) = ed.bind(g.clone().herstelacties());
        let (volgende, set_volgende) = ed.bind(g.clone().volgende());
        view! {
            <DateField label=fields::GESPREK_DATUM.label path=fields::GESPREK_DATUM.path(&id) value=datum on_change=set_datum/>
            <ChoiceChecks<Rol> legend=fields::GESPREK_AANWEZIG.label path=fields::GESPREK_AANWEZIG.path(&id) value=aanwezig on_change=set_aanwezig/>
            <TextField label=fields::GESPREK_AFGESPROKEN.label path=fields::GESPREK_AFGESPROKEN.path(&id) value=afgesproken on_change=set_afgesproken multiline=true/>
            <TextField label=fields::GESPREK_HERSTELACTIES.label path=fields::GESPREK_HERSTELACTIES.path(&id) value=herstel on_change=set_herstel multiline=true
                hint="Loopt iets achter? Wat doen jullie om weer op koers te komen, en wie doet het?"/>
            <DateField label=fields::GESPREK_VOLGENDE.label path=fields::GESPREK_VOLGENDE.path(&id) value=volgende on_change=set_volgende/>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let g = ed.doc.uitvoering().gesprekken().at_key(id);
        let text = Memo::new(move |_| {
            g.try_with(|g| {
                let dag = g
                    .datum
                    .map(format::date)
                    .unwrap_or_else(|| "(geen datum)".to_string());
                match g.volgende {
                    Some(v) => format!("{dag} – volgend gesprek {}", format::date(v)),
                    None => dag,
                }
            })
        });
        (move || text.get()).into_any()
    });
    view! {
        <EditableList title=fields::UITVOERING_GESPREKKEN.label path=fields::UITVOERING_GESPREKKEN.path noun="gesprek" ops row summary
            hint="Opdrachtgever en leverancier praten regelmatig over de voortgang. Schrijf op wie er waren (rollen, geen namen), wat jullie afspreken en wanneer het volgende gesprek is."
            empty="Nog geen gesprekken."/>
    }
}
