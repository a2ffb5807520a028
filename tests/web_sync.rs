//! In-browser tests of two-tab safety, conflicts, read-only mode and the sync
//! pieces that need no server (the server flows are covered by Playwright).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proeftuin_domain::storage::stored_json;
use proeftuin_domain::{Proeftuin, Side, Step};
use proeftuin_wizard::editor::{provide_editor, ConflictSource, Editor, SaveState};
use proeftuin_wizard::local_store;
use proeftuin_wizard::local_store::{load_meta, save_meta, SyncMeta};
use proeftuin_wizard::sync::{share_url, Access};
use proeftuin_wizard::wizard::share::show_value;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let c: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    c
}

fn doc(id: &str) -> Proeftuin {
    Proeftuin::new(id.to_string(), chrono::Utc::now())
}

/// An editor for a proeftuin already stored on this device (as the wizard has it).
fn editor_for(stored: Proeftuin) -> Editor {
    let id = stored.id.clone();
    local_store::remove_key(&local_store::conflicts_key(&id)).ok();
    local_store::save(&stored).unwrap();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    leptos::mount::mount_to(container(), move || {
        holder.set_value(Some(provide_editor(stored.clone(), Step::Vertrekpunt)));
        view! { <p>"editor"</p> }
    })
    .forget();
    holder.get_value().unwrap()
}

/// What another tab does: write its version straight into local storage.
fn other_tab_writes(doc: &Proeftuin) {
    local_store::write_raw(&local_store::doc_key(&doc.id), &stored_json(doc)).unwrap();
}

#[wasm_bindgen_test]
fn another_tabs_save_is_merged_in_before_this_tab_writes() {
    let start = doc("tab-1");
    let ed = editor_for(start.clone());
    let mut theirs = start.clone();
    theirs.vertrekpunt.omschrijving = "Uit het andere tabblad".into();
    other_tab_writes(&theirs);

    ed.edit(|d| d.vertrekpunt.naam = "Uit dit tabblad".into());
    ed.save_now();
    let stored = local_store::load("tab-1").unwrap().unwrap();
    assert_eq!(stored.vertrekpunt.naam, "Uit dit tabblad");
    assert_eq!(stored.vertrekpunt.omschrijving, "Uit het andere tabblad");
    assert_eq!(
        ed.doc
            .with_untracked(|d| d.vertrekpunt.omschrijving.clone()),
        "Uit het andere tabblad"
    );
    assert!(ed.conflicts.get_untracked().is_empty());
}

#[wasm_bindgen_test]
fn the_same_field_in_two_tabs_becomes_a_conflict_and_either_choice_sticks() {
    for (n, side, expected) in [(1, Side::Mine, "Deze tab"), (2, Side::Theirs, "Andere tab")] {
        let id = format!("tab-conflict-{n}");
        let start = doc(&id);
        let ed = editor_for(start.clone());
        let mut theirs = start.clone();
        theirs.vertrekpunt.naam = "Andere tab".into();
        other_tab_writes(&theirs);

        ed.edit(|d| d.vertrekpunt.naam = "Deze tab".into());
        ed.save_now();
        let open = ed.conflicts.get_untracked();
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(open[0].conflict.path, "vertrekpunt.naam");
        assert_eq!(open[0].source, ConflictSource::Window);
        assert_eq!(open[0].conflict.theirs, json!("Andere tab"));
        // Both values are kept until the choice: mine in the document, theirs stored with the conflict.
        assert_eq!(
            local_store::load(&id).unwrap().unwrap().vertrekpunt.naam,
            "Deze tab"
        );
        assert!(local_store::read_raw(&local_store::conflicts_key(&id))
            .unwrap()
            .contains("Andere tab"));

        ed.choose("vertrekpunt.naam", side);
        assert!(ed.conflicts.get_untracked().is_empty());
        assert!(local_store::read_raw(&local_store::conflicts_key(&id)).is_none());
        assert_eq!(
            local_store::load(&id).unwrap().unwrap().vertrekpunt.naam,
            expected
        );
    }
}

#[wasm_bindgen_test]
fn a_deletion_in_another_tab_is_noticed_and_this_tab_can_put_it_back() {
    let start = doc("tab-removed");
    let ed = editor_for(start);
    local_store::remove("tab-removed").unwrap();
    ed.edit(|d| d.vertrekpunt.naam = "Nog in dit venster".into());
    ed.save_now();
    assert_eq!(ed.save_state.get_untracked(), SaveState::RemovedElsewhere);
    assert!(
        !local_store::exists("tab-removed"),
        "not silently brought back"
    );
    ed.keep_anyway();
    assert_eq!(
        local_store::load("tab-removed")
            .unwrap()
            .unwrap()
            .vertrekpunt
            .naam,
        "Nog in dit venster"
    );
}

#[wasm_bindgen_test]
fn a_read_only_editor_refuses_edits() {
    let ed = editor_for(doc("read-only"));
    ed.read_only.set(true);
    ed.edit(|d| d.vertrekpunt.naam = "Mag niet".into());
    assert_eq!(ed.doc.with_untracked(|d| d.vertrekpunt.naam.clone()), "");
}

