//! A group of a page's controls that can be made read-only at once.

use leptos::prelude::*;

/// The controls of a page part in a `<fieldset>`, all disabled while `disabled` is true (a
/// read-only link, a submitted assessment). The group is named by a legend that only screen
/// readers read (`legend`): a group needs a name (WCAG 1.3.1 and 4.1.2), and the page
/// already shows the same words as its heading.
#[component]
pub fn Controls(
    /// The group's name, e.g. the step's title.
    legend: &'static str,
    /// Whether every control in the group is disabled.
    #[prop(into)]
    disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="ptw-plain" disabled=disabled>
            <legend class="ptw-visually-hidden">{legend}</legend>
            {children()}
        </fieldset>
    }
}
