//! The proeftuin document: everything the wizard stores about one proeftuin, and the choice
//! enums used in it.
//!
//! Design rules:
//! - Every struct is `#[serde(default)]`, so a partially filled document (or one from an older
//!   or newer build that lacks or adds a field) still loads.
//! - Every list item has a stable `id: String` chosen by the caller (the front-end, the server
//!   or an example/migration using deterministic ids). Validation paths and a later 3-way merge
//!   address items by that id, never by position.
//! - No randomness and no clock in this crate: callers pass ids and times.
//! - Privacy: the plan holds counts only, never personal data of candidates.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;
use crate::SCHEMA_VERSION;

choice_enum! {
    /// Where the proeftuin is in its life cycle.
    #[derive(Default)]
    pub enum Status {
        /// Still being written.
        #[default]
        Concept => "concept", "Concept",
        /// Handed to the buyer for assessment.
        TerBeoordeling => "ter_beoordeling", "Ter beoordeling",
        /// Plan accepted; the 5% obligation is replaced.
        Geaccepteerd => "geaccepteerd", "Geaccepteerd",
        /// The plan is being carried out.
        InUitvoering => "in_uitvoering", "In uitvoering",
        /// Evaluated (normally after a year).
        Geevalueerd => "geevalueerd", "Geëvalueerd",
        /// Formally signed off; can be made permanent in the supplier's policy.
        Decharge => "decharge", "Decharge",
    }
}

impl Status {
    /// The usual next status in the life cycle; `None` after decharge.
    pub fn next(self) -> Option<Status> {
        let i = Status::ALL.iter().position(|s| *s == self)?;
        Status::ALL.get(i + 1).copied()
    }

    /// Whether the plan has been accepted (this status or a later one): then step 6,
    /// Uitvoering, is open.
    pub fn is_accepted(self) -> bool {
        !matches!(self, Status::Concept | Status::TerBeoordeling)
    }

    /// What the status means, in plain words (for the form and the printed plan).
    pub fn uitleg(self) -> &'static str {
        match self {
            Status::Concept => "Jullie werken nog aan het plan. Alles kan nog veranderen.",
            Status::TerBeoordeling => {
                "De leverancier heeft het plan ingeleverd. De opdrachtgever kijkt of het plan realistisch is en genoeg impact heeft."
            }
            Status::Geaccepteerd => {
                "De opdrachtgever heeft het plan goedgekeurd. Het plan komt in de plaats van de vaste regel van 5%."
            }
            Status::InUitvoering => {
                "Het plan loopt: kandidaten zijn aan het werk of aan het leren. Beide partijen doen wat ze hebben afgesproken en houden de cijfers bij."
            }
            Status::Geevalueerd => {
                "Jullie hebben samen teruggekeken, meestal na een jaar: wat werkte, wat niet? Zo nodig is de ambitie bijgesteld."
            }
            Status::Decharge => {
                "De opdrachtgever heeft formeel vastgesteld dat de leverancier zijn afspraken over social return is nagekomen (decharge). Daarna kan de leverancier de aanpak vast onderdeel maken van zijn eigen beleid: dat heet verduurzaming."
            }
        }
    }
}

choice_enum! {
    /// Purchasing category of the contract.
    pub enum Categorie {
        /// Hiring of professionals.
        HoogwaardigeInhuur => "hoogwaardige_inhuur", "Hoogwaardige Inhuur",
        /// Hiring of ICT professionals.
        IctInhuur => "ict_inhuur", "ICT-Inhuur",
        /// Interim management and organisational advice (IMOA).
        Interimmanagement => "interimmanagement", "Interimmanagement en organisatieadvies",
        /// Catering.
        Catering => "catering", "Catering",
        /// Facility services.
        Facilitair => "facilitair", "Facilitair",
        /// Works (building, infrastructure).
        Werken => "werken", "Werken",
        /// Something else; see `categorie_anders`.
        Anders => "anders", "Anders",
    }
}

choice_enum! {
    /// The purchasing situation the proeftuin starts from.
    pub enum Situatie {
        /// A new tender.
        NieuweAanbesteding => "nieuwe_aanbesteding", "Nieuwe aanbesteding",
        /// A contract that is already running.
        LopendeOpdracht => "lopende_opdracht", "Lopende opdracht",
        /// A framework agreement (raamovereenkomst), often via category management.
        Raamovereenkomst => "raamovereenkomst", "Raamovereenkomst",
    }
}

choice_enum! {
    /// Policy goals the proeftuin connects to.
    pub enum Beleidsdoel {
        /// The Rijk's jobs agreement for people with a disability.
        Banenafspraak => "banenafspraak", "Banenafspraak (mensen met een arbeidsbeperking)",
        /// An inclusive, diverse organisation.
        InclusieveOrganisatie => "inclusieve_organisatie", "Inclusieve organisatie en diversiteit",
        /// Helping (ex-)detainees back into society.
        ReIntegratie => "re_integratie", "Terugkeer van (ex-)gedetineerden in de maatschappij",
        /// Work for refugees with a residence permit.
        Statushouders => "statushouders", "Werk voor statushouders",
        /// Involving social enterprises.
        SociaalOndernemerschap => "sociaal_ondernemerschap", "Sociaal ondernemerschap",
        /// Shortage of skilled staff, e.g. ICT professionals.
        TekortVakmensen => "tekort_vakmensen", "Tekort aan vakmensen (zoals ICT'ers)",
        /// Education and training.
        OnderwijsEnOpleiding => "onderwijs_en_opleiding", "Onderwijs en opleiding",
        /// Another goal; see `beleidsdoelen_toelichting`.
        Anders => "anders", "Ander beleidsdoel van de organisatie",
    }
}

