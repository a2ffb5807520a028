//! Every editable field of the document, written once: its path (as in a
//! [`FieldError`](crate::FieldError), a conflict and a link to the field), its
//! Dutch label on the form, its short name in documents and conflict labels,
//! and through the path its wizard step.
//!
//! Validation, the merge's conflict labels, the wizard's field links and the
//! form fields all read these constants, so a field's path is spelled here and
//! nowhere else. List items are addressed by their id:
//! `<list>.<item id>.<field>` ([`ItemField::path`]).

use crate::step::Step;

/// A field outside lists (or a whole list, or a whole section).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Dotted path in the document, e.g. `vertrekpunt.naam`.
    pub path: &'static str,
    /// The label on the form.
    pub label: &'static str,
    /// A short noun for documents and conflict labels.
    pub short: &'static str,
}

impl Field {
    /// The step the field is edited on (`None` for document-wide fields).
    pub fn step(&self) -> Option<Step> {
        step_of(self.path)
    }
}

/// A field of the items of a keyed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemField {
    /// The list's path, e.g. `stakeholders`.
    pub list: &'static str,
    /// The field's name inside an item, e.g. `naam`.
    pub name: &'static str,
    /// The label on the form.
    pub label: &'static str,
}

impl ItemField {
    /// The path of this field in the item with `id`.
    pub fn path(&self, id: &str) -> String {
        format!("{}.{id}.{}", self.list, self.name)
    }
}

/// A keyed list: its path, what one item is called, and the field that names an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct List {
    /// Path of the list.
    pub path: &'static str,
    /// What one item is called in a label ("Stakeholder 'X': naam").
    pub item: &'static str,
    /// The item field whose value names the item.
    pub name_field: &'static str,
}

/// The step a field path belongs to (`None` for document-wide paths).
pub fn step_of(path: &str) -> Option<Step> {
    match path.split('.').next().unwrap_or_default() {
        "vertrekpunt" => Some(Step::Vertrekpunt),
        "stakeholders" => Some(Step::Stakeholders),
        "plan" => Some(Step::PlanVanAanpak),
        "beoordeling" => Some(Step::Beoordeling),
        "afronden" => Some(Step::Afronden),
        "uitvoering" => Some(Step::Uitvoering),
        _ => None,
    }
}

/// The field outside lists at `path`.
pub fn field(path: &str) -> Option<&'static Field> {
    ALL.iter().find(|f| f.path == path)
}

/// Position of a field outside lists in document order.
pub fn rank(path: &str) -> Option<usize> {
    ALL.iter().position(|f| f.path == path)
}

/// The keyed lists of the document.
pub const LISTS: [List; 15] = [
    List {
        path: VERTREKPUNT_LEVERANCIERS.path,
        item: "Leverancier",
        name_field: "naam",
    },
    List {
        path: STAKEHOLDERS.path,
        item: "Stakeholder",
        name_field: "naam",
    },
    List {
        path: PLAN_PARTNERS.path,
        item: "Partner",
        name_field: "naam",
    },
    List {
        path: PLAN_AFSPRAKEN.path,
        item: "Afspraak",
        name_field: "wat",
    },
    List {
        path: PLAN_MIJLPALEN.path,
        item: "Mijlpaal",
        name_field: "wat",
    },
    List {
        path: PLAN_RISICOS.path,
        item: "Risico",
        name_field: "risico",
    },
    List {
        path: PLAN_INDICATOREN.path,
        item: "Indicator",
        name_field: "indicator",
    },
    List {
        path: BEOORDELING_SCORES.path,
        item: "Criterium",
        name_field: "criterion",
    },
    List {
        path: UITVOERING_AFSPRAKEN.path,
        item: "Stand van afspraak",
        name_field: "id",
    },
    List {
        path: UITVOERING_METINGEN.path,
        item: "Meting van",
        name_field: "datum",
    },
    List {
        path: UITVOERING_TELLINGEN.path,
        item: "Telling van",
        name_field: "datum",
    },
    List {
        path: UITVOERING_MIJLPALEN.path,
        item: "Stand van mijlpaal",
        name_field: "id",
    },
    List {
        path: UITVOERING_GESPREKKEN.path,
        item: "Voortgangsgesprek van",
        name_field: "datum",
    },
    List {
        path: EVALUATIE_SCORES.path,
        item: "Evaluatie van criterium",
        name_field: "criterion",
    },
    List {
        path: UITVOERING_DECHARGE.path,
        item: "Handtekening van de",
        name_field: "id",
    },
];

