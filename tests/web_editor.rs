//! In-browser tests of the editor store and the generic form components.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proeftuin_domain::store::*;
use proeftuin_domain::{Proeftuin, Step};
use proeftuin_wizard::components::NumberField;
use proeftuin_wizard::editor::{provide_editor, Editor, SaveState, AUTOSAVE_DELAY};
use proeftuin_wizard::local_store;
use proeftuin_wizard::wizard::vertrekpunt::VertrekpuntStep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn container() -> web_sys::HtmlElement {
    let c: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    c
}

fn doc(id: &str) -> Proeftuin {
    Proeftuin::new(id.to_string(), chrono::Utc::now())
}

fn input_text(el: &web_sys::HtmlInputElement, text: &str) {
    el.set_value(text);
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn an_edit_is_autosaved_after_a_pause_and_reads_back_identically() {
    local_store::remove("ed-1").ok();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    let c = container();
    leptos::mount::mount_to(c, move || {
        let ed = provide_editor(doc("ed-1"), Step::Vertrekpunt);
        holder.set_value(Some(ed));
        view! { <p>"editor"</p> }
    })
    .forget();
    let ed = holder.get_value().unwrap();
    ed.edit(|d| d.vertrekpunt.naam = "Proeftuin Catering".into());
    assert_eq!(ed.save_state.get_untracked(), SaveState::Pending);
    assert!(
        local_store::load("ed-1").is_none(),
        "not saved before the pause"
    );
    sleep_ms(AUTOSAVE_DELAY.as_millis() as i32 + 150).await;
    assert!(matches!(ed.save_state.get_untracked(), SaveState::Saved(_)));
    let stored = local_store::load("ed-1").unwrap().unwrap();
    assert_eq!(stored, ed.doc.get_untracked());
    assert_eq!(stored.vertrekpunt.naam, "Proeftuin Catering");
}

#[wasm_bindgen_test]
async fn flushing_saves_a_pending_edit_at_once() {
    local_store::remove("ed-2").ok();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    leptos::mount::mount_to(container(), move || {
        holder.set_value(Some(provide_editor(doc("ed-2"), Step::Vertrekpunt)));
        view! { <p>"editor"</p> }
    })
    .forget();
    let ed = holder.get_value().unwrap();
    ed.edit(|d| d.plan.ambitie = "Vijf werkervaringsplaatsen".into());
    ed.flush();
    assert_eq!(
        local_store::load("ed-2").unwrap().unwrap().plan.ambitie,
        "Vijf werkervaringsplaatsen"
    );
}

#[wasm_bindgen_test]
async fn a_number_field_refuses_nonsense_and_stores_no_value() {
    let value = RwSignal::new(Some(5u32));
    let c = container();
    leptos::mount::mount_to(c.clone(), move || {
        provide_editor(doc("ed-3"), Step::PlanVanAanpak);
        view! {
            <NumberField<u32> label="Aantal kandidaten" path="plan.aantal_kandidaten"
                value=Signal::from(value) on_change=Callback::new(move |v| value.set(v))
                max=10_000 noun="het aantal kandidaten"/>
        }
    })
    .forget();
    sleep_ms(10).await;
    let input: web_sys::HtmlInputElement =
        c.query_selector("input").unwrap().unwrap().unchecked_into();
    assert_eq!(input.value(), "5");
    for bad in ["vijf", "-3", "2,5", "10001"] {
        input_text(&input, bad);
        sleep_ms(10).await;
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad}"
        );
        assert_eq!(value.get_untracked(), None, "{bad}");
        let err_id = input.get_attribute("aria-describedby").unwrap();
        let msg = document()
            .get_element_by_id(&err_id)
            .unwrap()
            .text_content()
            .unwrap();
        assert!(!msg.trim().is_empty(), "{bad}: a message is shown");
        assert_eq!(input.value(), bad, "what was typed stays visible");
    }
    input_text(&input, "1.200");
    sleep_ms(10).await;
    assert_eq!(value.get_untracked(), Some(1200));
    assert_eq!(input.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn the_reference_line_appears_for_large_long_contracts_only() {
    local_store::remove("ed-4").ok();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    let c = container();
    leptos::mount::mount_to(c.clone(), move || {
        holder.set_value(Some(provide_editor(doc("ed-4"), Step::Vertrekpunt)));
        view! { <VertrekpuntStep/> }
    })
    .forget();
    let ed = holder.get_value().unwrap();
    ed.edit(|d| {
        d.vertrekpunt.contractwaarde = Some(300_000);
        d.vertrekpunt.looptijd_maanden = Some(12);
    });
    sleep_ms(20).await;
    let text = c
        .query_selector(".ptw-reference")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("€ 15.000"), "{text}");
    ed.edit(|d| d.vertrekpunt.looptijd_maanden = Some(5));
    sleep_ms(20).await;
    let text = c
        .query_selector(".ptw-reference")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(!text.contains("€ 15.000"), "{text}");
}