choice_enum! {
    /// Role of a stakeholder.
    pub enum Rol {
        /// Purchasing.
        Inkoop => "inkoop", "Inkoop",
        /// Category manager (government-wide purchasing).
        Categoriemanager => "categoriemanager", "Categoriemanager",
        /// Contract manager.
        Contractmanager => "contractmanager", "Contractmanager",
        /// Internal client / budget holder.
        Opdrachtgever => "opdrachtgever", "Opdrachtgever / budgethouder",
        /// HR / P&O.
        Hr => "hr", "HR / P&O",
        /// Policy directorate.
        Beleid => "beleid", "Beleid",
        /// The supplier.
        Leverancier => "leverancier", "Leverancier",
        /// A partner such as a social workplace, re-integration or training organisation.
        Partner => "partner", "Partner (bijv. sociaal werkbedrijf, re-integratie of opleiding)",
        /// The Adviesteam Social Return.
        Adviesteam => "adviesteam", "Adviesteam Social Return",
        /// Another role.
        Anders => "anders", "Anders",
    }
}

choice_enum! {
    /// Stance of a stakeholder towards the proeftuin.
    #[derive(Default)]
    pub enum Houding {
        /// In favour.
        Voorstander => "voorstander", "Voorstander",
        /// Neutral.
        Neutraal => "neutraal", "Neutraal",
        /// Critical.
        Kritisch => "kritisch", "Kritisch",
        /// Not known yet.
        #[default]
        Onbekend => "onbekend", "Onbekend",
    }
}

choice_enum! {
    /// Influence of a stakeholder on the proeftuin.
    #[derive(Default)]
    pub enum Invloed {
        /// Low.
        Laag => "laag", "Laag",
        /// Medium.
        #[default]
        Midden => "midden", "Midden",
        /// High.
        Hoog => "hoog", "Hoog",
    }
}

choice_enum! {
    /// Target group of the plan.
    pub enum Doelgroep {
        /// People with a disability (doelgroepregister, Banenafspraak).
        Banenafspraak => "banenafspraak", "Mensen met een arbeidsbeperking (doelgroepregister Banenafspraak)",
        /// Long-term unemployed.
        LangdurigWerkzoekend => "langdurig_werkzoekend", "Langdurig werkzoekenden",
        /// Refugees with a residence permit.
        Statushouders => "statushouders", "Statushouders",
        /// (Ex-)detainees and young offenders.
        Justitiabelen => "justitiabelen", "(Ex-)gedetineerden en jeugdige justitiabelen",
        /// Young people without a basic qualification.
        JongerenZonderStartkwalificatie => "jongeren_zonder_startkwalificatie", "Jongeren zonder startkwalificatie",
        /// People over fifty.
        Vijftigplus => "vijftigplus", "50-plussers",
        /// Former top athletes.
        ExTopsporters => "ex_topsporters", "Ex-topsporters",
        /// People with autism.
        Autisme => "autisme", "Mensen met autisme",
        /// Another group; see `doelgroep_toelichting`.
        Anders => "anders", "Andere doelgroep",
    }
}

choice_enum! {
    /// Form the social return takes.
    pub enum Vorm {
        /// A paid job.
        BetaaldeBaan => "betaalde_baan", "Betaalde baan",
        /// A work-experience place.
        Werkervaringsplaats => "werkervaringsplaats", "Werkervaringsplaats",
        /// An internship.
        Stage => "stage", "Stage",
        /// A place where people learn and work at the same time.
        LeerwerkPlaats => "leerwerkplaats", "Leerwerkplaats",
        /// Training or a scholarship.
        OpleidingBeurs => "opleiding_beurs", "Opleiding of beurs (scholarship)",
        /// Work via a social subcontractor or buying from a social enterprise.
        SociaalInkopen => "sociaal_inkopen", "Sociale onderaannemer of inkopen bij een sociale onderneming",
        /// Together with other suppliers, not in competition.
        CoCreatie => "co_creatie", "Samen met andere leveranciers (co-creatie)",
        /// A role shared by the Rijk and the supplier(s).
        GedeeldeRol => "gedeelde_rol", "Gedeelde rol van Rijk en leverancier",
        /// Another form; see `vorm_toelichting`.
        Anders => "anders", "Andere vorm",
    }
}

choice_enum! {
    /// Where candidates do their work.
    pub enum Werkplek {
        /// At the supplier.
        Leverancier => "leverancier", "Bij de leverancier",
        /// At the Rijk (the client).
        Rijk => "rijk", "Bij het Rijk (de opdrachtgever)",
        /// At a client of the supplier.
        KlantVanLeverancier => "klant_van_leverancier", "Bij een klant van de leverancier",
        /// At a partner.
        Partner => "partner", "Bij een partner",
    }
}

