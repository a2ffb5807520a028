//! In-browser tests of "Mijn proeftuinen" and the plan document of step 5
//! (wasm-bindgen-test in headless Chromium). Each test starts with an empty
//! localStorage and unmounts what it mounted.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, TimeZone, Utc};
use leptos::prelude::*;
use leptos_router::components::Router;
use proeftuin_domain::format::{date as datum_nl, decimal as getal_nl};
use proeftuin_domain::{voorbeeld_document, FieldError, Proeftuin, Status, Step};
use proeftuin_wizard::local_store::{self, StoredEntry};
use proeftuin_wizard::overview::Overview;
use proeftuin_wizard::views::plan_document::{PlanDocument, LEEG};
use proeftuin_wizard::wizard::afronden::missing_per_step;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    container: web_sys::HtmlElement,
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.container.remove();
    }
}

fn mount<F, V>(f: F) -> Mounted
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let doc = document();
    let container: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || f().into_view().into_any());
    Mounted {
        container,
        handle: Some(handle),
    }
}

/// `querySelectorAll` (the web-sys NodeList feature is not enabled) as a Vec.
fn qsa(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let f: js_sys::Function = js_sys::Reflect::get(root, &"querySelectorAll".into())
        .unwrap()
        .unchecked_into();
    let list = f.call1(root, &selector.into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .map(|n| n.unchecked_into::<web_sys::Element>())
        .collect()
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

fn clear_storage() {
    storage().clear().unwrap();
}

/// Waits for the browser to run pending tasks and a frame (focus moves in a frame).
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

fn t(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 10, 0, 0).unwrap()
}

fn stored(id: &str, naam: &str, status: Status, day: u32) -> Proeftuin {
    let mut doc = Proeftuin::new(id.into(), t(day));
    doc.vertrekpunt.naam = naam.into();
    doc.status = status;
    local_store::save(&doc).unwrap();
    doc
}

fn overview() -> Mounted {
    mount(|| view! { <Router><Overview/></Router> })
}

/// The button (or link) whose accessible text starts with `text`.
fn control(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlElement {
    qsa(root, "button, a")
        .into_iter()
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|el| el.text_content().unwrap_or_default().starts_with(text))
        .unwrap_or_else(|| panic!("no button or link starting with {text:?}"))
}

fn active_text() -> String {
    document()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn readable_docs() -> Vec<Proeftuin> {
    local_store::list()
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            StoredEntry::Ok(d) => Some(*d),
            StoredEntry::Unreadable { .. } => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn stored_proeftuinen_are_listed_newest_first_with_name_status_and_date() {
    clear_storage();
    stored("aaa", "Oude proeftuin", Status::Concept, 1);
    stored("bbb", "Nieuwe proeftuin OCW", Status::TerBeoordeling, 2);
    let m = overview();
    settle().await;
    let rows = qsa(&m.container, "tbody tr");
    assert_eq!(rows.len(), 2);
    let first = rows[0].text_content().unwrap();
    assert!(first.contains("Nieuwe proeftuin OCW"), "{first}");
    assert!(first.contains("Ter beoordeling"), "{first}");
    assert!(first.contains("02-03-2026"), "{first}");
    let second = rows[1].text_content().unwrap();
    assert!(
        second.contains("Oude proeftuin") && second.contains("Concept"),
        "{second}"
    );
    let link = m.container.query_selector("tbody th a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "/proeftuin/bbb/vertrekpunt"
    );
    let caption = m.container.query_selector("caption").unwrap().unwrap();
    assert!(caption.text_content().unwrap().starts_with("2 proeftuinen"));
}

#[wasm_bindgen_test]
async fn an_unreadable_entry_shows_a_warning_with_download_and_is_kept() {
    clear_storage();
    storage().set_item("ptw.doc.x", "{dit is kapot").unwrap();
    stored("goed", "Leesbare proeftuin", Status::Concept, 1);
    let m = overview();
    settle().await;
    let text = m.container.text_content().unwrap();
    assert!(text.contains("kon niet worden gelezen"), "{text}");
    assert!(text.contains("ptw.doc.x"));
    assert!(
        text.contains("Leesbare proeftuin"),
        "the readable one is still listed"
    );
    control(&m.container, "Download de opgeslagen tekst").click();
    settle().await;
    assert!(m
        .container
        .text_content()
        .unwrap()
        .contains("De tekst is gedownload"));
    // Still there, unchanged.
    assert_eq!(
        storage().get_item("ptw.doc.x").unwrap().as_deref(),
        Some("{dit is kapot")
    );
    // Deleting is possible only on request, with a confirmation, and can be undone.
    control(&m.container, "Verwijder deze onleesbare gegevens").click();
    settle().await;
    assert!(storage().get_item("ptw.doc.x").unwrap().is_some());
    control(&m.container, "Nee, laten staan").click();
    settle().await;
    assert!(storage().get_item("ptw.doc.x").unwrap().is_some());
    control(&m.container, "Verwijder deze onleesbare gegevens").click();
    settle().await;
    control(&m.container, "Ja, verwijder").click();
    settle().await;
    assert!(storage().get_item("ptw.doc.x").unwrap().is_none());
    control(&m.container, "Ongedaan maken").click();
    settle().await;
    assert_eq!(
        storage().get_item("ptw.doc.x").unwrap().as_deref(),
        Some("{dit is kapot")
    );
}

#[wasm_bindgen_test]
async fn duplicate_makes_a_concept_copy_with_a_new_id() {
    clear_storage();
    let mut original = Proeftuin::new("orig".into(), t(1));
    original.vertrekpunt.naam = "Stages bij DUO".into();
    original.status = Status::Geaccepteerd;
    original.plan.aantal_kandidaten = Some(4);
    local_store::save(&original).unwrap();
    let m = overview();
    settle().await;
    control(&m.container, "Dupliceren").click();
    settle().await;
    let docs = readable_docs();
    assert_eq!(docs.len(), 2);
    let copy = docs.iter().find(|d| d.id != "orig").expect("a copy");
    assert_eq!(copy.vertrekpunt.naam, "Stages bij DUO (kopie)");
    assert_eq!(copy.status, Status::Concept);
    assert_eq!(copy.plan.aantal_kandidaten, Some(4));
    assert_eq!(local_store::load("orig"), Some(Ok(original)));
    let text = m.container.text_content().unwrap();
    assert!(text.contains("Kopie gemaakt"), "{text}");
    assert_eq!(qsa(&m.container, "tbody tr").len(), 2);
    // Focus goes to the copy's name link.
    assert_eq!(active_text(), "Stages bij DUO (kopie)");
}

#[wasm_bindgen_test]
async fn delete_asks_first_and_undo_restores_exactly() {
    clear_storage();
    let doc = voorbeeld_document("ey-itvitae", "vb1".into(), t(3)).unwrap();
    local_store::save(&doc).unwrap();
    let before = storage().get_item("ptw.doc.vb1").unwrap().unwrap();
    let m = overview();
    settle().await;

    control(&m.container, "Verwijderen").click();
    settle().await;
    let question = m
        .container
        .query_selector(".ptw-overview__question")
        .unwrap()
        .unwrap();
    assert!(question
        .text_content()
        .unwrap()
        .starts_with("Weet je zeker"));
    assert!(
        local_store::exists("vb1"),
        "nothing is deleted before the confirmation"
    );
    assert!(
        active_text().starts_with("Weet je zeker"),
        "focus on the question"
    );

    control(&m.container, "Nee, bewaren").click();
    settle().await;
    assert!(local_store::exists("vb1"));
    assert!(
        active_text().starts_with("Verwijderen"),
        "focus back on the delete button"
    );

    control(&m.container, "Verwijderen").click();
    settle().await;
    control(&m.container, "Ja, verwijder").click();
    settle().await;
    assert!(!local_store::exists("vb1"));
    assert_eq!(qsa(&m.container, "tbody tr").len(), 0);
    assert!(m
        .container
        .text_content()
        .unwrap()
        .contains("is verwijderd"));
    assert!(active_text().starts_with("Ongedaan maken"), "focus on undo");

    control(&m.container, "Ongedaan maken").click();
    settle().await;
    assert_eq!(storage().get_item("ptw.doc.vb1").unwrap().unwrap(), before);
    assert_eq!(qsa(&m.container, "tbody tr").len(), 1);
    assert!(m
        .container
        .text_content()
        .unwrap()
        .contains("is teruggezet"));
    assert_eq!(active_text(), doc.title());
}

#[wasm_bindgen_test]
async fn the_plan_document_has_every_part_and_marks_empty_fields() {
    let mut doc = voorbeeld_document("berenschot", "vb2".into(), t(4)).unwrap();
    doc.vertrekpunt.startdatum = NaiveDate::from_ymd_opt(2026, 3, 1);
    doc.beoordeling.set_score("impact_omvang", Some(4));
    doc.beoordeling
        .set_reden("impact_omvang", "Vier kandidaten voor een jaar.");
    let title = doc.title();
    let m = mount(move || view! { <PlanDocument doc=Signal::stored(doc)/> });
    settle().await;
    let article = m
        .container
        .query_selector("article")
        .unwrap()
        .expect("an article");
    assert_eq!(
        article
            .query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        title
    );
    let names: Vec<String> = qsa(&article, "h2")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "1. Vertrekpunt",
            "2. Stakeholders",
            "3. Plan van Aanpak",
            "4. Beoordeling",
            "5. Status en notities"
        ]
    );
    let text = article.text_content().unwrap();
    assert!(text.contains("1 maart 2026"), "Dutch date");
    assert!(
        text.contains("De generieke regeling zou gelden"),
        "reference line"
    );
    assert!(text.contains("4 van 5"));
    assert!(text.contains("Vier kandidaten voor een jaar."));
    assert!(text.contains(LEEG), "empty scores say so");
    assert!(text.contains("Aandachtspunten"));
    // Every section sits in its own <section> with the heading.
    assert_eq!(qsa(&article, "section > h2").len(), 5);
}

#[wasm_bindgen_test]
fn dates_and_scores_are_written_the_dutch_way() {
    assert_eq!(
        datum_nl(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
        "1 maart 2026"
    );
    assert_eq!(
        datum_nl(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
        "31 december 2025"
    );
    assert_eq!(getal_nl(3.5), "3,5");
    assert_eq!(getal_nl(4.0), "4");
}

#[wasm_bindgen_test]
fn missing_fields_are_grouped_per_step_in_step_order() {
    let groups = missing_per_step(vec![
        FieldError::new("plan.ambitie", "a"),
        FieldError::new("vertrekpunt.naam", "b"),
        FieldError::new("plan.vormen", "c"),
        FieldError::new("vertrekpunt.naam", "dubbel"),
        FieldError::new("beoordeling.oordeel", "d"),
    ]);
    let steps: Vec<Option<Step>> = groups.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        steps,
        vec![
            Some(Step::Vertrekpunt),
            Some(Step::PlanVanAanpak),
            Some(Step::Beoordeling)
        ]
    );
    assert_eq!(groups[0].1.len(), 1, "one message per field");
    assert_eq!(groups[1].1.len(), 2);
}
