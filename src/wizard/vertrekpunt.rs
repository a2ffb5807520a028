//! Step 1, Vertrekpunt: what the proeftuin is about, who buys from whom, the
//! contract, the dates and the policy goals; with the generic 5% rule as a
//! reference line, not as the goal.

use leptos::prelude::*;
use proeftuin_domain::fields;
use proeftuin_domain::validation::{MAX_CONTRACTWAARDE, MAX_LOOPTIJD_MAANDEN};
use proeftuin_domain::{
    default_evaluatiedatum, referentie_zin, Beleidsdoel, Categorie, Leverancier, Situatie,
};

use crate::components::editable_list::list_ops;
use crate::components::{
    ChoiceChecks, ChoiceSelect, DateField, EditableList, NumberField, TextField,
};
use crate::editor::use_editor;
use proeftuin_domain::store::*;

/// Ministries and services people often choose (free text stays possible).
const OPDRACHTGEVERS: &[&str] = &[
    "Ministerie van Onderwijs, Cultuur en Wetenschap (OCW)",
    "Dienst Uitvoering Onderwijs (DUO)",
    "Dienst Justitiële Inrichtingen (DJI)",
    "Rijkswaterstaat",
    "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK)",
    "Ministerie van Infrastructuur en Waterstaat (IenW)",
    "Ministerie van Justitie en Veiligheid (JenV)",
    "Belastingdienst",
    "Rijksvastgoedbedrijf",
    "UWV",
];