choice_enum! {
    /// Which side commits to an agreement.
    #[derive(Default)]
    pub enum Partij {
        /// The client (buyer side: opdrachtgever, inkoop, HR, beleid).
        Opdrachtgever => "opdrachtgever", "Opdrachtgever",
        /// The supplier.
        #[default]
        Leverancier => "leverancier", "Leverancier",
        /// A partner.
        Partner => "partner", "Partner",
        /// Both sides together.
        Samen => "samen", "Samen",
    }
}

choice_enum! {
    /// How often an indicator is reported.
    pub enum Frequentie {
        /// Monthly.
        Maandelijks => "maandelijks", "Elke maand",
        /// Quarterly.
        PerKwartaal => "per_kwartaal", "Elk kwartaal",
        /// Twice a year.
        Halfjaarlijks => "halfjaarlijks", "Elk half jaar",
        /// Yearly.
        Jaarlijks => "jaarlijks", "Elk jaar",
    }
}

choice_enum! {
    /// Verdict of the assessment.
    pub enum Oordeel {
        /// Accept the plan.
        Accepteren => "accepteren", "Accepteren",
        /// The plan needs changes first.
        Aanpassen => "aanpassen", "Aanpassen",
        /// Reject the plan.
        Afwijzen => "afwijzen", "Afwijzen",
    }
}

choice_enum! {
    /// Where an agreement stands while the plan is carried out.
    #[derive(Default)]
    pub enum Stand {
        /// Not started yet.
        #[default]
        Open => "open", "Nog niet begonnen",
        /// Being carried out.
        Loopt => "loopt", "Loopt",
        /// Done.
        Gereed => "gereed", "Gereed",
        /// Later than agreed.
        Vertraagd => "vertraagd", "Vertraagd",
        /// No longer needed (with a note why).
        Vervallen => "vervallen", "Vervallen",
    }
}

impl Stand {
    /// Whether nothing more needs to happen for the agreement.
    pub fn afgesloten(self) -> bool {
        matches!(self, Stand::Gereed | Stand::Vervallen)
    }
}

choice_enum! {
    /// What both parties decide at the evaluation after a year.
    pub enum Besluit {
        /// Go on as it goes.
        Doorgaan => "doorgaan", "Doorgaan zoals het gaat",
        /// Go on with a changed ambition.
        Bijstellen => "bijstellen", "Doorgaan, met een bijgestelde ambitie",
        /// Do more: more places, more partners.
        Uitbreiden => "uitbreiden", "Uitbreiden",
        /// Stop the proeftuin.
        Stoppen => "stoppen", "Stoppen",
        /// It worked: towards decharge.
        NaarDecharge => "naar_decharge", "Het werkt: op naar decharge",
    }
}

/// An item of one of the document's keyed lists, known by its stable id.
pub trait ListItem {
    /// The item's id (unique within its list).
    fn id(&self) -> &str;
}

impl Proeftuin {
    /// Gives every list item whose id is empty or already taken in its list a new id from
    /// `new_id`, keeping all it holds, and returns how many items got one. A stored draft is
    /// read as it is (never refused, see [`crate::storage::parse_stored`]), but the editor
    /// finds list items by id: a copy spoiled by hand or by a fault would otherwise show one
    /// item twice and lose the other's edits.
    pub fn make_item_ids_unique(&mut self, new_id: &mut dyn FnMut() -> String) -> usize {
        let p = &mut self.plan;
        let u = &mut self.uitvoering;
        let lists: [Vec<&mut String>; 12] = [
            self.vertrekpunt
                .leveranciers
                .iter_mut()
                .map(|x| &mut x.id)
                .collect(),
            self.stakeholders.iter_mut().map(|x| &mut x.id).collect(),
            p.partners.iter_mut().map(|x| &mut x.id).collect(),
            p.afspraken.iter_mut().map(|x| &mut x.id).collect(),
            p.mijlpalen.iter_mut().map(|x| &mut x.id).collect(),
            p.risicos.iter_mut().map(|x| &mut x.id).collect(),
            p.indicatoren.iter_mut().map(|x| &mut x.id).collect(),
            u.afspraken.iter_mut().map(|x| &mut x.id).collect(),
            u.metingen.iter_mut().map(|x| &mut x.id).collect(),
            u.tellingen.iter_mut().map(|x| &mut x.id).collect(),
            u.mijlpalen.iter_mut().map(|x| &mut x.id).collect(),
            u.gesprekken.iter_mut().map(|x| &mut x.id).collect(),
        ];
        let mut changed = 0;
        for ids in lists {
            let mut seen = std::collections::HashSet::new();
            for id in ids {
                if id.is_empty() || !seen.insert(id.clone()) {
                    *id = new_id();
                    seen.insert(id.clone());
                    changed += 1;
                }
            }
        }
        changed
    }
}

macro_rules! list_items {
    ($($ty:ty),+) => {
        $(impl ListItem for $ty {
            fn id(&self) -> &str {
                &self.id
            }
        })+
    };
}

list_items!(
    Leverancier,
    Stakeholder,
    Partner,
    Afspraak,
    Mijlpaal,
    Risico,
    Indicator,
    AfspraakStand,
    Meting,
    Telling,
    MijlpaalStand,
    Gesprek,
    Handtekening
);