/// The fields of list items by name, in document order (each item type's fields in its own
/// order), with their short labels in lower case: they follow "Stakeholder 'X': ".
pub const ITEM_FIELDS: [(&str, &str); 34] = [
    ("id", "kenmerk"),
    ("naam", "naam"),
    ("organisatie", "organisatie"),
    ("rol", "rol"),
    ("houding", "houding"),
    ("invloed", "invloed"),
    ("nodig", "wat we nodig hebben"),
    ("eigenaar_contact", "eigenaar van het contact"),
    ("escalatielijn", "escalatielijn"),
    ("partij", "partij"),
    ("wat", "wat"),
    ("eigenaar", "eigenaar"),
    ("datum", "datum"),
    ("risico", "risico"),
    ("maatregel", "maatregel"),
    ("indicator", "indicator"),
    ("frequentie", "frequentie"),
    ("streefwaarde", "streefwaarde"),
    ("eenheid", "eenheid"),
    ("criterion", "criterium"),
    ("score", "score"),
    ("reden", "reden"),
    ("stand", "stand"),
    ("notitie", "toelichting"),
    ("waarde", "waarde"),
    ("gestart", "gestart"),
    ("aan_het_werk", "aan het werk"),
    ("uitgevallen", "gestopt"),
    ("contract", "met een contract"),
    ("behaald", "behaald op"),
    ("aanwezig", "aanwezig"),
    ("afgesproken", "afgesproken"),
    ("herstelacties", "herstelacties"),
    ("volgende", "volgend gesprek"),
];

/// `vertrekpunt.leveranciers.<id>.naam`
pub const LEVERANCIER_NAAM: ItemField = ItemField {
    list: VERTREKPUNT_LEVERANCIERS.path,
    name: "naam",
    label: "Naam leverancier",
};
/// `stakeholders.<id>.naam`
pub const STAKEHOLDER_NAAM: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "naam",
    label: "Naam of functie",
};
/// `stakeholders.<id>.organisatie`
pub const STAKEHOLDER_ORGANISATIE: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "organisatie",
    label: "Organisatie",
};
/// `stakeholders.<id>.rol`
pub const STAKEHOLDER_ROL: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "rol",
    label: "Rol",
};
/// `stakeholders.<id>.eigenaar_contact`
pub const STAKEHOLDER_EIGENAAR_CONTACT: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "eigenaar_contact",
    label: "Wie onderhoudt het contact?",
};
/// `stakeholders.<id>.houding`
pub const STAKEHOLDER_HOUDING: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "houding",
    label: "Houding tegenover de proeftuin",
};
/// `stakeholders.<id>.invloed`
pub const STAKEHOLDER_INVLOED: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "invloed",
    label: "Invloed op de proeftuin",
};
/// `stakeholders.<id>.nodig`
pub const STAKEHOLDER_NODIG: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "nodig",
    label: "Wat hebben we van hen nodig?",
};
/// `stakeholders.<id>.escalatielijn`
pub const STAKEHOLDER_ESCALATIELIJN: ItemField = ItemField {
    list: STAKEHOLDERS.path,
    name: "escalatielijn",
    label: "Escalatielijn: bij deze persoon kun je terecht als het vastloopt",
};
/// `plan.partners.<id>.naam`
pub const PARTNER_NAAM: ItemField = ItemField {
    list: PLAN_PARTNERS.path,
    name: "naam",
    label: "Naam van de partner",
};
/// `plan.partners.<id>.rol`
pub const PARTNER_ROL: ItemField = ItemField {
    list: PLAN_PARTNERS.path,
    name: "rol",
    label: "Rol van de partner",
};
/// `plan.afspraken.<id>.partij`
pub const AFSPRAAK_PARTIJ: ItemField = ItemField {
    list: PLAN_AFSPRAKEN.path,
    name: "partij",
    label: "Wie doet het?",
};
/// `plan.afspraken.<id>.wat`
pub const AFSPRAAK_WAT: ItemField = ItemField {
    list: PLAN_AFSPRAKEN.path,
    name: "wat",
    label: "Afspraak",
};
/// `plan.afspraken.<id>.eigenaar`
pub const AFSPRAAK_EIGENAAR: ItemField = ItemField {
    list: PLAN_AFSPRAKEN.path,
    name: "eigenaar",
    label: "Eigenaar",
};
/// `plan.afspraken.<id>.datum`
pub const AFSPRAAK_DATUM: ItemField = ItemField {
    list: PLAN_AFSPRAKEN.path,
    name: "datum",
    label: "Uiterlijk op",
};
/// `plan.mijlpalen.<id>.wat`
pub const MIJLPAAL_WAT: ItemField = ItemField {
    list: PLAN_MIJLPALEN.path,
    name: "wat",
    label: "Mijlpaal",
};
/// `plan.mijlpalen.<id>.datum`
pub const MIJLPAAL_DATUM: ItemField = ItemField {
    list: PLAN_MIJLPALEN.path,
    name: "datum",
    label: "Datum",
};
/// `plan.risicos.<id>.risico`
pub const RISICO_RISICO: ItemField = ItemField {
    list: PLAN_RISICOS.path,
    name: "risico",
    label: "Risico",
};
/// `plan.risicos.<id>.maatregel`
pub const RISICO_MAATREGEL: ItemField = ItemField {
    list: PLAN_RISICOS.path,
    name: "maatregel",
    label: "Maatregel",
};
/// `plan.indicatoren.<id>.indicator`
pub const INDICATOR_INDICATOR: ItemField = ItemField {
    list: PLAN_INDICATOREN.path,
    name: "indicator",
    label: "Indicator",
};
/// `plan.indicatoren.<id>.frequentie`
pub const INDICATOR_FREQUENTIE: ItemField = ItemField {
    list: PLAN_INDICATOREN.path,
    name: "frequentie",
    label: "Hoe vaak rapporteren?",
};
/// `beoordeling.scores.<id>.score`
pub const SCORE_SCORE: ItemField = ItemField {
    list: BEOORDELING_SCORES.path,
    name: "score",
    label: "Score",
};
/// `beoordeling.scores.<id>.reden`
pub const SCORE_REDEN: ItemField = ItemField {
    list: BEOORDELING_SCORES.path,
    name: "reden",
    label: "Onderbouwing",
};

