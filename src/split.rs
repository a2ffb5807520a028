//! Split points of the wasm bundle (issue 15): what the overview and step 1 do not need is
//! loaded on first use, as a wasm module of its own.
//!
//! A split point is a function returning an `AnyView` (with or without arguments) marked
//! `#[cfg_attr(feature = "split", leptos::lazy)]` and shown with [`show`], or with [`show_quiet`]
//! when it often shows nothing. With the cargo
//! feature `split` (only `scripts/build-split.sh` turns it on, followed by the splitter) the
//! function's code goes into its own module and [`show`] renders nothing until that module is
//! loaded. Without the feature (Trunk, `trunk serve`, the in-browser tests) it is an ordinary
//! function, called at once.

use leptos::prelude::*;

/// Shows the view of a split point once its module is loaded.
#[cfg(feature = "split")]
pub fn show<F>(view: impl FnOnce() -> F) -> AnyView
where
    F: std::future::Future<Output = AnyView> + 'static,
{
    when_loaded(view(), true)
}

/// Shows the view of a split point that often shows nothing (a warning), once its module is
/// loaded, with nothing in its place until then.
#[cfg(feature = "split")]
pub fn show_quiet<F>(view: impl FnOnce() -> F) -> AnyView
where
    F: std::future::Future<Output = AnyView> + 'static,
{
    when_loaded(view(), false)
}

/// The view once `loading` is done; meanwhile "Laden…" when `say_loading` (shown only while
/// the module is on its way, on a slow link), else nothing.
#[cfg(feature = "split")]
fn when_loaded<F>(loading: F, say_loading: bool) -> AnyView
where
    F: std::future::Future<Output = AnyView> + 'static,
{
    // The loader's future holds JS values: it only ever runs on the one browser thread.
    let loaded = send_wrapper::SendWrapper::new(loading);
    view! {
        <Suspense fallback=move || say_loading.then(|| view! { <p class="ptw-laden" role="status">"Laden…"</p> })>
            {Suspend::new(loaded)}
        </Suspense>
    }
    .into_any()
}

/// Shows the view of a split point (without the feature `split`: at once).
#[cfg(not(feature = "split"))]
pub fn show(view: impl FnOnce() -> AnyView) -> AnyView {
    view()
}

/// Shows the view of a split point that often shows nothing (without the feature `split`:
/// at once).
#[cfg(not(feature = "split"))]
pub fn show_quiet(view: impl FnOnce() -> AnyView) -> AnyView {
    view()
}