#[wasm_bindgen_test]
fn the_printed_plan_rounds_scores_like_the_assessment_step() {
    // What each screen calls: the printed plan `decimal`, the assessment step `one_decimal`.
    use proeftuin_domain::format::{decimal as getal_nl, one_decimal as format_score};
    // Means of four whole scores often end in ,25 or ,75: both screens must agree.
    for (mean, shown) in [(3.25, "3,3"), (1.25, "1,3"), (3.75, "3,8")] {
        assert_eq!(getal_nl(mean), shown, "printed plan");
        assert_eq!(format_score(mean), shown, "assessment step");
    }
}

fn stakeholder(id: &str, naam: &str) -> proeftuin_domain::Stakeholder {
    proeftuin_domain::Stakeholder {
        id: id.into(),
        naam: naam.into(),
        ..Default::default()
    }
}

/// Two fields' values and the first one's setter.
type Bound = (Signal<String>, Signal<String>, Callback<String>);

#[wasm_bindgen_test]
async fn a_stored_draft_with_an_item_id_twice_opens_with_both_items_and_is_saved_repaired() {
    local_store::remove("ed-dup").ok();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    leptos::mount::mount_to(container(), move || {
        let mut d = doc("ed-dup");
        d.stakeholders = vec![stakeholder("a", "Inkoper"), stakeholder("a", "Jobcoach")];
        holder.set_value(Some(provide_editor(d, Step::Stakeholders)));
        view! { <p>"items"</p> }
    })
    .forget();
    sleep_ms(20).await;
    let ed = holder.get_value().unwrap();
    let ids: Vec<String> = ed
        .doc
        .with_untracked(|d| d.stakeholders.iter().map(|s| s.id.clone()).collect());
    assert_eq!(ids[0], "a");
    assert_ne!(ids[1], "a");
    // Each item is found by its own id, and an edit lands in that one only.
    let second = ed.doc.stakeholders().at_key(ids[1].clone()).naam();
    assert_eq!(second.get_untracked(), "Jobcoach");
    ed.set(second, "Jobcoach UWV".to_string());
    assert_eq!(
        ed.doc.with_untracked(|d| [
            d.stakeholders[0].naam.clone(),
            d.stakeholders[1].naam.clone()
        ]),
        ["Inkoper".to_string(), "Jobcoach UWV".to_string()]
    );
    sleep_ms(AUTOSAVE_DELAY.as_millis() as i32 + 100).await;
    let stored = local_store::read_raw(&local_store::doc_key("ed-dup")).expect("saved");
    let stored = proeftuin_domain::storage::parse_stored(&stored).unwrap();
    assert!(proeftuin_domain::validation::check_consistency(&stored).is_empty());
    assert_eq!(stored.stakeholders[1].naam, "Jobcoach UWV");
}