/// `plan.indicatoren.<id>.streefwaarde`
pub const INDICATOR_STREEFWAARDE: ItemField = ItemField {
    list: PLAN_INDICATOREN.path,
    name: "streefwaarde",
    label: "Streefwaarde",
};
/// `plan.indicatoren.<id>.eenheid`
pub const INDICATOR_EENHEID: ItemField = ItemField {
    list: PLAN_INDICATOREN.path,
    name: "eenheid",
    label: "Eenheid",
};
/// `uitvoering.afspraken.<id>.stand`
pub const AFSPRAAK_STAND_STAND: ItemField = ItemField {
    list: UITVOERING_AFSPRAKEN.path,
    name: "stand",
    label: "Stand",
};
/// `uitvoering.afspraken.<id>.datum`
pub const AFSPRAAK_STAND_DATUM: ItemField = ItemField {
    list: UITVOERING_AFSPRAKEN.path,
    name: "datum",
    label: "Sinds wanneer?",
};
/// `uitvoering.afspraken.<id>.notitie`
pub const AFSPRAAK_STAND_NOTITIE: ItemField = ItemField {
    list: UITVOERING_AFSPRAKEN.path,
    name: "notitie",
    label: "Toelichting",
};
/// `uitvoering.metingen.<id>.indicator`
pub const METING_INDICATOR: ItemField = ItemField {
    list: UITVOERING_METINGEN.path,
    name: "indicator",
    label: "Indicator",
};
/// `uitvoering.metingen.<id>.datum`
pub const METING_DATUM: ItemField = ItemField {
    list: UITVOERING_METINGEN.path,
    name: "datum",
    label: "Datum van de meting",
};
/// `uitvoering.metingen.<id>.waarde`
pub const METING_WAARDE: ItemField = ItemField {
    list: UITVOERING_METINGEN.path,
    name: "waarde",
    label: "Waarde",
};
/// `uitvoering.metingen.<id>.notitie`
pub const METING_NOTITIE: ItemField = ItemField {
    list: UITVOERING_METINGEN.path,
    name: "notitie",
    label: "Toelichting",
};
/// `uitvoering.tellingen.<id>.datum`
pub const TELLING_DATUM: ItemField = ItemField {
    list: UITVOERING_TELLINGEN.path,
    name: "datum",
    label: "Datum van de telling",
};
/// `uitvoering.tellingen.<id>.gestart`
pub const TELLING_GESTART: ItemField = ItemField {
    list: UITVOERING_TELLINGEN.path,
    name: "gestart",
    label: "Gestart (tot nu toe)",
};
/// `uitvoering.tellingen.<id>.aan_het_werk`
pub const TELLING_AAN_HET_WERK: ItemField = ItemField {
    list: UITVOERING_TELLINGEN.path,
    name: "aan_het_werk",
    label: "Nu aan het werk",
};
/// `uitvoering.tellingen.<id>.uitgevallen`
pub const TELLING_UITGEVALLEN: ItemField = ItemField {
    list: UITVOERING_TELLINGEN.path,
    name: "uitgevallen",
    label: "Gestopt (tot nu toe)",
};
/// `uitvoering.tellingen.<id>.contract`
pub const TELLING_CONTRACT: ItemField = ItemField {
    list: UITVOERING_TELLINGEN.path,
    name: "contract",
    label: "Met een contract na hun plek (tot nu toe)",
};
/// `uitvoering.mijlpalen.<id>.behaald`
pub const MIJLPAAL_STAND_BEHAALD: ItemField = ItemField {
    list: UITVOERING_MIJLPALEN.path,
    name: "behaald",
    label: "Behaald op",
};
/// `uitvoering.mijlpalen.<id>.reden`
pub const MIJLPAAL_STAND_REDEN: ItemField = ItemField {
    list: UITVOERING_MIJLPALEN.path,
    name: "reden",
    label: "Reden van vertraging",
};
/// `uitvoering.gesprekken.<id>.datum`
pub const GESPREK_DATUM: ItemField = ItemField {
    list: UITVOERING_GESPREKKEN.path,
    name: "datum",
    label: "Datum van het gesprek",
};
/// `uitvoering.gesprekken.<id>.aanwezig`
pub const GESPREK_AANWEZIG: ItemField = ItemField {
    list: UITVOERING_GESPREKKEN.path,
    name: "aanwezig",
    label: "Wie waren er? (rollen)",
};
/// `uitvoering.gesprekken.<id>.afgesproken`
pub const GESPREK_AFGESPROKEN: ItemField = ItemField {
    list: UITVOERING_GESPREKKEN.path,
    name: "afgesproken",
    label: "Wat is afgesproken?",
};
/// `uitvoering.gesprekken.<id>.herstelacties`
pub const GESPREK_HERSTELACTIES: ItemField = ItemField {
    list: UITVOERING_GESPREKKEN.path,
    name: "herstelacties",
    label: "Wat doen jullie om bij te sturen?",
};
/// `uitvoering.gesprekken.<id>.volgende`
pub const GESPREK_VOLGENDE: ItemField = ItemField {
    list: UITVOERING_GESPREKKEN.path,
    name: "volgende",
    label: "Volgend gesprek",
};
/// `uitvoering.evaluatie.scores.<criterion>.score`
pub const EVALUATIE_SCORE: ItemField = ItemField {
    list: EVALUATIE_SCORES.path,
    name: "score",
    label: "Score nu",
};
/// `uitvoering.decharge.<partij>.naam`
pub const HANDTEKENING_NAAM: ItemField = ItemField {
    list: UITVOERING_DECHARGE.path,
    name: "naam",
    label: "Naam of functie",
};
/// `uitvoering.decharge.<partij>.rol`
pub const HANDTEKENING_ROL: ItemField = ItemField {
    list: UITVOERING_DECHARGE.path,
    name: "rol",
    label: "Rol",
};
/// Not a field but the place on step 6 of one indicator's measurements
/// (`uitvoering.indicator.<indicator id>.metingen`), for links from what is late.
pub const INDICATOR_METINGEN: ItemField = ItemField {
    list: "uitvoering.indicator",
    name: "metingen",
    label: "Metingen",
};
/// Every field of list items that the wizard edits.
pub const ITEMS: [ItemField; 47] = [
    LEVERANCIER_NAAM,
    STAKEHOLDER_NAAM,
    STAKEHOLDER_ORGANISATIE,
    STAKEHOLDER_ROL,
    STAKEHOLDER_EIGENAAR_CONTACT,
    STAKEHOLDER_HOUDING,
    STAKEHOLDER_INVLOED,
    STAKEHOLDER_NODIG,
    STAKEHOLDER_ESCALATIELIJN,
    PARTNER_NAAM,
    PARTNER_ROL,
    AFSPRAAK_PARTIJ,
    AFSPRAAK_WAT,
    AFSPRAAK_EIGENAAR,
    AFSPRAAK_DATUM,
    MIJLPAAL_WAT,
    MIJLPAAL_DATUM,
    RISICO_RISICO,
    RISICO_MAATREGEL,
    INDICATOR_INDICATOR,
    INDICATOR_FREQUENTIE,
    SCORE_SCORE,
    SCORE_REDEN,
    INDICATOR_STREEFWAARDE,
    INDICATOR_EENHEID,
    AFSPRAAK_STAND_STAND,
    AFSPRAAK_STAND_DATUM,
    AFSPRAAK_STAND_NOTITIE,
    METING_INDICATOR,
    METING_DATUM,
    METING_WAARDE,
    METING_NOTITIE,
    TELLING_DATUM,
    TELLING_GESTART,
    TELLING_AAN_HET_WERK,
    TELLING_UITGEVALLEN,
    TELLING_CONTRACT,
    MIJLPAAL_STAND_BEHAALD,
    MIJLPAAL_STAND_REDEN,
    GESPREK_DATUM,
    GESPREK_AANWEZIG,
    GESPREK_AFGESPROKEN,
    GESPREK_HERSTELACTIES,
    GESPREK_VOLGENDE,
    EVALUATIE_SCORE,
    HANDTEKENING_NAAM,
    HANDTEKENING_ROL,
];