/// One proeftuin: the whole document the wizard edits.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Proeftuin {
    /// Stable id, chosen by the caller.
    pub id: String,
    /// Layout version of this document; [`SCHEMA_VERSION`] for documents made by this build.
    pub schema_version: u32,
    /// When the document was made.
    pub created: DateTime<Utc>,
    /// When the document was last changed.
    pub changed: DateTime<Utc>,
    /// Life-cycle status.
    pub status: Status,
    /// Step 1.
    pub vertrekpunt: Vertrekpunt,
    /// Step 2.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub stakeholders: Vec<Stakeholder>,
    /// Step 3.
    pub plan: PlanVanAanpak,
    /// Step 4.
    pub beoordeling: Beoordeling,
    /// Step 5.
    pub afronden: Afronden,
    /// Step 6, once the plan is accepted.
    pub uitvoering: Uitvoering,
}

impl Default for Proeftuin {
    fn default() -> Self {
        Proeftuin {
            id: String::new(),
            schema_version: SCHEMA_VERSION,
            created: DateTime::<Utc>::default(),
            changed: DateTime::<Utc>::default(),
            status: Status::Concept,
            vertrekpunt: Vertrekpunt::default(),
            stakeholders: Vec::new(),
            plan: PlanVanAanpak::default(),
            beoordeling: Beoordeling::default(),
            afronden: Afronden::default(),
            uitvoering: Uitvoering::default(),
        }
    }
}

impl Proeftuin {
    /// A new, empty proeftuin in status Concept.
    pub fn new(id: String, now: DateTime<Utc>) -> Self {
        Proeftuin {
            id,
            created: now,
            changed: now,
            ..Proeftuin::default()
        }
    }

    /// Title to show in lists: the name, or "Naamloze proeftuin" when it is empty.
    pub fn title(&self) -> String {
        title_of(&self.vertrekpunt.naam)
    }

    /// Sets the life-cycle status. The first time the plan becomes accepted (or a later
    /// status), a frozen copy of the plan and its assessment is kept in
    /// [`Uitvoering::geaccepteerd`], dated `today`, so the evaluation can compare the plan as
    /// accepted with what happened. Going back to an earlier status keeps that copy.
    pub fn set_status(&mut self, status: Status, today: NaiveDate) {
        self.status = status;
        if status.is_accepted() && self.uitvoering.geaccepteerd.is_none() {
            self.uitvoering.geaccepteerd = Some(GeaccepteerdPlan {
                op: Some(today),
                plan: self.plan.clone(),
                beoordeling: self.beoordeling.clone(),
            });
        }
    }

    /// Marks the document as changed at `now`.
    pub fn touch(&mut self, now: DateTime<Utc>) {
        self.changed = now;
    }

    /// A copy with a new id, times set to `now`, status Concept and an empty assessment;
    /// " (kopie)" is added to the name. List item ids are kept (they only need to be unique
    /// within one document).
    pub fn duplicate(&self, id: String, now: DateTime<Utc>) -> Self {
        let mut copy = self.clone();
        copy.id = id;
        copy.created = now;
        copy.changed = now;
        copy.status = Status::Concept;
        copy.beoordeling = Beoordeling::default();
        copy.uitvoering = Uitvoering::default();
        copy.vertrekpunt.naam = format!("{} (kopie)", self.title());
        copy
    }
}

/// The title of a proeftuin with this name (see [`Proeftuin::title`]).
pub fn title_of(naam: &str) -> String {
    let naam = naam.trim();
    if naam.is_empty() {
        "Naamloze proeftuin".to_string()
    } else {
        naam.to_string()
    }
}

/// The evaluation date that goes with a start date: one year later.
/// 29 February becomes 28 February of the next year.
pub fn default_evaluatiedatum(start: NaiveDate) -> NaiveDate {
    start.checked_add_months(Months::new(12)).unwrap_or(start)
}

/// Step 1: the starting point.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Vertrekpunt {
    /// Name of the proeftuin.
    pub naam: String,
    /// Ministry or service, free text (the UI offers suggestions).
    pub opdrachtgever: String,
    /// Purchasing category.
    pub categorie: Option<Categorie>,
    /// Description when `categorie` is [`Categorie::Anders`].
    pub categorie_anders: String,
    /// New tender, running contract or framework agreement.
    pub situatie: Option<Situatie>,
    /// One or more suppliers (small suppliers can run one proeftuin together).
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub leveranciers: Vec<Leverancier>,
    /// Contract value in whole euros, excluding btw.
    pub contractwaarde: Option<u64>,
    /// Term of the contract in months.
    pub looptijd_maanden: Option<u32>,
    /// Start of the proeftuin.
    pub startdatum: Option<NaiveDate>,
    /// Evaluation date (default: one year after the start, see [`default_evaluatiedatum`]).
    pub evaluatiedatum: Option<NaiveDate>,
    /// Policy goals the proeftuin connects to.
    pub beleidsdoelen: Vec<Beleidsdoel>,
    /// Explanation of the policy goals.
    pub beleidsdoelen_toelichting: String,
    /// Short description of the proeftuin.
    pub omschrijving: String,
}

impl Vertrekpunt {
    /// The 5% the generic rule would ask, if it applies (see [`crate::generic_rule`]).
    pub fn generieke_regeling(&self) -> Option<u64> {
        crate::generic_rule::generieke_regeling(self.contractwaarde, self.looptijd_maanden)
    }
}

/// A supplier taking part.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Leverancier {
    /// Stable item id.
    pub id: String,
    /// Name of the supplier.
    pub naam: String,
}

