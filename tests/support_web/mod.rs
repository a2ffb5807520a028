//! What the in-browser tests of a wizard step share: mounting a step with its editor in a
//! container of its own, and waiting for the browser to move focus.
#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use proeftuin_domain::{Proeftuin, Step};
use proeftuin_wizard::editor::{provide_editor, Editor};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A mounted step; unmounts and removes its container when dropped, so ids never clash
/// between tests.
pub struct Mounted {
    pub container: HtmlElement,
    pub editor: Editor,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// Mounts `view` with an editor for `doc` on `step`.
pub fn mount_step<V: IntoView + 'static>(
    doc: Proeftuin,
    step: Step,
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    let doc_ = document();
    let container: HtmlElement = doc_.create_element("div").unwrap().unchecked_into();
    doc_.body().unwrap().append_child(&container).unwrap();
    let editor = Rc::new(Cell::new(None));
    let slot = editor.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        slot.set(Some(provide_editor(doc, step)));
        view()
    });
    Mounted {
        container,
        editor: editor.get().expect("editor provided"),
        _handle: Box::new(handle),
    }
}

/// Waits for the browser to run pending tasks and animation frames (focus moves there).
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The id of the focused element.
pub fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}
