//! Step 5, Afronden: what is still missing (with links to the fields), the status
//! of the proeftuin, notes, print / PDF and export, and the plan as a readable
//! document ([`PlanDocument`]). When printing, only that document shows.

use leptos::prelude::*;
use proeftuin_domain::fields;

use proeftuin_domain::fields::step_of;
use proeftuin_domain::{FieldError, Status, Step};

use crate::action::local_action;
use crate::components::controls::Controls;
use crate::components::TextField;
use crate::editor::{field_id, use_editor};
use crate::wizard::{export_document, field_href};
use proeftuin_domain::store::*;

use crate::views::plan_document::{self as document, PlanDocument};

/// The errors of steps 1 to 4 (and hard consistency errors), grouped per step in step order.
pub fn missing_per_step(errors: Vec<FieldError>) -> Vec<(Option<Step>, Vec<FieldError>)> {
    let mut groups: Vec<(Option<Step>, Vec<FieldError>)> = Vec::new();
    for e in errors {
        let step = step_of(&e.path);
        if groups
            .iter()
            .flat_map(|(_, es)| es)
            .any(|x| x.path == e.path)
        {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| *s == step) {
            Some((_, list)) => list.push(e),
            None => groups.push((step, vec![e])),
        }
    }
    groups.sort_by_key(|(s, _)| s.map(|s| s.number()).unwrap_or(0));
    groups
}

/// The step page.
#[component]
pub fn AfrondenStep() -> impl IntoView {
    let ed = use_editor();
    let (notities, set_notities) = ed.bind(ed.doc.afronden().notities());
    let print = move |_| {
        ed.flush();
        let _ = window().print();
    };
    let export = move |_| export_document(ed);
    // The assessment panel's original scores (latest round with scores), when shared.
    let panel = RwSignal::new(None::<document::Panel>);
    let sync = use_context::<crate::sync::Sync>();
    let shared = sync.and_then(|s| Some((s.access.get_untracked()?, s.secret()?)));
    if let Some((access, secret)) = shared {
        if access != crate::sync::Access::Assessor {
            // Fetched once, with this device's secret.
            let fetch = local_action(move |secret: &String| {
                let (id, secret) = (ed.doc.with_untracked(|d| d.id.clone()), secret.clone());
                async move {
                    if let Ok(rounds) = crate::sync::api::rounds(&id, &secret).await {
                        let latest = rounds.into_iter().rev().find_map(|r| {
                            let sheets: Vec<_> = r
                                .assessors
                                .into_iter()
                                .filter_map(|a| a.scores.map(|s| (a.label, s)))
                                .collect();
                            (!sheets.is_empty()).then_some(document::Panel {
                                round: r.round,
                                sheets,
                            })
                        });
                        panel.try_set(latest);
                    }
                }
            });
            fetch.dispatch_local(secret);
        }
    }
    // After decharge the plan is final (see the decharge page).
    let frozen = Signal::derive(move || {
        ed.read_only.get() || ed.doc.status().get() == proeftuin_domain::Status::Decharge
    });
    view! {
        <div class="ptw-afronden">
            <div class="ptw-afronden__tools ptw-no-print">
                <Completeness/>
                <Controls legend="Status en notities" disabled=frozen>
                    <StatusChoice/>
                    <section class="ptw-section" aria-labelledby="af-notities">
                        <h2 id="af-notities">"Notities"</h2>
                        <TextField label=fields::AFRONDEN_NOTITIES.label path=fields::AFRONDEN_NOTITIES.path value=notities on_change=set_notities multiline=true
                            hint="Bijvoorbeeld wat jullie bij de evaluatie hebben besproken. Alleen aantallen, geen namen van kandidaten. Lege notities komen niet in het document."/>
                    </section>
                </Controls>
                <section class="ptw-section" aria-labelledby="af-delen">
                    <h2 id="af-delen">"Afdrukken, bewaren en delen"</h2>
                    <p>"Druk het plan af of bewaar het als PDF (kies dan bij de printer “Opslaan als PDF”). Alleen het plan wordt afgedrukt, op A4. Met exporteren maak je een bestand dat je kunt bewaren of doorsturen; de ander kan het importeren."</p>
                    <div class="ptw-actions">
                        <button type="button" class="ptw-button" on:click=print>"Afdrukken of opslaan als PDF"</button>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=export>"Exporteer naar een bestand"</button>
                    </div>
                    <p class="ptw-field__hint">
                        "Heb je een bestand gekregen? Importeer het op de pagina "
                        <a href="/">"Mijn proeftuinen"</a>
                        ". Er wordt dan niets overschreven."
                    </p>
                </section>
                <h2 class="ptw-afronden__preview-title" id="af-voorbeeld">"Het plan als document"</h2>
                <p class="ptw-field__hint">"Zo ziet het plan eruit als je het afdrukt of als PDF bewaart."</p>
            </div>
            <PlanDocument doc=Signal::derive(move || ed.doc.get()) panel=panel/>
        </div>
    }
}

