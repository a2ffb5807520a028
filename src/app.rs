//! The application frame: header, skip link, router and routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes, A};
use leptos_router::path;

use crate::assess::AssessorPage;
use crate::components::not_found::NotFound;
use crate::open::OpenLink;
use crate::overview::Overview;
use crate::split;
use crate::wizard::{
    AssessorsPage, DechargePage, EvaluatiePage, StepPage, VersionsPage, WizardPage,
};

// Split points (see `crate::split`): pages that neither the overview nor step 1 need.
#[cfg_attr(feature = "split", leptos::lazy)]
fn assessor_page() -> AnyView {
    view! { <AssessorPage/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn open_link() -> AnyView {
    view! { <OpenLink/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn versions_page() -> AnyView {
    view! { <VersionsPage/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn assessors_page() -> AnyView {
    view! { <AssessorsPage/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn portfolio_page() -> AnyView {
    view! { <crate::portfolio::PortfolioPage/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn evaluatie_page() -> AnyView {
    view! { <EvaluatiePage/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn decharge_page() -> AnyView {
    view! { <DechargePage/> }.into_any()
}

/// Moves keyboard focus to the main content (the router would only scroll).
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::dom::focus_main();
}

/// The root component: everything the user sees.
#[component]
pub fn App() -> impl IntoView {
    // Effects run after the first render: from then on the app is usable.
    crate::action::effect(crate::dom::mark_app_ready);
    view! {
        <Router>
            <a class="ptw-skip" href="#inhoud" on:click=skip_to_content>"Naar de inhoud"</a>
            <header class="ptw-header">
                <div class="ptw-header__inner">
                    <A href="/" attr:class="ptw-header__brand">
                        <span class="ptw-header__name">"Proeftuin-wizard"</span>
                        <span class="ptw-header__tagline">"Maatwerk voor Mensen"</span>
                    </A>
                </div>
            </header>
            <main id="inhoud" class="ptw-main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Overview/>
                    // The wizard's frame around a step, the earlier versions or the assessors.
                    <ParentRoute path=path!("/proeftuin/:id") view=WizardPage>
                        <Route path=path!("versies") view=|| split::show(versions_page)/>
                        <Route path=path!("beoordelaars") view=|| split::show(assessors_page)/>
                        <Route path=path!("evaluatie") view=|| split::show(evaluatie_page)/>
                        <Route path=path!("decharge") view=|| split::show(decharge_page)/>
                        <Route path=path!(":stap") view=StepPage/>
                    </ParentRoute>
                    <Route path=path!("/open/:id") view=|| split::show(open_link)/>
                    <Route path=path!("/portfolio") view=|| split::show(portfolio_page)/>
                    <Route path=path!("/beoordelen/:id") view=|| split::show(assessor_page)/>
                </Routes>
            </main>
            <footer class="ptw-footer">
                <p>"Je plannen worden op dit apparaat bewaard. Zet nooit namen of andere persoonsgegevens van kandidaten in een plan: alleen aantallen."</p>
            </footer>
        </Router>
    }
}
