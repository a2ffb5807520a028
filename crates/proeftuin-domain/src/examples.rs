//! Voorbeelden: six filled-in proeftuinen to start from.
//!
//! They are based on proeftuinen described in the public sources of Maatwerk voor Mensen
//! (supplier, client, target group, form and number of candidates where these are known).
//! Everything else (amounts, dates, people's functions, agreements, risks) is illustrative and
//! made up; each document says so in its notes. Stakeholders are named by function, never by a
//! real person's name. Step 4 (beoordeling) is left empty. All item ids are deterministic
//! (`vb-<key>-sh-1`, …), so loading the same example twice gives the same document.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::*;

/// An example to start from.
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Voorbeeld {
    /// Stable key, passed to [`voorbeeld_document`].
    pub key: &'static str,
    /// Dutch title.
    pub title: &'static str,
    /// One or two Dutch sentences.
    pub summary: &'static str,
}

const VOORBEELDEN: [Voorbeeld; 6] = [
    Voorbeeld {
        key: "kpmg-dji",
        title: "KPMG en DJI: opleiding voor jonge justitiabelen",
        summary: "De eerste proeftuin (2017, Hoogwaardige Inhuur). KPMG geeft jongeren uit een \
                  justitiële jeugdinrichting een beurs voor een opleiding, als stap naar werk. \
                  Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "berenschot",
        title: "Berenschot: betaalde werkervaring voor hoger opgeleiden",
        summary: "Drie betaalde werkervaringsplaatsen bij Berenschot voor hoger opgeleide mensen \
                  uit het doelgroepregister, met vier kandidaten. De aanpak is vastgelegd in het \
                  beleid van het bureau. Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "ey-itvitae",
        title: "EY en ITvitae: mensen met autisme in cybersecurity",
        summary: "Werkervaringsplaatsen in het cybersecurityteam van EY voor vijf kandidaten met \
                  autisme. ITvitae begeleidt de kandidaten én hun leidinggevenden. Voorbeeld, \
                  deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "atos-ocw",
        title: "Atos en OCW: stages rond diversiteit",
        summary: "Drie stageplaatsen bij Atos of bij een klant van Atos, voor drie kandidaten uit \
                  groepen binnen het thema diversiteit. Gestart via Hoogwaardige Inhuur en verder \
                  uitgewerkt voor ICT-Inhuur. Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "platform-ex-gedetineerden",
        title: "Digitaal platform voor ex-gedetineerden",
        summary:
            "Een ICT-leverancier bouwt een online platform dat ex-gedetineerden helpt bij hun \
                  terugkeer in de maatschappij, en biedt werkervaring in het eigen team. \
                  Voorbeeld, grotendeels fictief ingevuld.",
    },
    Voorbeeld {
        key: "kleine-leveranciers",
        title: "Kleine leveranciers doen het samen",
        summary: "Drie kleine adviesbureaus starten samen één proeftuin, niet als concurrenten \
                  maar als partners, en delen werkervaringsplaatsen voor statushouders. \
                  Voorbeeld, grotendeels fictief ingevuld.",
    },
];

const NOTITIE: &str = "Dit is een voorbeeld. De leverancier, de opdrachtgever, de doelgroep en \
                       het aantal kandidaten komen uit openbare verhalen over Maatwerk voor \
                       Mensen. Bedragen, data, functies en afspraken zijn verzonnen. Pas alles \
                       aan aan je eigen situatie.";

/// All examples, in the order the UI shows them.
pub fn voorbeelden() -> Vec<Voorbeeld> {
    VOORBEELDEN.to_vec()
}

/// The filled-in document for an example key, with the given id and times; `None` for an
/// unknown key.
pub fn voorbeeld_document(key: &str, id: String, now: DateTime<Utc>) -> Option<Proeftuin> {
    let fill: fn(&mut Proeftuin) = match key {
        "kpmg-dji" => kpmg_dji,
        "berenschot" => berenschot,
        "ey-itvitae" => ey_itvitae,
        "atos-ocw" => atos_ocw,
        "platform-ex-gedetineerden" => platform,
        "kleine-leveranciers" => kleine_leveranciers,
        _ => return None,
    };
    let mut doc = Proeftuin::new(id, now);
    fill(&mut doc);
    doc.afronden.notities = NOTITIE.to_string();
    Some(doc)
}

// ---------------------------------------------------------------------------------------------
// Small builders with deterministic ids.

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid example date")
}

fn s(text: &str) -> String {
    text.to_string()
}

fn leveranciers(p: &str, names: &[&str]) -> Vec<Leverancier> {
    names
        .iter()
        .enumerate()
        .map(|(i, naam)| Leverancier {
            id: format!("{p}-lev-{}", i + 1),
            naam: s(naam),
        })
        .collect()
}

/// (naam, organisatie, rol, houding, invloed, nodig, eigenaar contact, escalatielijn)
type ShRow<'a> = (
    &'a str,
    &'a str,
    Rol,
    Houding,
    Invloed,
    &'a str,
    &'a str,
    bool,
);

fn stakeholders(p: &str, rows: &[ShRow]) -> Vec<Stakeholder> {
    rows.iter()
        .enumerate()
        .map(
            |(i, (naam, org, rol, houding, invloed, nodig, eigenaar, esc))| Stakeholder {
                id: format!("{p}-sh-{}", i + 1),
                naam: s(naam),
                organisatie: s(org),
                rol: Some(*rol),
                houding: *houding,
                invloed: *invloed,
                nodig: s(nodig),
                eigenaar_contact: s(eigenaar),
                escalatielijn: *esc,
            },
        )
        .collect()
}

fn partners(p: &str, rows: &[(&str, &str)]) -> Vec<Partner> {
    rows.iter()
        .enumerate()
        .map(|(i, (naam, rol))| Partner {
            id: format!("{p}-partner-{}", i + 1),
            naam: s(naam),
            rol: s(rol),
        })
        .collect()
}

fn afspraken(p: &str, rows: &[(Partij, &str, &str, Option<NaiveDate>)]) -> Vec<Afspraak> {
    rows.iter()
        .enumerate()
        .map(|(i, (partij, wat, eigenaar, datum))| Afspraak {
            id: format!("{p}-afspraak-{}", i + 1),
            partij: *partij,
            wat: s(wat),
            eigenaar: s(eigenaar),
            datum: *datum,
        })
        .collect()
}

fn mijlpalen(p: &str, rows: &[(&str, NaiveDate)]) -> Vec<Mijlpaal> {
    rows.iter()
        .enumerate()
        .map(|(i, (wat, datum))| Mijlpaal {
            id: format!("{p}-mijlpaal-{}", i + 1),
            wat: s(wat),
            datum: Some(*datum),
        })
        .collect()
}

fn risicos(p: &str, rows: &[(&str, &str)]) -> Vec<Risico> {
    rows.iter()
        .enumerate()
        .map(|(i, (risico, maatregel))| Risico {
            id: format!("{p}-risico-{}", i + 1),
            risico: s(risico),
            maatregel: s(maatregel),
        })
        .collect()
}

