//! In-browser tests of the sync bar, the share panel and the conflict panel.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use proeftuin_domain::{Conflict, Proeftuin, Step};
use proeftuin_wizard::editor::{provide_editor, ConflictSource, Editor, OpenConflict};
use proeftuin_wizard::local_store;
use proeftuin_wizard::sync::api::{LinkInfo, LinkKind};
use proeftuin_wizard::sync::Sync;
use proeftuin_wizard::wizard::share::{link_words, LinkList, SyncBar};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn mount_bar(id: &str) -> (web_sys::HtmlElement, Editor) {
    let doc = Proeftuin::new(id.to_string(), chrono::Utc::now());
    local_store::remove_key(&local_store::sync_key(id)).ok();
    local_store::remove_key(&local_store::conflicts_key(id)).ok();
    local_store::save(&doc).unwrap();
    let c: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    let holder: StoredValue<Option<Editor>> = StoredValue::new(None);
    leptos::mount::mount_to(c.clone(), move || {
        let ed = provide_editor(doc.clone(), Step::Vertrekpunt);
        provide_context(Sync::new(ed));
        holder.set_value(Some(ed));
        view! { <leptos_router::components::Router><SyncBar/></leptos_router::components::Router> }
    })
    .forget();
    (c, holder.get_value().unwrap())
}

