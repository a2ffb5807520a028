//! Step 3, Plan van Aanpak: for whom, what, how many, where, with whom, with
//! what coaching, what each side promises (two-sided), what lasts after the
//! pilot, and how progress is followed. Counts only: never personal data.

use leptos::prelude::*;
use proeftuin_domain::validation::{
    MAX_DUUR_MAANDEN, MAX_KANDIDATEN, MAX_PLAATSEN, MAX_UREN_PER_WEEK,
};
use proeftuin_domain::{fields, format};
use proeftuin_domain::{
    Afspraak, Doelgroep, Frequentie, Indicator, Mijlpaal, Partij, Partner, Risico, Vorm, Werkplek,
};

use crate::components::editable_list::list_ops;
use crate::components::{
    ChoiceChecks, ChoiceRadios, ChoiceSelect, DateField, DecimalField, EditableList, NumberField,
    TextField,
};
use crate::editor::use_editor;
use proeftuin_domain::store::*;

/// Step 3.
#[component]
pub fn PlanStep() -> impl IntoView {
    let ed = use_editor();
    let (doelgroepen, set_doelgroepen) = ed.bind(ed.doc.plan().doelgroepen());
    let (doelgroep_toel, set_doelgroep_toel) = ed.bind(ed.doc.plan().doelgroep_toelichting());
    let (ambitie, set_ambitie) = ed.bind(ed.doc.plan().ambitie());
    let (vormen, set_vormen) = ed.bind(ed.doc.plan().vormen());
    let (vorm_toel, set_vorm_toel) = ed.bind(ed.doc.plan().vorm_toelichting());
    let (kandidaten, set_kandidaten) = ed.bind(ed.doc.plan().aantal_kandidaten());
    let (plaatsen, set_plaatsen) = ed.bind(ed.doc.plan().aantal_plaatsen());
    let (uren, set_uren) = ed.bind(ed.doc.plan().uren_per_week());
    let (duur, set_duur) = ed.bind(ed.doc.plan().duur_maanden());
    let (werkplek, set_werkplek) = ed.bind(ed.doc.plan().werkplek());
    let (kern, set_kern) = ed.bind(ed.doc.plan().kerncompetentie());
    let (begeleiding, set_begeleiding) = ed.bind(ed.doc.plan().begeleiding());
    let (wensen, set_wensen) = ed.bind(ed.doc.plan().wensen_opdrachtgever());
    let (duurzaamheid, set_duurzaamheid) = ed.bind(ed.doc.plan().duurzaamheid());
    let (randvoorwaarden, set_randvoorwaarden) = ed.bind(ed.doc.plan().randvoorwaarden());
    let doelgroep_anders =
        Memo::new(move |_| doelgroepen.with(|v: &Vec<Doelgroep>| v.contains(&Doelgroep::Anders)));
    let vorm_anders = Memo::new(move |_| vormen.with(|v: &Vec<Vorm>| v.contains(&Vorm::Anders)));

    view! {
        <div class="ptw-form ptw-plan" >
            <p class="ptw-banner">"Zet in dit plan alleen aantallen, nooit namen of andere gegevens van kandidaten."</p>
            <section class="ptw-section" aria-labelledby="pl-wie">
                <h2 id="pl-wie">"Voor wie en wat"</h2>
                <ChoiceChecks<Doelgroep> legend=fields::PLAN_DOELGROEPEN.label path=fields::PLAN_DOELGROEPEN.path value=doelgroepen on_change=set_doelgroepen required=true/>
                <Show when=move || doelgroep_anders.get()>
                    <TextField label=fields::PLAN_DOELGROEP_TOELICHTING.label path=fields::PLAN_DOELGROEP_TOELICHTING.path value=doelgroep_toel on_change=set_doelgroep_toel required=true/>
                </Show>
                <TextField label=fields::PLAN_AMBITIE.label path=fields::PLAN_AMBITIE.path value=ambitie on_change=set_ambitie multiline=true required=true
                    hint="Wat wil je bereiken? Zeg het in één of twee zinnen."/>
                <ChoiceChecks<Vorm> legend=fields::PLAN_VORMEN.label path=fields::PLAN_VORMEN.path value=vormen on_change=set_vormen required=true/>
                <Show when=move || vorm_anders.get()>
                    <TextField label=fields::PLAN_VORM_TOELICHTING.label path=fields::PLAN_VORM_TOELICHTING.path value=vorm_toel on_change=set_vorm_toel required=true/>
                </Show>
            </section>

            <section class="ptw-section" aria-labelledby="pl-omvang">
                <h2 id="pl-omvang">"Omvang"</h2>
                <div class="ptw-grid">
                    <NumberField<u32> label=fields::PLAN_AANTAL_KANDIDATEN.label path=fields::PLAN_AANTAL_KANDIDATEN.path value=kandidaten on_change=set_kandidaten
                        max=u64::from(MAX_KANDIDATEN) noun="het aantal kandidaten" required=true/>
                    <NumberField<u32> label=fields::PLAN_AANTAL_PLAATSEN.label path=fields::PLAN_AANTAL_PLAATSEN.path value=plaatsen on_change=set_plaatsen
                        max=u64::from(MAX_PLAATSEN) noun="het aantal plaatsen" required=true
                        hint="Werkplekken, stageplaatsen of opleidingsplekken."/>
                    <NumberField<u32> label=fields::PLAN_UREN_PER_WEEK.label path=fields::PLAN_UREN_PER_WEEK.path value=uren on_change=set_uren
                        max=u64::from(MAX_UREN_PER_WEEK) noun="het aantal uren per week" unit="uur"/>
                    <NumberField<u32> label=fields::PLAN_DUUR_MAANDEN.label path=fields::PLAN_DUUR_MAANDEN.path value=duur on_change=set_duur
                        max=u64::from(MAX_DUUR_MAANDEN) noun="de duur" unit="maanden"/>
                </div>
                <ChoiceChecks<Werkplek> legend=fields::PLAN_WERKPLEK.label path=fields::PLAN_WERKPLEK.path value=werkplek on_change=set_werkplek/>
            </section>

            <PartnersList/>

            <section class="ptw-section" aria-labelledby="pl-aanpak">
                <h2 id="pl-aanpak">"Aanpak"</h2>
                <TextField label=fields::PLAN_KERNCOMPETENTIE.label path=fields::PLAN_KERNCOMPETENTIE.path value=kern on_change=set_kern multiline=true
                    hint="Hoe sluit het plan aan bij wat de leverancier goed kan, en bij wat hij al doet?"/>
                <TextField label=fields::PLAN_BEGELEIDING.label path=fields::PLAN_BEGELEIDING.path value=begeleiding on_change=set_begeleiding multiline=true required=true
                    hint="Wie begeleidt de kandidaten, en wie helpt hun leidinggevenden?"/>
                <TextField label=fields::PLAN_WENSEN_OPDRACHTGEVER.label path=fields::PLAN_WENSEN_OPDRACHTGEVER.path value=wensen on_change=set_wensen multiline=true
                    hint="Wat vraagt de leverancier van de opdrachtgever om dit te laten slagen? Het plan werkt twee kanten op."/>
            </section>

            <AfsprakenList/>

            <section class="ptw-section" aria-labelledby="pl-duurzaam">
                <h2 id="pl-duurzaam">"Na de proeftuin"</h2>
                <TextField label=fields::PLAN_DUURZAAMHEID.label path=fields::PLAN_DUURZAAMHEID.path value=duurzaamheid on_change=set_duurzaamheid multiline=true required=true
                    hint="Bijvoorbeeld een contract of een vaste plek. Beide partijen doen hun best voor blijvend werk."/>
            </section>

            <MijlpalenList/>
            <RisicosList/>

            <section class="ptw-section" aria-labelledby="pl-rand">
                <h2 id="pl-rand">"Randvoorwaarden"</h2>
                <TextField label=fields::PLAN_RANDVOORWAARDEN.label path=fields::PLAN_RANDVOORWAARDEN.path value=randvoorwaarden on_change=set_randvoorwaarden multiline=true
                    hint="Wat moet geregeld zijn voordat je begint?"/>
            </section>

            <IndicatorenList/>
        </div>
    }
}

