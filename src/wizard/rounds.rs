//! "Beoordelaars" (`/proeftuin/<id>/beoordelaars`): assessment rounds with
//! several assessors. The owner opens a round with a personal invitation per
//! assessor (opened once, on the assessor's own device; a new invitation can
//! be made for an assessor whose link got lost or who changes device), sees who handed in (not what) until everyone did or the round is
//! closed, and then moderates: per criterion every original score with its
//! reason, the spread, and the agreed score (the plan's own score in step 4),
//! with the difference to each original. Originals are never changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use proeftuin_domain::rubric::{criteria_for, dimension_score, Dimension};
use proeftuin_domain::{spread_for, AssessorScores, Beoordeling};
use serde::{Deserialize, Serialize};

use super::beoordeling::CriterionField;
use crate::action::local_action;
use crate::components::Confirm;
use crate::editor::use_editor;
use crate::focus::focus_element;
use crate::local_store;
use crate::platform::format_server_time as when;
use crate::sync::api::{self, AssessorLink, Round};
use crate::sync::{use_sync, Access, ApiError};
use crate::views::chart::{ChartPoint, RealismeImpactChart};
use proeftuin_domain::format::one_decimal as format_score;

/// Assessor invitations made on this device (secrets are shown by the server only once).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct KeptLinks {
    links: Vec<AssessorLink>,
}

fn links_key(id: &str) -> String {
    local_store::rounds_key(id)
}

fn assessor_url(id: &str, secret: &str) -> String {
    crate::sync::link_url("beoordelen", id, secret)
}