/// `status`
pub const STATUS: Field = Field {
    path: "status",
    label: "Status",
    short: "Status",
};
/// `vertrekpunt`
pub const VERTREKPUNT: Field = Field {
    path: "vertrekpunt",
    label: "Vertrekpunt",
    short: "Vertrekpunt",
};
/// `vertrekpunt.naam`
pub const VERTREKPUNT_NAAM: Field = Field {
    path: "vertrekpunt.naam",
    label: "Naam van de proeftuin",
    short: "Naam van de proeftuin",
};
/// `vertrekpunt.opdrachtgever`
pub const VERTREKPUNT_OPDRACHTGEVER: Field = Field {
    path: "vertrekpunt.opdrachtgever",
    label: "Opdrachtgever (ministerie of dienst)",
    short: "Opdrachtgever",
};
/// `vertrekpunt.categorie`
pub const VERTREKPUNT_CATEGORIE: Field = Field {
    path: "vertrekpunt.categorie",
    label: "Inkoopcategorie",
    short: "Categorie",
};
/// `vertrekpunt.categorie_anders`
pub const VERTREKPUNT_CATEGORIE_ANDERS: Field = Field {
    path: "vertrekpunt.categorie_anders",
    label: "Welke categorie?",
    short: "Andere categorie",
};
/// `vertrekpunt.situatie`
pub const VERTREKPUNT_SITUATIE: Field = Field {
    path: "vertrekpunt.situatie",
    label: "Situatie",
    short: "Situatie",
};
/// `vertrekpunt.leveranciers`
pub const VERTREKPUNT_LEVERANCIERS: Field = Field {
    path: "vertrekpunt.leveranciers",
    label: "Leverancier(s)",
    short: "Leveranciers",
};
/// `vertrekpunt.contractwaarde`
pub const VERTREKPUNT_CONTRACTWAARDE: Field = Field {
    path: "vertrekpunt.contractwaarde",
    label: "Contractwaarde (excl. btw)",
    short: "Waarde van de opdracht",
};
/// `vertrekpunt.looptijd_maanden`
pub const VERTREKPUNT_LOOPTIJD_MAANDEN: Field = Field {
    path: "vertrekpunt.looptijd_maanden",
    label: "Looptijd",
    short: "Looptijd in maanden",
};
/// `vertrekpunt.startdatum`
pub const VERTREKPUNT_STARTDATUM: Field = Field {
    path: "vertrekpunt.startdatum",
    label: "Startdatum",
    short: "Startdatum",
};
/// `vertrekpunt.evaluatiedatum`
pub const VERTREKPUNT_EVALUATIEDATUM: Field = Field {
    path: "vertrekpunt.evaluatiedatum",
    label: "Evaluatiedatum",
    short: "Evaluatiedatum",
};
/// `vertrekpunt.beleidsdoelen`
pub const VERTREKPUNT_BELEIDSDOELEN: Field = Field {
    path: "vertrekpunt.beleidsdoelen",
    label: "Bij welke doelen sluit de proeftuin aan?",
    short: "Beleidsdoelen",
};
/// `vertrekpunt.beleidsdoelen_toelichting`
pub const VERTREKPUNT_BELEIDSDOELEN_TOELICHTING: Field = Field {
    path: "vertrekpunt.beleidsdoelen_toelichting",
    label: "Toelichting op de doelen",
    short: "Toelichting bij de beleidsdoelen",
};
/// `vertrekpunt.omschrijving`
pub const VERTREKPUNT_OMSCHRIJVING: Field = Field {
    path: "vertrekpunt.omschrijving",
    label: "Korte omschrijving",
    short: "Omschrijving",
};
/// `stakeholders`
pub const STAKEHOLDERS: Field = Field {
    path: "stakeholders",
    label: "Stakeholders",
    short: "Stakeholders",
};
/// `plan`
pub const PLAN: Field = Field {
    path: "plan",
    label: "Plan van Aanpak",
    short: "Plan van Aanpak",
};
/// `plan.doelgroepen`
pub const PLAN_DOELGROEPEN: Field = Field {
    path: "plan.doelgroepen",
    label: "Doelgroep(en)",
    short: "Doelgroepen",
};
/// `plan.doelgroep_toelichting`
pub const PLAN_DOELGROEP_TOELICHTING: Field = Field {
    path: "plan.doelgroep_toelichting",
    label: "Welke andere doelgroep?",
    short: "Toelichting bij de doelgroep",
};
/// `plan.ambitie`
pub const PLAN_AMBITIE: Field = Field {
    path: "plan.ambitie",
    label: "Ambitie",
    short: "Ambitie",
};
/// `plan.vormen`
pub const PLAN_VORMEN: Field = Field {
    path: "plan.vormen",
    label: "Vorm(en)",
    short: "Vormen",
};
/// `plan.vorm_toelichting`
pub const PLAN_VORM_TOELICHTING: Field = Field {
    path: "plan.vorm_toelichting",
    label: "Welke andere vorm?",
    short: "Toelichting bij de vorm",
};
/// `plan.aantal_kandidaten`
pub const PLAN_AANTAL_KANDIDATEN: Field = Field {
    path: "plan.aantal_kandidaten",
    label: "Aantal kandidaten",
    short: "Aantal kandidaten",
};
/// `plan.aantal_plaatsen`
pub const PLAN_AANTAL_PLAATSEN: Field = Field {
    path: "plan.aantal_plaatsen",
    label: "Aantal plaatsen",
    short: "Aantal plaatsen",
};
/// `plan.uren_per_week`
pub const PLAN_UREN_PER_WEEK: Field = Field {
    path: "plan.uren_per_week",
    label: "Uren per week",
    short: "Uren per week",
};
/// `plan.duur_maanden`
pub const PLAN_DUUR_MAANDEN: Field = Field {
    path: "plan.duur_maanden",
    label: "Duur",
    short: "Duur per plaats in maanden",
};
/// `plan.werkplek`
pub const PLAN_WERKPLEK: Field = Field {
    path: "plan.werkplek",
    label: "Waar werken de kandidaten?",
    short: "Werkplek",
};
/// `plan.partners`
pub const PLAN_PARTNERS: Field = Field {
    path: "plan.partners",
    label: "Partners",
    short: "Partners",
};
/// `plan.kerncompetentie`
pub const PLAN_KERNCOMPETENTIE: Field = Field {
    path: "plan.kerncompetentie",
    label: "Past het bij de kern van de leverancier?",
    short: "Aansluiting bij de kerncompetentie",
};
/// `plan.begeleiding`
pub const PLAN_BEGELEIDING: Field = Field {
    path: "plan.begeleiding",
    label: "Begeleiding",
    short: "Begeleiding",
};
/// `plan.wensen_opdrachtgever`
pub const PLAN_WENSEN_OPDRACHTGEVER: Field = Field {
    path: "plan.wensen_opdrachtgever",
    label: "Wensen van de leverancier richting de opdrachtgever",
    short: "Wensen aan de opdrachtgever",
};
/// `plan.afspraken`
pub const PLAN_AFSPRAKEN: Field = Field {
    path: "plan.afspraken",
    label: "Tweezijdige afspraken",
    short: "Afspraken",
};
/// `plan.duurzaamheid`
pub const PLAN_DUURZAAMHEID: Field = Field {
    path: "plan.duurzaamheid",
    label: "Duurzaamheid: wat gebeurt er na de proeftuin?",
    short: "Duurzaamheid",
};
/// `plan.mijlpalen`
pub const PLAN_MIJLPALEN: Field = Field {
    path: "plan.mijlpalen",
    label: "Mijlpalen",
    short: "Mijlpalen",
};
/// `plan.risicos`
pub const PLAN_RISICOS: Field = Field {
    path: "plan.risicos",
    label: "Risico's",
    short: "Risico's",
};
/// `plan.indicatoren`
pub const PLAN_INDICATOREN: Field = Field {
    path: "plan.indicatoren",
    label: "Monitoring",
    short: "Indicatoren",
};
/// `plan.randvoorwaarden`
pub const PLAN_RANDVOORWAARDEN: Field = Field {
    path: "plan.randvoorwaarden",
    label: "Randvoorwaarden",
    short: "Randvoorwaarden",
};
/// `beoordeling`
pub const BEOORDELING: Field = Field {
    path: "beoordeling",
    label: "Beoordeling",
    short: "Beoordeling",
};
/// `beoordeling.scores`
pub const BEOORDELING_SCORES: Field = Field {
    path: "beoordeling.scores",
    label: "Scores",
    short: "Scores",
};
/// `beoordeling.oordeel`
pub const BEOORDELING_OORDEEL: Field = Field {
    path: "beoordeling.oordeel",
    label: "Oordeel",
    short: "Oordeel",
};
/// `beoordeling.oordeel_toelichting`
pub const BEOORDELING_OORDEEL_TOELICHTING: Field = Field {
    path: "beoordeling.oordeel_toelichting",
    label: "Toelichting op het oordeel",
    short: "Toelichting bij het oordeel",
};
/// `beoordeling.beoordelaar`
pub const BEOORDELING_BEOORDELAAR: Field = Field {
    path: "beoordeling.beoordelaar",
    label: "Beoordeeld door (naam of rol)",
    short: "Beoordelaar",
};
/// `afronden`
pub const AFRONDEN: Field = Field {
    path: "afronden",
    label: "Afronden",
    short: "Afronden",
};
/// `afronden.notities`
pub const AFRONDEN_NOTITIES: Field = Field {
    path: "afronden.notities",
    label: "Notities bij de proeftuin",
    short: "Notities",
};

