//! The wizard steps: their order, number, Dutch title and URL slug. Steps 1 to 5 make and
//! assess the plan; step 6, Uitvoering, opens once the plan is accepted (see [`Step::is_open`]).

use serde::{Deserialize, Serialize};

use crate::choice::Choice;

/// One step of the wizard. Serialized as its slug (`"plan-van-aanpak"`).
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Step 1: name, client, category, supplier(s), money, dates, policy goals.
    Vertrekpunt,
    /// Step 2: who is needed and what their stance is.
    Stakeholders,
    /// Step 3: the supplier's plan of approach.
    PlanVanAanpak,
    /// Step 4: the buyer's assessment on realisme and impact.
    Beoordeling,
    /// Step 5: readable document, status, export.
    Afronden,
    /// Step 6: carrying out the accepted plan (agreements, measurements, counts, talks).
    Uitvoering,
}

impl Step {
    /// All steps in wizard order.
    pub const ALL: [Step; 6] = [
        Step::Vertrekpunt,
        Step::Stakeholders,
        Step::PlanVanAanpak,
        Step::Beoordeling,
        Step::Afronden,
        Step::Uitvoering,
    ];

    /// Whether the step is open for a plan with this status: step 6 only once the plan is
    /// accepted, the others always.
    pub fn is_open(self, status: crate::model::Status) -> bool {
        self != Step::Uitvoering || status.is_accepted()
    }

    /// The steps open for a plan with this status, in order.
    pub fn open_steps(status: crate::model::Status) -> impl Iterator<Item = Step> {
        Step::ALL.into_iter().filter(move |s| s.is_open(status))
    }

    /// How many steps are open for a plan with this status (5 or 6).
    pub fn count(status: crate::model::Status) -> usize {
        Step::open_steps(status).count()
    }

    /// Step number as shown to the user, 1 to 6.
    pub fn number(self) -> u8 {
        match self {
            Step::Vertrekpunt => 1,
            Step::Stakeholders => 2,
            Step::PlanVanAanpak => 3,
            Step::Beoordeling => 4,
            Step::Afronden => 5,
            Step::Uitvoering => 6,
        }
    }

    /// Dutch title of the step.
    pub fn title(self) -> &'static str {
        match self {
            Step::Vertrekpunt => "Vertrekpunt",
            Step::Stakeholders => "Stakeholders",
            Step::PlanVanAanpak => "Plan van Aanpak",
            Step::Beoordeling => "Beoordeling",
            Step::Afronden => "Afronden",
            Step::Uitvoering => "Uitvoering",
        }
    }

    /// URL slug of the step; also its serde name.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Vertrekpunt => "vertrekpunt",
            Step::Stakeholders => "stakeholders",
            Step::PlanVanAanpak => "plan-van-aanpak",
            Step::Beoordeling => "beoordeling",
            Step::Afronden => "afronden",
            Step::Uitvoering => "uitvoering",
        }
    }

    /// The step with this slug, if any.
    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The step with this number (1 to 6), if any.
    pub fn from_number(number: u8) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.number() == number)
    }

    /// The step after this one; `None` for the last step.
    pub fn next(self) -> Option<Step> {
        Step::from_number(self.number() + 1)
    }

    /// The step before this one; `None` for the first step.
    pub fn prev(self) -> Option<Step> {
        Step::from_number(self.number().checked_sub(1)?)
    }
}

/// A step from its slug in the address (`"plan"`): `"plan".parse::<Step>()`.
impl std::str::FromStr for Step {
    type Err = ();

    fn from_str(slug: &str) -> Result<Self, Self::Err> {
        Step::from_slug(slug).ok_or(())
    }
}

/// Steps are choices too (label = title, key = slug), e.g. for a step picker.
impl Choice for Step {
    fn all() -> &'static [Self] {
        &Step::ALL
    }
    fn label(self) -> &'static str {
        self.title()
    }
    fn key(self) -> &'static str {
        self.slug()
    }
    fn from_key(key: &str) -> Option<Self> {
        Step::from_slug(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_one_to_six_in_order() {
        let numbers: Vec<u8> = Step::ALL.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn step_six_opens_once_the_plan_is_accepted() {
        use crate::model::Status;
        for status in Status::ALL {
            let open = !matches!(status, Status::Concept | Status::TerBeoordeling);
            assert_eq!(Step::Uitvoering.is_open(*status), open, "{status:?}");
            assert_eq!(Step::count(*status), if open { 6 } else { 5 });
            assert!(Step::Afronden.is_open(*status));
        }
    }

    #[test]
    fn slug_round_trips_and_matches_serde() {
        for step in Step::ALL {
            assert_eq!(Step::from_slug(step.slug()), Some(step));
            assert_eq!(step.slug().parse::<Step>(), Ok(step));
            assert_eq!(
                serde_json::to_string(&step).unwrap(),
                format!("\"{}\"", step.slug())
            );
        }
        assert_eq!(Step::from_slug("onbekend"), None);
    }

    #[test]
    fn the_pages_of_their_own_are_no_steps() {
        for page in [
            "versies",
            "beoordelaars",
            "evaluatie",
            "decharge",
            "",
            "Plan",
        ] {
            assert_eq!(page.parse::<Step>(), Err(()), "{page:?}");
        }
    }

    #[test]
    fn next_and_prev_walk_the_wizard() {
        assert_eq!(Step::Vertrekpunt.prev(), None);
        assert_eq!(Step::Vertrekpunt.next(), Some(Step::Stakeholders));
        assert_eq!(Step::PlanVanAanpak.prev(), Some(Step::Stakeholders));
        assert_eq!(Step::Afronden.next(), Some(Step::Uitvoering));
        assert_eq!(Step::Uitvoering.next(), None);
        assert_eq!(Step::PlanVanAanpak.title(), "Plan van Aanpak");
    }
}