fn indicatoren(p: &str, rows: &[(&str, Frequentie)]) -> Vec<Indicator> {
    rows.iter()
        .enumerate()
        .map(|(i, (indicator, frequentie))| Indicator {
            id: format!("{p}-indicator-{}", i + 1),
            indicator: s(indicator),
            frequentie: Some(*frequentie),
        })
        .collect()
}

use Houding::{Kritisch, Neutraal, Onbekend, Voorstander};
use Invloed::{Hoog, Laag, Midden};

// ---------------------------------------------------------------------------------------------
// The examples.

fn kpmg_dji(doc: &mut Proeftuin) {
    let p = "vb-kpmg";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Beurzen voor jonge justitiabelen"),
        opdrachtgever: s("Dienst Justitiële Inrichtingen (DJI)"),
        categorie: Some(Categorie::HoogwaardigeInhuur),
        categorie_anders: String::new(),
        situatie: Some(Situatie::Raamovereenkomst),
        leveranciers: leveranciers(p, &["KPMG"]),
        contractwaarde: Some(1_500_000),
        looptijd_maanden: Some(24),
        startdatum: Some(d(2017, 10, 1)),
        evaluatiedatum: Some(d(2018, 10, 1)),
        beleidsdoelen: vec![Beleidsdoel::ReIntegratie, Beleidsdoel::OnderwijsEnOpleiding],
        beleidsdoelen_toelichting: s(
            "DJI wil jongeren die vastzitten of vastzaten een echte kans op een nieuwe start \
             geven. Een opleiding maakt die kans groter.",
        ),
        omschrijving: s(
            "De eerste proeftuin uit de categorie Hoogwaardige Inhuur. In plaats van 5% van de \
             opdracht te besteden aan kandidaten op de opdracht, betaalt KPMG opleidingsbeurzen \
             voor jongeren uit een justitiële jeugdinrichting. Medewerkers van KPMG zijn mentor.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Categoriemanager Hoogwaardige Inhuur",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Hoog,
                "Ruimte in de raamovereenkomst om de 5%-regeling te vervangen door dit plan.",
                "Inkoopadviseur DJI",
                true,
            ),
            (
                "Senior adviseur inkoopbeleid",
                "DJI",
                Rol::Inkoop,
                Voorstander,
                Hoog,
                "Trekt de proeftuin aan de kant van DJI en bewaakt de afspraken.",
                "Inkoopadviseur DJI",
                false,
            ),
            (
                "Directeur bedrijfsvoering",
                "DJI",
                Rol::Opdrachtgever,
                Neutraal,
                Hoog,
                "Steun van de top en tijd voor de medewerkers die meedoen.",
                "Senior adviseur inkoopbeleid",
                true,
            ),
            (
                "Beleidsmedewerker re-integratie",
                "DJI",
                Rol::Beleid,
                Voorstander,
                Midden,
                "Koppeling met het beleid voor terugkeer in de maatschappij.",
                "Senior adviseur inkoopbeleid",
                false,
            ),
            (
                "HR-adviseur",
                "DJI",
                Rol::Hr,
                Onbekend,
                Midden,
                "Meedenken over stageplaatsen of werk bij DJI na de opleiding.",
                "Senior adviseur inkoopbeleid",
                false,
            ),
            (
                "Trajectbegeleider jeugdinrichting",
                "Justitiële jeugdinrichting",
                Rol::Partner,
                Voorstander,
                Midden,
                "Kiest samen met de jongere of een beurs past en begeleidt de start.",
                "Beleidsmedewerker re-integratie",
                false,
            ),
            (
                "Partner maatschappelijke betrokkenheid",
                "KPMG",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Beurzen, mentoren en een vast aanspreekpunt bij KPMG.",
                "Categoriemanager Hoogwaardige Inhuur",
                false,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![
        Doelgroep::Justitiabelen,
        Doelgroep::JongerenZonderStartkwalificatie,
    ];
    plan.doelgroep_toelichting = s(
        "Jongeren die in een justitiële jeugdinrichting zitten of net vrij zijn, vaak zonder \
         afgeronde opleiding.",
    );
    plan.ambitie = s(
        "Jonge justitiabelen krijgen een beurs om een opleiding te volgen, als opstap naar werk.",
    );
    plan.vormen = vec![Vorm::OpleidingBeurs];
    plan.vorm_toelichting =
        s("De beurs betaalt lesgeld en lesmateriaal. Elke student krijgt een mentor van KPMG.");
    plan.aantal_kandidaten = Some(6);
    plan.aantal_plaatsen = Some(5);
    plan.uren_per_week = Some(16);
    plan.duur_maanden = Some(12);
    plan.werkplek = vec![Werkplek::Partner];
    plan.partners = partners(
        p,
        &[
            (
                "Justitiële jeugdinrichting",
                "Draagt kandidaten voor en begeleidt hen tijdens hun verblijf.",
            ),
            (
                "Mbo-opleider in de regio",
                "Geeft de opleiding en meldt het als een student dreigt uit te vallen.",
            ),
        ],
    );
    plan.kerncompetentie = s(
        "KPMG kan goed coachen, adviseren en mensen opleiden. Medewerkers zijn mentor en helpen \
         met plannen, geldzaken en solliciteren. Zo zet KPMG in wat het al goed kan.",
    );
    plan.begeleiding = s(
        "Elke student heeft een vaste mentor van KPMG die één keer per twee weken afspreekt. \
         De trajectbegeleider van de inrichting blijft betrokken. Mentoren krijgen vooraf een \
         korte training over werken met deze jongeren.",
    );
    plan.wensen_opdrachtgever = s(
        "KPMG vraagt DJI om kandidaten voor te dragen via de trajectbegeleiders, om toegang tot \
         de inrichting voor mentorgesprekken, en om mee te zoeken naar stageplaatsen.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Opdrachtgever,
                "Kandidaten voordragen via de trajectbegeleiders van de inrichting.",
                "Beleidsmedewerker re-integratie",
                Some(d(2017, 11, 1)),
            ),
            (
                Partij::Leverancier,
                "Beurzen toekennen en een mentor koppelen aan elke student.",
                "Partner maatschappelijke betrokkenheid KPMG",
                Some(d(2017, 12, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Social return elk kwartaal bespreken in het contractoverleg.",
                "Senior adviseur inkoopbeleid",
                None,
            ),
            (
                Partij::Samen,
                "Na de opleiding samen zoeken naar een stage of baan.",
                "Mentor en trajectbegeleider",
                Some(d(2018, 9, 1)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "De opleiding levert een diploma op dat blijft. DJI en KPMG doen allebei hun best om \
         elke student daarna een stage of baan te bieden, bij henzelf of bij een partner. \
         Werkt het, dan neemt KPMG de beurzen op in zijn eigen beleid.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            ("Plan van Aanpak getekend", d(2017, 10, 1)),
            ("Eerste beurzen toegekend", d(2017, 12, 1)),
            ("Tussenstand met DJI besproken", d(2018, 4, 1)),
            ("Evaluatie en besluit over vervolg", d(2018, 10, 1)),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Een student stopt met de opleiding.",
                "De mentor merkt het vroeg; de plek gaat naar de volgende kandidaat.",
            ),
            (
                "Een jongere wordt overgeplaatst of komt vrij en verhuist.",
                "De beurs mag mee naar een opleiding in de nieuwe woonplaats.",
            ),
            (
                "Persoonsgegevens van jongeren komen in verslagen terecht.",
                "Verslagen bevatten alleen aantallen; namen blijven bij de inrichting.",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            ("Aantal toegekende beurzen", Frequentie::PerKwartaal),
            ("Aantal studenten dat nog studeert", Frequentie::PerKwartaal),
            ("Aantal afgeronde opleidingen", Frequentie::Halfjaarlijks),
            (
                "Aantal studenten met stage of werk daarna",
                Frequentie::Jaarlijks,
            ),
        ],
    );
    plan.randvoorwaarden = s(
        "De raamovereenkomst laat toe dat het plan de 5%-regeling vervangt. DJI regelt toegang \
         tot de inrichting voor de mentoren.",
    );
}

fn berenschot(doc: &mut Proeftuin) {
    let p = "vb-berenschot";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Betaalde werkervaring voor hoger opgeleiden"),
        opdrachtgever: s("Rijksoverheid, categorie Hoogwaardige Inhuur"),
        categorie: Some(Categorie::HoogwaardigeInhuur),
        categorie_anders: String::new(),
        situatie: Some(Situatie::Raamovereenkomst),
        leveranciers: leveranciers(p, &["Berenschot"]),
        contractwaarde: Some(2_000_000),
        looptijd_maanden: Some(36),
        startdatum: Some(d(2018, 1, 15)),
        evaluatiedatum: Some(d(2019, 1, 15)),
        beleidsdoelen: vec![
            Beleidsdoel::Banenafspraak,
            Beleidsdoel::InclusieveOrganisatie,
        ],
        beleidsdoelen_toelichting: s(
            "Past bij de Banenafspraak en bij de wens van het Rijk om een inclusieve werkgever \
             te zijn.",
        ),
        omschrijving: s(
            "Berenschot werkt vooral met hoogopgeleide adviseurs. Daarom biedt het bureau \
             betaalde werkervaringsplaatsen aan hoger opgeleide mensen uit het \
             doelgroepregister. Zo hoeft een kandidaat niet ook nog aan een heel andere \
             werkcultuur te wennen.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Categoriemanager Hoogwaardige Inhuur",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Hoog,
                "Meedenken over wat wél kan, en ruimte in de raamovereenkomst.",
                "Contractmanager",
                true,
            ),
            (
                "Contractmanager",
                "Rijksoverheid",
                Rol::Contractmanager,
                Neutraal,
                Midden,
                "Social return meenemen in het gewone contractoverleg.",
                "Categoriemanager Hoogwaardige Inhuur",
                false,
            ),
            (
                "Adviseur HR-beleid",
                "Ministerie van BZK",
                Rol::Hr,
                Voorstander,
                Midden,
                "Kennis van de Banenafspraak en contact met HR van de ministeries.",
                "Categoriemanager Hoogwaardige Inhuur",
                false,
            ),
            (
                "Beleidsmedewerker inclusief werkgeverschap",
                "Ministerie van BZK",
                Rol::Beleid,
                Voorstander,
                Midden,
                "Koppeling met de doelen voor een inclusieve overheid.",
                "Adviseur HR-beleid",
                false,
            ),
            (
                "Projectleider Inclusief werken",
                "Berenschot",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Trekt de proeftuin binnen Berenschot.",
                "Categoriemanager Hoogwaardige Inhuur",
                false,
            ),
            (
                "Directie",
                "Berenschot",
                Rol::Leverancier,
                Neutraal,
                Hoog,
                "Besluit om de aanpak vast op te nemen in het beleid van het bureau.",
                "Projectleider Inclusief werken",
                true,
            ),
            (
                "Adviseur",
                "Adviesteam Social Return",
                Rol::Adviesteam,
                Voorstander,
                Laag,
                "Meedenken en andere proeftuinen laten zien.",
                "Categoriemanager Hoogwaardige Inhuur",
                false,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![Doelgroep::Banenafspraak];
    plan.doelgroep_toelichting = s(
        "Hoger opgeleide mensen die in het doelgroepregister van de Banenafspraak staan. Sommigen \
         hebben een paar jaar niet gewerkt.",
    );
    plan.ambitie = s("Drie betaalde werkervaringsplaatsen binnen Berenschot.");
    plan.vormen = vec![Vorm::Werkervaringsplaats];
    plan.vorm_toelichting = s(
        "De kandidaten krijgen salaris en werken mee in adviesteams, passend bij hun opleiding.",
    );
    plan.aantal_kandidaten = Some(4);
    plan.aantal_plaatsen = Some(3);
    plan.uren_per_week = Some(24);
    plan.duur_maanden = Some(12);
    plan.werkplek = vec![Werkplek::Leverancier];
    plan.partners = partners(
        p,
        &[(
            "Werkgeversservicepunt in de regio",
            "Helpt kandidaten uit het doelgroepregister te vinden en regelt jobcoaching.",
        )],
    );
    plan.kerncompetentie = s(
        "Berenschot werkt met hoogopgeleid talent. Door kandidaten met een passende opleiding te \
         kiezen, past het werk bij de cultuur en het vak van het bureau. Het bestaande programma \
         Inclusief werken is het startpunt.",
    );
    plan.begeleiding = s(
        "Elke kandidaat heeft een vaste collega als buddy en een jobcoach via het \
         werkgeversservicepunt. Leidinggevenden krijgen uitleg over werken met iemand uit het \
         doelgroepregister. Kandidaten bepalen zelf wat collega's over hun situatie weten.",
    );
    plan.wensen_opdrachtgever = s(
        "Berenschot vraagt de opdrachtgever om mee te denken als het vastloopt, om ervaringen \
         van HR bij het Rijk te delen, en om kandidaten ook een kans te geven bij een ministerie.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Leverancier,
                "Drie betaalde werkervaringsplaatsen openstellen.",
                "Projectleider Inclusief werken",
                Some(d(2018, 3, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Elk kwartaal de voortgang bespreken in het contractoverleg.",
                "Contractmanager",
                None,
            ),
            (
                Partij::Opdrachtgever,
                "Contact leggen met HR van ministeries voor een vervolgplek.",
                "Adviseur HR-beleid",
                Some(d(2018, 9, 1)),
            ),
            (
                Partij::Samen,
                "Na een jaar samen bekijken of de aanpak in het beleid kan.",
                "Categoriemanager en projectleider",
                Some(d(2019, 1, 15)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "Het doel is een vast contract bij Berenschot of elders. Berenschot legt de aanpak vast \
         in zijn beleid, zodat nieuwe kandidaten ook na de proeftuin een plek kunnen krijgen.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            ("Werkervaringsplaatsen beschreven en open", d(2018, 3, 1)),
            ("Eerste kandidaten gestart", d(2018, 5, 1)),
            ("Alle plaatsen bezet", d(2018, 9, 1)),
            (
                "Evaluatie en besluit over vastleggen in beleid",
                d(2019, 1, 15),
            ),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Er zijn te weinig geschikte kandidaten.",
                "Samen met het werkgeversservicepunt breder zoeken; vier kandidaten voor drie \
                 plaatsen geeft wat ruimte.",
            ),
            (
                "Collega's weten niet goed hoe ze moeten helpen.",
                "Uitleg voor teams en een vaste buddy per kandidaat.",
            ),
            (
                "Privacy van kandidaten.",
                "Kandidaten kiezen zelf wat ze delen; in verslagen staan alleen aantallen.",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            (
                "Aantal bezette werkervaringsplaatsen",
                Frequentie::PerKwartaal,
            ),
            (
                "Aantal kandidaten met een vast contract",
                Frequentie::Halfjaarlijks,
            ),
            (
                "Tevredenheid van kandidaten en leidinggevenden",
                Frequentie::Halfjaarlijks,
            ),
        ],
    );
    plan.randvoorwaarden =
        s("Budget voor salarissen en begeleiding is vrijgemaakt. De directie steunt het plan.");
}

fn ey_itvitae(doc: &mut Proeftuin) {
    let p = "vb-ey";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Talent met autisme in cybersecurity"),
        opdrachtgever: s("Ministerie van BZK"),
        categorie: Some(Categorie::HoogwaardigeInhuur),
        categorie_anders: String::new(),
        situatie: Some(Situatie::Raamovereenkomst),
        leveranciers: leveranciers(p, &["EY"]),
        contractwaarde: Some(3_000_000),
        looptijd_maanden: Some(36),
        startdatum: Some(d(2017, 12, 1)),
        evaluatiedatum: Some(d(2018, 12, 1)),
        beleidsdoelen: vec![
            Beleidsdoel::Banenafspraak,
            Beleidsdoel::TekortVakmensen,
            Beleidsdoel::InclusieveOrganisatie,
        ],
        beleidsdoelen_toelichting: s(
            "Mensen aan werk helpen die vaak buiten de boot vallen, in een vak waar veel vraag \
             naar is.",
        ),
        omschrijving: s(
            "EY biedt werkervaringsplaatsen in zijn cybersecurityteam aan mensen met autisme. \
             ITvitae, een organisatie die mensen met autisme opleidt voor de ICT, zoekt de \
             kandidaten en begeleidt hen en hun leidinggevenden. Het gaat om wat kandidaten goed \
             kunnen en graag doen, zoals hacken.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Afdelingshoofd inkoop- en aanbestedingsbeleid",
                "Ministerie van BZK",
                Rol::Inkoop,
                Voorstander,
                Hoog,
                "Steun voor de nieuwe werkwijze en ruimte in het contract.",
                "Categoriemanager",
                true,
            ),
            (
                "Categoriemanager Hoogwaardige Inhuur",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Hoog,
                "Koppeling met de raamovereenkomst.",
                "Afdelingshoofd inkoopbeleid",
                false,
            ),
            (
                "Adviseur HR-beleid",
                "Ministerie van BZK",
                Rol::Hr,
                Voorstander,
                Midden,
                "Kennis van de Banenafspraak; kijken naar plekken bij het Rijk.",
                "Categoriemanager",
                false,
            ),
            (
                "Beleidsmedewerker Banenafspraak",
                "Ministerie van BZK",
                Rol::Beleid,
                Neutraal,
                Midden,
                "Koppeling met de doelen van de Banenafspraak.",
                "Adviseur HR-beleid",
                false,
            ),
            (
                "Advisory leader publieke sector",
                "EY",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Trekker bij EY; geeft ruimte in het team.",
                "Categoriemanager",
                true,
            ),
            (
                "Teamleider cybersecurity",
                "EY",
                Rol::Leverancier,
                Onbekend,
                Midden,
                "Dagelijkse leiding en passend werk voor de kandidaten.",
                "Advisory leader publieke sector",
                false,
            ),
            (
                "Directeur",
                "ITvitae",
                Rol::Partner,
                Voorstander,
                Midden,
                "Kandidaten, begeleiding en kennis over autisme; schuift aan bij elk overleg.",
                "Advisory leader publieke sector",
                false,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![Doelgroep::Autisme];
    plan.doelgroep_toelichting = s(
        "Mensen met autisme met talent voor ICT en security, die via ITvitae een leertraject \
         volgen.",
    );
    plan.ambitie = s(
        "Werkervaringsplaatsen in het cybersecurityteam van EY voor mensen met autisme, samen \
         met ITvitae.",
    );
    plan.vormen = vec![Vorm::Werkervaringsplaats];
    plan.vorm_toelichting = s(
        "Kandidaten werken mee aan echte opdrachten, zoals het testen van de beveiliging van \
         systemen.",
    );
    plan.aantal_kandidaten = Some(5);
    plan.aantal_plaatsen = Some(5);
    plan.uren_per_week = Some(32);
    plan.duur_maanden = Some(12);
    plan.werkplek = vec![Werkplek::Leverancier];
    plan.partners = partners(
        p,
        &[(
            "ITvitae",
            "Zoekt en selecteert kandidaten, begeleidt hen van de eerste kennismaking tot en met \
             het werk, coacht ook de leidinggevende en geeft lunchsessies over autisme voor het \
             team.",
        )],
    );
    plan.kerncompetentie = s(
        "Cybersecurity is een kernvak van EY. Mensen met autisme zijn hier vaak sterk in. EY \
         kijkt naar wat iemand goed kan, niet naar een beperking.",
    );
    plan.begeleiding = s(
        "ITvitae begeleidt elke kandidaat vanaf het begin en blijft bereikbaar tijdens het werk. \
         De leidinggevende krijgt coaching van ITvitae. Het team krijgt uitleg in korte \
         lunchsessies. Kandidaten hebben een vaste werkplek en een vast aanspreekpunt.",
    );
    plan.wensen_opdrachtgever = s(
        "EY vraagt BZK om ITvitae als volwaardige partner bij elk overleg te betrekken, om \
         flexibel te zijn in planning als een kandidaat meer tijd nodig heeft, en om ervaringen \
         te delen met andere ministeries.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Leverancier,
                "Vijf werkervaringsplaatsen in het cybersecurityteam openstellen.",
                "Teamleider cybersecurity",
                Some(d(2018, 2, 1)),
            ),
            (
                Partij::Partner,
                "Kandidaten voordragen en begeleiding van kandidaat en leidinggevende regelen.",
                "Directeur ITvitae",
                Some(d(2018, 1, 15)),
            ),
            (
                Partij::Opdrachtgever,
                "ITvitae uitnodigen voor elk overleg over de proeftuin.",
                "Categoriemanager",
                None,
            ),
            (
                Partij::Opdrachtgever,
                "De ervaringen delen in het netwerk van HR bij het Rijk.",
                "Adviseur HR-beleid",
                Some(d(2018, 10, 1)),
            ),
            (
                Partij::Samen,
                "Voor elke kandidaat voor het einde van de plaats een vervolg bespreken.",
                "Teamleider cybersecurity en ITvitae",
                Some(d(2018, 11, 1)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "EY wil kandidaten die het goed doen een baan aanbieden. De aanpak wordt onderdeel van \
         het personeelsbeleid, zodat EY ermee doorgaat, ook zonder social return-verplichting.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            ("Kennismaking en assessment via ITvitae", d(2018, 1, 15)),
            ("Eerste kandidaten gestart", d(2018, 2, 1)),
            ("Lunchsessies voor het team gegeven", d(2018, 3, 1)),
            ("Evaluatie met BZK en ITvitae", d(2018, 12, 1)),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Te veel prikkels of onduidelijke taken voor kandidaten.",
                "Rustige werkplek, duidelijke taken en snel contact met de begeleider van ITvitae.",
            ),
            (
                "Collega's weten niet hoe ze met autisme om moeten gaan.",
                "Lunchsessies en coaching voor de leidinggevende.",
            ),
            (
                "Toegang tot gevoelige klantgegevens.",
                "Kandidaten werken in een afgeschermde testomgeving tot de screening rond is.",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            ("Aantal gestarte kandidaten", Frequentie::PerKwartaal),
            (
                "Aantal kandidaten dat de plaats afrondt",
                Frequentie::Halfjaarlijks,
            ),
            (
                "Aantal kandidaten met een baan daarna",
                Frequentie::Jaarlijks,
            ),
        ],
    );
    plan.randvoorwaarden = s(
        "ITvitae is bij alle overleggen. Er is budget voor begeleiding. Screening voor \
         security-werk is op tijd geregeld.",
    );
}

fn atos_ocw(doc: &mut Proeftuin) {
    let p = "vb-atos";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Stages rond diversiteit bij Atos"),
        opdrachtgever: s("Ministerie van OCW"),
        categorie: Some(Categorie::HoogwaardigeInhuur),
        categorie_anders: String::new(),
        situatie: Some(Situatie::Raamovereenkomst),
        leveranciers: leveranciers(p, &["Atos"]),
        contractwaarde: Some(1_200_000),
        looptijd_maanden: Some(24),
        startdatum: Some(d(2018, 3, 1)),
        evaluatiedatum: Some(d(2019, 3, 1)),
        beleidsdoelen: vec![
            Beleidsdoel::InclusieveOrganisatie,
            Beleidsdoel::TekortVakmensen,
            Beleidsdoel::OnderwijsEnOpleiding,
        ],
        beleidsdoelen_toelichting: s(
            "OCW vroeg om een plan voor kwetsbare groepen, dicht bij het vak van de leverancier \
             en zo mogelijk passend bij de doelen van OCW. Er is veel vraag naar ICT'ers.",
        ),
        omschrijving: s(
            "Atos biedt stages aan mensen uit groepen die binnen het thema diversiteit vallen. \
             De proeftuin begon in de categorie Hoogwaardige Inhuur. Omdat het goed beviel, \
             werkt OCW het idee ook uit voor de categorie ICT-Inhuur.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Coördinerend directeur inkoop",
                "Ministerie van OCW",
                Rol::Inkoop,
                Voorstander,
                Hoog,
                "Trekker bij OCW en escalatielijn als het vastloopt.",
                "Inkoopadviseur OCW",
                true,
            ),
            (
                "Categoriemanager Hoogwaardige Inhuur",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Midden,
                "Ruimte in de raamovereenkomst en het verhaal delen met andere leveranciers.",
                "Coördinerend directeur inkoop",
                false,
            ),
            (
                "Categoriemanager ICT-Inhuur",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Hoog,
                "Het idee meenemen naar de categorie ICT-Inhuur.",
                "Coördinerend directeur inkoop",
                false,
            ),
            (
                "Interne opdrachtgever ICT",
                "Uitvoeringsorganisatie van OCW",
                Rol::Opdrachtgever,
                Kritisch,
                Midden,
                "Vertrouwen dat de proeftuin niet te veel extra werk kost.",
                "Coördinerend directeur inkoop",
                false,
            ),
            (
                "HR-adviseur diversiteit",
                "Ministerie van OCW",
                Rol::Hr,
                Neutraal,
                Midden,
                "Meedenken over doelgroepen en een stageplek bij OCW.",
                "Inkoopadviseur OCW",
                false,
            ),
            (
                "Beleidsmedewerker onderwijs en arbeidsmarkt",
                "Ministerie van OCW",
                Rol::Beleid,
                Onbekend,
                Midden,
                "Koppeling met de doelen van OCW.",
                "Inkoopadviseur OCW",
                false,
            ),
            (
                "Diversity & inclusion officer",
                "Atos",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Trekker bij Atos; koppelt de stages aan het diversiteitsprogramma.",
                "Coördinerend directeur inkoop",
                false,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![Doelgroep::Anders];
    plan.doelgroep_toelichting = s(
        "Specifieke groepen binnen het thema diversiteit, die Atos en OCW samen kiezen. Denk \
         aan mensen met een migratieachtergrond of een arbeidsbeperking.",
    );
    plan.ambitie = s("Drie stageplaatsen bij Atos of bij een klant van Atos.");
    plan.vormen = vec![Vorm::Stage];
    plan.vorm_toelichting = s(
        "Stages in ICT-werk, met een opleidingsdeel, zodat kandidaten kunnen doorstromen naar \
         werk in de ICT.",
    );
    plan.aantal_kandidaten = Some(3);
    plan.aantal_plaatsen = Some(3);
    plan.uren_per_week = Some(32);
    plan.duur_maanden = Some(6);
    plan.werkplek = vec![Werkplek::Leverancier, Werkplek::KlantVanLeverancier];
    plan.partners = partners(
        p,
        &[(
            "Opleider voor ICT-omscholing",
            "Geeft het opleidingsdeel van de stage en helpt bij de keuze van kandidaten.",
        )],
    );
    plan.kerncompetentie = s(
        "Atos is een ICT-bedrijf met een eigen diversiteitsprogramma. De stages zetten dat \
         programma om in concrete plekken en helpen tegen het tekort aan ICT'ers.",
    );
    plan.begeleiding = s(
        "Elke stagiair heeft een werkbegeleider bij Atos of bij de klant. Collega's krijgen \
         uitleg, zodat ze weten hoe ze de eerste stap zetten. Eén keer per maand is er een \
         gesprek met de diversity & inclusion officer.",
    );
    plan.wensen_opdrachtgever = s(
        "Atos vraagt OCW om steun tijdens de opstart, om mee te denken over de doelgroep, en om \
         zelf een stageplek te bieden als een klant van Atos afhaakt.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Leverancier,
                "Drie stageplaatsen regelen bij Atos of een klant.",
                "Diversity & inclusion officer",
                Some(d(2018, 9, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Samen met Atos de doelgroep kiezen.",
                "Coördinerend directeur inkoop",
                Some(d(2018, 5, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "De interne opdrachtgever betrekken en uitleggen wat de proeftuin oplevert.",
                "Coördinerend directeur inkoop",
                Some(d(2018, 4, 1)),
            ),
            (
                Partij::Samen,
                "Na de stage samen zoeken naar een baan in de ICT.",
                "Diversity & inclusion officer en HR-adviseur OCW",
                Some(d(2019, 3, 1)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "Atos en OCW doen allebei hun best om stagiairs daarna een baan te bieden. De stages \
         worden een vast onderdeel van het diversiteitsprogramma van Atos.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            ("Doelgroep gekozen", d(2018, 5, 1)),
            ("Stageplekken beschreven", d(2018, 7, 1)),
            ("Eerste stagiairs gestart", d(2018, 9, 1)),
            ("Evaluatie en plan voor ICT-Inhuur", d(2019, 3, 1)),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Collega's vinden het lastig om kandidaten met een andere achtergrond te \
                 benaderen.",
                "Uitleg en een vaste werkbegeleider; de eerste stap samen zetten.",
            ),
            (
                "Interne opdrachtgevers zien vooral extra werk.",
                "Vroeg in gesprek gaan en laten zien wat het oplevert.",
            ),
            (
                "De opstart duurt langer dan gepland.",
                "Mijlpalen elk kwartaal bespreken en de planning bijstellen.",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            ("Aantal gestarte stagiairs", Frequentie::PerKwartaal),
            ("Aantal afgeronde stages", Frequentie::Halfjaarlijks),
            (
                "Aantal stagiairs met een baan daarna",
                Frequentie::Jaarlijks,
            ),
        ],
    );
    plan.randvoorwaarden = s(
        "Klanten van Atos die een stageplek bieden, doen vrijwillig mee. OCW houdt de \
         opstartfase vol, ook als het even tegenzit.",
    );
}

fn platform(doc: &mut Proeftuin) {
    let p = "vb-platform";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Digitaal platform voor terugkeer na detentie"),
        opdrachtgever: s("Dienst Justitiële Inrichtingen (DJI)"),
        categorie: Some(Categorie::IctInhuur),
        categorie_anders: String::new(),
        situatie: Some(Situatie::LopendeOpdracht),
        leveranciers: leveranciers(p, &["ICT-leverancier (fictief)"]),
        contractwaarde: Some(800_000),
        looptijd_maanden: Some(24),
        startdatum: Some(d(2018, 9, 1)),
        evaluatiedatum: Some(d(2019, 9, 1)),
        beleidsdoelen: vec![Beleidsdoel::ReIntegratie],
        beleidsdoelen_toelichting: s(
            "Een goede terugkeer in de maatschappij verkleint de kans dat iemand opnieuw de fout \
             in gaat.",
        ),
        omschrijving: s(
            "Een ICT-leverancier bouwt een online platform voor ex-gedetineerden. Daar vinden ze \
             op één plek hulp bij werk zoeken, regelzaken en contact met hun begeleiders. Ook \
             werken twee ex-gedetineerden mee in het team dat het platform bouwt.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Contractmanager ICT",
                "DJI",
                Rol::Contractmanager,
                Voorstander,
                Midden,
                "Bevestigen dat het lopende contract goed loopt en ruimte geven voor de proeftuin.",
                "Inkoopadviseur DJI",
                false,
            ),
            (
                "Inkoopadviseur",
                "DJI",
                Rol::Inkoop,
                Voorstander,
                Midden,
                "De afspraken vastleggen in het contract.",
                "Contractmanager ICT",
                false,
            ),
            (
                "Coördinator inkoopbeleid en strategie",
                "DJI",
                Rol::Inkoop,
                Voorstander,
                Hoog,
                "Steun op hoger niveau als het vastloopt.",
                "Inkoopadviseur",
                true,
            ),
            (
                "Beleidsadviseur re-integratie",
                "DJI",
                Rol::Beleid,
                Neutraal,
                Hoog,
                "Aansluiting bij wat DJI al doet voor terugkeer na detentie.",
                "Inkoopadviseur",
                false,
            ),
            (
                "HR-adviseur",
                "DJI",
                Rol::Hr,
                Onbekend,
                Laag,
                "Meedenken over werkervaring bij DJI voor gebruikers van het platform.",
                "Inkoopadviseur",
                false,
            ),
            (
                "Reclasseringswerker",
                "Reclasseringsorganisatie",
                Rol::Partner,
                Voorstander,
                Midden,
                "Gebruikers aanmelden en het platform gebruiken in de begeleiding.",
                "Beleidsadviseur re-integratie",
                false,
            ),
            (
                "Productowner",
                "ICT-leverancier (fictief)",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Bouw van het platform en begeleiding in het team.",
                "Contractmanager ICT",
                false,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![Doelgroep::Justitiabelen];
    plan.doelgroep_toelichting = s(
        "Mensen die binnenkort vrijkomen of net vrij zijn. Twee van hen werken ook mee in het \
         ontwikkelteam.",
    );
    plan.ambitie = s(
        "Een platform dat ex-gedetineerden helpt bij hun terugkeer, en twee \
         werkervaringsplaatsen in het team dat het bouwt.",
    );
    plan.vormen = vec![Vorm::Anders, Vorm::Werkervaringsplaats];
    plan.vorm_toelichting = s(
        "Het platform zelf is de sociale bijdrage: een online plek met vacatures, uitleg over \
         regelzaken en contact met begeleiders. Daarnaast twee werkervaringsplaatsen.",
    );
    plan.aantal_kandidaten = Some(30);
    plan.aantal_plaatsen = Some(2);
    plan.uren_per_week = Some(24);
    plan.duur_maanden = Some(12);
    plan.werkplek = vec![Werkplek::Leverancier];
    plan.partners = partners(
        p,
        &[
            (
                "Reclasseringsorganisatie",
                "Meldt gebruikers aan en gebruikt het platform in de begeleiding.",
            ),
            (
                "Gemeenten in de regio",
                "Zetten hun hulp bij terugkeer (wonen, inkomen, werk) op het platform.",
            ),
        ],
    );
    plan.kerncompetentie = s(
        "Software bouwen is het vak van de leverancier. Het platform gebruikt wat de leverancier \
         al maakt voor andere klanten, zoals een portaal met inloggen en berichten.",
    );
    plan.begeleiding = s(
        "De twee teamleden hebben een vaste collega als maatje en een wekelijks gesprek met de \
         productowner. Gebruikers van het platform houden hun eigen begeleider bij de \
         reclassering.",
    );
    plan.wensen_opdrachtgever = s(
        "De leverancier vraagt DJI om de inrichtingen te laten meedoen bij het testen, om \
         gebruikers te helpen aanmelden, en om te kijken of het platform na de proeftuin kan \
         blijven.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Leverancier,
                "Een eerste versie van het platform opleveren.",
                "Productowner",
                Some(d(2019, 1, 15)),
            ),
            (
                Partij::Leverancier,
                "Twee werkervaringsplaatsen in het ontwikkelteam invullen.",
                "Productowner",
                Some(d(2018, 11, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Twee inrichtingen laten meetesten met gebruikers.",
                "Beleidsadviseur re-integratie",
                Some(d(2019, 2, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Voor de evaluatie besluiten hoe het platform na de proeftuin verder kan.",
                "Coördinator inkoopbeleid en strategie",
                Some(d(2019, 8, 1)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "Als het platform werkt, zoeken DJI en de leverancier samen een vaste plek en vaste \
         financiering. De twee teamleden krijgen bij goed werk een contract.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            ("Teamleden gestart", d(2018, 11, 1)),
            ("Eerste versie van het platform", d(2019, 1, 15)),
            ("Test in twee inrichtingen", d(2019, 3, 1)),
            ("Evaluatie", d(2019, 9, 1)),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Het platform bevat persoonsgegevens van gebruikers.",
                "Privacy by design en een privacytoets vooraf; in dit plan staan alleen aantallen.",
            ),
            (
                "Gebruikers haken af na vrijlating.",
                "Aanmelden al vóór vrijlating, met hulp van de reclassering.",
            ),
            (
                "Na de proeftuin is er geen geld voor beheer.",
                "Tijdig een besluit over beheer en financiering (zie afspraken).",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            ("Aantal actieve gebruikers", Frequentie::Maandelijks),
            (
                "Aantal gebruikers met werk of opleiding",
                Frequentie::PerKwartaal,
            ),
            ("Aantal teamleden met een contract", Frequentie::Jaarlijks),
        ],
    );
    plan.randvoorwaarden = s(
        "Het lopende contract loopt goed en beide partijen zijn tevreden. Er is een \
         privacytoets gedaan voordat echte gebruikers meedoen.",
    );
}

fn kleine_leveranciers(doc: &mut Proeftuin) {
    let p = "vb-klein";
    doc.vertrekpunt = Vertrekpunt {
        naam: s("Samen werkervaring bieden aan statushouders"),
        opdrachtgever: s("Rijkswaterstaat"),
        categorie: Some(Categorie::Interimmanagement),
        categorie_anders: String::new(),
        situatie: Some(Situatie::Raamovereenkomst),
        leveranciers: leveranciers(
            p,
            &[
                "Adviesbureau Noord (fictief)",
                "Interimbureau Midden (fictief)",
                "Organisatieadvies Zuid (fictief)",
            ],
        ),
        contractwaarde: Some(900_000),
        looptijd_maanden: Some(24),
        startdatum: Some(d(2019, 4, 1)),
        evaluatiedatum: Some(d(2020, 4, 1)),
        beleidsdoelen: vec![
            Beleidsdoel::Statushouders,
            Beleidsdoel::InclusieveOrganisatie,
        ],
        beleidsdoelen_toelichting: s(
            "Rijkswaterstaat wil graag iets doen voor vluchtelingen met een verblijfsvergunning.",
        ),
        omschrijving: s(
            "Drie kleine bureaus zijn te klein om ieder apart een goede proeftuin te doen. Samen \
             lukt het wel. Ze werken niet als concurrenten maar als partners, en delen \
             begeleiding en werkplekken. Eén bureau is penvoerder.",
        ),
    };
    doc.stakeholders = stakeholders(
        p,
        &[
            (
                "Categoriemanager",
                "Rijksoverheid",
                Rol::Categoriemanager,
                Voorstander,
                Hoog,
                "Toestemming om de social return van drie contracten samen te voegen.",
                "Inkoper Rijkswaterstaat",
                true,
            ),
            (
                "Inkoper",
                "Rijkswaterstaat",
                Rol::Inkoop,
                Voorstander,
                Midden,
                "Regelt de afspraken met de drie bureaus.",
                "Categoriemanager",
                false,
            ),
            (
                "HR-adviseur",
                "Rijkswaterstaat",
                Rol::Hr,
                Neutraal,
                Midden,
                "Kijken of kandidaten daarna bij Rijkswaterstaat kunnen werken.",
                "Inkoper",
                false,
            ),
            (
                "Beleidsmedewerker",
                "Rijkswaterstaat",
                Rol::Beleid,
                Voorstander,
                Midden,
                "Aansluiting bij het beleid voor statushouders.",
                "Inkoper",
                false,
            ),
            (
                "Directeur (penvoerder)",
                "Adviesbureau Noord (fictief)",
                Rol::Leverancier,
                Voorstander,
                Hoog,
                "Coördinatie tussen de drie bureaus.",
                "Inkoper",
                false,
            ),
            (
                "Eigenaren",
                "Interimbureau Midden en Organisatieadvies Zuid (fictief)",
                Rol::Leverancier,
                Neutraal,
                Midden,
                "Elk een werkplek en een begeleider.",
                "Directeur (penvoerder)",
                false,
            ),
            (
                "Adviseur",
                "Adviesteam Social Return",
                Rol::Adviesteam,
                Voorstander,
                Laag,
                "Hulp bij de opzet van een gezamenlijke proeftuin.",
                "Categoriemanager",
                true,
            ),
        ],
    );
    let plan = &mut doc.plan;
    plan.doelgroepen = vec![Doelgroep::Statushouders];
    plan.doelgroep_toelichting = s(
        "Statushouders met een opleiding of werkervaring uit hun land van herkomst, die de \
         Nederlandse taal aan het leren zijn.",
    );
    plan.ambitie = s(
        "Drie kleine bureaus bieden samen drie werkervaringsplaatsen aan statushouders, met \
         gedeelde begeleiding.",
    );
    plan.vormen = vec![Vorm::CoCreatie, Vorm::Werkervaringsplaats];
    plan.vorm_toelichting = s(
        "Elk bureau biedt één plaats. Kandidaten lopen ook een paar weken mee bij de andere \
         bureaus en bij Rijkswaterstaat.",
    );
    plan.aantal_kandidaten = Some(4);
    plan.aantal_plaatsen = Some(3);
    plan.uren_per_week = Some(24);
    plan.duur_maanden = Some(9);
    plan.werkplek = vec![Werkplek::Leverancier, Werkplek::Rijk];
    plan.partners = partners(
        p,
        &[
            (
                "Taalaanbieder in de regio",
                "Taallessen op de werkplek, gericht op vakwoorden.",
            ),
            (
                "Werkgeversservicepunt",
                "Helpt kandidaten vinden en regelt de contacten met de gemeente.",
            ),
        ],
    );
    plan.kerncompetentie = s(
        "De bureaus adviseren over organisatie en verandering. Kandidaten met een opleiding in \
         bestuur of economie passen daar goed bij. Samen hebben de bureaus genoeg begeleiders.",
    );
    plan.begeleiding = s(
        "Elk bureau heeft één begeleider. De drie begeleiders overleggen elke maand. Kandidaten \
         krijgen taallessen op de werkplek. De penvoerder is het vaste aanspreekpunt voor \
         Rijkswaterstaat.",
    );
    plan.wensen_opdrachtgever = s(
        "De bureaus vragen Rijkswaterstaat om de social return van drie contracten samen te \
         mogen nemen, om meeloopdagen bij Rijkswaterstaat te regelen, en om één contactpersoon \
         voor alle drie.",
    );
    plan.afspraken = afspraken(
        p,
        &[
            (
                Partij::Opdrachtgever,
                "De social return van de drie contracten samenvoegen in één proeftuin.",
                "Categoriemanager",
                Some(d(2019, 4, 1)),
            ),
            (
                Partij::Opdrachtgever,
                "Meeloopdagen bij Rijkswaterstaat regelen.",
                "HR-adviseur Rijkswaterstaat",
                Some(d(2019, 9, 1)),
            ),
            (
                Partij::Leverancier,
                "Elk bureau biedt één werkervaringsplaats en één begeleider.",
                "Directeur (penvoerder)",
                Some(d(2019, 6, 1)),
            ),
            (
                Partij::Partner,
                "Taallessen op de werkplek geven.",
                "Taalaanbieder",
                Some(d(2019, 6, 1)),
            ),
            (
                Partij::Samen,
                "Voor elke kandidaat een vervolg zoeken voor het einde van de plaats.",
                "Penvoerder en HR-adviseur",
                Some(d(2020, 2, 1)),
            ),
        ],
    );
    plan.duurzaamheid = s(
        "De bureaus en Rijkswaterstaat doen allebei hun best om kandidaten daarna een baan te \
         bieden, bij een van de bureaus, bij het Rijk of bij een klant. Werkt de samenwerking, \
         dan zetten de bureaus haar voort bij nieuwe opdrachten.",
    );
    plan.mijlpalen = mijlpalen(
        p,
        &[
            (
                "Samenwerkingsafspraken tussen de bureaus getekend",
                d(2019, 4, 1),
            ),
            ("Kandidaten gestart", d(2019, 6, 1)),
            ("Meeloopdagen bij Rijkswaterstaat", d(2019, 10, 1)),
            ("Evaluatie", d(2020, 4, 1)),
        ],
    );
    plan.risicos = risicos(
        p,
        &[
            (
                "Een bureau haakt af.",
                "De andere bureaus nemen de plaats over; afspraken hierover staan op papier.",
            ),
            (
                "De taal is een te grote drempel.",
                "Taallessen op de werkplek en eenvoudige taken om mee te beginnen.",
            ),
            (
                "Onduidelijk wie aanspreekbaar is.",
                "Eén penvoerder als vast aanspreekpunt.",
            ),
        ],
    );
    plan.indicatoren = indicatoren(
        p,
        &[
            ("Aantal bezette plaatsen", Frequentie::PerKwartaal),
            ("Aantal uren taalles", Frequentie::PerKwartaal),
            ("Aantal kandidaten met werk daarna", Frequentie::Jaarlijks),
        ],
    );
    plan.randvoorwaarden = s(
        "De categoriemanager staat toe dat de social return van drie contracten samen wordt \
         ingevuld. De bureaus maken onderling schriftelijke afspraken.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attention::aandachtspunten;
    use crate::step::Step;
    use crate::validation::{check_consistency, validate_step};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn all_docs() -> Vec<Proeftuin> {
        voorbeelden()
            .iter()
            .map(|v| voorbeeld_document(v.key, format!("id-{}", v.key), now()).unwrap())
            .collect()
    }

    #[test]
    fn there_are_six_examples_with_unique_keys() {
        let list = voorbeelden();
        assert_eq!(list.len(), 6);
        let mut keys: Vec<&str> = list.iter().map(|v| v.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 6);
        assert!(list.iter().all(|v| v.summary.contains("fictief")));
    }

    #[test]
    fn unknown_example_key_gives_nothing() {
        assert_eq!(voorbeeld_document("bestaat-niet", "x".into(), now()), None);
    }

    #[test]
    fn every_example_round_trips_through_json() {
        for doc in all_docs() {
            let text = serde_json::to_string(&doc).unwrap();
            let back: Proeftuin = serde_json::from_str(&text).unwrap();
            assert_eq!(back, doc, "{}", doc.id);
        }
    }

    #[test]
    fn every_example_is_consistent() {
        for doc in all_docs() {
            assert_eq!(check_consistency(&doc), vec![], "{}", doc.id);
        }
    }

    #[test]
    fn every_example_completes_steps_one_to_three() {
        for doc in all_docs() {
            for step in [Step::Vertrekpunt, Step::Stakeholders, Step::PlanVanAanpak] {
                assert_eq!(validate_step(&doc, step), vec![], "{} {step:?}", doc.id);
            }
            assert!(!validate_step(&doc, Step::Beoordeling).is_empty());
        }
    }

    #[test]
    fn examples_leave_the_assessment_empty_and_are_concepts() {
        for doc in all_docs() {
            assert_eq!(doc.beoordeling, Beoordeling::default());
            assert_eq!(doc.status, Status::Concept);
            assert_eq!(doc.created, now());
        }
    }

    #[test]
    fn examples_are_deterministic() {
        for v in voorbeelden() {
            let a = voorbeeld_document(v.key, "x".into(), now());
            let b = voorbeeld_document(v.key, "x".into(), now());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn examples_have_rich_content() {
        for doc in all_docs() {
            assert!(doc.stakeholders.len() >= 5, "{}", doc.id);
            assert!(
                doc.stakeholders.iter().any(|s| s.escalatielijn),
                "{}",
                doc.id
            );
            assert!(doc.plan.afspraken.len() >= 3, "{}", doc.id);
            assert!(doc.plan.mijlpalen.len() >= 3, "{}", doc.id);
            assert!(doc.plan.risicos.len() >= 3, "{}", doc.id);
            assert!(doc.plan.indicatoren.len() >= 3, "{}", doc.id);
            assert!(doc.stakeholders[0].id.starts_with("vb-"));
            assert!(doc.vertrekpunt.generieke_regeling().is_some());
        }
    }

    #[test]
    fn examples_have_no_aandachtspunten() {
        for doc in all_docs() {
            let ids: Vec<&str> = aandachtspunten(&doc).iter().map(|a| a.id).collect();
            assert_eq!(ids, Vec::<&str>::new(), "{}", doc.id);
        }
    }

    #[test]
    fn known_facts_are_kept() {
        let by_key = |k: &str| voorbeeld_document(k, "x".into(), now()).unwrap();
        let berenschot = by_key("berenschot");
        assert_eq!(berenschot.plan.aantal_kandidaten, Some(4));
        assert_eq!(berenschot.plan.aantal_plaatsen, Some(3));
        let ey = by_key("ey-itvitae");
        assert_eq!(ey.plan.aantal_kandidaten, Some(5));
        assert_eq!(ey.plan.doelgroepen, vec![Doelgroep::Autisme]);
        let atos = by_key("atos-ocw");
        assert_eq!(atos.plan.aantal_kandidaten, Some(3));
        assert_eq!(atos.plan.vormen, vec![Vorm::Stage]);
        let kpmg = by_key("kpmg-dji");
        assert_eq!(
            kpmg.vertrekpunt.startdatum.map(|d| d.to_string()).unwrap()[..4],
            *"2017"
        );
        assert_eq!(
            by_key("kleine-leveranciers").vertrekpunt.leveranciers.len(),
            3
        );
    }
}