#[wasm_bindgen_test]
async fn a_field_of_a_list_item_in_the_store_follows_only_its_own_item() {
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    let runs_b = StoredValue::new(0u32);
    let names: StoredValue<Option<Bound>> = StoredValue::new(None);
    leptos::mount::mount_to(container(), move || {
        let mut d = doc("ed-item");
        d.stakeholders = vec![stakeholder("a", "Inkoper"), stakeholder("b", "Jobcoach")];
        let ed = provide_editor(d, Step::Stakeholders);
        holder.set_value(Some(ed));
        let (a, set_a) = ed.bind(ed.doc.stakeholders().at_key("a".into()).naam());
        let (b, _) = ed.bind(ed.doc.stakeholders().at_key("b".into()).naam());
        // Counts how often b's value is recomputed downstream.
        Effect::new(move || {
            b.track();
            runs_b.update_value(|n| *n += 1);
        });
        names.set_value(Some((a, b, set_a)));
        view! { <p>"items"</p> }
    })
    .forget();
    sleep_ms(20).await;
    let ed = holder.get_value().unwrap();
    let (a, b, set_a) = names.get_value().unwrap();
    let before = runs_b.get_value();
    set_a.run("Inkoper DUO".into());
    sleep_ms(20).await;
    assert_eq!(a.get_untracked(), "Inkoper DUO");
    assert_eq!(b.get_untracked(), "Jobcoach");
    assert_eq!(
        ed.doc.with_untracked(|d| d.stakeholders[0].naam.clone()),
        "Inkoper DUO"
    );
    assert_eq!(
        runs_b.get_value(),
        before,
        "b did not change, so nothing that shows it ran again"
    );
    // A whole new version (another tab's merge, the server's copy) is patched in: only the
    // fields it changes notify.
    let mut theirs = ed.doc.get_untracked();
    theirs.stakeholders[0].naam = "Inkoper DUO en DJI".into();
    assert!(ed.replace(theirs));
    sleep_ms(20).await;
    assert_eq!(a.get_untracked(), "Inkoper DUO en DJI");
    assert_eq!(
        runs_b.get_value(),
        before,
        "a new version that leaves b alone does not notify b"
    );
    // The item removed (e.g. by a merge from another tab): its fields read as empty.
    ed.edit(|d| d.stakeholders.retain(|s| s.id != "a"));
    sleep_ms(20).await;
    assert_eq!(a.get_untracked(), "");
    assert_eq!(b.get_untracked(), "Jobcoach");
}

#[wasm_bindgen_test]
async fn a_field_error_shows_once_the_field_was_left_and_follows_edits() {
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    let error: StoredValue<Option<Signal<Option<String>>>> = StoredValue::new(None);
    leptos::mount::mount_to(container(), move || {
        let mut d = doc("ed-err");
        d.stakeholders = vec![stakeholder("a", "")];
        let ed = provide_editor(d, Step::Stakeholders);
        holder.set_value(Some(ed));
        error.set_value(Some(ed.error_for("stakeholders.a.naam")));
        view! { <p>"errors"</p> }
    })
    .forget();
    sleep_ms(20).await;
    let ed = holder.get_value().unwrap();
    let error = error.get_value().unwrap();
    assert!(
        ed.errors
            .with_untracked(|e| e.iter().any(|e| e.path == "stakeholders.a.naam")),
        "an empty name is an error of the step"
    );
    assert_eq!(
        error.get_untracked(),
        None,
        "hidden until the field was left"
    );
    ed.touch_field("stakeholders.a.naam");
    sleep_ms(20).await;
    assert!(
        error.get_untracked().is_some(),
        "shown after leaving the field"
    );
    ed.edit(|d| d.stakeholders[0].naam = "Inkoper".into());
    sleep_ms(20).await;
    assert_eq!(
        error.get_untracked(),
        None,
        "gone as soon as the value is right"
    );
    ed.edit(|d| d.stakeholders[0].naam = String::new());
    sleep_ms(20).await;
    assert!(
        error.get_untracked().is_some(),
        "back while the field was left before"
    );

    // Another field, never left: shown only once every error of the step is asked for.
    ed.edit(|d| d.stakeholders.push(stakeholder("b", "")));
    let other = ed.error_for("stakeholders.b.naam");
    sleep_ms(20).await;
    assert_eq!(other.get_untracked(), None);
    ed.show_all.set(true);
    sleep_ms(20).await;
    assert!(other.get_untracked().is_some());
}

