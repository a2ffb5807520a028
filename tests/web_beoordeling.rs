//! In-browser tests of step 4, Beoordeling: the rubric, the results, the chart and the
//! aandachtspunten (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use proeftuin_domain::format::one_decimal as format_score;
use proeftuin_domain::{criteria, voorbeeld_document, Oordeel, Proeftuin, Step};
use proeftuin_wizard::editor::{error_id, field_id, provide_editor, Editor};
use proeftuin_wizard::views::chart::RealismeImpactChart;
use proeftuin_wizard::wizard::beoordeling::{attention::AandachtspuntenList, BeoordelingStep};
use proeftuin_wizard::wizard::field_href;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits for the browser to run pending tasks.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let container: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    container
}

/// Mounts step 4 for `doc` inside its own editor; returns the container and the editor.
fn mount_step(doc: Proeftuin) -> (web_sys::HtmlElement, Editor) {
    let container = fresh_container();
    let slot: Rc<Cell<Option<Editor>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let ed = provide_editor(doc, Step::Beoordeling);
        out.set(Some(ed));
        view! { <BeoordelingStep/> }
    });
    handle.forget();
    (container, slot.get().expect("the editor"))
}

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap()
}

fn empty_doc(id: &str) -> Proeftuin {
    Proeftuin::new(id.to_string(), t0())
}

fn by_id(container: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    container
        .query_selector(&format!("[id='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element #{id}"))
        .unchecked_into()
}