/// `uitvoering`
pub const UITVOERING: Field = Field {
    path: "uitvoering",
    label: "Uitvoering",
    short: "Uitvoering",
};
/// `uitvoering.geaccepteerd`
pub const UITVOERING_GEACCEPTEERD: Field = Field {
    path: "uitvoering.geaccepteerd",
    label: "Het plan zoals het is geaccepteerd",
    short: "Geaccepteerd plan",
};
/// `uitvoering.afspraken`
pub const UITVOERING_AFSPRAKEN: Field = Field {
    path: "uitvoering.afspraken",
    label: "Afspraken",
    short: "Stand van de afspraken",
};
/// `uitvoering.metingen`
pub const UITVOERING_METINGEN: Field = Field {
    path: "uitvoering.metingen",
    label: "Metingen",
    short: "Metingen",
};
/// `uitvoering.tellingen`
pub const UITVOERING_TELLINGEN: Field = Field {
    path: "uitvoering.tellingen",
    label: "Kandidaten",
    short: "Tellingen van kandidaten",
};
/// `uitvoering.mijlpalen`
pub const UITVOERING_MIJLPALEN: Field = Field {
    path: "uitvoering.mijlpalen",
    label: "Mijlpalen",
    short: "Behaalde mijlpalen",
};
/// `uitvoering.gesprekken`
pub const UITVOERING_GESPREKKEN: Field = Field {
    path: "uitvoering.gesprekken",
    label: "Voortgangsgesprekken",
    short: "Voortgangsgesprekken",
};

