//! `/portfolio`: the portfolio of a category manager or the Adviesteam. It holds read links of
//! several proeftuinen (kept on this device), fetches each from the server when the page opens
//! or on "Vernieuwen", and shows the annual report's figures with their counting rules
//! ([`proeftuin_domain::portfolio`]), per category, client and year; CSV and print.

use leptos::prelude::*;
use proeftuin_domain::portfolio::{
    cijfers, csv, kandidaten, lees_link, per, Cijfers, Indeling, REGELS,
};
use proeftuin_domain::Proeftuin;

use crate::action::local_action;
use crate::dom::set_title;
use crate::local_store;
use crate::platform;
use crate::sync::api;

/// One link of the portfolio and what fetching it gave.
#[derive(Clone, PartialEq)]
enum Stand {
    /// On its way.
    Laden,
    /// The proeftuin as the server has it now.
    Binnen(Box<Proeftuin>),
    /// Why it could not be fetched.
    Fout(String),
}

/// The portfolio page.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    set_title("Portfolio");
    let links = RwSignal::new(local_store::portfolio_links());
    let standen = RwSignal::new(Vec::<(String, Stand)>::new());
    // Counts the rounds of fetching: an answer from an earlier round ("Vernieuwen" pressed
    // twice) is left out.
    let ronde = StoredValue::new(0u64);
    let invoer = RwSignal::new(String::new());
    let fout = RwSignal::new(None::<String>);
    let melding = RwSignal::new(String::new());
    let today = platform::today();

    // Fetches every link (again); each answer comes in on its own.
    let fetch_one = local_action(move |link: &String| {
        let link = link.clone();
        let started = ronde.get_value();
        async move {
            let stand = match lees_link(&link) {
                None => Stand::Fout("dit is geen leeslink".to_string()),
                Some((id, secret)) => match api::fetch(&id, &secret).await {
                    // An edit link would let anyone with this device change the plan: not kept.
                    Ok(remote) if remote.access == Some(proeftuin_domain::Access::Edit) => {
                        let kept: Vec<String> = links
                            .get_untracked()
                            .into_iter()
                            .filter(|l| *l != link)
                            .collect();
                        let _ = local_store::save_portfolio_links(&kept);
                        links.set(kept);
                        Stand::Fout(
                            "dit is een link om te bewerken. Gebruik een leeslink; deze link is niet bewaard"
                                .to_string(),
                        )
                    }
                    Ok(remote) => Stand::Binnen(Box::new(remote.document)),
                    Err(e) => Stand::Fout(e.message()),
                },
            };
            if ronde.try_get_value() != Some(started) {
                return;
            }
            standen.try_update(|l| {
                if let Some(entry) = l.iter_mut().find(|(k, _)| *k == link) {
                    entry.1 = stand;
                }
            });
        }
    });
    let vernieuw = move || {
        ronde.update_value(|r| *r += 1);
        let all = links.get_untracked();
        standen.set(all.iter().map(|l| (l.clone(), Stand::Laden)).collect());
        for l in all {
            fetch_one.dispatch(l);
        }
    };
    vernieuw();

    let docs = Memo::new(move |_| {
        standen.with(|l| {
            l.iter()
                .filter_map(|(_, s)| match s {
                    Stand::Binnen(d) => Some((**d).clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = invoer.get_untracked();
        let Some((id, secret)) = lees_link(&text) else {
            fout.set(Some(
                "Dit is geen leeslink. Een leeslink ziet er zo uit: https://…/open/…#sleutel=… Je vindt hem bij Delen in de proeftuin."
                    .to_string(),
            ));
            crate::focus::focus_element("pf-link");
            return;
        };
        let link = format!(
            "{}/open/{id}#sleutel={secret}",
            window().location().origin().unwrap_or_default()
        );
        if links.with_untracked(|l| l.iter().any(|x| lees_link(x).is_some_and(|(i, _)| i == id))) {
            fout.set(Some(
                "Deze proeftuin staat al in het portfolio.".to_string(),
            ));
            return;
        }
        let mut next = links.get_untracked();
        next.push(link.clone());
        if let Err(e) = local_store::save_portfolio_links(&next) {
            fout.set(Some(format!("De link is niet bewaard: {}", e.message())));
            return;
        }
        fout.set(None);
        invoer.set(String::new());
        links.set(next);
        standen.update(|l| l.push((link.clone(), Stand::Laden)));
        melding.set("De proeftuin is toegevoegd aan het portfolio.".to_string());
        fetch_one.dispatch(link);
    };
    let remove = move |link: String| {
        let next: Vec<String> = links
            .get_untracked()
            .into_iter()
            .filter(|l| *l != link)
            .collect();
        match local_store::save_portfolio_links(&next) {
            Ok(()) => {
                links.set(next);
                standen.update(|l| l.retain(|(k, _)| *k != link));
                melding.set("De proeftuin is uit het portfolio gehaald.".to_string());
            }
            Err(e) => melding.set(format!("Niet gelukt: {}", e.message())),
        }
    };
    let download = move |_| {
        // With a byte order mark, so a spreadsheet reads "Geëvalueerd" as it is written.
        let text = format!("\u{feff}{}", docs.with_untracked(|d| csv(d, today)));
        if let Err(e) = platform::download_text("portfolio.csv", &text, "text/csv") {
            melding.set(e);
        }
    };
    let print = move |_| {
        let _ = window().print();
    };

    view! {
        <section class="ptw-page ptw-portfolio" aria-labelledby="pf-titel">
            <h1 id="pf-titel" tabindex="-1">"Portfolio"</h1>
            <p>"Hier zie je de cijfers van meerdere proeftuinen samen, zoals in het jaarverslag. Voeg proeftuinen toe met hun leeslink. De cijfers komen elke keer opnieuw van de server, dus ze zijn altijd actueel. Bij elk cijfer staat hoe het is geteld."</p>

            <form class="ptw-section ptw-no-print" on:submit=add aria-labelledby="pf-toevoegen" novalidate>
                <h2 id="pf-toevoegen">"Proeftuin toevoegen"</h2>
                <div class="ptw-field">
                    <label class="ptw-field__label" for="pf-link">"Leeslink van de proeftuin"</label>
                    <p class="ptw-field__hint" id="pf-link-hint">"Je krijgt een leeslink van wie de proeftuin deelt (Delen, Maak een leeslink)."</p>
                    <input id="pf-link" type="text" inputmode="url" class="ptw-field__input" autocomplete="off"
                        prop:value=move || invoer.get()
                        on:input=move |ev| invoer.set(event_target_value(&ev))
                        aria-invalid=move || fout.with(Option::is_some).then_some("true")
                        aria-describedby=move || if fout.with(Option::is_some) { "pf-link-hint pf-link-fout" } else { "pf-link-hint" }/>
                    <p class="ptw-field__error" id="pf-link-fout" aria-live="polite">{move || fout.get()}</p>
                </div>
                <button type="submit" class="ptw-button">"Toevoegen aan het portfolio"</button>
            </form>
            <p role="status" class="ptw-portfolio__melding">{move || melding.get()}</p>

            <section class="ptw-section" aria-labelledby="pf-lijst">
                <h2 id="pf-lijst">"Proeftuinen in het portfolio"</h2>
                <Show when=move || links.with(Vec::is_empty)>
                    <p class="ptw-empty">"Nog geen proeftuinen. Voeg er hierboven een toe."</p>
                </Show>
                <ul class="ptw-portfolio__lijst">
                    {move || standen.get().into_iter().map(|(link, stand)| {
                        let tekst = match &stand {
                            Stand::Laden => "Laden…".to_string(),
                            Stand::Binnen(d) => format!("{} – {}", d.title(), d.status.label()),
                            Stand::Fout(e) => format!("Niet op te halen: {e}"),
                        };
                        let naam = match &stand {
                            Stand::Binnen(d) => d.title(),
                            _ => "deze proeftuin".to_string(),
                        };
                        let weg = link.clone();
                        view! {
                            <li class:ptw-portfolio__fout=matches!(stand, Stand::Fout(_))>
                                {tekst}" "
                                <button type="button" class="ptw-button ptw-button--link ptw-no-print" on:click=move |_| remove(weg.clone())
                                    aria-label=format!("Uit het portfolio halen: {naam}")>
                                    "Uit het portfolio halen"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="ptw-stepnav ptw-no-print">
                    <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| vernieuw()>"Vernieuwen"</button>
                    <button type="button" class="ptw-button ptw-button--secondary" on:click=download>"Download als CSV"</button>
                    <button type="button" class="ptw-button ptw-button--secondary" on:click=print>"Afdrukken"</button>
                </div>
            </section>

            {move || {
                let d = docs.get();
                let totaal = cijfers(&d, today);
                view! {
                    <Totalen c=totaal/>
                    {Indeling::ALL.into_iter().map(|i| view! { <Verdeling indeling=i rijen=per(&d, i, today)/> }).collect_view()}
                }
            }}
        </section>
    }
}

/// The figures of the whole portfolio, each with "hoe geteld?".
#[component]
fn Totalen(c: Cijfers) -> impl IntoView {
    let waarden = [
        c.in_voorbereiding.to_string(),
        c.gestart.to_string(),
        c.geevalueerd.to_string(),
        c.decharge.to_string(),
        kandidaten(c.aan_het_werk),
        kandidaten(c.contract),
        c.zonder_telling.to_string(),
        c.te_laat.to_string(),
    ];
    view! {
        <section class="ptw-section" aria-labelledby="pf-cijfers">
            <h2 id="pf-cijfers">{format!("Cijfers van {} {}", c.totaal, if c.totaal == 1 { "proeftuin" } else { "proeftuinen" })}</h2>
            <table class="ptw-table">
                <caption class="ptw-visually-hidden">"Cijfers van het portfolio"</caption>
                <thead><tr><th scope="col">"Cijfer"</th><th scope="col">"Aantal"</th><th scope="col">"Hoe geteld?"</th></tr></thead>
                <tbody>
                    {REGELS.iter().zip(waarden).map(|((naam, regel), waarde)| view! {
                        <tr><th scope="row">{*naam}</th><td>{waarde}</td><td>{*regel}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="ptw-field__hint">"Aantallen kandidaten van 1 of 2 staan er als “< 3”, zodat kleine groepen niet opvallen. Vergelijk je rijen met elkaar, dan kun je soms toch terugrekenen: deel dit overzicht dus alleen met wie het nodig heeft."</p>
        </section>
    }
}

/// The figures per group of one breakdown.
#[component]
fn Verdeling(indeling: Indeling, rijen: Vec<(String, Cijfers)>) -> impl IntoView {
    let kop = match indeling {
        Indeling::Categorie => "pf-per-categorie",
        Indeling::Opdrachtgever => "pf-per-opdrachtgever",
        Indeling::Jaar => "pf-per-jaar",
    };
    let titel = format!("Per {}", indeling.label().to_lowercase());
    view! {
        <section class="ptw-section" aria-labelledby=kop>
            <h2 id=kop>{titel.clone()}</h2>
            <table class="ptw-table">
                <caption class="ptw-visually-hidden">{titel}</caption>
                <thead><tr>
                    <th scope="col">{indeling.label()}</th><th scope="col">"Proeftuinen"</th><th scope="col">"In voorbereiding"</th>
                    <th scope="col">"Gestart"</th><th scope="col">"Geëvalueerd"</th><th scope="col">"Decharge"</th>
                    <th scope="col">"Aan het werk"</th><th scope="col">"Contract daarna"</th><th scope="col">"Rapportage te laat"</th>
                </tr></thead>
                <tbody>
                    {rijen.into_iter().map(|(groep, c)| view! {
                        <tr><th scope="row">{groep}</th><td>{c.totaal}</td><td>{c.in_voorbereiding}</td><td>{c.gestart}</td>
                            <td>{c.geevalueerd}</td><td>{c.decharge}</td><td>{kandidaten(c.aan_het_werk)}</td>
                            <td>{kandidaten(c.contract)}</td><td>{c.te_laat}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