#[wasm_bindgen_test]
fn the_sync_record_round_trips_and_the_share_link_keeps_the_secret_in_the_fragment() {
    let base = doc("meta-1");
    let meta = SyncMeta {
        secret: "abc_DEF-123".into(),
        access: Access::Edit,
        revision: 7,
        base,
        synced_at: None,
        read_secret: Some("lees_XYZ".into()),
        read_link_id: Some("0123abcd".into()),
    };
    save_meta(&meta).unwrap();
    assert_eq!(load_meta("meta-1"), Some(meta));
    let url = share_url("meta-1", "abc_DEF-123");
    assert!(url.ends_with("/open/meta-1#sleutel=abc_DEF-123"), "{url}");
    assert!(!url.contains('?'));
}

#[wasm_bindgen_test]
fn conflict_values_are_shown_in_words() {
    assert_eq!(show_value(&json!(null)), "(verwijderd)");
    assert_eq!(show_value(&json!("")), "(leeg)");
    assert_eq!(show_value(&json!(true)), "ja");
    assert_eq!(show_value(&json!(2.5)), "2,5");
    assert_eq!(show_value(&json!(["a", "b"])), "a, b");
    assert_eq!(
        show_value(&json!({"id": "x", "naam": "Inkoper", "rol": ""})),
        "naam: Inkoper"
    );
}

#[wasm_bindgen_test]
fn a_conflict_found_by_another_tab_is_shown_and_chosen_from_this_tabs_side() {
    use proeftuin_domain::Conflict;
    use proeftuin_wizard::editor::OpenConflict;
    let mut start = doc("tab-swap");
    // The other tab kept its own value ("Andere tab") in the document; this tab typed "Deze tab".
    start.vertrekpunt.naam = "Andere tab".into();
    let ed = editor_for(start);
    let found_elsewhere = OpenConflict {
        conflict: Conflict {
            path: "vertrekpunt.naam".into(),
            label: "Naam".into(),
            mine: json!("Andere tab"),
            theirs: json!("Deze tab"),
            base: Some(json!("")),
        },
        source: ConflictSource::Window,
        tab: "een-ander-tabblad".into(),
    };
    ed.conflicts.set(vec![found_elsewhere.clone()]);
    let shown = ed.as_seen_here(&found_elsewhere);
    assert_eq!(shown.mine, json!("Deze tab"));
    assert_eq!(shown.theirs, json!("Andere tab"));
    ed.choose("vertrekpunt.naam", Side::Mine);
    assert_eq!(
        local_store::load("tab-swap")
            .unwrap()
            .unwrap()
            .vertrekpunt
            .naam,
        "Deze tab"
    );
}

#[wasm_bindgen_test]
fn an_unreadable_stored_copy_is_never_written_over() {
    let ed = editor_for(doc("tab-unreadable"));
    let key = local_store::doc_key("tab-unreadable");
    local_store::write_raw(
        &key,
        "{\"schema_version\": 999, \"id\": \"tab-unreadable\"}",
    )
    .unwrap();
    ed.edit(|d| d.vertrekpunt.naam = "Mag het niet overschrijven".into());
    ed.save_now();
    assert!(matches!(
        ed.save_state.get_untracked(),
        SaveState::Failed(_)
    ));
    assert!(local_store::read_raw(&key).unwrap().contains("999"));
}

#[wasm_bindgen_test]
fn storage_faults_and_the_quota_become_errors_that_keep_the_edit_and_say_why() {
    use proeftuin_wizard::sync::api::error_of;
    use proeftuin_wizard::sync::ApiError;
    let full = r#"{"code":"storage_full","message":"De server heeft geen ruimte meer."}"#;
    let e = error_of(507, Some(30), full);
    assert_eq!(e, ApiError::StorageFull);
    assert!(e.message().contains("geen ruimte meer"), "{}", e.message());
    assert!(
        e.message().contains("staat veilig op dit apparaat"),
        "{}",
        e.message()
    );
    let io = r#"{"code":"storage_error","message":"Lezen of schrijven mislukte."}"#;
    let e = error_of(503, None, io);
    assert_eq!(e, ApiError::StorageError);
    assert!(
        e.message().contains("staat veilig op dit apparaat"),
        "{}",
        e.message()
    );
    let quota = r#"{"code":"quota_exceeded","message":"Exporteer de proeftuin."}"#;
    let e = error_of(413, None, quota);
    assert_eq!(e, ApiError::Quota);
    assert!(
        e.message().contains("Exporteer de proeftuin"),
        "{}",
        e.message()
    );
    let busy = r#"{"code":"busy","message":"Druk."}"#;
    assert_eq!(error_of(503, Some(2), busy), ApiError::Busy(Some(2)));
    // A 413 for a body that is too large stays a refusal of the document, and a
    // 503 without our body (a proxy) still means: no connection.
    let large = r#"{"code":"too_large","message":"Te groot."}"#;
    assert!(matches!(error_of(413, None, large), ApiError::Invalid(..)));
    assert_eq!(error_of(503, None, "<html>busy</html>"), ApiError::Offline);
}
