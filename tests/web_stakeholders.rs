//! In-browser tests of step 2, Stakeholders: the list (add, move, remove and undo, focus after
//! each action), the checklist of who is at the table and the stakeholder map with its table.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proeftuin_domain::fields::STAKEHOLDERS;
use proeftuin_domain::{Houding, Invloed, Proeftuin, Rol, Stakeholder, Step};
use proeftuin_wizard::components::editable_list::{self as list, add_button_id};
use proeftuin_wizard::editor::field_id;
use proeftuin_wizard::views::stakeholder_map as map;
use proeftuin_wizard::wizard::stakeholders::StakeholdersStep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod support_web;

use support_web::{active_id, next_tick, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.container.query_selector(selector).unwrap()
    }
    fn all(&self, selector: &str) -> Vec<Element> {
        query_all(&self.container, selector)
    }
    fn by_id(&self, id: &str) -> HtmlElement {
        document()
            .get_element_by_id(id)
            .unwrap_or_else(|| panic!("no element #{id}"))
            .unchecked_into()
    }
    fn button(&self, text: &str) -> HtmlElement {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(text))
            .unwrap_or_else(|| panic!("no button with {text:?}"))
            .unchecked_into()
    }
    fn names(&self) -> Vec<String> {
        self.editor
            .doc
            .with_untracked(|d| d.stakeholders.iter().map(|s| s.naam.clone()).collect())
    }
}

fn mount_step(doc: Proeftuin) -> Mounted {
    support_web::mount_step(doc, Step::Stakeholders, || view! { <StakeholdersStep/> })
}

fn sh(id: &str, naam: &str, rol: Rol, houding: Houding, invloed: Invloed) -> Stakeholder {
    Stakeholder {
        id: id.into(),
        naam: naam.into(),
        rol: Some(rol),
        houding,
        invloed,
        ..Stakeholder::default()
    }
}

fn doc_with(id: &str, list: Vec<Stakeholder>) -> Proeftuin {
    let mut d = Proeftuin::new(id.into(), chrono::Utc::now());
    d.stakeholders = list;
    d
}

fn three(id: &str) -> Proeftuin {
    doc_with(
        id,
        vec![
            sh(
                "a",
                "Inkoper DUO",
                Rol::Inkoop,
                Houding::Voorstander,
                Invloed::Hoog,
            ),
            sh(
                "b",
                "Directeur P&O",
                Rol::Hr,
                Houding::Kritisch,
                Invloed::Hoog,
            ),
            sh(
                "c",
                "Beleidsmedewerker",
                Rol::Beleid,
                Houding::Neutraal,
                Invloed::Laag,
            ),
        ],
    )
}

/// The text of the focused control, which must lie in the item of stakeholder `id` (a
/// folded item's first control is its "Bewerk" button).
fn focused_control_of(id: &str) -> String {
    let active = document().active_element().expect("focus");
    let item = document()
        .get_element_by_id(&list::item_id(STAKEHOLDERS.path, id))
        .expect("the item");
    assert!(item.contains(Some(&active)), "focus is outside item {id}");
    active.text_content().unwrap_or_default().trim().to_string()
}

/// `querySelectorAll` as a vector (without needing web-sys's NodeList).
fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let f: js_sys::Function = js_sys::Reflect::get(root, &"querySelectorAll".into())
        .unwrap()
        .unchecked_into();
    let list = f.call1(root, &selector.into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .map(|v| v.unchecked_into())
        .collect()
}

fn type_into(input: &HtmlElement, text: &str) {
    let input: HtmlInputElement = input.clone().unchecked_into();
    input.set_value(text);
    // A bubbling "input" event, as typing makes (Leptos listens at the document).
    let ev = document().create_event("Event").unwrap();
    ev.init_event_with_bubbles("input", true);
    input.dispatch_event(&ev).unwrap();
}

/// The text of the table cell for an influence row and a stance column.
fn table_cell(m: &Mounted, row: &str, col: usize) -> String {
    let rows = m.all(".ptw-sh-map__table tbody tr");
    let tr = rows
        .into_iter()
        .find(|r| {
            r.query_selector("th")
                .unwrap()
                .unwrap()
                .text_content()
                .as_deref()
                == Some(row)
        })
        .expect("row");
    query_all(&tr, "td")[col].text_content().unwrap()
}

