//! A question asked in the place of the button that asked it: the question,
//! "yes" and "no", as one group labelled by the question.

use leptos::prelude::*;

use crate::focus::focus_element;

/// The confirmation of a step that cannot be undone. The question has the id
/// `question_id` and can take focus (focus it when the question shows). "No"
/// runs `on_no`, which closes the question, and gives focus back to the
/// element `back_to` (the button that asked).
///
/// The callbacks are boxed, not generic, so all uses share one copy of the
/// component's code (the wasm bundle has a size budget).
#[component]
pub fn Confirm(
    /// Id of the question, which labels the group.
    #[prop(into)]
    question_id: String,
    /// The question.
    #[prop(into)]
    question: String,
    /// Text of the "yes" button.
    #[prop(into)]
    yes: String,
    /// Does what was asked (and closes the question, if it should close).
    on_yes: Box<dyn Fn()>,
    /// Text of the "no" button.
    no: &'static str,
    /// Closes the question.
    on_no: Box<dyn Fn()>,
    /// Id of the element that gets focus after "no".
    #[prop(into)]
    back_to: String,
    /// While true, "yes" is disabled (the request it makes is under way).
    #[prop(optional, into)]
    busy: Option<Signal<bool>>,
    /// Text of "yes" while `busy`, if it changes.
    #[prop(optional)]
    busy_text: Option<&'static str>,
    /// Whether "no" is disabled too while `busy`.
    #[prop(optional)]
    busy_no: bool,
) -> impl IntoView {
    let busy = move || busy.is_some_and(|b| b.get());
    let labelled_by = question_id.clone();
    view! {
        <div class="ptw-overview__confirm" role="group" aria-labelledby=labelled_by>
            <p id=question_id tabindex="-1">{question}</p>
            <div class="ptw-actions">
                <button type="button" class="ptw-button" disabled=busy on:click=move |_| on_yes()>
                    {move || match busy_text {
                        Some(text) if busy() => text.to_string(),
                        _ => yes.clone(),
                    }}
                </button>
                <button type="button" class="ptw-button ptw-button--secondary" disabled=move || busy_no && busy()
                    on:click=move |_| {
                        on_no();
                        let back_to = back_to.clone();
                        request_animation_frame(move || focus_element(&back_to));
                    }>{no}</button>
            </div>
        </div>
    }
}
