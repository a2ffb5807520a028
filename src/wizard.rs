//! The wizard: one route per step (`/proeftuin/:id/:stap`), the frame around
//! the steps (step indicator, heading, help, save status, what is missing,
//! Vorige / Volgende), and the step pages in the submodules.

pub mod afronden;
pub mod beoordeling;
pub mod evaluatie;
pub mod plan;
pub mod rounds;
pub mod share;
pub mod stakeholders;
pub mod uitvoering;
pub mod vertrekpunt;

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use proeftuin_domain::store::*;
use proeftuin_domain::{help_for, Proeftuin, Status, Step};

use crate::components::not_found::MessagePage;
use crate::dom::set_title;
use crate::editor::{field_id, provide_editor, use_editor, Editor, SaveState};
use crate::local_store;
use crate::platform;
use crate::sync::Sync;

/// Path of a step of a proeftuin.
pub fn step_href(id: &str, step: Step) -> String {
    format!("/proeftuin/{id}/{}", step.slug())
}

/// Path of a page of its own inside the wizard (`versies`, `evaluatie`, `decharge`).
pub fn own_page_href(id: &str, page: &str) -> String {
    format!("/proeftuin/{id}/{page}")
}

/// Path of a field inside a step: the wizard focuses it after navigation.
pub fn field_href(id: &str, step: Step, path: &str) -> String {
    format!("{}#{}", step_href(id, step), field_id(path))
}

use proeftuin_domain::fields::step_of;

/// The route component: loads the proeftuin named in the URL from this device.
#[component]
pub fn WizardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || {
        let id = id.get();
        match local_store::load(&id) {
            Some(Ok(doc)) => view! { <Wizard doc/> }.into_any(),
            Some(Err(reason)) => view! {
                <MessagePage title="Proeftuin niet te lezen" heading="Deze proeftuin is niet te lezen">
                    <p>{reason}</p>
                    <p>"Op de pagina Mijn proeftuinen kun je de opgeslagen tekst downloaden, zodat er niets verloren gaat."</p>
                </MessagePage>
            }
            .into_any(),
            None => view! {
                <MessagePage title="Proeftuin niet gevonden" heading="Deze proeftuin staat niet op dit apparaat">
                    <p>"Misschien is hij verwijderd, of gemaakt op een ander apparaat of in een andere browser. Heb je een export-bestand? Dan kun je dat importeren op de pagina Mijn proeftuinen."</p>
                </MessagePage>
            }
            .into_any(),
        }
    }
}

/// The page in the address (`/proeftuin/<id>/<stap>`): the step on screen, `None` on a page
/// of its own (versies, beoordelaars).
fn step_in_address() -> Memo<Option<Step>> {
    let location = use_location();
    Memo::new(move |_| {
        location.pathname.with(|p| {
            p.trim_end_matches('/')
                .rsplit('/')
                .next()
                .and_then(|s| s.parse().ok())
        })
    })
}

/// What the pages inside the wizard share: whether one was shown before in this visit (a
/// page that comes after another gets the focus on its heading; the first one leaves focus
/// where the browser puts it).
#[derive(Clone, Copy)]
struct Visit {
    shown_before: StoredValue<bool>,
}

impl Visit {
    /// True for every page but the first of this visit.
    fn came_from_another_page(&self) -> bool {
        let before = self.shown_before.get_value();
        self.shown_before.set_value(true);
        before
    }
}

/// The wizard for one loaded proeftuin: the frame (save status, sync, step indicator) around
/// the page of the nested route (a step, the versions or the assessors).
#[component]
fn Wizard(doc: Proeftuin) -> impl IntoView {
    let on_screen = step_in_address();
    let step = Memo::new(move |_| on_screen.get().unwrap_or(Step::Vertrekpunt));
    // The editor reads the step straight from the URL, so its errors always match the screen.
    let ed = provide_editor(doc, step);
    let id = ed.doc.with_untracked(|d| d.id.clone());
    let sync = Sync::new(ed);
    provide_context(sync);
    provide_context(Visit {
        shown_before: StoredValue::new(false),
    });
    sync.run_in_background();

    view! {
        <div class="ptw-wizard">
            <nav class="ptw-crumbs ptw-no-print" aria-label="Kruimelpad">
                <A href="/">"Mijn proeftuinen"</A>
                <span aria-hidden="true">" › "</span>
                <span>{move || ed.title.get()}</span>
            </nav>
            <SaveStatus/>
            {crate::split::show(sync_bar)}
            {move || ed.read_only.get().then(|| view! {
                <div class="ptw-banner ptw-no-print" id="alleen-lezen">
                    <p>"Je bekijkt deze proeftuin met een leeslink. Je kunt alles lezen, afdrukken en exporteren, maar niets wijzigen."</p>
                </div>
            })}
            <StepIndicator id=id current=on_screen/>
            <Outlet/>
        </div>
    }
}