#[component]
fn PartnersList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.plan().partners(),
        |d| &mut d.plan.partners,
        |id| Partner {
            id,
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.plan().partners().at_key(id.clone());
        let (naam, set_naam) = ed.bind(item.clone().naam());
        let (rol, set_rol) = ed.bind(item.clone().rol());
        view! {
            <div class="ptw-grid">
                <TextField label=fields::PARTNER_NAAM.label path=fields::PARTNER_NAAM.path(&id) value=naam on_change=set_naam/>
                <TextField label=fields::PARTNER_ROL.label path=fields::PARTNER_ROL.path(&id) value=rol on_change=set_rol
                    hint="Bijvoorbeeld: coacht kandidaat en leidinggevende."/>
            </div>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.plan().partners().at_key(id);
        let text = Memo::new(move |_| {
            item.try_with(|p| {
                let naam = short(&p.naam, "(nog geen naam)");
                match p.rol.trim() {
                    "" => naam,
                    rol => format!("{naam} – {rol}"),
                }
            })
        });
        (move || text.get()).into_any()
    });
    view! {
        <EditableList title=fields::PLAN_PARTNERS.label path=fields::PLAN_PARTNERS.path noun="partner" ops row summary
            hint="Bijvoorbeeld een sociaal werkbedrijf, een re-integratiebureau of een opleider."/>
    }
}