/// Step 2: a person or group that is needed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Stakeholder {
    /// Stable item id.
    pub id: String,
    /// Name or function.
    pub naam: String,
    /// Organisation.
    pub organisatie: String,
    /// Role.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub rol: Option<Rol>,
    /// Stance (default: unknown).
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub houding: Houding,
    /// Influence (default: medium).
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub invloed: Invloed,
    /// What we need from them.
    pub nodig: String,
    /// Who owns the contact.
    pub eigenaar_contact: String,
    /// A senior supporter to turn to when stuck.
    pub escalatielijn: bool,
}

/// Step 3: the plan of approach.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct PlanVanAanpak {
    /// Target group(s).
    pub doelgroepen: Vec<Doelgroep>,
    /// Explanation of the target group(s).
    pub doelgroep_toelichting: String,
    /// The ambition in one or two sentences.
    pub ambitie: String,
    /// Form(s).
    pub vormen: Vec<Vorm>,
    /// Explanation of the form(s).
    pub vorm_toelichting: String,
    /// Number of candidates (a count only, never names).
    pub aantal_kandidaten: Option<u32>,
    /// Number of places.
    pub aantal_plaatsen: Option<u32>,
    /// Hours per week per place.
    pub uren_per_week: Option<u32>,
    /// Duration per place in months.
    pub duur_maanden: Option<u32>,
    /// Where candidates work.
    pub werkplek: Vec<Werkplek>,
    /// Partners and their role.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub partners: Vec<Partner>,
    /// Fit with the supplier's core competence and existing initiatives.
    pub kerncompetentie: String,
    /// Coaching of candidates (and managers).
    pub begeleiding: String,
    /// The supplier's wishes towards the client.
    pub wensen_opdrachtgever: String,
    /// Two-sided agreements.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub afspraken: Vec<Afspraak>,
    /// What happens after the pilot.
    pub duurzaamheid: String,
    /// Milestones.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub mijlpalen: Vec<Mijlpaal>,
    /// Risks and measures.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub risicos: Vec<Risico>,
    /// Monitoring indicators.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub indicatoren: Vec<Indicator>,
    /// Conditions that must be met.
    pub randvoorwaarden: String,
}

/// A partner organisation in the plan.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Partner {
    /// Stable item id.
    pub id: String,
    /// Name of the partner.
    pub naam: String,
    /// What the partner does.
    pub rol: String,
}

/// A commitment of one party, with owner and date.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Afspraak {
    /// Stable item id.
    pub id: String,
    /// Which side commits (default: the supplier).
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub partij: Partij,
    /// What is agreed.
    pub wat: String,
    /// Who carries it out.
    pub eigenaar: String,
    /// When it is due.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
}

/// A milestone.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Mijlpaal {
    /// Stable item id.
    pub id: String,
    /// What is reached.
    pub wat: String,
    /// When.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
}

/// A risk and the measure against it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Risico {
    /// Stable item id.
    pub id: String,
    /// The risk.
    pub risico: String,
    /// The measure.
    pub maatregel: String,
}

/// A monitoring indicator.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Indicator {
    /// Stable item id.
    pub id: String,
    /// What is measured.
    pub indicator: String,
    /// How often it is reported.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub frequentie: Option<Frequentie>,
    /// The value aimed at.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub streefwaarde: Option<f64>,
    /// The unit of the values ("kandidaten", "%", "uur").
    pub eenheid: String,
}

/// Step 4: the assessment. Scores are keyed by criterion id (see [`crate::rubric`]).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Beoordeling {
    /// One entry per criterion at most.
    pub scores: Vec<Score>,
    /// The verdict.
    pub oordeel: Option<Oordeel>,
    /// Explanation of the verdict.
    pub oordeel_toelichting: String,
    /// Name or role of the assessor (optional).
    pub beoordelaar: String,
}

/// The score for one criterion.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Score {
    /// Criterion id (the stable key of this item).
    pub criterion: String,
    /// Score 1 to 5, if given.
    pub score: Option<u8>,
    /// Why this score.
    pub reden: String,
}

/// Step 5: wrap-up notes. The status lives on [`Proeftuin`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Afronden {
    /// Free notes.
    pub notities: String,
}

/// Step 6: carrying out the accepted plan. What was planned stays in [`PlanVanAanpak`]; this
/// holds what happened. Items that follow a plan item (an agreement, a milestone) carry that
/// item's id; a plan item without one has not been reported on yet.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
#[serde(default)]
pub struct Uitvoering {
    /// The plan as it was accepted (kept when the status first became Geaccepteerd).
    pub geaccepteerd: Option<GeaccepteerdPlan>,
    /// Where each two-sided agreement stands (id = the agreement's id).
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub afspraken: Vec<AfspraakStand>,
    /// Measurements of the monitoring indicators.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub metingen: Vec<Meting>,
    /// Counts of candidates, per date (counts only, never names).
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub tellingen: Vec<Telling>,
    /// When each milestone was reached (id = the milestone's id).
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub mijlpalen: Vec<MijlpaalStand>,
    /// The regular progress talks between client and supplier.
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub gesprekken: Vec<Gesprek>,
    /// The evaluation after (about) a year.
    pub evaluatie: Evaluatie,
    /// The signatures of the decharge, one per party (id = the party's key).
    #[cfg_attr(feature = "store", store(key: String = |x| x.id.clone()))]
    pub decharge: Vec<Handtekening>,
    /// Making it permanent after decharge.
    pub verduurzaming: Verduurzaming,
}

