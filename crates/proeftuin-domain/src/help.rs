//! Short guidance per wizard step, in plain Dutch (B1), written in our own words from the
//! lessons of the first proeftuinen Maatwerk voor Mensen.

use serde::Serialize;

use crate::step::Step;

/// Help for one screen: an introduction and a few tips.
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Help {
    /// One short paragraph.
    pub intro: &'static str,
    /// Short tips, one sentence or two each.
    pub tips: &'static [&'static str],
}

/// Help for the overview ("Mijn proeftuinen").
pub fn overview_help() -> Help {
    Help {
        intro: "Met een proeftuin maken opdrachtgever en leverancier samen werk voor mensen met \
                een afstand tot de arbeidsmarkt. De leverancier schrijft een Plan van Aanpak dat \
                past bij zijn eigen werk. Als jullie het plan accepteren, vervalt de vaste regel \
                van 5% van de opdrachtwaarde. Deze app helpt je stap voor stap.",
        tips: &[
            "Begin met een voorbeeld als je niet weet hoe je moet beginnen. Je kunt alles aanpassen.",
            "Met exporteren maak je een bestand dat je kunt bewaren of met anderen kunt delen.",
            "Zet in het plan alleen aantallen, nooit namen of andere gegevens van kandidaten.",
            "Een proeftuin is een experiment: klein beginnen mag. Na een jaar kijken jullie samen verder.",
        ],
    }
}