/// `/proeftuin/<id>/versies`: the earlier versions.
#[component]
pub fn VersionsPage() -> impl IntoView {
    view! { <OwnPage title="Eerdere versies"><share::HistoryView/></OwnPage> }
}

/// `/proeftuin/<id>/evaluatie`: the evaluation after a year.
#[component]
pub fn EvaluatiePage() -> impl IntoView {
    view! { <OwnPage title="Evaluatie"><evaluatie::EvaluatieView/></OwnPage> }
}

/// `/proeftuin/<id>/decharge`: the decharge and verduurzaming.
#[component]
pub fn DechargePage() -> impl IntoView {
    view! { <OwnPage title="Decharge"><evaluatie::DechargeView/></OwnPage> }
}

/// `/proeftuin/<id>/beoordelaars`: the assessment rounds.
#[component]
pub fn AssessorsPage() -> impl IntoView {
    view! { <OwnPage title="Beoordelaars"><rounds::RoundsView/></OwnPage> }
}

/// A page of its own inside the wizard: its heading, the proeftuin's name, and the page.
#[component]
fn OwnPage(title: &'static str, children: Children) -> impl IntoView {
    let ed = use_editor();
    let visit = expect_context::<Visit>();
    // "Show every error" belongs to the step where "Volgende" was pressed.
    ed.show_all.set(false);
    crate::action::effect(move || set_title(&format!("{title} – {}", ed.title.get())));
    if visit.came_from_another_page() {
        request_animation_frame(|| focus_heading("stap-titel"));
    }
    view! {
        <section class="ptw-page ptw-wizard__main" aria-labelledby="stap-titel">
            <h1 id="stap-titel" tabindex="-1">{title}</h1>
            <p class="ptw-wizard__name">{move || ed.title.get()}</p>
            {children()}
        </section>
    }
}

/// `/proeftuin/<id>/<stap>`: a step of the wizard, with what is missing, Vorige / Volgende
/// and the help for the step.
#[component]
pub fn StepPage() -> impl IntoView {
    let ed = use_editor();
    let step = ed.step;
    let id = ed.doc.with_untracked(|d| d.id.clone());
    let visit = expect_context::<Visit>();
    // Coming from a page of its own: no errors shown yet but those of fields left.
    ed.show_all.set(false);
    // The kept steps built so far (see `kept`).
    let built = RwSignal::new(Vec::<Step>::new());

    // Follow the URL: a new step starts with only blurred fields showing errors.
    let mut prev = None;
    crate::action::effect(move || {
        let s = step.get();
        if prev.is_some_and(|p| p != s) {
            ed.show_all.set(false);
            ed.flush();
        }
        prev = Some(s);
    });
    crate::action::effect(move || {
        let s = step.get();
        let title = format!(
            "Stap {} van {} – {} – {}",
            s.number(),
            Step::count(ed.doc.status().get()).max(usize::from(s.number())),
            s.title(),
            ed.title.get()
        );
        // Once the step is on screen: a new window title costs Chromium milliseconds.
        crate::dom::after_paint(move || {
            // Not when the page has gone meanwhile (to a page of its own).
            if !built.is_disposed() {
                set_title(&title);
            }
        });
    });

    // Focus the field named in the URL fragment (links from aandachtspunten and summaries),
    // otherwise the heading, after every step change.
    let location = use_location();
    let mut prev: Option<(Step, String)> = None;
    crate::action::effect(move || {
        let now = (step.get(), location.hash.get());
        if prev.as_ref() != Some(&now) {
            let target = now.1.trim_start_matches('#').to_string();
            let heading = prev.is_some() || visit.came_from_another_page();
            request_animation_frame(move || {
                if !target.is_empty() {
                    focus_element(&target);
                } else if heading {
                    focus_heading("stap-titel");
                }
            });
        }
        prev = Some(now);
    });

    let unkept = Memo::new(move |_| Some(step.get()).filter(|s| !kept(*s)));
    crate::action::effect(move || {
        let s = step.get();
        if kept(s) && !built.with_untracked(|b| b.contains(&s)) {
            built.update(|b| b.push(s));
        }
        if let Some(next) = s.next().filter(|n| kept(*n)) {
            // After this step is on screen, when the browser has nothing else to do.
            request_animation_frame(move || {
                request_idle_callback(move || {
                    if built.try_with_untracked(|b| !b.contains(&next)) == Some(true) {
                        built.update(|b| b.push(next));
                    }
                })
            });
        }
    });

    view! {
        <div class="ptw-wizard__body">
            <section class="ptw-page ptw-wizard__main" aria-labelledby="stap-titel">
                <h1 id="stap-titel" tabindex="-1" class:ptw-no-print=move || step.get() == Step::Afronden>
                    {move || format!("Stap {} van {} – {}", step.get().number(), Step::count(ed.doc.status().get()).max(usize::from(step.get().number())), step.get().title())}
                </h1>
                <p class="ptw-wizard__name" class:ptw-no-print=move || step.get() == Step::Afronden>{move || ed.title.get()}</p>
                <ErrorSummary id=id.clone() step=step/>
                // Steps 1 to 3 and 6 are built once and then kept (hidden while another step
                // shows): their long lists take tens of milliseconds to build with a large
                // plan. The next of them is prepared while the user is on the step before.
                {Step::ALL.iter().copied().filter(|s| kept(*s)).map(|s| view! {
                    <div class="ptw-step-form" hidden=move || step.get() != s>
                        <Show when=move || built.with(|b| b.contains(&s))>{step_form(s)}</Show>
                    </div>
                }).collect_view()}
                {move || unkept.get().map(step_form)}
                <StepButtons id=id step=step/>
            </section>
            <HelpPanel step=step/>
        </div>
    }
}