/// `uitvoering.evaluatie`
pub const UITVOERING_EVALUATIE: Field = Field {
    path: "uitvoering.evaluatie",
    label: "Evaluatie",
    short: "Evaluatie",
};
/// `uitvoering.evaluatie.datum`
pub const EVALUATIE_DATUM: Field = Field {
    path: "uitvoering.evaluatie.datum",
    label: "Datum van de evaluatie",
    short: "Datum van de evaluatie",
};
/// `uitvoering.evaluatie.scores`
pub const EVALUATIE_SCORES: Field = Field {
    path: "uitvoering.evaluatie.scores",
    label: "Opnieuw beoordeeld",
    short: "Scores bij de evaluatie",
};
/// `uitvoering.evaluatie.werkte`
pub const EVALUATIE_WERKTE: Field = Field {
    path: "uitvoering.evaluatie.werkte",
    label: "Wat werkte goed?",
    short: "Wat werkte",
};
/// `uitvoering.evaluatie.werkte_niet`
pub const EVALUATIE_WERKTE_NIET: Field = Field {
    path: "uitvoering.evaluatie.werkte_niet",
    label: "Wat werkte niet, en waarom?",
    short: "Wat werkte niet",
};
/// `uitvoering.evaluatie.besluit`
pub const EVALUATIE_BESLUIT: Field = Field {
    path: "uitvoering.evaluatie.besluit",
    label: "Wat besluiten jullie?",
    short: "Besluit",
};
/// `uitvoering.evaluatie.toelichting`
pub const EVALUATIE_TOELICHTING: Field = Field {
    path: "uitvoering.evaluatie.toelichting",
    label: "Toelichting op het besluit",
    short: "Toelichting bij het besluit",
};
/// `uitvoering.decharge`
pub const UITVOERING_DECHARGE: Field = Field {
    path: "uitvoering.decharge",
    label: "Decharge",
    short: "Handtekeningen voor decharge",
};
/// `uitvoering.verduurzaming`
pub const UITVOERING_VERDUURZAMING: Field = Field {
    path: "uitvoering.verduurzaming",
    label: "Verduurzaming",
    short: "Verduurzaming",
};
/// `uitvoering.verduurzaming.in_beleid`
pub const VERDUURZAMING_IN_BELEID: Field = Field {
    path: "uitvoering.verduurzaming.in_beleid",
    label: "De aanpak staat in het beleid van de leverancier",
    short: "Verankerd in het beleid",
};
/// `uitvoering.verduurzaming.in_organisatie`
pub const VERDUURZAMING_IN_ORGANISATIE: Field = Field {
    path: "uitvoering.verduurzaming.in_organisatie",
    label: "De aanpak hoort vast bij de organisatie: mensen, geld en werkwijze zijn geregeld",
    short: "Ingebed in de organisatie",
};
/// `uitvoering.verduurzaming.partner_gaat_door`
pub const VERDUURZAMING_PARTNER: Field = Field {
    path: "uitvoering.verduurzaming.partner_gaat_door",
    label: "De partner gaat door met de aanpak",
    short: "Partner gaat door",
};
/// `uitvoering.verduurzaming.toelichting`
pub const VERDUURZAMING_TOELICHTING: Field = Field {
    path: "uitvoering.verduurzaming.toelichting",
    label: "Toelichting",
    short: "Toelichting bij de verduurzaming",
};
/// `uitvoering.verduurzaming.na_6.aan_het_werk`
pub const VERDUURZAMING_NA_6_WERK: Field = Field {
    path: "uitvoering.verduurzaming.na_6.aan_het_werk",
    label: "Na 6 maanden nog aan het werk",
    short: "Na 6 maanden aan het werk",
};
/// `uitvoering.verduurzaming.na_6.vast_contract`
pub const VERDUURZAMING_NA_6_VAST: Field = Field {
    path: "uitvoering.verduurzaming.na_6.vast_contract",
    label: "Na 6 maanden met een vast contract",
    short: "Na 6 maanden vast contract",
};
/// `uitvoering.verduurzaming.na_12.aan_het_werk`
pub const VERDUURZAMING_NA_12_WERK: Field = Field {
    path: "uitvoering.verduurzaming.na_12.aan_het_werk",
    label: "Na 12 maanden nog aan het werk",
    short: "Na 12 maanden aan het werk",
};
/// `uitvoering.verduurzaming.na_12.vast_contract`
pub const VERDUURZAMING_NA_12_VAST: Field = Field {
    path: "uitvoering.verduurzaming.na_12.vast_contract",
    label: "Na 12 maanden met een vast contract",
    short: "Na 12 maanden vast contract",
};
/// `uitvoering.verduurzaming.na_24.aan_het_werk`
pub const VERDUURZAMING_NA_24_WERK: Field = Field {
    path: "uitvoering.verduurzaming.na_24.aan_het_werk",
    label: "Na 24 maanden nog aan het werk",
    short: "Na 24 maanden aan het werk",
};
/// `uitvoering.verduurzaming.na_24.vast_contract`
pub const VERDUURZAMING_NA_24_VAST: Field = Field {
    path: "uitvoering.verduurzaming.na_24.vast_contract",
    label: "Na 24 maanden met een vast contract",
    short: "Na 24 maanden vast contract",
};

