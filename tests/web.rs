//! In-browser tests of the app's components (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_in_fresh_container<F, V>(f: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let doc = document();
    let container: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), f);
    handle.forget();
    container
}

use wasm_bindgen::JsCast;

/// Waits for the browser to run pending tasks (the router renders asynchronously).
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_app_renders_the_overview_heading_and_sets_the_title() {
    let container = mount_in_fresh_container(proeftuin_wizard::app::App);
    next_tick().await;
    let h1 = container.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(h1.text_content().unwrap(), "Mijn proeftuinen");
    assert_eq!(document().title(), "Mijn proeftuinen – Proeftuin-wizard");
}

#[wasm_bindgen_test]
fn marking_the_app_ready_sets_the_attribute_on_html() {
    proeftuin_wizard::dom::mark_app_ready();
    let root = document().document_element().unwrap();
    assert!(root.has_attribute(proeftuin_wizard::dom::APP_READY_ATTR));
}