#[component]
fn AfsprakenList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.plan().afspraken(),
        |d| &mut d.plan.afspraken,
        |id| Afspraak {
            id,
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.plan().afspraken().at_key(id.clone());
        let (partij, set_partij) = ed.bind(item.clone().partij());
        let (wat, set_wat) = ed.bind(item.clone().wat());
        let (eigenaar, set_eigenaar) = ed.bind(item.clone().eigenaar());
        let (datum, set_datum) = ed.bind(item.clone().datum());
        view! {
            <ChoiceRadios<Partij> legend=fields::AFSPRAAK_PARTIJ.label path=fields::AFSPRAAK_PARTIJ.path(&id) value=partij on_change=set_partij inline=true/>
            <TextField label=fields::AFSPRAAK_WAT.label path=fields::AFSPRAAK_WAT.path(&id) value=wat on_change=set_wat required=true/>
            <div class="ptw-grid">
                <TextField label=fields::AFSPRAAK_EIGENAAR.label path=fields::AFSPRAAK_EIGENAAR.path(&id) value=eigenaar on_change=set_eigenaar required=true
                    hint="Een functie is genoeg."/>
                <DateField label=fields::AFSPRAAK_DATUM.label path=fields::AFSPRAAK_DATUM.path(&id) value=datum on_change=set_datum/>
            </div>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.plan().afspraken().at_key(id);
        let text = Memo::new(move |_| {
            item.try_with(|a| {
                let wat = short(&a.wat, "(nog geen afspraak)");
                match a.datum {
                    Some(datum) => format!(
                        "{}: {wat} – uiterlijk {}",
                        a.partij.label(),
                        format::short_date(datum)
                    ),
                    None => format!("{}: {wat}", a.partij.label()),
                }
            })
        });
        (move || text.get()).into_any()
    });
    view! {
        <EditableList title=fields::PLAN_AFSPRAKEN.label path=fields::PLAN_AFSPRAKEN.path noun="afspraak" ops row summary
            hint="Wat belooft elke partij, wie is eigenaar en wanneer? Neem deze afspraken op in het contract."/>
    }
}

#[component]
fn MijlpalenList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.plan().mijlpalen(),
        |d| &mut d.plan.mijlpalen,
        |id| Mijlpaal {
            id,
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.plan().mijlpalen().at_key(id.clone());
        let (wat, set_wat) = ed.bind(item.clone().wat());
        let (datum, set_datum) = ed.bind(item.clone().datum());
        view! {
            <div class="ptw-grid">
                <TextField label=fields::MIJLPAAL_WAT.label path=fields::MIJLPAAL_WAT.path(&id) value=wat on_change=set_wat/>
                <DateField label=fields::MIJLPAAL_DATUM.label path=fields::MIJLPAAL_DATUM.path(&id) value=datum on_change=set_datum/>
            </div>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.plan().mijlpalen().at_key(id);
        let text = Memo::new(move |_| {
            item.try_with(|m| {
                let wat = short(&m.wat, "(nog geen mijlpaal)");
                match m.datum {
                    Some(datum) => format!("{wat} – {}", format::short_date(datum)),
                    None => wat,
                }
            })
        });
        (move || text.get()).into_any()
    });
    view! { <EditableList title=fields::PLAN_MIJLPALEN.label path=fields::PLAN_MIJLPALEN.path noun="mijlpaal" ops row summary/> }
}