fn find(container: &web_sys::Element, selector: &str) -> web_sys::Element {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

fn score_group(criterion: &str) -> String {
    field_id(&format!("beoordeling.scores.{criterion}.score"))
}

fn score_radio(
    container: &web_sys::HtmlElement,
    criterion: &str,
    n: u8,
) -> web_sys::HtmlInputElement {
    by_id(container, &format!("{}-{n}", score_group(criterion))).unchecked_into()
}

fn reason_area(container: &web_sys::HtmlElement, criterion: &str) -> web_sys::HtmlTextAreaElement {
    by_id(
        container,
        &field_id(&format!("beoordeling.scores.{criterion}.reden")),
    )
    .unchecked_into()
}

/// Types `value` into a text area the way the browser reports it (an `input` event).
fn type_into(area: &web_sys::HtmlTextAreaElement, value: &str) {
    area.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    ev.init_event_with_bubbles("input", true);
    area.dispatch_event(&ev).unwrap();
}

fn blur(el: &web_sys::HtmlElement) {
    let ev = web_sys::Event::new("blur").unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn score_of(ed: Editor, criterion: &str) -> (Option<u8>, String) {
    ed.doc.with_untracked(|d| {
        d.beoordeling
            .score_for(criterion)
            .map(|s| (s.score, s.reden.clone()))
            .unwrap_or_default()
    })
}

#[wasm_bindgen_test]
fn scores_have_one_decimal_and_a_dutch_comma() {
    assert_eq!(format_score(3.5), "3,5");
    assert_eq!(format_score(4.0), "4,0");
    assert_eq!(format_score(3.25), "3,3");
    assert_eq!(format_score(11.0 / 3.0), "3,7");
}

#[wasm_bindgen_test]
async fn choosing_a_score_updates_the_document_and_the_realisme_score() {
    let (c, ed) = mount_step(empty_doc("bo-score"));
    next_tick().await;
    let realisme = find(&c, ".ptw-bo-scores__item--realisme");
    assert!(
        text(&realisme).contains("Nog geen score"),
        "{}",
        text(&realisme)
    );
    assert!(text(&realisme).contains("0 van 4 criteria gescoord"));

    score_radio(&c, "realisme_haalbaarheid", 4).click();
    next_tick().await;
    assert_eq!(score_of(ed, "realisme_haalbaarheid").0, Some(4));
    assert!(score_radio(&c, "realisme_haalbaarheid", 4).checked());

    score_radio(&c, "realisme_begeleiding", 3).click();
    next_tick().await;
    let value = find(&realisme, ".ptw-bo-scores__value");
    assert_eq!(text(&value), "3,5 van 5");
    assert!(text(&realisme).contains("2 van 4 criteria gescoord"));
    let stand = find(&c, ".ptw-bo-dim__stand");
    assert_eq!(
        text(&stand),
        "Score realisme: 3,5 (2 van 4 criteria gescoord)"
    );
    // Impact has no score yet, so there is no suggestion.
    assert!(text(&find(&c, ".ptw-bo-suggestie")).contains("Nog geen voorstel"));
}

#[wasm_bindgen_test]
async fn a_score_keeps_the_reason_and_the_reason_keeps_the_score() {
    let (c, ed) = mount_step(empty_doc("bo-keep"));
    next_tick().await;
    type_into(
        &reason_area(&c, "impact_omvang"),
        "Vijf plekken voor een jaar.",
    );
    next_tick().await;
    assert_eq!(
        score_of(ed, "impact_omvang"),
        (None, "Vijf plekken voor een jaar.".into())
    );

    score_radio(&c, "impact_omvang", 2).click();
    next_tick().await;
    assert_eq!(
        score_of(ed, "impact_omvang"),
        (Some(2), "Vijf plekken voor een jaar.".into())
    );

    type_into(
        &reason_area(&c, "impact_omvang"),
        "Vijf plekken, twee jaar.",
    );
    next_tick().await;
    assert_eq!(
        score_of(ed, "impact_omvang"),
        (Some(2), "Vijf plekken, twee jaar.".into())
    );

    // "Nog geen score" clears the score but not the reason.
    let none: web_sys::HtmlInputElement =
        by_id(&c, &format!("{}-geen", score_group("impact_omvang"))).unchecked_into();
    assert!(!none.checked());
    none.click();
    next_tick().await;
    assert_eq!(
        score_of(ed, "impact_omvang"),
        (None, "Vijf plekken, twee jaar.".into())
    );
    assert!(!score_radio(&c, "impact_omvang", 2).checked());
}

#[wasm_bindgen_test]
async fn every_anchor_of_every_criterion_is_shown_in_its_option_label() {
    let (c, _ed) = mount_step(empty_doc("bo-anchors"));
    next_tick().await;
    for crit in criteria() {
        let group = by_id(&c, &score_group(crit.id));
        let fieldset = group
            .closest("fieldset")
            .unwrap()
            .expect("a fieldset per criterion");
        let legend = find(&fieldset, "legend");
        assert_eq!(text(&legend), crit.title);
        assert!(text(&fieldset).contains(crit.question));
        for n in 1..=5u8 {
            let radio = score_radio(&c, crit.id, n);
            assert_eq!(radio.name(), score_group(crit.id));
            let label = find(&c, &format!("label[for='{}']", radio.id()));
            assert_eq!(
                text(&label),
                format!("{n} – {}", crit.anchors[usize::from(n - 1)])
            );
            let anchor: web_sys::HtmlElement =
                find(&label, ".ptw-bo-scale__anchor").unchecked_into();
            assert!(
                anchor.offset_width() > 0 && anchor.offset_height() > 0,
                "anchor {n} of {} is visible",
                crit.id
            );
        }
        // Every reason field is labelled and tied to its criterion.
        let area = reason_area(&c, crit.id);
        let label = find(&c, &format!("label[for='{}']", area.id()));
        assert!(text(&label).starts_with("Onderbouwing"));
        assert!(text(&label).contains(crit.title));
    }
}

#[wasm_bindgen_test]
async fn errors_are_tied_to_the_score_group_and_the_reason() {
    let (c, ed) = mount_step(empty_doc("bo-errors"));
    next_tick().await;
    let path = "beoordeling.scores.realisme_draagvlak.score";
    let fieldset = by_id(&c, &score_group("realisme_draagvlak"))
        .closest("fieldset")
        .unwrap()
        .unwrap();
    assert!(!fieldset
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&error_id(path)));

    ed.show_all.set(true);
    next_tick().await;
    let described = fieldset
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    assert!(described.contains(&error_id(path)), "{described}");
    let err = by_id(&c, &error_id(path));
    assert!(text(&err).contains("Geef een score van 1 tot 5 voor: Draagvlak en eigenaarschap."));

    let area = reason_area(&c, "realisme_draagvlak");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    let reden_err = error_id("beoordeling.scores.realisme_draagvlak.reden");
    assert!(area
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&reden_err));

    score_radio(&c, "realisme_draagvlak", 5).click();
    type_into(&area, "Inkoop, HR en Beleid doen mee.");
    next_tick().await;
    assert!(!fieldset
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&error_id(path)));
    assert_eq!(area.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn the_suggestion_follows_the_scores_and_a_different_verdict_asks_why() {
    let (c, ed) = mount_step(empty_doc("bo-verdict"));
    next_tick().await;
    ed.edit(|d| {
        for crit in criteria() {
            d.beoordeling.set_score(crit.id, Some(4));
        }
    });
    next_tick().await;
    let suggestie = find(&c, ".ptw-bo-suggestie");
    assert!(
        text(&suggestie).contains("Voorstel: Accepteren"),
        "{}",
        text(&suggestie)
    );
    assert!(text(&suggestie).contains("Realisme en impact zijn allebei 3,5 of hoger."));
    assert!(text(&find(&c, ".ptw-bo-scores__item--impact")).contains("4,0"));
    assert!(text(&find(&c, ".ptw-bo-scores__item--impact")).contains("4 van 4 criteria gescoord"));

    let toelichting = by_id(&c, &field_id("beoordeling.oordeel_toelichting"));
    let note_id = format!("{}-notitie", field_id("beoordeling.oordeel_toelichting"));
    assert!(c
        .query_selector(&format!("[id='{note_id}']"))
        .unwrap()
        .is_none());

    let afwijzen: web_sys::HtmlInputElement =
        by_id(&c, &format!("{}-afwijzen", field_id("beoordeling.oordeel"))).unchecked_into();
    afwijzen.click();
    next_tick().await;
    assert_eq!(
        ed.doc.with_untracked(|d| d.beoordeling.oordeel),
        Some(Oordeel::Afwijzen)
    );
    let note = by_id(&c, &note_id);
    assert!(
        text(&note).contains("ander oordeel dan het voorstel (accepteren)"),
        "{}",
        text(&note)
    );
    assert!(toelichting
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&note_id));

    // Leaving the explanation empty after choosing a verdict shows a message.
    blur(&toelichting);
    next_tick().await;
    let err = by_id(&c, &error_id("beoordeling.oordeel_toelichting"));
    assert!(text(&err).contains("Schrijf kort waarom je dit oordeel kiest."));

    // One low impact score makes the suggestion "Aanpassen"; then a low mean rejects.
    ed.edit(|d| d.beoordeling.set_score("impact_omvang", Some(1)));
    next_tick().await;
    assert!(text(&find(&c, ".ptw-bo-suggestie")).contains("Voorstel: Aanpassen"));
    ed.edit(|d| {
        for id in ["impact_doelgroep", "impact_duurzaamheid", "impact_beleid"] {
            d.beoordeling.set_score(id, Some(2));
        }
    });
    next_tick().await;
    assert!(text(&find(&c, ".ptw-bo-suggestie")).contains("Voorstel: Afwijzen"));
    assert!(text(&find(&c, ".ptw-bo-suggestie")).contains("Impact is lager dan 2,5."));
    // Now verdict and suggestion agree: the note is gone.
    assert!(c
        .query_selector(&format!("[id='{note_id}']"))
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_chart_places_the_point_by_realisme_and_impact() {
    let container = fresh_container();
    let realisme = RwSignal::new(Some(4.0));
    let impact = RwSignal::new(Some(2.0));
    // Mounted without any editor: the chart can be used anywhere.
    leptos::mount::mount_to(container.clone(), move || {
        view! { <RealismeImpactChart realisme=realisme impact=impact/> }
    })
    .forget();
    next_tick().await;

    let svg = find(&container, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let labelledby = svg.get_attribute("aria-labelledby").unwrap();
    let ids: Vec<&str> = labelledby.split(' ').collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(find(&svg, "title").id(), ids[0]);
    let desc = find(&svg, "desc");
    assert_eq!(desc.id(), ids[1]);
    assert!(
        text(&desc).contains("realisme 4,0 en impact 2,0"),
        "{}",
        text(&desc)
    );
    assert!(text(&desc).contains("Veilig, maar weinig impact"));

    // x: 1..5 over 60..380; y: 1..5 over 332..12.
    let dot = find(&svg, ".ptw-chart__dot");
    assert_eq!(dot.get_attribute("cx").as_deref(), Some("300"));
    assert_eq!(dot.get_attribute("cy").as_deref(), Some("252"));
    let current = find(&svg, ".ptw-chart__vak--current");
    assert_eq!(current.get_attribute("data-vak").as_deref(), Some("veilig"));
    let caption = find(&container, "figcaption");
    assert!(text(&caption).contains("realisme 4,0, impact 2,0"));
    assert!(text(&caption).contains("Veilig, maar weinig impact"));

    realisme.set(Some(2.5));
    impact.set(Some(4.75));
    next_tick().await;
    let dot = find(&svg, ".ptw-chart__dot");
    assert_eq!(dot.get_attribute("cx").as_deref(), Some("180"));
    assert_eq!(dot.get_attribute("cy").as_deref(), Some("32"));
    assert_eq!(
        find(&svg, ".ptw-chart__vak--current")
            .get_attribute("data-vak")
            .as_deref(),
        Some("ambitieus")
    );

    realisme.set(Some(5.0));
    impact.set(Some(5.0));
    next_tick().await;
    let dot = find(&svg, ".ptw-chart__dot");
    assert_eq!(dot.get_attribute("cx").as_deref(), Some("380"));
    assert_eq!(dot.get_attribute("cy").as_deref(), Some("12"));
    assert_eq!(
        find(&svg, ".ptw-chart__vak--current")
            .get_attribute("data-vak")
            .as_deref(),
        Some("sterk")
    );

    impact.set(None);
    next_tick().await;
    assert!(svg.query_selector(".ptw-chart__dot").unwrap().is_none());
    assert!(svg
        .query_selector(".ptw-chart__vak--current")
        .unwrap()
        .is_none());
    assert!(text(&find(&svg, "desc")).contains("Nog geen punt"));
    assert!(text(&caption).contains("Nog geen punt in de grafiek"));
}

#[wasm_bindgen_test]
async fn the_step_shows_the_plan_in_the_chart_once_both_dimensions_have_a_score() {
    let (c, ed) = mount_step(empty_doc("bo-chart"));
    next_tick().await;
    assert!(c.query_selector(".ptw-chart__dot").unwrap().is_none());
    ed.edit(|d| {
        d.beoordeling.set_score("realisme_haalbaarheid", Some(3));
        d.beoordeling.set_score("realisme_begeleiding", Some(4));
        d.beoordeling.set_score("impact_doelgroep", Some(5));
    });
    next_tick().await;
    let dot = find(&c, ".ptw-chart__dot");
    // Realisme 3,5 → x 260; impact 5 → y 12.
    assert_eq!(dot.get_attribute("cx").as_deref(), Some("260"));
    assert_eq!(dot.get_attribute("cy").as_deref(), Some("12"));
    assert_eq!(
        find(&c, ".ptw-chart__vak--current")
            .get_attribute("data-vak")
            .as_deref(),
        Some("sterk")
    );
}

#[wasm_bindgen_test]
async fn a_plan_without_begeleiding_gets_an_aandachtspunt_that_links_to_the_field() {
    let mut doc = voorbeeld_document("ey-itvitae", "bo-aandacht".into(), t0()).unwrap();
    doc.plan.begeleiding = String::new();
    let (c, _ed) = mount_step(doc);
    next_tick().await;
    let item = find(&c, ".ptw-aandacht__item[data-id='geen_begeleiding']");
    assert!(
        text(&item).to_lowercase().contains("begeleiding"),
        "{}",
        text(&item)
    );
    let link: web_sys::HtmlAnchorElement = find(&item, "a").unchecked_into();
    let href = link.get_attribute("href").unwrap();
    assert_eq!(
        href,
        field_href("bo-aandacht", Step::PlanVanAanpak, "plan.begeleiding")
    );
    assert_eq!(
        href,
        "/proeftuin/bo-aandacht/plan-van-aanpak#f-plan-begeleiding"
    );
    assert!(text(&link).starts_with("Ga naar Plan van Aanpak"));
    assert!(text(&c).contains("De wizard ziet 1 aandachtspunt in dit plan."));
}

#[wasm_bindgen_test]
async fn a_complete_example_shows_a_positive_message_instead_of_aandachtspunten() {
    let doc = voorbeeld_document("berenschot", "bo-geen".into(), t0()).unwrap();
    let (c, _ed) = mount_step(doc);
    next_tick().await;
    assert!(c.query_selector(".ptw-aandacht__item").unwrap().is_none());
    assert!(text(&find(&c, ".ptw-aandacht__none")).contains("De wizard ziet geen aandachtspunten"));
}

#[wasm_bindgen_test]
async fn the_aandachtspunten_list_can_be_shown_without_links_for_print() {
    let mut doc = voorbeeld_document("atos-ocw", "bo-print".into(), t0()).unwrap();
    doc.plan.duurzaamheid.clear();
    let items = proeftuin_domain::aandachtspunten(&doc);
    assert!(!items.is_empty());
    let container = fresh_container();
    leptos::mount::mount_to(container.clone(), move || {
        view! { <AandachtspuntenList doc_id="bo-print" items=Signal::derive(move || items.clone()) links=false/> }
    })
    .forget();
    next_tick().await;
    assert!(container.query_selector("a").unwrap().is_none());
    assert!(text(&find(&container, ".ptw-aandacht__where")).contains("Zie stap 3: Plan van Aanpak"));
}

#[wasm_bindgen_test]
async fn the_chart_can_show_more_points_for_several_assessors() {
    use proeftuin_wizard::views::chart::ChartPoint;
    let container = fresh_container();
    let others = vec![
        ChartPoint {
            label: "Beoordelaar 1".into(),
            realisme: 2.0,
            impact: 3.0,
        },
        ChartPoint {
            label: "Beoordelaar 2".into(),
            realisme: 4.0,
            impact: 4.0,
        },
    ];
    leptos::mount::mount_to(container.clone(), move || {
        view! {
            <RealismeImpactChart realisme=Signal::derive(|| Some(3.0)) impact=Signal::derive(|| Some(3.5))
                others=Signal::derive(move || others.clone()) point_label="Samen"/>
        }
    })
    .forget();
    next_tick().await;
    let first = find(
        &container,
        ".ptw-chart__other[data-realisme='2,0'] .ptw-chart__other-dot",
    );
    assert_eq!(first.get_attribute("cx").as_deref(), Some("140"));
    assert_eq!(first.get_attribute("cy").as_deref(), Some("172"));
    let second = find(
        &container,
        ".ptw-chart__other[data-realisme='4,0'] .ptw-chart__other-dot",
    );
    assert_eq!(second.get_attribute("cx").as_deref(), Some("300"));
    assert_eq!(second.get_attribute("cy").as_deref(), Some("92"));
    let desc = text(&find(&container, "desc"));
    assert!(desc.contains("Samen: realisme 3,0 en impact 3,5"), "{desc}");
    assert!(
        desc.contains("Beoordelaar 2: realisme 4,0 en impact 4,0"),
        "{desc}"
    );
    let caption = text(&find(&container, "figcaption"));
    assert!(
        caption.contains("Beoordelaar 1: realisme 2,0, impact 3,0"),
        "{caption}"
    );
    assert!(
        caption.contains("Ambitieus, maak het haalbaar"),
        "{caption}"
    );
}