/// Every field outside lists, in document order.
pub const ALL: [Field; 70] = [
    STATUS,
    VERTREKPUNT,
    VERTREKPUNT_NAAM,
    VERTREKPUNT_OPDRACHTGEVER,
    VERTREKPUNT_CATEGORIE,
    VERTREKPUNT_CATEGORIE_ANDERS,
    VERTREKPUNT_SITUATIE,
    VERTREKPUNT_LEVERANCIERS,
    VERTREKPUNT_CONTRACTWAARDE,
    VERTREKPUNT_LOOPTIJD_MAANDEN,
    VERTREKPUNT_STARTDATUM,
    VERTREKPUNT_EVALUATIEDATUM,
    VERTREKPUNT_BELEIDSDOELEN,
    VERTREKPUNT_BELEIDSDOELEN_TOELICHTING,
    VERTREKPUNT_OMSCHRIJVING,
    STAKEHOLDERS,
    PLAN,
    PLAN_DOELGROEPEN,
    PLAN_DOELGROEP_TOELICHTING,
    PLAN_AMBITIE,
    PLAN_VORMEN,
    PLAN_VORM_TOELICHTING,
    PLAN_AANTAL_KANDIDATEN,
    PLAN_AANTAL_PLAATSEN,
    PLAN_UREN_PER_WEEK,
    PLAN_DUUR_MAANDEN,
    PLAN_WERKPLEK,
    PLAN_PARTNERS,
    PLAN_KERNCOMPETENTIE,
    PLAN_BEGELEIDING,
    PLAN_WENSEN_OPDRACHTGEVER,
    PLAN_AFSPRAKEN,
    PLAN_DUURZAAMHEID,
    PLAN_MIJLPALEN,
    PLAN_RISICOS,
    PLAN_INDICATOREN,
    PLAN_RANDVOORWAARDEN,
    BEOORDELING,
    BEOORDELING_SCORES,
    BEOORDELING_OORDEEL,
    BEOORDELING_OORDEEL_TOELICHTING,
    BEOORDELING_BEOORDELAAR,
    AFRONDEN,
    AFRONDEN_NOTITIES,
    UITVOERING,
    UITVOERING_GEACCEPTEERD,
    UITVOERING_AFSPRAKEN,
    UITVOERING_METINGEN,
    UITVOERING_TELLINGEN,
    UITVOERING_MIJLPALEN,
    UITVOERING_GESPREKKEN,
    UITVOERING_EVALUATIE,
    EVALUATIE_DATUM,
    EVALUATIE_SCORES,
    EVALUATIE_WERKTE,
    EVALUATIE_WERKTE_NIET,
    EVALUATIE_BESLUIT,
    EVALUATIE_TOELICHTING,
    UITVOERING_DECHARGE,
    UITVOERING_VERDUURZAMING,
    VERDUURZAMING_IN_BELEID,
    VERDUURZAMING_IN_ORGANISATIE,
    VERDUURZAMING_PARTNER,
    VERDUURZAMING_TOELICHTING,
    VERDUURZAMING_NA_6_WERK,
    VERDUURZAMING_NA_6_VAST,
    VERDUURZAMING_NA_12_WERK,
    VERDUURZAMING_NA_12_VAST,
    VERDUURZAMING_NA_24_WERK,
    VERDUURZAMING_NA_24_VAST,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_listed_once_and_has_labels() {
        for (i, f) in ALL.iter().enumerate() {
            assert!(!f.label.is_empty() && !f.short.is_empty(), "{}", f.path);
            assert_eq!(rank(f.path), Some(i), "{} twice", f.path);
        }
    }

    #[test]
    fn a_field_knows_its_step_from_its_path() {
        assert_eq!(VERTREKPUNT_NAAM.step(), Some(Step::Vertrekpunt));
        assert_eq!(STAKEHOLDERS.step(), Some(Step::Stakeholders));
        assert_eq!(PLAN_RISICOS.step(), Some(Step::PlanVanAanpak));
        assert_eq!(BEOORDELING_OORDEEL.step(), Some(Step::Beoordeling));
        assert_eq!(AFRONDEN_NOTITIES.step(), Some(Step::Afronden));
        assert_eq!(STATUS.step(), None);
        assert_eq!(
            step_of(&STAKEHOLDER_NAAM.path("sh-1")),
            Some(Step::Stakeholders)
        );
    }

    #[test]
    fn every_list_is_a_field_and_item_paths_start_with_it() {
        for list in LISTS {
            assert!(field(list.path).is_some(), "{}", list.path);
            assert!(ITEM_FIELDS.iter().any(|(n, _)| *n == list.name_field));
        }
        assert_eq!(AFSPRAAK_WAT.path("a1"), "plan.afspraken.a1.wat");
    }

    #[test]
    fn every_item_field_belongs_to_a_list_and_has_a_label() {
        for f in ITEMS {
            assert!(LISTS.iter().any(|l| l.path == f.list), "{}", f.name);
            assert!(ITEM_FIELDS.iter().any(|(n, _)| *n == f.name), "{}", f.name);
            assert!(!f.label.is_empty(), "{}", f.name);
        }
    }
}