#[component]
fn RisicosList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.plan().risicos(),
        |d| &mut d.plan.risicos,
        |id| Risico {
            id,
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.plan().risicos().at_key(id.clone());
        let (risico, set_risico) = ed.bind(item.clone().risico());
        let (maatregel, set_maatregel) = ed.bind(item.clone().maatregel());
        view! {
            <TextField label=fields::RISICO_RISICO.label path=fields::RISICO_RISICO.path(&id) value=risico on_change=set_risico/>
            <TextField label=fields::RISICO_MAATREGEL.label path=fields::RISICO_MAATREGEL.path(&id) value=maatregel on_change=set_maatregel/>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.plan().risicos().at_key(id);
        let text = Memo::new(move |_| item.try_with(|r| short(&r.risico, "(nog geen risico)")));
        (move || text.get()).into_any()
    });
    view! { <EditableList title=fields::PLAN_RISICOS.label path=fields::PLAN_RISICOS.path noun="risico" ops row summary/> }
}

#[component]
fn IndicatorenList() -> impl IntoView {
    let ed = use_editor();
    let ops = list_ops(
        ed,
        ed.doc.plan().indicatoren(),
        |d| &mut d.plan.indicatoren,
        |id| Indicator {
            id,
            ..Default::default()
        },
    );
    let row = Callback::new(move |id: String| {
        let item = ed.doc.plan().indicatoren().at_key(id.clone());
        let (indicator, set_indicator) = ed.bind(item.clone().indicator());
        let (freq, set_freq) = ed.bind(item.clone().frequentie());
        let (doel, set_doel) = ed.bind(item.clone().streefwaarde());
        let (eenheid, set_eenheid) = ed.bind(item.clone().eenheid());
        view! {
            <div class="ptw-grid">
                <TextField label=fields::INDICATOR_INDICATOR.label path=fields::INDICATOR_INDICATOR.path(&id) value=indicator on_change=set_indicator
                    hint="Bijvoorbeeld: aantal kandidaten aan het werk."/>
                <ChoiceSelect<Frequentie> label=fields::INDICATOR_FREQUENTIE.label path=fields::INDICATOR_FREQUENTIE.path(&id) value=freq on_change=set_freq/>
            </div>
            <div class="ptw-grid">
                <DecimalField label=fields::INDICATOR_STREEFWAARDE.label path=fields::INDICATOR_STREEFWAARDE.path(&id) value=doel on_change=set_doel unit=eenheid
                    hint="Wat willen jullie bereiken, als getal?"/>
                <TextField label=fields::INDICATOR_EENHEID.label path=fields::INDICATOR_EENHEID.path(&id) value=eenheid on_change=set_eenheid
                    hint="Bijvoorbeeld: kandidaten, uur of %."/>
            </div>
        }
        .into_any()
    });
    let summary = Callback::new(move |id: String| {
        let item = ed.doc.plan().indicatoren().at_key(id);
        let text = Memo::new(move |_| {
            item.try_with(|i| {
                let indicator = short(&i.indicator, "(nog geen indicator)");
                match i.frequentie {
                    Some(f) => format!("{indicator} – {}", f.label().to_lowercase()),
                    None => indicator,
                }
            })
        });
        (move || text.get()).into_any()
    });
    view! {
        <EditableList title=fields::PLAN_INDICATOREN.label path=fields::PLAN_INDICATOREN.path noun="indicator" ops row summary
            hint="Waaraan zie je of het werkt, en hoe vaak rapporteer je dat?"/>
    }
}

/// The text of a field for a folded row, or `empty` when there is none.
fn short(text: &str, empty: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        empty.to_string()
    } else {
        text.to_string()
    }
}
