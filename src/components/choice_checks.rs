//! A group of check boxes for a set of choices.

use leptos::prelude::*;
use proeftuin_domain::Choice;

use crate::components::field_error::FieldErrorText;
use crate::editor::{error_id, field_id, use_editor};

/// Check boxes in a `<fieldset>`; the value keeps the enum's order.
#[component]
pub fn ChoiceChecks<T: Choice + Send + Sync>(
    /// The legend of the group.
    #[prop(into)]
    legend: String,
    /// Field path in the document.
    #[prop(into)]
    path: String,
    /// The chosen values.
    value: Signal<Vec<T>>,
    /// Called with the new set.
    on_change: Callback<Vec<T>>,
    /// Marks the group as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let ed = use_editor();
    let name = field_id(&path);
    let err_id = error_id(&path);
    let error = ed.error_for(path.clone());
    let touched_path = path.clone();
    let toggle = move |c: T, on: bool| {
        let mut set: Vec<T> = value.get_untracked();
        set.retain(|x| *x != c);
        if on {
            set.push(c);
        }
        let ordered: Vec<T> = T::all()
            .iter()
            .copied()
            .filter(|x| set.contains(x))
            .collect();
        on_change.run(ordered);
        ed.touch_field(&touched_path);
    };
    view! {
        <fieldset class="ptw-choices" id=name.clone()
            class:ptw-field--invalid=move || error.with(Option::is_some)
            aria-describedby=move || error.with(Option::is_some).then(|| err_id.clone())
        >
            <legend class="ptw-field__label">
                {legend}
                {required.then(|| view! { <span class="ptw-field__req">" (verplicht)"</span> })}
            </legend>
            {T::all().iter().map(|c| {
                let c = *c;
                let id = format!("{name}-{}", c.key());
                let toggle = toggle.clone();
                view! {
                    <div class="ptw-choices__item">
                        <input type="checkbox" id=id.clone() value=c.key()
                            prop:checked=move || value.with(|v| v.contains(&c))
                            on:change=move |ev| toggle(c, event_target_checked(&ev))
                        />
                        <label for=id>{c.label()}</label>
                    </div>
                }
            }).collect_view()}
            <FieldErrorText id=error_id(&path) message=error/>
        </fieldset>
    }
}