/// The filled-in names of a new round, trimmed, with their input's index on screen.
fn filled_in(labels: RwSignal<Vec<String>>) -> Vec<(usize, String)> {
    labels.with_untracked(|l| {
        l.iter()
            .enumerate()
            .map(|(i, l)| (i, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    })
}

/// A score sheet as a [`Beoordeling`], to reuse the rubric's means.
fn as_beoordeling(s: &AssessorScores) -> Beoordeling {
    Beoordeling {
        scores: s.scores.clone(),
        ..Beoordeling::default()
    }
}

/// The owner's page of assessment rounds.
#[component]
pub fn RoundsView() -> impl IntoView {
    let ed = use_editor();
    let sync = use_sync();
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let rounds = RwSignal::new(None::<Result<Vec<Round>, ApiError>>);
    let message = RwSignal::new(None::<String>);
    let kept = RwSignal::new(
        local_store::read_json::<KeptLinks>(&links_key(&id.get_value())).unwrap_or_default(),
    );
    // Fetching the rounds (again), with this device's secret.
    let fetch = local_action(move |secret: &String| {
        let (pid, secret) = (id.get_value(), secret.clone());
        async move {
            let result = api::rounds(&pid, &secret).await;
            rounds.try_set(Some(result));
        }
    });
    let load = move || {
        if let Some(secret) = sync.secret() {
            fetch.dispatch_local(secret);
        }
    };
    load();
    let is_owner = move || sync.access.get() == Some(Access::Edit);

    // A new round: the assessors' names or roles.
    let labels = RwSignal::new(vec![String::new(), String::new(), String::new()]);
    // Errors per input (by its index on screen) and for the list as a whole.
    let label_errors = RwSignal::new(Vec::<(Option<usize>, String)>::new());
    // Opening a round for the names filled in (checked in `start` first), with this device's
    // secret; `pending` holds a second start meanwhile.
    let opening = local_action(move |secret: &String| {
        let (pid, secret) = (id.get_value(), secret.clone());
        let list: Vec<String> = filled_in(labels).into_iter().map(|(_, l)| l).collect();
        async move {
            let result = api::open_round(&pid, &secret, &list).await;
            if message.is_disposed() {
                return;
            }
            match result {
                Ok(opened) => {
                    kept.update(|k| k.links.extend(opened.assessors));
                    let kept_ok =
                        local_store::write_json(&links_key(&pid), &kept.get_untracked()).is_ok();
                    message.set(Some(format!(
                        "Ronde {} is gestart. Stuur elke beoordelaar zijn of haar eigen uitnodiging. Een uitnodiging werkt op één apparaat: op het apparaat waar de beoordelaar hem als eerste opent.{}",
                        opened.round,
                        if kept_ok {
                            ""
                        } else {
                            " Let op: de links konden niet op dit apparaat worden bewaard. Kopieer ze nu; na het sluiten van deze pagina zijn ze weg."
                        }
                    )));
                    labels.set(vec![String::new(), String::new(), String::new()]);
                    load();
                    request_animation_frame(|| focus_element("ronden-melding"));
                }
                Err(ApiError::Offline) => message.set(Some(
                    "Er is geen verbinding met de server, dus de ronde is niet gestart. Probeer het opnieuw als je weer verbinding hebt.".into(),
                )),
                Err(e) => message.set(Some(format!("De ronde is niet gestart. {}", e.message()))),
            }
        }
    });
    let starting = opening.pending();
    let start = move |_| {
        if starting.get_untracked() {
            return;
        }
        let filled = filled_in(labels);
        let list: Vec<String> = filled.iter().map(|(_, l)| l.clone()).collect();
        let problems: Vec<(Option<usize>, String)> =
            proeftuin_domain::validate_assessor_labels(&list)
                .into_iter()
                .map(|e| {
                    let input = e
                        .path
                        .strip_prefix("assessors.")
                        .and_then(|r| r.split('.').next())
                        .and_then(|n| n.parse::<usize>().ok())
                        .and_then(|n| filled.get(n).map(|(i, _)| *i));
                    (input, e.message)
                })
                .collect();
        if !problems.is_empty() {
            let first = problems
                .iter()
                .find_map(|(i, _)| *i)
                .map(|i| format!("beoordelaar-{i}"))
                .unwrap_or_else(|| "beoordelaar-0".into());
            label_errors.set(problems);
            request_animation_frame(move || focus_element(&first));
            return;
        }
        label_errors.set(Vec::new());
        if let Some(secret) = sync.secret() {
            opening.dispatch_local(secret);
        }
    };
    let close = move |n: i64| {
        let Some(secret) = sync.secret() else {
            return;
        };
        spawn_local(async move {
            let result = api::close_round(&id.get_value(), &secret, n).await;
            if message.is_disposed() {
                return;
            }
            match result {
                Ok(_) => {
                    message.set(Some(format!(
                        "Ronde {n} is gesloten. De scores staan hieronder."
                    )));
                    load();
                    request_animation_frame(|| focus_element("ronden-melding"));
                }
                Err(ApiError::Offline) => message.set(Some(
                    "Er is geen verbinding met de server, dus de ronde is niet gesloten. Probeer het opnieuw als je weer verbinding hebt.".into(),
                )),
                Err(e) => message.set(Some(format!("De ronde is niet gesloten. {}", e.message()))),
            }
        });
    };
    let closing = RwSignal::new(None::<i64>);
    // The assessor (round, id, label) for whom a new invitation waits for confirmation.
    let reinviting = RwSignal::new(None::<(i64, String)>);
    let reinvite = move |n: i64, assessor_id: String, label: String| {
        let pid = id.get_value();
        let Some(secret) = sync.secret() else {
            return;
        };
        spawn_local(async move {
            let result = api::new_invitation(&pid, &secret, n, &assessor_id).await;
            if message.is_disposed() {
                return;
            }
            match result {
                Ok(link) => {
                    kept.update(|k| {
                        k.links.retain(|l| l.assessor_id != link.assessor_id);
                        k.links.push(link);
                    });
                    let kept_ok = local_store::write_json(&links_key(&pid), &kept.get_untracked())
                        .is_ok();
                    message.set(Some(format!(
                        "Er is een nieuwe uitnodiging voor {label}. Stuur {label} de nieuwe link; de vorige uitnodiging werkt niet meer.{}",
                        if kept_ok {
                            ""
                        } else {
                            " Let op: de link kon niet op dit apparaat worden bewaard. Kopieer hem nu."
                        }
                    )));
                    load();
                    request_animation_frame(|| focus_element("ronden-melding"));
                }
                Err(ApiError::Offline) => message.set(Some(
                    "Er is geen verbinding met de server, dus er is geen nieuwe uitnodiging gemaakt. Probeer het opnieuw als je weer verbinding hebt.".into(),
                )),
                Err(e) => message.set(Some(format!("Er is geen nieuwe uitnodiging gemaakt. {}", e.message()))),
            }
            request_animation_frame(|| focus_element("ronden-melding"));
        });
    };
    // Back on this page: who handed in may have changed.
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !document().hidden() {
            load();
        }
    });
    on_cleanup(move || on_visible.remove());

    view! {
        <div class="ptw-rounds">
            <p>"Laat het plan door een klein panel beoordelen, bijvoorbeeld iemand van inkoop, de opdrachtgever en iemand van HR of beleid. Iedere beoordelaar krijgt een eigen link en scoort eerst alleen, zonder de scores van de anderen te zien. Daarna bespreken jullie de scores samen en leggen jullie de afgesproken score vast. De eerste scores van iedereen blijven bewaard."</p>
            <p id="ronden-melding" class="ptw-history__message" role="status" tabindex="-1">{move || message.get()}</p>
            {move || sync.access.get().is_some().then(|| view! {
                <div class="ptw-actions">
                    <button type="button" class="ptw-button ptw-button--small ptw-button--secondary" on:click=move |_| load()>"Vernieuwen"</button>
                </div>
            })}
            {move || match (sync.access.get(), rounds.get()) {
                (None, _) => view! {
                    <p>"Deze proeftuin staat alleen op dit apparaat. Zet hem eerst op de server via “Delen”; daarna kun je beoordelaars uitnodigen."</p>
                }.into_any(),
                (_, None) => view! { <p>"De beoordelingsrondes worden opgehaald…"</p> }.into_any(),
                (_, Some(Err(e))) => view! {
                    <div class="ptw-banner ptw-banner--error" role="alert">
                        <p>{format!("De beoordelingsrondes konden niet worden opgehaald. {}", e.message())}</p>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| { rounds.set(None); load() }>"Opnieuw proberen"</button>
                    </div>
                }.into_any(),
                (_, Some(Ok(list))) => {
                    let any_open = list.iter().any(Round::is_open);
                    let latest_with_scores = list.iter().rev().find(|r| r.assessors.iter().any(|a| a.scores.is_some())).map(|r| r.round);
                    view! {
                        {(is_owner() && !any_open).then(|| view! {
                            <section class="ptw-section" aria-labelledby="nieuwe-ronde">
                                <h2 id="nieuwe-ronde">"Nieuwe beoordelingsronde"</h2>
                                <p class="ptw-field__hint">"Geef per beoordelaar een naam of rol, bijvoorbeeld “Inkoop” of “Opdrachtgever”. Meer persoonsgegevens zijn niet nodig."</p>
                                {move || {
                                    let general: Vec<String> = label_errors.get().into_iter().filter(|(i, _)| i.is_none()).map(|(_, m)| m).collect();
                                    (!general.is_empty()).then(|| view! {
                                        <div class="ptw-summary" role="alert" id="ronde-fouten">
                                            <ul>{general.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                                        </div>
                                    })
                                }}
                                {move || (0..labels.with(Vec::len)).map(|i| {
                                    let input_id = format!("beoordelaar-{i}");
                                    let err_id = format!("beoordelaar-{i}-fout");
                                    let error = Signal::derive(move || label_errors.with(|e| e.iter().find(|(x, _)| *x == Some(i)).map(|(_, m)| m.clone())));
                                    view! {
                                        <div class="ptw-field" class:ptw-field--invalid=move || error.with(Option::is_some)>
                                            <label class="ptw-field__label" for=input_id.clone()>{format!("Beoordelaar {}", i + 1)}</label>
                                            <p class="ptw-field__error" id=err_id.clone() hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
                                            <input id=input_id type="text" class="ptw-field__input" maxlength="80"
                                                aria-invalid=move || error.with(Option::is_some).then_some("true")
                                                aria-describedby=move || error.with(Option::is_some).then(|| err_id.clone())
                                                prop:value=move || labels.with(|l| l.get(i).cloned().unwrap_or_default())
                                                on:input=move |ev| {
                                                    let v = event_target_value(&ev);
                                                    labels.update(|l| if let Some(x) = l.get_mut(i) { *x = v });
                                                }/>
                                        </div>
                                    }
                                }).collect_view()}
                                <div class="ptw-actions">
                                    <button type="button" class="ptw-button ptw-button--secondary"
                                        disabled=move || labels.with(|l| l.len() >= proeftuin_domain::MAX_ASSESSORS)
                                        on:click=move |_| {
                                            labels.update(|l| l.push(String::new()));
                                            let n = labels.with_untracked(Vec::len);
                                            request_animation_frame(move || focus_element(&format!("beoordelaar-{}", n - 1)));
                                        }>"+ Beoordelaar toevoegen"</button>
                                    <button type="button" class="ptw-button" on:click=start disabled=move || starting.get()>"Start de ronde"</button>
                                </div>
                            </section>
                        })}
                        {list.is_empty().then(|| view! { <p>"Er is nog geen beoordelingsronde."</p> })}
                        {list.into_iter().rev().map(|r| {
                            let n = r.round;
                            let open = r.is_open();
                            let heading = format!("Ronde {n} ({})", if open { "open" } else { "gesloten" });
                            let heading_id = format!("ronde-{n}");
                            let labelled_by = heading_id.clone();
                            let handed_in = r.assessors.iter().filter(|a| a.submitted_at.is_some()).count();
                            let total = r.assessors.len();
                            let moderate = latest_with_scores == Some(n) && is_owner();
                            let sheets: Vec<(String, AssessorScores)> = r.assessors.iter()
                                .filter_map(|a| a.scores.clone().map(|s| (a.label.clone(), s)))
                                .collect();
                            view! {
                                <section class="ptw-section ptw-round" aria-labelledby=labelled_by>
                                    <h2 id=heading_id>{heading}</h2>
                                    <p>{format!("{handed_in} van {total} beoordelaars hebben ingeleverd. Gestart op {}.", when(&r.created_at))}</p>
                                    <table class="ptw-table">
                                        <caption class="ptw-visually-hidden">{format!("Beoordelaars van ronde {n}")}</caption>
                                        <thead><tr><th scope="col">"Beoordelaar"</th><th scope="col">"Ingeleverd"</th><th scope="col">"Uitnodiging (persoonlijke link)"</th>
                                            {is_owner().then(|| view! { <th scope="col"><span class="ptw-visually-hidden">"Actie"</span></th> })}</tr></thead>
                                        <tbody>
                                            {r.assessors.iter().map(|a| {
                                                let link = kept.with_untracked(|k| k.links.iter().find(|l| l.assessor_id == a.assessor_id).map(|l| assessor_url(&id.get_value(), &l.secret)));
                                                let label = a.label.clone();
                                                let (aid, alabel) = (a.assessor_id.clone(), a.label.clone());
                                                let button_id = format!("uitnodiging-{}", a.assessor_id);
                                                view! {
                                                    <tr>
                                                        <th scope="row">{a.label.clone()}</th>
                                                        <td>{a.submitted_at.as_deref().map(|t| format!("ja, op {}", when(t))).unwrap_or_else(|| "nog niet".into())}</td>
                                                        <td>{match link {
                                                            Some(url) => view! {
                                                                <input type="text" class="ptw-field__input" readonly=true prop:value=url
                                                                    aria-label=format!("Persoonlijke link voor {label}")/>
                                                            }.into_any(),
                                                            None => view! { <span>"alleen op het apparaat waar de uitnodiging is gemaakt"</span> }.into_any(),
                                                        }}</td>
                                                        {is_owner().then(|| {
                                                            let (aid, alabel, button_id) = (aid.clone(), alabel.clone(), button_id.clone());
                                                            view! { <td>{move || {
                                                                let (aid, alabel, button_id) = (aid.clone(), alabel.clone(), button_id.clone());
                                                                if reinviting.get().is_some_and(|(r, x)| r == n && x == aid) {
                                                                    view! {
                                                                        <Confirm question_id=format!("{button_id}-vraag")
                                                                            question=format!("Een nieuwe uitnodiging voor {alabel} maken? De vorige uitnodiging werkt dan niet meer. Zodra {alabel} de nieuwe opent, werkt de link op het vorige apparaat ook niet meer. Het concept en wat {alabel} al inleverde blijven bewaard.")
                                                                            yes="Ja, maak een nieuwe uitnodiging" on_yes=Box::new(move || {
                                                                                reinviting.set(None);
                                                                                reinvite(n, aid.clone(), alabel.clone());
                                                                            })
                                                                            no="Nee, niet nodig" on_no=Box::new(move || reinviting.set(None)) back_to=button_id/>
                                                                    }.into_any()
                                                                } else {
                                                                    let question_id = format!("{button_id}-vraag");
                                                                    view! {
                                                                        <button type="button" id=button_id class="ptw-button ptw-button--small ptw-button--secondary"
                                                                            aria-label=format!("Nieuwe uitnodiging voor {alabel}")
                                                                            on:click=move |_| {
                                                                                reinviting.set(Some((n, aid.clone())));
                                                                                let q = question_id.clone();
                                                                                request_animation_frame(move || focus_element(&q));
                                                                            }>"Nieuwe uitnodiging"</button>
                                                                    }.into_any()
                                                                }
                                                            }}</td> }
                                                        })}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    {(open && is_owner()).then(|| view! {
                                        <p class="ptw-field__hint">"Je ziet wie heeft ingeleverd, maar nog niet wat, tot iedereen heeft ingeleverd of je de ronde sluit."</p>
                                        {move || if closing.get() == Some(n) {
                                            let waiting = total - handed_in;
                                            view! {
                                                <Confirm question_id=format!("sluiten-{n}")
                                                    question=format!(
                                                        "Weet je zeker dat je ronde {n} wilt sluiten?{} Daarna kan niemand in deze ronde nog inleveren.",
                                                        if waiting > 0 { format!(" {waiting} van {total} beoordelaars hebben nog niet ingeleverd.") } else { String::new() })
                                                    yes=format!("Ja, sluit ronde {n}") on_yes=Box::new(move || { closing.set(None); close(n) })
                                                    no="Nee, laat open" on_no=Box::new(move || closing.set(None)) back_to=format!("sluit-{n}")/>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <div class="ptw-actions">
                                                    <button type="button" id=format!("sluit-{n}") class="ptw-button ptw-button--secondary" on:click=move |_| {
                                                        closing.set(Some(n));
                                                        request_animation_frame(move || focus_element(&format!("sluiten-{n}")));
                                                    }>{format!("Sluit ronde {n}")}</button>
                                                </div>
                                            }.into_any()
                                        }}
                                    })}
                                    {(!sheets.is_empty()).then(|| view! { <Moderation round=n sheets moderate/> })}
                                </section>
                            }
                        }).collect_view()}
                    }.into_any()
                }
            }}
        </div>
    }
}

/// The scores of a round side by side per criterion, with the spread, and (for
/// the latest round) the agreed score of the plan with its difference to each.
#[component]
fn Moderation(round: i64, sheets: Vec<(String, AssessorScores)>, moderate: bool) -> impl IntoView {
    let ed = use_editor();
    let sheets = StoredValue::new(sheets);
    let points = Signal::derive(move || {
        sheets.with_value(|s| {
            s.iter()
                .filter_map(|(label, sheet)| {
                    let b = as_beoordeling(sheet);
                    Some(ChartPoint {
                        label: label.clone(),
                        realisme: dimension_score(&b, Dimension::Realisme)?,
                        impact: dimension_score(&b, Dimension::Impact)?,
                    })
                })
                .collect()
        })
    });
    // The agreed scores (the plan's own) belong to the latest round only.
    let realisme = Signal::derive(move || {
        moderate
            .then(|| {
                ed.doc
                    .with(|d| dimension_score(&d.beoordeling, Dimension::Realisme))
            })
            .flatten()
    });
    let impact = Signal::derive(move || {
        moderate
            .then(|| {
                ed.doc
                    .with(|d| dimension_score(&d.beoordeling, Dimension::Impact))
            })
            .flatten()
    });
    view! {
        <div class="ptw-moderation">
            <h3>{format!("Scores van ronde {round} naast elkaar")}</h3>
            {moderate.then(|| view! {
                <p>"Bespreek per criterium de scores en de onderbouwing. Leg daarna de afgesproken score met een reden vast; die komt in het plan (stap 4). Waar de afgesproken score afwijkt van een eerste score, zie je het verschil."</p>
            })}
            <RealismeImpactChart realisme=realisme impact=impact others=points point_label="Afgesproken"/>
            {[Dimension::Realisme, Dimension::Impact].into_iter().map(|dim| view! {
                <h4 class="ptw-moderation__dim">{dim.label()}</h4>
                {criteria_for(dim).map(|c| {
                    let cid = c.id;
                    let spread = sheets.with_value(|s| {
                        let only: Vec<AssessorScores> = s.iter().map(|(_, x)| x.clone()).collect();
                        spread_for(cid, &only)
                    });
                    let agreed = Memo::new(move |_| ed.doc.with(|d| d.beoordeling.score_for(cid).and_then(|s| s.score)));
                    view! {
                        <div class="ptw-moderation__crit">
                            <table class="ptw-table">
                                <caption>
                                    {format!("{}: {}", c.title, match spread {
                                        Some(0) => "iedereen gaf dezelfde score".to_string(),
                                        Some(n) => format!("spreiding {n} {}", if n == 1 { "punt" } else { "punten" }),
                                        None => "geen scores".to_string(),
                                    })}
                                </caption>
                                <thead><tr>
                                    <th scope="col">"Beoordelaar"</th>
                                    <th scope="col">"Eerste score"</th>
                                    <th scope="col">"Onderbouwing"</th>
                                    {moderate.then(|| view! {
                                        <th scope="col">"Afgesproken"</th>
                                        <th scope="col">"Verschil"</th>
                                    })}
                                </tr></thead>
                                <tbody>
                                    {sheets.with_value(|s| s.iter().map(|(label, sheet)| {
                                        let entry = sheet.score_for(cid).cloned().unwrap_or_default();
                                        let original = entry.score;
                                        view! {
                                            <tr>
                                                <th scope="row">{label.clone()}</th>
                                                <td>{original.map(|x| x.to_string()).unwrap_or_else(|| "–".into())}</td>
                                                <td>{entry.reden.clone()}</td>
                                                {moderate.then(|| view! {
                                                    <td>{move || agreed.get().map(|x| x.to_string()).unwrap_or_else(|| "nog niet".into())}</td>
                                                    <td>{move || match (original, agreed.get()) {
                                                        (Some(o), Some(a)) if a == o => "gelijk".to_string(),
                                                        (Some(o), Some(a)) => format!("{:+}", i16::from(a) - i16::from(o)),
                                                        _ => "–".to_string(),
                                                    }}</td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view())}
                                </tbody>
                            </table>
                            {moderate.then(|| view! { <CriterionField criterion=c/> })}
                        </div>
                    }
                }).collect_view()}
            }).collect_view()}
            {move || {
                let (r, i) = (realisme.get(), impact.get());
                (r.is_some() || i.is_some()).then(|| view! {
                    <p>{format!("Afgesproken: realisme {}, impact {}.",
                        r.map(format_score).unwrap_or_else(|| "nog niet".into()),
                        i.map(format_score).unwrap_or_else(|| "nog niet".into()))}</p>
                })
            }}
        </div>
    }
}