/// Help for one step.
pub fn help_for(step: Step) -> Help {
    match step {
        Step::Vertrekpunt => Help {
            intro: "Hier leg je de basis: om welke opdracht gaat het, wie is de opdrachtgever en \
                    welke leverancier doet mee. Spreek eerst samen af hoe jullie gaan werken, \
                    voordat je over de inhoud praat.",
            tips: &[
                "Maak eerst afspraken over het proces: wie doet wat, en wanneer praten jullie met elkaar?",
                "Kleine leveranciers kunnen samen één proeftuin doen. Ze werken dan samen, niet tegen elkaar.",
                "Bij een lopende opdracht: begin pas als het contract goed loopt en iedereen tevreden is.",
                "De vaste regel is 5% van de waarde bij opdrachten vanaf € 250.000 en zes maanden. Die regel is alleen een vergelijking: een proeftuin vervangt hem.",
                "Kies een evaluatiedatum, meestal een jaar na de start. Dan kunnen jullie de ambitie bijstellen.",
                "Kijk welke beleidsdoelen van je organisatie passen, zoals de Banenafspraak.",
            ],
        },
        Step::Stakeholders => Help {
            intro: "Wie heb je nodig om de proeftuin te laten slagen? Niet iedereen hoeft \
                    enthousiast te zijn. Zorg wel dat de mensen die je echt nodig hebt, meedoen. \
                    Zet ze op een rij en kijk hoe ze erin staan.",
            tips: &[
                "Zorg dat Inkoop, HR en Beleid aan tafel zitten. Samen kunnen ze meer dan ieder apart.",
                "Zoek een paar mensen hoger in de organisatie die social return steunen. Bij hen kun je terecht als het vastloopt.",
                "Verdeel de verantwoordelijkheid. Je hoeft niet alles zelf te doen; vraag hulp, bijvoorbeeld aan het Adviesteam Social Return.",
                "Iemand die kritisch is en veel invloed heeft, spreek je het beste vroeg.",
                "Niet alles eerst afstemmen: soms werkt gewoon beginnen beter. Kijk dan hoe mensen reageren.",
            ],
        },
        Step::PlanVanAanpak => Help {
            intro: "De leverancier beschrijft hoe hij mensen met een afstand tot de arbeidsmarkt \
                    aan werk helpt. Het plan past bij waar de leverancier goed in is. Het plan \
                    gaat twee kanten op: ook de opdrachtgever doet iets.",
            tips: &[
                "Gebruik de ideeën en het ondernemerschap van de leverancier. Wat doet hij al, en wat werkt?",
                "Kies iets dat dicht bij het eigen werk en de cultuur van de leverancier ligt. Dan hoeft een kandidaat maar één afstand te overbruggen.",
                "Vraag de leverancier ook wat hij van jou als opdrachtgever nodig heeft.",
                "Leg afspraken aan twee kanten vast, met een eigenaar en een datum, en maak ze deel van het contract.",
                "Regel begeleiding voor de kandidaat én voor de leidinggevende. Een partner die de doelgroep kent, helpt vaak.",
                "Denk vooraf na over daarna: beide partijen doen hun best voor een vaste plek of een contract.",
                "Spreek af wat jullie meten en hoe vaak. Schrijf alleen aantallen op, nooit namen.",
            ],
        },
        Step::Beoordeling => Help {
            intro: "De opdrachtgever beoordeelt het plan op twee vragen. Realisme: kan het echt? \
                    Impact: helpt het mensen aan blijvend werk? Geef per punt een score van 1 \
                    tot 5 en schrijf op waarom.",
            tips: &[
                "Lees bij elke score wat 1 tot en met 5 betekent. Zo beoordeelt iedereen op dezelfde manier.",
                "Schrijf bij elke score een korte reden. Dat helpt de leverancier om het plan te verbeteren.",
                "Beoordeel eerst ieder voor zich en praat daarna samen over de verschillen.",
                "Kijk ook naar de aandachtspunten die de app laat zien.",
                "Aanpassen is geen afwijzing: het plan kan beter, en jullie zoeken samen naar wat wél kan.",
            ],
        },
        Step::Afronden => Help {
            intro: "Hier zie je het hele plan als één document. Je kunt het printen, opslaan als \
                    PDF of als bestand delen. Ook houd je hier bij in welke fase de proeftuin is.",
            tips: &[
                "Zet de status op 'Ter beoordeling' als de leverancier het plan heeft ingeleverd.",
                "Na ongeveer een jaar evalueren jullie samen. Stel de ambitie bij als dat nodig is.",
                "Werkt de proeftuin goed? Dan kan de leverancier decharge krijgen en de aanpak vast opnemen in zijn beleid.",
                "Deel wat jullie geleerd hebben met andere inkopers en leveranciers.",
            ],
        },
        Step::Uitvoering => Help {
            intro: "Het plan is geaccepteerd. Nu doen beide partijen wat ze hebben beloofd. \
                    Houd hier bij hoe het gaat: de afspraken, de metingen, het aantal \
                    kandidaten en de gesprekken. Zo zien jullie op tijd wat aandacht nodig heeft.",
            tips: &[
                "Kijk per partij naar de afspraken. Vaak wacht de leverancier op iets van de opdrachtgever.",
                "Vul elke meting in op het afgesproken moment. Een vergeten meting ziet de app als te laat.",
                "Tel alleen aantallen: hoeveel mensen zijn begonnen, aan het werk, gestopt of hebben daarna een contract.",
                "Praat regelmatig met elkaar. Schrijf op wat jullie afspreken en wanneer het volgende gesprek is.",
                "Zet de data in je eigen agenda met het agendabestand. Dan mis je geen moment.",
                "Na een jaar kijken jullie samen terug en stellen jullie de ambitie bij als dat nodig is.",
            ],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_an_intro_and_tips() {
        for step in Step::ALL {
            let help = help_for(step);
            assert!(!help.intro.is_empty());
            assert!(help.tips.len() >= 3, "{step:?}");
        }
        assert!(!overview_help().tips.is_empty());
    }

    #[test]
    fn help_mentions_the_key_lessons() {
        let all: String = Step::ALL
            .iter()
            .flat_map(|s| help_for(*s).tips.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        for word in [
            "proces",
            "Inkoop, HR en Beleid",
            "twee kanten",
            "lopende opdracht",
            "decharge",
        ] {
            assert!(all.contains(word), "missing: {word}");
        }
    }
}
