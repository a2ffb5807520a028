//! The aandachtspunten of a plan as a list, with links to the field to look at. Needs no
//! editor, so the printable plan can show the same list (without links).

use leptos::prelude::*;
use proeftuin_domain::Aandachtspunt;

use crate::wizard::field_href;

/// The aandachtspunten, each with its title, explanation and (with `links`) a link
/// "Ga naar <stap>" that opens the step and focuses the field. Shows a positive message when
/// there are none.
#[component]
pub fn AandachtspuntenList(
    /// Id of the proeftuin (for the links).
    #[prop(into)]
    doc_id: String,
    /// The points, usually `aandachtspunten(doc)`.
    #[prop(into)]
    items: Signal<Vec<Aandachtspunt>>,
    /// Link each point to its field (off in print).
    links: bool,
) -> impl IntoView {
    move || {
        let list = items.get();
        if list.is_empty() {
            return view! {
                <p class="ptw-aandacht__none">
                    <span class="ptw-aandacht__none-icon" aria-hidden="true">"✓"</span>
                    "De wizard ziet geen aandachtspunten in dit plan. Mooi! Kijk bij het beoordelen natuurlijk wel zelf kritisch mee."
                </p>
            }
            .into_any();
        }
        let count = list.len();
        let doc_id = doc_id.clone();
        view! {
            <p class="ptw-aandacht__count">
                {if count == 1 {
                    "De wizard ziet 1 aandachtspunt in dit plan.".to_string()
                } else {
                    format!("De wizard ziet {count} aandachtspunten in dit plan.")
                }}
            </p>
            <ul class="ptw-aandacht">
                {list.into_iter().map(|a| {
                    let step = a.step;
                    let target = links.then(|| field_href(&doc_id, step, &a.field));
                    let title = a.title.clone();
                    view! {
                        <li class="ptw-aandacht__item" data-id=a.id>
                            <p class="ptw-aandacht__title">
                                <span class="ptw-aandacht__icon" aria-hidden="true">"!"</span>
                                <strong>{a.title}</strong>
                            </p>
                            <p class="ptw-aandacht__explanation">{a.explanation}</p>
                            {match target {
                                Some(href) => view! {
                                    <p class="ptw-aandacht__link">
                                        <a href=href>
                                            {format!("Ga naar {}", step.title())}
                                            <span class="ptw-visually-hidden">{format!(" voor: {title}")}</span>
                                        </a>
                                    </p>
                                }.into_any(),
                                None => view! {
                                    <p class="ptw-aandacht__where">
                                        {format!("Zie stap {}: {}", step.number(), step.title())}
                                    </p>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