/// "Wat nog ontbreekt", grouped per step with links to the fields; or a positive message.
#[component]
fn Completeness() -> impl IntoView {
    let ed = use_editor();
    // On this step the editor's errors are those of steps 1 to 4 plus the hard ones.
    let groups = Memo::new(move |_| missing_per_step(ed.errors.get()));
    let id = ed.doc.with_untracked(|d| d.id.clone());
    let id = StoredValue::new(id);
    view! {
        <section class="ptw-section ptw-afronden__complete" aria-labelledby="af-compleet">
            <h2 id="af-compleet">"Is het plan compleet?"</h2>
            {move || {
                let groups = groups.get();
                if groups.is_empty() {
                    view! {
                        <div class="ptw-banner ptw-banner--ok">
                            <p><span class="ptw-afronden__mark" aria-hidden="true">"✓ "</span>"Het plan is compleet. Alle stappen zijn ingevuld. Je kunt het plan afdrukken, als PDF bewaren of exporteren."</p>
                        </div>
                    }.into_any()
                } else {
                    let total: usize = groups.iter().map(|(_, es)| es.len()).sum();
                    let status = ed.doc.with(|d| d.status);
                    let status_note = (!matches!(status, Status::Concept | Status::TerBeoordeling)).then(|| view! {
                        <p class="ptw-afronden__status-note">
                            {format!("Let op: de status is al “{}”, maar het plan is nog niet compleet. Vul het plan aan, zodat vastligt wat jullie hebben afgesproken.", status.label())}
                        </p>
                    });
                    view! {
                        <div class="ptw-afronden__missing">
                            <p>
                                <span class="ptw-afronden__mark" aria-hidden="true">"! "</span>
                                {format!("Het plan is nog niet compleet: er {} nog {} {}. Je kunt het plan toch al afdrukken of exporteren.",
                                    if total == 1 { "ontbreekt" } else { "ontbreken" },
                                    total,
                                    if total == 1 { "punt" } else { "punten" })}
                            </p>
                            {status_note}
                            <h3 id="af-ontbreekt">"Wat nog ontbreekt"</h3>
                            {groups.into_iter().map(|(step, errors)| {
                                let heading = match step {
                                    Some(s) => format!("Stap {}: {}", s.number(), s.title()),
                                    None => "Het hele document".to_string(),
                                };
                                let target = step.unwrap_or(Step::Vertrekpunt);
                                view! {
                                    <h4 class="ptw-afronden__group">{heading}</h4>
                                    <ul class="ptw-afronden__list">
                                        {errors.into_iter().map(|e| {
                                            let href = if target == Step::Afronden {
                                                format!("#{}", field_id(&e.path))
                                            } else {
                                                field_href(&id.get_value(), target, &e.path)
                                            };
                                            view! { <li><a href=href>{e.message}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The status as radio buttons, each with its meaning.
#[component]
fn StatusChoice() -> impl IntoView {
    let ed = use_editor();
    let status = Signal::derive(move || ed.doc.status().get());
    // Accepting keeps a copy of the plan as accepted (see `Proeftuin::set_status`).
    let set_status =
        Callback::new(move |s: Status| ed.edit(move |d| d.set_status(s, crate::platform::today())));
    let name = field_id("status");
    view! {
        <section class="ptw-section" aria-labelledby="af-status">
            <h2 id="af-status">"Status"</h2>
            <p class="ptw-field__hint">"Een proeftuin doorloopt deze fasen. Kies waar jullie nu staan. Je kunt altijd terug naar een eerdere status."</p>
            <fieldset class="ptw-choices ptw-afronden__status" id=name.clone()>
                <legend class="ptw-field__label">"Status van de proeftuin"</legend>
                {Status::ALL.iter().enumerate().map(|(i, s)| {
                    let s = *s;
                    let id = format!("{name}-{}", s.key());
                    let uitleg_id = format!("{id}-uitleg");
                    view! {
                        <div class="ptw-afronden__status-item" class:ptw-afronden__status-item--current=move || status.get() == s>
                            <input type="radio" id=id.clone() name=name.clone() value=s.key()
                                aria-describedby=uitleg_id.clone()
                                // Decharge comes from both parties' signatures, not from here.
                                disabled=move || s == Status::Decharge && status.get() != Status::Decharge
                                prop:checked=move || status.get() == s
                                on:change=move |_| set_status.run(s)
                            />
                            <div>
                                <label for=id>{format!("{}. {}", i + 1, s.label())}</label>
                                <p class="ptw-afronden__status-uitleg" id=uitleg_id>
                                    {s.uitleg()}
                                    {(s == Status::Decharge).then_some(" Decharge gaat via de pagina Decharge: daar tekenen beide partijen.")}
                                </p>
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <p role="status" class="ptw-afronden__status-now">
                {move || format!("Huidige status: {}.", status.get().label())}
            </p>
        </section>
    }
}
