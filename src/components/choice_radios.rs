//! A group of radio buttons for one required choice.

use leptos::prelude::*;
use proeftuin_domain::Choice;

use crate::editor::field_id;

/// Radio buttons in a `<fieldset>` with a legend; arrow keys move between them.
#[component]
pub fn ChoiceRadios<T: Choice + Send + Sync>(
    /// The legend of the group.
    #[prop(into)]
    legend: String,
    /// Field path in the document (unique per group; also the radio name).
    #[prop(into)]
    path: String,
    /// The current choice.
    value: Signal<T>,
    /// Called with the new choice.
    on_change: Callback<T>,
    /// Show the options side by side.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let name = field_id(&path);
    view! {
        <fieldset class="ptw-choices" class:ptw-choices--inline=inline id=name.clone()>
            <legend class="ptw-field__label">{legend}</legend>
            {T::all().iter().map(|c| {
                let c = *c;
                let id = format!("{name}-{}", c.key());
                view! {
                    <div class="ptw-choices__item">
                        <input type="radio" id=id.clone() name=name.clone() value=c.key()
                            prop:checked=move || value.get() == c
                            on:change=move |_| on_change.run(c)
                        />
                        <label for=id>{c.label()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