#[wasm_bindgen_test]
async fn adding_a_stakeholder_adds_an_item_and_focuses_its_name_field() {
    let m = mount_step(doc_with("test-sh-add", vec![]));
    next_tick().await;
    assert!(m.all(".ptw-sh-lijst .ptw-list__item").is_empty());
    m.by_id(&add_button_id(STAKEHOLDERS.path)).click();
    next_tick().await;
    let items = m.all(".ptw-sh-lijst .ptw-list__item");
    assert_eq!(items.len(), 1);
    let id = m
        .editor
        .doc
        .with_untracked(|d| d.stakeholders[0].id.clone());
    assert!(!id.is_empty());
    assert_eq!(active_id(), field_id(&format!("stakeholders.{id}.naam")));
    // A new item opens at once.
    assert_eq!(
        toggle_of(&items[0])
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    // The item is a list item named by its heading with number and name.
    let heading = m.by_id(&list::heading_id(STAKEHOLDERS.path, &id));
    assert_eq!(heading.tag_name(), "H3");
    assert!(heading.text_content().unwrap().contains("(nog geen naam)"));
    assert_eq!(
        items[0].get_attribute("aria-labelledby").as_deref(),
        Some(list::heading_id(STAKEHOLDERS.path, &id).as_str())
    );
}

#[wasm_bindgen_test]
async fn typing_a_name_updates_the_heading_the_map_and_the_table_live() {
    let m = mount_step(doc_with("test-sh-type", vec![]));
    next_tick().await;
    m.by_id(&add_button_id(STAKEHOLDERS.path)).click();
    next_tick().await;
    let id = m
        .editor
        .doc
        .with_untracked(|d| d.stakeholders[0].id.clone());
    type_into(
        &m.by_id(&field_id(&format!("stakeholders.{id}.naam"))),
        "Categoriemanager ICT",
    );
    next_tick().await;
    assert_eq!(m.names(), vec!["Categoriemanager ICT".to_string()]);
    assert!(m
        .by_id(&list::heading_id(STAKEHOLDERS.path, &id))
        .text_content()
        .unwrap()
        .contains("Categoriemanager ICT"));
    let label = m.find(".ptw-sh-dot__label").expect("a label on the map");
    assert_eq!(label.text_content().unwrap(), "Categoriemanager ICT");
    // New stakeholders start as "onbekend" with medium influence: the middle cell.
    assert!(table_cell(&m, "Midden", 1).contains("1. Categoriemanager ICT (houding nog onbekend)"));
}

#[wasm_bindgen_test]
async fn moving_a_stakeholder_changes_the_order_and_keeps_focus_on_its_button() {
    let m = mount_step(three("test-sh-move"));
    next_tick().await;
    let down = m.by_id(&list::move_button_id(STAKEHOLDERS.path, "a", false));
    assert!(down.text_content().unwrap().contains("Zet Inkoper DUO"));
    down.focus().unwrap();
    down.click();
    next_tick().await;
    assert_eq!(
        m.names(),
        vec!["Directeur P&O", "Inkoper DUO", "Beleidsmedewerker"]
    );
    assert_eq!(
        active_id(),
        list::move_button_id(STAKEHOLDERS.path, "a", false)
    );
    // The page order follows the document, and the status says where it went.
    let headings: Vec<String> = m
        .all(".ptw-sh-lijst .ptw-list__item h3")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert!(headings[0].contains("Directeur P&O") && headings[1].contains("Inkoper DUO"));
    assert!(m
        .find("[role=status]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("plaats 2 van 3"));

    // Moving the first one up does nothing: the button says so and stays focusable.
    let up = m.by_id(&list::move_button_id(STAKEHOLDERS.path, "b", true));
    assert_eq!(up.get_attribute("aria-disabled").as_deref(), Some("true"));
    up.click();
    next_tick().await;
    assert_eq!(m.names()[0], "Directeur P&O");
}

#[wasm_bindgen_test]
async fn removing_focuses_the_next_item_and_undo_puts_it_back_in_place() {
    let m = mount_step(three("test-sh-remove"));
    next_tick().await;
    m.button("Verwijder Directeur P&O").click();
    next_tick().await;
    assert_eq!(m.names(), vec!["Inkoper DUO", "Beleidsmedewerker"]);
    assert_eq!(focused_control_of("c"), "Bewerk Beleidsmedewerker");
    assert!(m
        .find("[role=status]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Directeur P&O is verwijderd."));
    m.button("Ongedaan maken").click();
    next_tick().await;
    assert_eq!(
        m.names(),
        vec!["Inkoper DUO", "Directeur P&O", "Beleidsmedewerker"]
    );
    assert_eq!(focused_control_of("b"), "Bewerk Directeur P&O");
    assert!(m.all("button").iter().all(|b| !b
        .text_content()
        .unwrap_or_default()
        .contains("Ongedaan maken")));

    // Removing the last item moves focus to the add button.
    m.button("Verwijder Beleidsmedewerker").click();
    next_tick().await;
    assert_eq!(active_id(), add_button_id(STAKEHOLDERS.path));
}

#[wasm_bindgen_test]
async fn the_map_places_a_stakeholder_in_its_cell_and_the_table_lists_it() {
    let mut list = three("x").stakeholders;
    list[2].escalatielijn = true;
    let m = mount_step(doc_with("test-sh-map", list));
    next_tick().await;
    // Critical with high influence: top left. Supporter with high influence: top right.
    assert!(table_cell(&m, "Hoog", 0).contains("2. Directeur P&O"));
    assert!(table_cell(&m, "Hoog", 2).contains("1. Inkoper DUO"));
    assert!(table_cell(&m, "Laag", 1).contains("3. Beleidsmedewerker (escalatielijn)"));
    assert!(table_cell(&m, "Midden", 0).contains("Niemand"));

    // The drawing: the svg is an image named by its title, the critical one is drawn in the
    // top-left cell, the escalation line as a diamond (a path instead of a circle).
    let svg = m.find("svg.ptw-sh-map__svg").unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let labelled = svg.get_attribute("aria-labelledby").unwrap();
    let title_id = labelled.split(' ').next().unwrap();
    assert!(m
        .by_id(title_id)
        .text_content()
        .unwrap()
        .contains("Stakeholderkaart"));
    let critical = m
        .find(".ptw-sh-dot--kritisch circle")
        .expect("critical dot");
    let cx: i32 = critical.get_attribute("cx").unwrap().parse().unwrap();
    let cy: i32 = critical.get_attribute("cy").unwrap().parse().unwrap();
    let placed = map::layout(&m.editor.doc.with_untracked(|d| d.stakeholders.clone()));
    let dot = placed.dots.iter().find(|d| d.id == "b").unwrap();
    assert_eq!(dot.cell, (0, 0));
    assert_eq!((cx, cy), (dot.x, dot.y));
    assert!(m.find(".ptw-sh-dot--neutraal path").is_some());

    // Changing the stance moves the stakeholder live.
    m.editor
        .edit(|d| d.stakeholders[1].houding = Houding::Voorstander);
    next_tick().await;
    assert!(table_cell(&m, "Hoog", 2).contains("2. Directeur P&O"));
    assert!(table_cell(&m, "Hoog", 0).contains("Niemand"));
}

#[wasm_bindgen_test]
fn many_stakeholders_in_one_cell_never_overlap_and_stay_inside_it() {
    for n in [1usize, 5, 6, 10, 11, 40, 41, 60] {
        let list: Vec<Stakeholder> = (0..n)
            .map(|i| Stakeholder {
                id: format!("s{i}"),
                naam: format!("Een heel lange functienaam nummer {i}"),
                ..Stakeholder::default()
            })
            .collect();
        let placed = map::layout(&list);
        let mut spots: Vec<(i32, i32)> = placed.dots.iter().map(|d| (d.x, d.y)).collect();
        spots.extend(placed.more.iter().map(|m| (m.x + 10, m.y)));
        let count = spots.len();
        spots.sort();
        spots.dedup();
        assert_eq!(spots.len(), count, "{n} stakeholders: two at one spot");
        let shown: usize = placed.dots.len() + placed.more.iter().map(|m| m.count).sum::<usize>();
        assert_eq!(shown, n, "{n} stakeholders: all counted");
        let first = &placed.dots[0];
        for d in &placed.dots {
            assert_eq!(d.cell, (1, 1));
            assert!(
                (d.x - first.x) < 200 && (d.y - first.y) < 110,
                "{n}: outside the cell"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn the_checklist_says_in_words_who_is_missing_and_can_add_them() {
    let m = mount_step(doc_with(
        "test-sh-tafel",
        vec![sh(
            "a",
            "Inkoper DUO",
            Rol::Inkoop,
            Houding::Kritisch,
            Invloed::Hoog,
        )],
    ));
    next_tick().await;
    let text = |key: &str| {
        m.find(&format!("[data-punt={key}]"))
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(text("inkoop").contains("Inkoop zit aan tafel: Inkoper DUO."));
    assert!(text("hr").contains("Nog niemand van HR / P&O."));
    assert!(text("escalatielijn").contains("Nog geen escalatielijn."));
    assert!(m
        .find(".ptw-sh-tafel__warn")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Inkoper DUO is kritisch"));

    m.button("Voeg iemand van HR / P&O toe").click();
    next_tick().await;
    let added = m.editor.doc.with_untracked(|d| d.stakeholders[1].clone());
    assert_eq!(added.rol, Some(Rol::Hr));
    assert_eq!(
        active_id(),
        field_id(&format!("stakeholders.{}.naam", added.id))
    );
    assert!(text("hr").contains("HR / P&O zit aan tafel"));
}

#[wasm_bindgen_test]
async fn the_list_error_shows_after_a_check_and_the_section_is_its_link_target() {
    let m = mount_step(doc_with("test-sh-err", vec![]));
    next_tick().await;
    let section = m.by_id(&field_id("stakeholders"));
    assert_eq!(section.tag_name(), "SECTION");
    assert!(section
        .query_selector(".ptw-field__error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .is_empty());
    m.editor.show_all.set(true);
    next_tick().await;
    assert!(section
        .text_content()
        .unwrap()
        .contains("Voeg minstens twee stakeholders toe"));
}

#[wasm_bindgen_test]
async fn typing_in_one_of_fifty_stakeholders_keeps_the_other_items_in_place() {
    let list: Vec<Stakeholder> = (0..50)
        .map(|i| {
            sh(
                &format!("p{i}"),
                &format!("Functie {i}"),
                Rol::Anders,
                Houding::Neutraal,
                Invloed::Midden,
            )
        })
        .collect();
    let m = mount_step(doc_with("test-sh-fifty", list));
    next_tick().await;
    let items = m.all(".ptw-sh-lijst .ptw-list__item");
    assert_eq!(items.len(), 50);
    items[0].set_attribute("data-merk", "1").unwrap();
    // Items are folded: open the last one with its button, as a user does.
    m.button("Bewerk Functie 49").click();
    next_tick().await;
    let input = m.by_id(&field_id("stakeholders.p49.naam"));
    let start = js_sys::Date::now();
    for i in 0..20 {
        type_into(&input, &format!("Nieuwe functie {i}"));
    }
    let spent = js_sys::Date::now() - start;
    next_tick().await;
    assert_eq!(m.names()[49], "Nieuwe functie 19");
    // The first item is still the same element: rows are not rebuilt on a keystroke.
    assert_eq!(
        m.all(".ptw-sh-lijst .ptw-list__item")[0]
            .get_attribute("data-merk")
            .as_deref(),
        Some("1")
    );
    assert!(spent < 2000.0, "20 keystrokes took {spent} ms");
}

/// The "Bewerk"/"Sluit" button of a list item.
fn toggle_of(item: &Element) -> HtmlElement {
    item.query_selector("button[aria-expanded]")
        .unwrap()
        .expect("a toggle button")
        .unchecked_into()
}

fn item_of(m: &Mounted, id: &str) -> Element {
    m.by_id(&list::heading_id(STAKEHOLDERS.path, id))
        .closest("li")
        .unwrap()
        .unwrap()
}

#[wasm_bindgen_test]
async fn items_are_folded_to_one_row_with_a_summary_until_opened() {
    let m = mount_step(three("test-sh-folded"));
    next_tick().await;
    assert!(m.all(".ptw-sh-lijst .ptw-list__item").len() == 3);
    // No fields are built while folded; the row says what matters and whether it is complete.
    assert!(m.find("input, select, textarea").is_none());
    let item = item_of(&m, "a");
    let toggle = toggle_of(&item);
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(toggle.get_attribute("aria-controls"), None);
    assert!(toggle
        .text_content()
        .unwrap()
        .contains("Bewerk Inkoper DUO"));
    let summary = item
        .query_selector(".ptw-list__summary")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(summary.contains("Inkoop"), "{summary}");
    assert!(summary.contains("invloed hoog"), "{summary}");
    assert!(summary.contains("Compleet"), "{summary}");

    // Open: the fields appear, the button controls them and now says "Sluit".
    toggle.click();
    next_tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let controls = toggle
        .get_attribute("aria-controls")
        .expect("aria-controls when open");
    assert!(m
        .by_id(&controls)
        .contains(Some(&m.by_id(&field_id("stakeholders.a.naam")))));
    assert!(toggle.text_content().unwrap().contains("Sluit"));
    // The other items stay folded.
    assert!(document()
        .get_element_by_id(&field_id("stakeholders.b.naam"))
        .is_none());

    // Close again: the fields are gone.
    toggle.click();
    next_tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(document()
        .get_element_by_id(&field_id("stakeholders.a.naam"))
        .is_none());
}

#[wasm_bindgen_test]
async fn a_link_to_a_field_of_a_folded_item_opens_it_and_focuses_the_field() {
    let m = mount_step(three("test-sh-reveal"));
    next_tick().await;
    let target = field_id("stakeholders.c.nodig");
    assert!(document().get_element_by_id(&target).is_none());
    assert_eq!(
        toggle_of(&item_of(&m, "c"))
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false"),
        "the item starts folded"
    );
    // What the error summary and links from other pages do.
    proeftuin_wizard::focus::focus_element(&target);
    next_tick().await;
    assert!(
        document().get_element_by_id(&target).is_some(),
        "the item is open"
    );
    assert_eq!(active_id(), target);
    assert_eq!(
        toggle_of(&item_of(&m, "c"))
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    assert!(document()
        .get_element_by_id(&field_id("stakeholders.a.naam"))
        .is_none());
}

#[wasm_bindgen_test]
async fn after_a_check_the_items_with_errors_open_and_say_so() {
    let mut list = three("x").stakeholders;
    list[1].rol = None;
    let m = mount_step(doc_with("test-sh-errors-open", list));
    next_tick().await;
    let item = item_of(&m, "b");
    assert!(item.text_content().unwrap().contains("Nog invullen"));
    assert_eq!(
        toggle_of(&item).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    m.editor.show_all.set(true);
    next_tick().await;
    assert_eq!(
        toggle_of(&item).get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let rol = m.by_id(&field_id("stakeholders.b.rol"));
    assert_eq!(rol.get_attribute("aria-invalid").as_deref(), Some("true"));
    // Complete items stay folded.
    assert_eq!(
        toggle_of(&item_of(&m, "a"))
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn items_that_arrive_from_elsewhere_appear_folded_and_removed_ones_disappear() {
    let m = mount_step(three("test-sh-merge"));
    next_tick().await;
    m.button("Bewerk Inkoper DUO").click();
    next_tick().await;
    // A merge (another tab, the server) replaces the document: one gone, one new.
    let mut doc = m.editor.doc.get_untracked();
    doc.stakeholders.remove(1);
    doc.stakeholders.push(sh(
        "d",
        "Teamleider",
        Rol::Anders,
        Houding::Onbekend,
        Invloed::Laag,
    ));
    m.editor.doc.set(doc);
    next_tick().await;
    assert_eq!(m.all(".ptw-sh-lijst .ptw-list__item").len(), 3);
    assert!(document()
        .get_element_by_id(&list::heading_id(STAKEHOLDERS.path, "b"))
        .is_none());
    assert_eq!(
        toggle_of(&item_of(&m, "d"))
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    // The open item stays open.
    assert!(document()
        .get_element_by_id(&field_id("stakeholders.a.naam"))
        .is_some());
}