/// A frozen copy of the plan and its assessment at acceptance.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct GeaccepteerdPlan {
    /// The day it was accepted (`None` for a plan accepted before this was kept: then the copy
    /// was made when the document was converted).
    pub op: Option<NaiveDate>,
    /// The plan as accepted.
    pub plan: PlanVanAanpak,
    /// The assessment as it was then.
    pub beoordeling: Beoordeling,
}

/// Where one agreement stands.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct AfspraakStand {
    /// The agreement's id (in `plan.afspraken`).
    pub id: String,
    /// Where it stands (`None`: not reported on yet, as [`Stand::Open`]). Optional, so that one
    /// device writing only a note and another setting the state merge without a conflict.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub stand: Option<Stand>,
    /// Since when it stands so.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
    /// A note (what is done, why it is late).
    pub notitie: String,
}

/// One measurement of an indicator.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Meting {
    /// Stable item id.
    pub id: String,
    /// The indicator's id (in `plan.indicatoren`).
    pub indicator: String,
    /// The day the value applies to. It reports the first reporting moment on or after it
    /// (see [`crate::uitvoering::rapportagemomenten`]).
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
    /// The value measured.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub waarde: Option<f64>,
    /// A note.
    pub notitie: String,
}

/// Counts of candidates on one date: how many have started so far, are at work now, have
/// dropped out so far and have a contract after their place. Counts only, never names.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Telling {
    /// Stable item id.
    pub id: String,
    /// The day of the count.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
    /// Candidates started so far.
    pub gestart: Option<u32>,
    /// Candidates at work on that day.
    pub aan_het_werk: Option<u32>,
    /// Candidates who stopped so far.
    pub uitgevallen: Option<u32>,
    /// Candidates with a contract after their place, so far.
    pub contract: Option<u32>,
}

/// When a milestone was reached.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct MijlpaalStand {
    /// The milestone's id (in `plan.mijlpalen`).
    pub id: String,
    /// The day it was reached.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub behaald: Option<NaiveDate>,
    /// Why it is (or was) later than planned.
    pub reden: String,
}

/// One progress talk (voortgangsgesprek) between client and supplier.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Gesprek {
    /// Stable item id.
    pub id: String,
    /// The day of the talk.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
    /// Who was there, by role.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub aanwezig: Vec<Rol>,
    /// What was agreed.
    pub afgesproken: String,
    /// What is done to get back on track.
    pub herstelacties: String,
    /// The day of the next talk.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub volgende: Option<NaiveDate>,
}

/// The evaluation after (about) a year: the rubric scored again, the lessons and the decision.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Evaluatie {
    /// The day of the evaluation.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
    /// The criteria scored again (keyed by criterion, as in [`Beoordeling::scores`]).
    pub scores: Vec<Score>,
    /// What worked.
    pub werkte: String,
    /// What did not work.
    pub werkte_niet: String,
    /// The decision.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub besluit: Option<Besluit>,
    /// Why, and what changes (a changed ambition, say).
    pub toelichting: String,
}

/// One party's signature of the decharge. Made once; it can only be withdrawn, and only
/// before the other party signs (see [`crate::uitvoering::onderteken`]).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Handtekening {
    /// The party's key: `opdrachtgever` or `leverancier`.
    pub id: String,
    /// Name or function of who signs.
    pub naam: String,
    /// Their role, e.g. "Contractmanager".
    pub rol: String,
    /// The day of signing.
    #[cfg_attr(feature = "store", patch(|this, new| *this = new))]
    pub datum: Option<NaiveDate>,
}

/// Making the approach permanent after decharge (verduurzaming): a checklist and how many
/// candidates are still at work later.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Verduurzaming {
    /// The approach is part of the supplier's own policy.
    pub in_beleid: bool,
    /// It is embedded in the supplier's organisation (people, budget, processes).
    pub in_organisatie: bool,
    /// The partner goes on with it.
    pub partner_gaat_door: bool,
    /// A note.
    pub toelichting: String,
    /// Six months after decharge.
    pub na_6: Nameting,
    /// Twelve months after decharge.
    pub na_12: Nameting,
    /// Twenty-four months after decharge.
    pub na_24: Nameting,
}

/// A follow-up count after decharge.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(
    feature = "store",
    derive(reactive_stores::Store, reactive_stores::Patch)
)]
#[serde(default)]
pub struct Nameting {
    /// Candidates still at work.
    pub aan_het_werk: Option<u32>,
    /// Of them, with a permanent contract.
    pub vast_contract: Option<u32>,
}

