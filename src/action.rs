//! The app's Leptos actions (a request the user or an event sets off, with its
//! pending state), all made through [`local_action`].

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// The future of an action, boxed.
type Task = Pin<Box<dyn Future<Output = ()>>>;

/// `Action::new_local(run)`, with `run`'s future boxed first.
///
/// The wasm bundle has a size budget, and Leptos builds its action code anew
/// for every closure type it is given and for every input type. Boxed, it is
/// built once per input type for all the app's actions together; and the
/// actions take few input types (`String` for any text, `()` when there is
/// no input): each new one adds 0.3 to 0.5 KB brotli (measured).
pub fn local_action<I, F>(run: impl Fn(&I) -> F + 'static) -> Action<I, ()>
where
    I: 'static,
    F: Future<Output = ()> + 'static,
{
    let run: Box<dyn Fn(&I) -> Task> = Box::new(move |input| Box::pin(run(input)));
    Action::new_local(run)
}

/// `Effect::new(f)`, with `f` boxed first: an effect that runs `f` now (after the
/// current update) and again whenever what `f` read changes.
///
/// As with actions, Leptos builds an effect's code (its task and its loop) anew
/// for every closure type; boxed, it is built once for all the app's effects.
/// An effect that needs its previous run keeps what it needs in a variable
/// the closure owns (`let mut prev = None; effect(move || { ...; prev = Some(now) })`).
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

#[inline(never)]
fn effect_boxed(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_: Option<()>| f());
}