/// Whether a step's form is kept once built (see the wizard's view). Steps 4 and 5 are built
/// each time they show: they read the whole document (the assessment's aandachtspunten, the
/// printable plan), so kept hidden they would be redrawn at every keystroke elsewhere. Step 6
/// reads only the parts it shows (a year of reports takes a hundred milliseconds to build), and
/// is prepared while the user is on step 5.
fn kept(step: Step) -> bool {
    matches!(
        step,
        Step::Vertrekpunt | Step::Stakeholders | Step::PlanVanAanpak | Step::Uitvoering
    )
}

/// The form of a step. With a read-only link every control is disabled (step 5 disables only
/// its own fields, so printing and exporting still work).
fn step_form(step: Step) -> AnyView {
    match step {
        Step::Vertrekpunt => {
            step_controls(step, view! { <vertrekpunt::VertrekpuntStep/> }.into_any())
        }
        // Steps 2 to 5 are split points (see `crate::split`): loaded when first shown.
        Step::Stakeholders => crate::split::show(stakeholders_form),
        Step::PlanVanAanpak => crate::split::show(plan_form),
        Step::Beoordeling => crate::split::show(beoordeling_form),
        Step::Afronden => crate::split::show(afronden_form),
        Step::Uitvoering => crate::split::show(uitvoering_form),
    }
}

/// A step's form in a group of controls named by the step, all disabled with a read-only link
/// and after decharge (the plan is then final).
fn step_controls(step: Step, form: AnyView) -> AnyView {
    let ed = use_editor();
    let disabled =
        Signal::derive(move || ed.read_only.get() || ed.doc.status().get() == Status::Decharge);
    view! { <Controls legend=step.title() disabled>{form}</Controls> }.into_any()
}

