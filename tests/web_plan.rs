//! In-browser tests of the folded lists of step 3 (afspraken, risico's): one compact row per
//! item until it is opened, new items open with focus in their first field, a link to a field
//! opens its item, and after a check the items with errors open.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proeftuin_domain::{Afspraak, Partij, Proeftuin, Risico, Step};
use proeftuin_wizard::editor::field_id;
use proeftuin_wizard::wizard::plan::PlanStep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod support_web;

use support_web::{active_id, mount_step, next_tick, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

impl Mounted {
    fn buttons(&self) -> Vec<HtmlElement> {
        let list = self.container.query_selector_all("button").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }
    /// The button whose text (what a screen reader reads) is exactly `name`.
    fn button(&self, name: &str) -> HtmlElement {
        self.buttons()
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
            .unwrap_or_else(|| panic!("no button {name:?}"))
    }
}

fn mount_plan(doc: Proeftuin) -> Mounted {
    mount_step(doc, Step::PlanVanAanpak, || view! { <PlanStep/> })
}

fn exists(id: &str) -> bool {
    document().get_element_by_id(id).is_some()
}

fn item(id: &str) -> Element {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no item #{id}"))
}

fn expanded(item_id: &str) -> Option<String> {
    item(item_id)
        .query_selector("button[aria-expanded]")
        .unwrap()
        .expect("a toggle")
        .get_attribute("aria-expanded")
}

fn plan_doc(id: &str) -> Proeftuin {
    let mut d = Proeftuin::new(id.into(), chrono::Utc::now());
    d.plan.afspraken = vec![
        Afspraak {
            id: "a1".into(),
            partij: Partij::Opdrachtgever,
            wat: "Regelt een buddy op de werkplek".into(),
            eigenaar: "Contractmanager".into(),
            datum: None,
        },
        Afspraak {
            id: "a2".into(),
            partij: Partij::Leverancier,
            wat: "Zorgt voor een jobcoach".into(),
            eigenaar: String::new(),
            datum: None,
        },
    ];
    d.plan.risicos = vec![Risico {
        id: "r1".into(),
        risico: "Kandidaat valt uit".into(),
        maatregel: "Vervanger uit de pool".into(),
    }];
    d
}

#[wasm_bindgen_test]
async fn afspraken_and_risicos_are_folded_rows_with_a_summary_until_opened() {
    let m = mount_plan(plan_doc("test-plan-folded"));
    next_tick().await;
    for id in ["a1", "a2"] {
        assert!(!exists(&field_id(&format!("plan.afspraken.{id}.wat"))));
    }
    assert!(!exists(&field_id("plan.risicos.r1.risico")));
    let row = item(&field_id("plan.afspraken.a1"));
    assert!(exists(&format!("{}-kop", field_id("plan.afspraken.a1"))));
    let text = row.text_content().unwrap();
    assert!(
        text.contains("Opdrachtgever: Regelt een buddy op de werkplek"),
        "{text}"
    );
    assert!(text.contains("Compleet"), "{text}");
    // The second has no owner yet.
    assert!(item(&field_id("plan.afspraken.a2"))
        .text_content()
        .unwrap()
        .contains("Nog invullen"));

    let toggle = m.button("Bewerk afspraak 1");
    assert_eq!(
        expanded(&field_id("plan.afspraken.a1")).as_deref(),
        Some("false")
    );
    toggle.click();
    next_tick().await;
    assert_eq!(
        expanded(&field_id("plan.afspraken.a1")).as_deref(),
        Some("true")
    );
    let controls = toggle
        .get_attribute("aria-controls")
        .expect("aria-controls when open");
    assert!(item(&controls).contains(Some(&item(&field_id("plan.afspraken.a1.wat")))));
    assert!(!exists(&field_id("plan.afspraken.a2.wat")));
    // Folding again removes the fields; the summary follows edits made meanwhile.
    m.editor
        .edit(|d| d.plan.afspraken[0].wat = "Regelt twee buddy's".into());
    m.button("Sluit afspraak 1").click();
    next_tick().await;
    assert!(!exists(&field_id("plan.afspraken.a1.wat")));
    assert!(row.text_content().unwrap().contains("Regelt twee buddy's"));
}

#[wasm_bindgen_test]
async fn a_new_risico_opens_with_focus_in_its_field() {
    let m = mount_plan(plan_doc("test-plan-add"));
    next_tick().await;
    m.button("+ Risico toevoegen").click();
    next_tick().await;
    let new_id = m
        .editor
        .doc
        .with_untracked(|d| d.plan.risicos[1].id.clone());
    let field = field_id(&format!("plan.risicos.{new_id}.risico"));
    assert_eq!(active_id(), field);
    assert_eq!(
        expanded(&field_id(&format!("plan.risicos.{new_id}"))).as_deref(),
        Some("true")
    );
    // The existing one stays folded.
    assert!(!exists(&field_id("plan.risicos.r1.risico")));
}

#[wasm_bindgen_test]
async fn a_link_to_a_field_of_a_folded_afspraak_opens_it_and_focuses_the_field() {
    let _m = mount_plan(plan_doc("test-plan-link"));
    next_tick().await;
    let target = field_id("plan.afspraken.a2.eigenaar");
    assert!(!exists(&target));
    proeftuin_wizard::focus::focus_element(&target);
    next_tick().await;
    assert_eq!(active_id(), target);
    assert_eq!(
        expanded(&field_id("plan.afspraken.a2")).as_deref(),
        Some("true")
    );
    assert_eq!(
        expanded(&field_id("plan.afspraken.a1")).as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn after_a_check_the_afspraken_with_errors_open() {
    let m = mount_plan(plan_doc("test-plan-check"));
    next_tick().await;
    m.editor.show_all.set(true);
    next_tick().await;
    assert_eq!(
        expanded(&field_id("plan.afspraken.a2")).as_deref(),
        Some("true")
    );
    assert_eq!(
        expanded(&field_id("plan.afspraken.a1")).as_deref(),
        Some("false")
    );
    let owner = item(&field_id("plan.afspraken.a2.eigenaar"));
    assert_eq!(owner.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn removing_a_folded_afspraak_moves_focus_to_the_next_one() {
    let m = mount_plan(plan_doc("test-plan-remove"));
    next_tick().await;
    m.button("Verwijder afspraak 1").click();
    next_tick().await;
    assert_eq!(m.editor.doc.with_untracked(|d| d.plan.afspraken.len()), 1);
    // The item that took its place is folded: focus lands on its "Bewerk" button.
    let active = document().active_element().expect("focus");
    assert!(item(&field_id("plan.afspraken.a2")).contains(Some(&active)));
    assert!(active.text_content().unwrap().starts_with("Bewerk"));
}