fn button(c: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlElement {
    let list = c.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

#[wasm_bindgen_test]
async fn a_local_proeftuin_says_so_and_delen_opens_the_panel() {
    let (c, _ed) = mount_bar("share-1");
    let text = c.text_content().unwrap();
    assert!(
        text.contains("Alleen op dit apparaat, niet gedeeld"),
        "{text}"
    );
    assert!(!text.contains("Nu synchroniseren"));
    let delen = button(&c, "Delen");
    assert_eq!(
        delen.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    delen.click();
    next_frame().await;
    assert_eq!(
        delen.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let panel = c.query_selector("#delen-paneel").unwrap().unwrap();
    assert!(!panel.has_attribute("hidden"));
    assert!(panel
        .text_content()
        .unwrap()
        .contains("Op de server zetten en delen"));
    assert!(panel.text_content().unwrap().contains("geen namen"));
}

#[wasm_bindgen_test]
async fn a_conflict_shows_both_values_and_a_choice_settles_it() {
    let (c, ed) = mount_bar("share-2");
    ed.edit(|d| d.vertrekpunt.naam = "Mijn naam".into());
    ed.add_conflicts(
        vec![Conflict {
            path: "vertrekpunt.naam".into(),
            label: "Naam van de proeftuin".into(),
            mine: json!("Mijn naam"),
            theirs: json!("Hun naam"),
            base: Some(json!("")),
        }],
        ConflictSource::Server,
    );
    next_frame().await;
    let panel = c.query_selector(".ptw-conflicts").unwrap().unwrap();
    let text = panel.text_content().unwrap();
    assert!(
        text.contains("Kies welke versie blijft (1 verschil)"),
        "{text}"
    );
    assert!(text.contains("Mijn naam") && text.contains("Hun naam"));
    assert!(text.contains("Andere versie (op de server)"));
    assert!(c
        .text_content()
        .unwrap()
        .contains("er zijn verschillen, kies welke versie blijft"));
    // Kept on the device until chosen.
    let stored: Vec<OpenConflict> =
        local_store::read_json(&local_store::conflicts_key("share-2")).unwrap();
    assert_eq!(stored.len(), 1);

    button(&c, "Neem de andere versie").click();
    next_frame().await;
    assert!(c.query_selector(".ptw-conflicts").unwrap().is_none());
    assert_eq!(
        ed.doc.with_untracked(|d| d.vertrekpunt.naam.clone()),
        "Hun naam"
    );
    assert!(local_store::read_raw(&local_store::conflicts_key("share-2")).is_none());
}

fn link(kind: LinkKind, label: Option<&str>, id: &str, current: bool) -> LinkInfo {
    LinkInfo {
        link_id: id.into(),
        kind,
        label: label.map(Into::into),
        round: label.map(|_| 2),
        created_at: "2026-11-22T13:05:00.000Z".into(),
        last_used_at: (kind == LinkKind::Read).then(|| "2026-11-23T08:30:00.000Z".into()),
        current,
    }
}

#[wasm_bindgen_test]
async fn the_list_of_links_names_each_kind_and_revokes_only_after_a_confirmation() {
    let c: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    let revoked = RwSignal::new(Vec::<String>::new());
    let links = vec![
        link(LinkKind::Edit, None, "l-edit", true),
        link(LinkKind::Read, None, "l-read", false),
        link(LinkKind::Invitation, Some("HR"), "l-inv", false),
        link(LinkKind::Assessor, Some("Inkoop"), "l-ass", false),
    ];
    leptos::mount::mount_to(c.clone(), move || {
        let on_revoke = Callback::new(move |l: LinkInfo| revoked.update(|r| r.push(l.link_id)));
        view! { <LinkList links=links.clone() on_revoke busy=Signal::stored(false)/> }
    })
    .forget();
    next_frame().await;
    let text = c.text_content().unwrap();
    for words in [
        "Bewerklink (deze link gebruik je nu)",
        "Leeslink",
        "Uitnodiging beoordelaar: HR",
        "Beoordelaar: Inkoop",
        "nog niet gebruikt",
        "(ronde 2)",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    // Dutch times in the local time zone of the browser (dd-mm-jjjj uu:mm).
    let read = link(LinkKind::Read, None, "x", false);
    let made = proeftuin_wizard::platform::format_server_time(&read.created_at);
    let used =
        proeftuin_wizard::platform::format_server_time(read.last_used_at.as_deref().unwrap());
    assert!(
        made.starts_with("22-11-2026") || made.starts_with("23-11-2026"),
        "{made}"
    );
    assert!(
        text.contains(&format!("Gemaakt op {made}, laatst gebruikt op {used}.")),
        "{text}"
    );
    assert_eq!(link_words(&read), "Leeslink");

    // Every link but the one in use has "Intrekken", named after its link.
    let buttons: Vec<String> = {
        let list = c.query_selector_all("button").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| {
                n.unchecked_into::<web_sys::Element>()
                    .get_attribute("aria-label")
                    .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(
        buttons,
        vec![
            format!("Intrekken: Leeslink, gemaakt op {made}"),
            format!("Intrekken: Uitnodiging beoordelaar: HR, gemaakt op {made}"),
            format!("Intrekken: Beoordelaar: Inkoop, gemaakt op {made}"),
        ]
    );
    // A first click asks, with focus on the question; "Nee" goes back to the button.
    let first = c.query_selector("#intrekken-l-read").unwrap().unwrap();
    first.unchecked_ref::<web_sys::HtmlElement>().click();
    next_frame().await;
    let question = c
        .query_selector("#intrekken-vraag-l-read")
        .unwrap()
        .unwrap();
    assert!(question
        .text_content()
        .unwrap()
        .contains("Weet je zeker dat je deze link wilt intrekken (Leeslink)?"));
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some("intrekken-vraag-l-read".into())
    );
    assert!(revoked.get_untracked().is_empty(), "nothing revoked yet");
    button(&c, "Nee, laat staan").click();
    next_frame().await;
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some("intrekken-l-read".into())
    );
    assert!(revoked.get_untracked().is_empty());
    // Confirmed: the list's owner is asked to revoke exactly that link.
    c.query_selector("#intrekken-l-ass")
        .unwrap()
        .unwrap()
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    next_frame().await;
    button(&c, "Ja, trek deze link in").click();
    next_frame().await;
    assert_eq!(revoked.get_untracked(), vec!["l-ass".to_string()]);
    c.remove();
}