/// Counts how often each watched field of the store was read again.
type Watch = (&'static str, Box<dyn Fn(&mut Proeftuin)>);

#[wasm_bindgen_test]
async fn a_new_version_patched_in_notifies_exactly_the_fields_it_changes() {
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    let runs: StoredValue<Vec<u32>> = StoredValue::new(vec![0; 10]);
    leptos::mount::mount_to(container(), move || {
        let mut d = doc("ed-patch");
        d.vertrekpunt.leveranciers = vec![proeftuin_domain::Leverancier {
            id: "l1".into(),
            naam: "Leverancier".into(),
        }];
        d.stakeholders = vec![stakeholder("a", "Inkoper"), stakeholder("b", "Jobcoach")];
        d.plan.afspraken = vec![proeftuin_domain::Afspraak {
            id: "x".into(),
            wat: "Werkplekken".into(),
            ..Default::default()
        }];
        let ed = provide_editor(d, Step::Vertrekpunt);
        holder.set_value(Some(ed));
        let doc = ed.doc;
        // One effect per field, in the order of the changes below.
        let watch = move |i: usize, read: Box<dyn Fn() + Send + Sync>| {
            Effect::new(move || {
                read();
                runs.update_value(|r| r[i] += 1);
            });
        };
        watch(0, Box::new(move || doc.status().track()));
        watch(1, Box::new(move || doc.vertrekpunt().naam().track()));
        watch(2, Box::new(move || doc.vertrekpunt().startdatum().track()));
        watch(
            3,
            Box::new(move || {
                doc.vertrekpunt()
                    .leveranciers()
                    .at_key("l1".into())
                    .naam()
                    .track()
            }),
        );
        watch(
            4,
            Box::new(move || doc.stakeholders().at_key("a".into()).naam().track()),
        );
        watch(
            5,
            Box::new(move || doc.stakeholders().at_key("b".into()).naam().track()),
        );
        watch(6, Box::new(move || doc.plan().ambitie().track()));
        watch(
            7,
            Box::new(move || doc.plan().afspraken().at_key("x".into()).wat().track()),
        );
        watch(8, Box::new(move || doc.plan().randvoorwaarden().track()));
        watch(9, Box::new(move || doc.afronden().notities().track()));
        view! { <p>"patch"</p> }
    })
    .forget();
    sleep_ms(20).await;
    let ed = holder.get_value().unwrap();
    let changes: Vec<Watch> = vec![
        (
            "status",
            Box::new(|d| d.status = proeftuin_domain::Status::TerBeoordeling),
        ),
        (
            "vertrekpunt.naam",
            Box::new(|d| d.vertrekpunt.naam = "Nieuw".into()),
        ),
        (
            "vertrekpunt.startdatum",
            Box::new(|d| d.vertrekpunt.startdatum = chrono::NaiveDate::from_ymd_opt(2027, 1, 1)),
        ),
        (
            "leverancier naam",
            Box::new(|d| d.vertrekpunt.leveranciers[0].naam = "Andere".into()),
        ),
        (
            "stakeholder a",
            Box::new(|d| d.stakeholders[0].naam = "Inkoper DUO".into()),
        ),
        (
            "stakeholder b",
            Box::new(|d| d.stakeholders[1].naam = "Jobcoach UWV".into()),
        ),
        (
            "plan.ambitie",
            Box::new(|d| d.plan.ambitie = "Tien mensen aan het werk".into()),
        ),
        (
            "afspraak wat",
            Box::new(|d| d.plan.afspraken[0].wat = "Twee werkplekken".into()),
        ),
        (
            "plan.randvoorwaarden",
            Box::new(|d| d.plan.randvoorwaarden = "Budget".into()),
        ),
        (
            "afronden.notities",
            Box::new(|d| d.afronden.notities = "Klaar".into()),
        ),
    ];
    for (i, (name, change)) in changes.iter().enumerate() {
        let before = runs.get_value();
        let mut theirs = ed.doc.get_untracked();
        change(&mut theirs);
        assert!(ed.replace(theirs));
        sleep_ms(10).await;
        let after = runs.get_value();
        for (j, (b, a)) in before.iter().zip(&after).enumerate() {
            let expected = if i == j { b + 1 } else { *b };
            assert_eq!(
                *a,
                expected,
                "changing {name}: watcher {j} ran {} times",
                a - b
            );
        }
    }
    // Items removed, added and moved: each item's fields still find their own item.
    let mut theirs = ed.doc.get_untracked();
    theirs.stakeholders.remove(0);
    theirs.stakeholders.insert(0, stakeholder("c", "Beleid"));
    theirs.stakeholders.push(stakeholder("d", "HR"));
    theirs.stakeholders.swap(1, 2);
    assert!(ed.replace(theirs));
    sleep_ms(10).await;
    let names = ["c", "d", "b"].map(|id| {
        ed.doc
            .stakeholders()
            .at_key(id.into())
            .naam()
            .get_untracked()
    });
    assert_eq!(names, ["Beleid", "HR", "Jobcoach UWV"]);
    assert_eq!(
        ed.doc
            .stakeholders()
            .at_key("a".into())
            .naam()
            .try_get_untracked(),
        None
    );
    // And an edit through an item's field lands in that item.
    let (_, set_b) = ed.bind(ed.doc.stakeholders().at_key("b".into()).naam());
    set_b.run("Jobcoach gemeente".into());
    let ids_and_names: Vec<(String, String)> = ed.doc.with_untracked(|d| {
        d.stakeholders
            .iter()
            .map(|s| (s.id.clone(), s.naam.clone()))
            .collect()
    });
    assert_eq!(
        ids_and_names,
        [("c", "Beleid"), ("d", "HR"), ("b", "Jobcoach gemeente")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}