// The document's structs that hold keyed lists are patched by hand: the `Patch` derive of
// reactive_stores 0.4 looks up the items of a keyed list under the path of the struct that
// holds the list instead of the list's own path, so a patched list item would notify the wrong
// fields (or panic). Fields in declaration order, which is the order of the store's paths; a
// field left out is a compile error (the new value is taken apart field by field).
#[cfg(feature = "store")]
macro_rules! patch_by_field {
    ($ty:ident { $($field:ident: $how:ident),+ $(,)? }) => {
        impl reactive_stores::PatchField for $ty {
            fn patch_field(
                &mut self,
                new: Self,
                path: &reactive_stores::StorePath,
                notify: &mut dyn FnMut(&reactive_stores::StorePath),
                keys: Option<&reactive_stores::KeyMap>,
            ) {
                let $ty { $($field),+ } = new;
                let mut field_path = path.clone();
                field_path.push(0);
                let mut index = 0usize;
                $(
                    field_path.replace_last(index);
                    patch_by_field!(@$how self.$field, $field, &field_path, notify, keys);
                    index += 1;
                )+
                let _ = index;
            }
        }
    };
    // A value the store descends into (a struct, an option, a choice, a string, a number).
    (@patch $old:expr, $new:ident, $path:expr, $notify:ident, $keys:ident) => {
        reactive_stores::PatchField::patch_field(&mut $old, $new, $path, $notify, $keys)
    };
    // A value replaced as a whole when it differs: a date or time (no `PatchField`), a choice,
    // or a list of choices.
    (@value $old:expr, $new:ident, $path:expr, $notify:ident, $keys:ident) => {
        if $old != $new {
            $old = $new;
            $notify($path);
        }
    };
    // A list keyed by its items' ids (see `patch_list`).
    (@keyed $old:expr, $new:ident, $path:expr, $notify:ident, $keys:ident) => {
        patch_list(&mut $old, $new, $path, $notify, $keys)
    };
}

/// Patches a keyed list. With the same items in the same order, each item is patched in
/// place, so only the fields that changed notify. Otherwise (items added, removed or moved)
/// the list is replaced and notifies as a whole: in a store, every item's fields follow
/// their list then anyway, so matching items by id would notify nothing less.
#[cfg(feature = "store")]
fn patch_list<T: ListItem + reactive_stores::PatchField>(
    old: &mut Vec<T>,
    new: Vec<T>,
    path: &reactive_stores::StorePath,
    notify: &mut dyn FnMut(&reactive_stores::StorePath),
    keys: Option<&reactive_stores::KeyMap>,
) {
    let same_items = old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| a.id() == b.id());
    if !same_items {
        *old = new;
        notify(path);
        return;
    }
    let mut item_path = path.clone();
    item_path.push(0);
    for (index, (old, new)) in old.iter_mut().zip(new).enumerate() {
        item_path.replace_last(index);
        old.patch_field(new, &item_path, notify, keys);
    }
}

#[cfg(feature = "store")]
patch_by_field!(Proeftuin {
    id: patch,
    schema_version: patch,
    created: value,
    changed: value,
    status: value,
    vertrekpunt: patch,
    stakeholders: keyed,
    plan: patch,
    beoordeling: patch,
    afronden: patch,
    uitvoering: patch,
});

#[cfg(feature = "store")]
patch_by_field!(Uitvoering {
    geaccepteerd: value,
    afspraken: keyed,
    metingen: keyed,
    tellingen: keyed,
    mijlpalen: keyed,
    gesprekken: keyed,
    evaluatie: patch,
    decharge: keyed,
    verduurzaming: patch,
});

#[cfg(feature = "store")]
patch_by_field!(Vertrekpunt {
    naam: patch,
    opdrachtgever: patch,
    categorie: value,
    categorie_anders: patch,
    situatie: value,
    leveranciers: keyed,
    contractwaarde: patch,
    looptijd_maanden: patch,
    startdatum: value,
    evaluatiedatum: value,
    beleidsdoelen: value,
    beleidsdoelen_toelichting: patch,
    omschrijving: patch,
});

#[cfg(feature = "store")]
patch_by_field!(PlanVanAanpak {
    doelgroepen: value,
    doelgroep_toelichting: patch,
    ambitie: patch,
    vormen: value,
    vorm_toelichting: patch,
    aantal_kandidaten: patch,
    aantal_plaatsen: patch,
    uren_per_week: patch,
    duur_maanden: patch,
    werkplek: value,
    partners: keyed,
    kerncompetentie: patch,
    begeleiding: patch,
    wensen_opdrachtgever: patch,
    afspraken: keyed,
    duurzaamheid: patch,
    mijlpalen: keyed,
    risicos: keyed,
    indicatoren: keyed,
    randvoorwaarden: patch,
});