// The sharing and sync bar of the frame (see `crate::split`): step 1 works without it.
#[cfg_attr(feature = "split", leptos::lazy)]
fn sync_bar() -> AnyView {
    view! { <share::SyncBar/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn stakeholders_form() -> AnyView {
    step_controls(
        Step::Stakeholders,
        view! { <stakeholders::StakeholdersStep/> }.into_any(),
    )
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn plan_form() -> AnyView {
    step_controls(Step::PlanVanAanpak, view! { <plan::PlanStep/> }.into_any())
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn beoordeling_form() -> AnyView {
    step_controls(
        Step::Beoordeling,
        view! { <beoordeling::BeoordelingStep/> }.into_any(),
    )
}

// Step 6 groups its own controls: its links and calendar file work with a read-only link too.
#[cfg_attr(feature = "split", leptos::lazy)]
fn uitvoering_form() -> AnyView {
    view! { <uitvoering::UitvoeringStep/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn afronden_form() -> AnyView {
    view! { <afronden::AfrondenStep/> }.into_any()
}

use crate::components::controls::Controls;
use crate::focus::{focus_element, focus_heading};

/// "Opgeslagen op dit apparaat om hh:mm", or what went wrong, with export as a way out.
#[component]
fn SaveStatus() -> impl IntoView {
    let ed = use_editor();
    let export = move |_| export_document(ed);
    view! {
        // Not a live region: announcing every pause in typing would flood screen readers;
        // failures are announced by the alert below.
        <p class="ptw-save ptw-no-print">
            {move || match ed.save_state.get() {
                SaveState::Saved(t) => format!("Opgeslagen op dit apparaat om {}", platform::format_clock(t)),
                SaveState::Pending => "Wijzigingen worden opgeslagen…".to_string(),
                SaveState::Failed(_) => "Niet opgeslagen op dit apparaat".to_string(),
                SaveState::RemovedElsewhere => "Niet meer op dit apparaat: alleen in dit venster".to_string(),
            }}
        </p>
        {move || match ed.save_state.get() {
            SaveState::Failed(e) => Some(view! {
                <div class="ptw-banner ptw-banner--error ptw-no-print" role="alert">
                    <p>{e.message()}</p>
                    <div class="ptw-banner__actions">
                        <button type="button" class="ptw-button" on:click=export>"Exporteer naar een bestand"</button>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| ed.save_now()>"Opnieuw proberen"</button>
                    </div>
                </div>
            }.into_any()),
            SaveState::RemovedElsewhere => Some(view! {
                <div class="ptw-banner ptw-banner--error ptw-no-print" role="alert">
                    <p>"Deze proeftuin is in een ander venster van dit apparaat verwijderd. Wat je hier ziet, staat nu alleen nog in dit venster. Wil je hem houden? Zet hem dan terug of exporteer hem."</p>
                    <div class="ptw-banner__actions">
                        <button type="button" class="ptw-button" on:click=move |_| ed.keep_anyway()>"Zet terug op dit apparaat"</button>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=export>"Exporteer naar een bestand"</button>
                    </div>
                </div>
            }.into_any()),
            _ => None,
        }}
    }
}

/// Downloads the document as a versioned JSON file.
pub fn export_document(ed: Editor) {
    let (name, json) = ed.doc.with_untracked(|d| {
        (
            platform::safe_file_stem(&d.title()),
            proeftuin_domain::storage::export_json(d, platform::now()),
        )
    });
    let _ = platform::download_text(&format!("{name}.proeftuin.json"), &json, "application/json");
}

/// The list of steps, each a link; the current one is marked for screen readers.
#[component]
fn StepIndicator(id: String, current: Memo<Option<Step>>) -> impl IntoView {
    let ed = use_editor();
    // Steps 1 to 4 are checked on their own part of the document only (a keystroke in one
    // step does not check the others); step 5 is complete when they all are.
    let part = [
        Step::Vertrekpunt,
        Step::Stakeholders,
        Step::PlanVanAanpak,
        Step::Beoordeling,
    ]
    .map(|s| Memo::new(move |_| ed.step_is_complete(s)));
    let all = Memo::new(move |_| part.iter().all(|c| c.get()));
    // Step 6 is done when nothing on it is wrong and nothing is late.
    // (`step_is_complete` subscribes to what both read.)
    let uitvoering = Memo::new(move |_| {
        ed.step_is_complete(Step::Uitvoering)
            && ed.doc.with_untracked(|d| {
                proeftuin_domain::uitvoering::tel(&proeftuin_domain::uitvoering::signalen(
                    d,
                    platform::today_tracked(),
                ))
                .0 == 0
            })
    });
    let complete = [part[0], part[1], part[2], part[3], all, uitvoering];
    // Step 6 shows once the plan is accepted.
    let status = Memo::new(move |_| ed.doc.status().get());
    view! {
        <nav class="ptw-steps ptw-no-print" aria-label="Stappen">
            <ol class="ptw-steps__list">
                {Step::ALL.iter().map(|s| {
                    let s = *s;
                    let complete = complete[s.number() as usize - 1];
                    view! {
                        <li class="ptw-steps__item" hidden=move || !s.is_open(status.get())
                            class:ptw-steps__item--current=move || current.get() == Some(s)
                            class:ptw-steps__item--done=move || complete.get()>
                            <a href=step_href(&id, s) class="ptw-steps__link"
                                aria-current=move || (current.get() == Some(s)).then_some("step")>
                                <span class="ptw-steps__num" aria-hidden="true">{s.number()}</span>
                                <span class="ptw-steps__title">{s.title()}</span>
                                <span class="ptw-visually-hidden">
                                    {move || if complete.get() { " (compleet)" } else { " (nog niet compleet)" }}
                                </span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// After "Volgende": the list of what is still missing in this step, with links to the fields.
#[component]
fn ErrorSummary(id: String, step: Signal<Step>) -> impl IntoView {
    let ed = use_editor();
    let id = StoredValue::new(id);
    view! {
        {move || {
            let errs = ed.errors.get();
            (ed.show_all.get() && !errs.is_empty()).then(|| {
                let s = step.get();
                let next = s.next().filter(|n| n.is_open(ed.doc.status().get_untracked()));
                view! {
                    <div class="ptw-summary ptw-no-print" role="alert" id="ontbreekt" tabindex="-1" aria-labelledby="ontbreekt-titel">
                        <h2 id="ontbreekt-titel">{format!("Deze stap is nog niet compleet ({} {})", errs.len(), if errs.len() == 1 { "punt" } else { "punten" })}</h2>
                        <ul>
                            {errs.into_iter().map(|e| {
                                // A hard error may concern a field of another step: link there.
                                let elsewhere = step_of(&e.path).filter(|other| *other != s);
                                match elsewhere {
                                    Some(other) => view! {
                                        <li><A href=field_href(&id.get_value(), other, &e.path)>
                                            {format!("{} (stap {}: {})", e.message, other.number(), other.title())}
                                        </A></li>
                                    }.into_any(),
                                    None => view! {
                                        <li><a href=format!("#{}", field_id(&e.path))
                                            on:click=move |ev: leptos::ev::MouseEvent| {
                                                ev.prevent_default();
                                                focus_element(&field_id(&e.path));
                                            }>{e.message.clone()}</a></li>
                                    }.into_any(),
                                }
                            }).collect_view()}
                        </ul>
                        <p class="ptw-summary__note">"Je kunt dit later aanvullen: alles wordt bewaard."</p>
                        {next.map(|n| view! {
                            <A href=step_href(&id.get_value(), n) attr:class="ptw-button ptw-button--secondary">
                                {format!("Toch door naar stap {}: {}", n.number(), n.title())}
                            </A>
                        })}
                    </div>
                }
            })
        }}
    }
}

/// Vorige / Volgende at the bottom of each step.
#[component]
fn StepButtons(id: String, step: Signal<Step>) -> impl IntoView {
    let ed = use_editor();
    let navigate = use_navigate();
    let id = StoredValue::new(id);
    let on_next = move |_| {
        let s = step.get_untracked();
        if !ed.errors.with_untracked(Vec::is_empty) {
            ed.show_all.set(true);
            request_animation_frame(|| focus_element("ontbreekt"));
        } else if let Some(n) = s
            .next()
            .filter(|n| n.is_open(ed.doc.status().get_untracked()))
        {
            ed.flush();
            navigate(&step_href(&id.get_value(), n), NavigateOptions::default());
        } else {
            ed.show_all.set(true);
        }
    };
    view! {
        <div class="ptw-stepnav ptw-no-print">
            {move || step.get().prev().map(|p| view! {
                <A href=step_href(&id.get_value(), p) attr:class="ptw-button ptw-button--secondary">
                    {format!("Vorige: {}", p.title())}
                </A>
            })}
            {move || step.get().next().filter(|n| n.is_open(ed.doc.status().get())).map(|n| view! {
                <button type="button" class="ptw-button ptw-stepnav__next" on:click=on_next.clone()>
                    {format!("Volgende: {}", n.title())}
                </button>
            })}
        </div>
    }
}

/// Short guidance for the step, in plain Dutch.
#[component]
fn HelpPanel(step: Signal<Step>) -> impl IntoView {
    view! {
        <aside class="ptw-help ptw-no-print" aria-labelledby="hulp-titel">
            <details open>
                <summary id="hulp-titel">"Hulp bij deze stap"</summary>
                {move || {
                    let help = help_for(step.get());
                    view! {
                        <p>{help.intro}</p>
                        <ul>{help.tips.iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ul>
                    }
                }}
            </details>
        </aside>
    }
}