/// Step 1.
#[component]
pub fn VertrekpuntStep() -> impl IntoView {
    let ed = use_editor();
    let (naam, set_naam) = ed.bind(ed.doc.vertrekpunt().naam());
    let (omschrijving, set_omschrijving) = ed.bind(ed.doc.vertrekpunt().omschrijving());
    let (opdrachtgever, set_opdrachtgever) = ed.bind(ed.doc.vertrekpunt().opdrachtgever());
    let (categorie, set_categorie) = ed.bind(ed.doc.vertrekpunt().categorie());
    let (categorie_anders, set_categorie_anders) = ed.bind(ed.doc.vertrekpunt().categorie_anders());
    let (situatie, set_situatie) = ed.bind(ed.doc.vertrekpunt().situatie());
    let (waarde, set_waarde) = ed.bind(ed.doc.vertrekpunt().contractwaarde());
    let (looptijd, set_looptijd) = ed.bind(ed.doc.vertrekpunt().looptijd_maanden());
    let (start, _) = ed.bind(ed.doc.vertrekpunt().startdatum());
    let (evaluatie, set_evaluatie) = ed.bind(ed.doc.vertrekpunt().evaluatiedatum());
    let (doelen, set_doelen) = ed.bind(ed.doc.vertrekpunt().beleidsdoelen());
    let (doelen_toel, set_doelen_toel) = ed.bind(ed.doc.vertrekpunt().beleidsdoelen_toelichting());

    // A start date fills in the evaluation date one year later, unless one was chosen.
    let set_start = Callback::new(move |v: Option<chrono::NaiveDate>| {
        ed.edit(move |d| {
            let old_default = d.vertrekpunt.startdatum.map(default_evaluatiedatum);
            d.vertrekpunt.startdatum = v;
            if let Some(s) = v {
                // Follow the start unless the user chose another date that still comes after it.
                if d.vertrekpunt.evaluatiedatum.is_none()
                    || d.vertrekpunt.evaluatiedatum == old_default
                    || d.vertrekpunt.evaluatiedatum.is_some_and(|e| e < s)
                {
                    d.vertrekpunt.evaluatiedatum = Some(default_evaluatiedatum(s));
                }
            }
        })
    });
    let referentie = Memo::new(move |_| referentie_zin(waarde.get(), looptijd.get()));
    let anders = Memo::new(move |_| categorie.get() == Some(Categorie::Anders));

    view! {
        <div class="ptw-form" >
            <section class="ptw-section" aria-labelledby="vp-wat">
                <h2 id="vp-wat">"Waar gaat het om?"</h2>
                <TextField label=fields::VERTREKPUNT_NAAM.label path=fields::VERTREKPUNT_NAAM.path value=naam on_change=set_naam required=true
                    hint="Bijvoorbeeld: ICT-inhuur OCW – werkervaring voor statushouders"/>
                <TextField label=fields::VERTREKPUNT_OMSCHRIJVING.label path=fields::VERTREKPUNT_OMSCHRIJVING.path value=omschrijving on_change=set_omschrijving multiline=true/>
                <TextField label=fields::VERTREKPUNT_OPDRACHTGEVER.label path=fields::VERTREKPUNT_OPDRACHTGEVER.path value=opdrachtgever on_change=set_opdrachtgever
                    required=true suggestions="opdrachtgevers" hint="Kies een suggestie of typ zelf een naam."/>
                <datalist id="opdrachtgevers">
                    {OPDRACHTGEVERS.iter().map(|o| view! { <option value=*o></option> }).collect_view()}
                </datalist>
                <ChoiceSelect<Categorie> label=fields::VERTREKPUNT_CATEGORIE.label path=fields::VERTREKPUNT_CATEGORIE.path value=categorie on_change=set_categorie required=true/>
                <Show when=move || anders.get()>
                    <TextField label=fields::VERTREKPUNT_CATEGORIE_ANDERS.label path=fields::VERTREKPUNT_CATEGORIE_ANDERS.path value=categorie_anders on_change=set_categorie_anders required=true/>
                </Show>
                <ChoiceSelect<Situatie> label=fields::VERTREKPUNT_SITUATIE.label path=fields::VERTREKPUNT_SITUATIE.path value=situatie on_change=set_situatie required=true/>
            </section>

            <LeveranciersList/>

            <section class="ptw-section" aria-labelledby="vp-contract">
                <h2 id="vp-contract">"Opdracht en planning"</h2>
                <div class="ptw-grid">
                    <NumberField<u64> label=fields::VERTREKPUNT_CONTRACTWAARDE.label path=fields::VERTREKPUNT_CONTRACTWAARDE.path value=waarde on_change=set_waarde
                        max=MAX_CONTRACTWAARDE noun="de contractwaarde" unit="euro" required=true/>
                    <NumberField<u32> label=fields::VERTREKPUNT_LOOPTIJD_MAANDEN.label path=fields::VERTREKPUNT_LOOPTIJD_MAANDEN.path value=looptijd on_change=set_looptijd
                        max=u64::from(MAX_LOOPTIJD_MAANDEN) noun="de looptijd" unit="maanden" required=true/>
                </div>
                <p class="ptw-reference" aria-live="polite">
                    {move || referentie.get().unwrap_or_else(|| "De generieke 5%-regeling geldt vanaf € 250.000 (excl. btw) en een looptijd van 6 maanden. Met een proeftuin kies je voor maatwerk in plaats van die regel.".to_string())}
                </p>
                <div class="ptw-grid">
                    <DateField label=fields::VERTREKPUNT_STARTDATUM.label path=fields::VERTREKPUNT_STARTDATUM.path value=start on_change=set_start required=true/>
                    <DateField label=fields::VERTREKPUNT_EVALUATIEDATUM.label path=fields::VERTREKPUNT_EVALUATIEDATUM.path value=evaluatie on_change=set_evaluatie required=true
                        hint="Standaard een jaar na de start."/>
                </div>
            </section>

            <section class="ptw-section" aria-labelledby="vp-beleid">
                <h2 id="vp-beleid">"Beleidsdoelen"</h2>
                <ChoiceChecks<Beleidsdoel> legend=fields::VERTREKPUNT_BELEIDSDOELEN.label path=fields::VERTREKPUNT_BELEIDSDOELEN.path value=doelen on_change=set_doelen/>
                <TextField label=fields::VERTREKPUNT_BELEIDSDOELEN_TOELICHTING.label path=fields::VERTREKPUNT_BELEIDSDOELEN_TOELICHTING.path value=doelen_toel on_change=set_doelen_toel multiline=true
                    hint="Bijvoorbeeld eigen doelen van het ministerie, of de Banenafspraak."/>
            </section>
        </div>
    }
}

/// One or more suppliers; small suppliers can run a proeftuin together.
#[component]
fn LeveranciersList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.vertrekpunt().leveranciers(),
        |d| &mut d.vertrekpunt.leveranciers,
        |id| Leverancier {
            id,
            naam: String::new(),
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.vertrekpunt().leveranciers().at_key(id.clone());
        let (naam, set_naam) = ed.bind(item.clone().naam());
        view! {
            <TextField label=fields::LEVERANCIER_NAAM.label path=fields::LEVERANCIER_NAAM.path(&id) value=naam on_change=set_naam required=true/>
        }
        .into_any()
    });
    view! {
        <EditableList title=fields::VERTREKPUNT_LEVERANCIERS.label path=fields::VERTREKPUNT_LEVERANCIERS.path noun="leverancier" ops row
            hint="Meerdere kleine leveranciers kunnen samen één proeftuin doen, zonder met elkaar te concurreren."/>
    }
}