#[cfg(feature = "store")]
patch_by_field!(Beoordeling {
    scores: patch,
    oordeel: value,
    oordeel_toelichting: patch,
    beoordelaar: patch,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::Choice;

    use crate::test_support::date;

    #[test]
    fn evaluation_date_defaults_to_one_year_later() {
        assert_eq!(default_evaluatiedatum(date(2018, 1, 1)), date(2019, 1, 1));
        assert_eq!(default_evaluatiedatum(date(2019, 3, 31)), date(2020, 3, 31));
    }

    #[test]
    fn evaluation_date_after_leap_day_is_28_february() {
        assert_eq!(default_evaluatiedatum(date(2020, 2, 29)), date(2021, 2, 28));
        assert_eq!(default_evaluatiedatum(date(2019, 2, 28)), date(2020, 2, 28));
    }

    #[test]
    fn new_document_is_an_empty_concept_of_the_current_schema() {
        let now = crate::test_support::now();
        let doc = Proeftuin::new("p-1".into(), now);
        assert_eq!(doc.status, Status::Concept);
        assert_eq!(doc.schema_version, SCHEMA_VERSION);
        assert_eq!(doc.created, now);
        assert_eq!(doc.title(), "Naamloze proeftuin");
    }

    #[test]
    fn title_uses_the_trimmed_name() {
        let mut doc = Proeftuin::default();
        doc.vertrekpunt.naam = "  Stages bij OCW ".into();
        assert_eq!(doc.title(), "Stages bij OCW");
    }

    #[test]
    fn touch_updates_only_the_change_time() {
        let t0 = DateTime::<Utc>::default();
        let t1 = t0 + chrono::Duration::hours(2);
        let mut doc = Proeftuin::new("p".into(), t0);
        doc.touch(t1);
        assert_eq!(doc.created, t0);
        assert_eq!(doc.changed, t1);
    }

    #[test]
    fn partial_document_loads_with_defaults() {
        let doc: Proeftuin =
            serde_json::from_str(r#"{"id":"x","vertrekpunt":{"naam":"Test"}}"#).unwrap();
        assert_eq!(doc.vertrekpunt.naam, "Test");
        assert_eq!(doc.schema_version, SCHEMA_VERSION);
        assert!(doc.stakeholders.is_empty());
        let sh: Stakeholder = serde_json::from_str(r#"{"id":"a"}"#).unwrap();
        assert_eq!(sh.houding, Houding::Onbekend);
        assert_eq!(sh.invloed, Invloed::Midden);
    }

    fn check_choice<T: Choice + serde::Serialize + std::fmt::Debug>() {
        assert!(!T::all().is_empty());
        for c in T::all() {
            assert_eq!(T::from_key(c.key()), Some(*c));
            assert_eq!(
                serde_json::to_string(c).unwrap(),
                format!("\"{}\"", c.key())
            );
            assert!(c.key().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(!c.label().is_empty());
        }
        assert_eq!(T::from_key("bestaat-niet"), None);
    }

    #[test]
    fn every_choice_key_equals_its_serde_name() {
        check_choice::<Status>();
        check_choice::<Categorie>();
        check_choice::<Situatie>();
        check_choice::<Beleidsdoel>();
        check_choice::<Rol>();
        check_choice::<Houding>();
        check_choice::<Invloed>();
        check_choice::<Doelgroep>();
        check_choice::<Vorm>();
        check_choice::<Werkplek>();
        check_choice::<Partij>();
        check_choice::<Frequentie>();
        check_choice::<Oordeel>();
        check_choice::<Stand>();
        check_choice::<Besluit>();
        check_choice::<crate::rubric::Dimension>();
    }

    #[test]
    fn labels_are_dutch() {
        assert_eq!(Status::Geevalueerd.label(), "Geëvalueerd");
        assert_eq!(
            Categorie::Interimmanagement.label(),
            "Interimmanagement en organisatieadvies"
        );
        assert_eq!(Rol::Hr.label(), "HR / P&O");
        assert_eq!(Rol::Opdrachtgever.label(), "Opdrachtgever / budgethouder");
    }

    #[test]
    fn status_follows_the_life_cycle() {
        assert_eq!(Status::Concept.next(), Some(Status::TerBeoordeling));
        assert_eq!(Status::Geevalueerd.next(), Some(Status::Decharge));
        assert_eq!(Status::Decharge.next(), None);
    }

    #[test]
    fn accepting_keeps_a_frozen_copy_of_the_plan_once() {
        let t = DateTime::<Utc>::default();
        let mut doc = Proeftuin::new("a".into(), t);
        doc.plan.ambitie = "Vijf plekken".into();
        doc.set_status(
            Status::TerBeoordeling,
            crate::test_support::date(2026, 1, 2),
        );
        assert!(doc.uitvoering.geaccepteerd.is_none());
        doc.set_status(Status::Geaccepteerd, crate::test_support::date(2026, 1, 5));
        doc.plan.ambitie = "Zes plekken".into();
        // Back to an earlier status and on again: the first copy stays.
        doc.set_status(
            Status::TerBeoordeling,
            crate::test_support::date(2026, 2, 1),
        );
        doc.set_status(Status::InUitvoering, crate::test_support::date(2026, 2, 2));
        let copy = doc.uitvoering.geaccepteerd.as_ref().unwrap();
        assert_eq!(copy.op, Some(crate::test_support::date(2026, 1, 5)));
        assert_eq!(copy.plan.ambitie, "Vijf plekken");
        assert_eq!(doc.status, Status::InUitvoering);
        // A copy starts again without what was carried out.
        doc.uitvoering.tellingen.push(Telling::default());
        assert_eq!(
            doc.duplicate("b".into(), t).uitvoering,
            Uitvoering::default()
        );
    }

    #[test]
    fn duplicate_gets_new_id_and_clears_assessment() {
        let t = DateTime::<Utc>::default();
        let mut doc = Proeftuin::new("a".into(), t);
        doc.vertrekpunt.naam = "Origineel".into();
        doc.status = Status::Geaccepteerd;
        doc.beoordeling.oordeel = Some(Oordeel::Accepteren);
        let copy = doc.duplicate("b".into(), t);
        assert_eq!(copy.id, "b");
        assert_eq!(copy.vertrekpunt.naam, "Origineel (kopie)");
        assert_eq!(copy.status, Status::Concept);
        assert_eq!(copy.beoordeling, Beoordeling::default());
    }
}
