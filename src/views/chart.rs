//! The plan on realisme × impact: an inline SVG with four vakken (quadrants), the plan as a
//! point, and a text equivalent beside it. Needs no editor, so the printable plan can use it
//! too; extra points (for example one per assessor) can be passed in.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use proeftuin_domain::rubric::{ACCEPT_FROM, MAX_SCORE, MIN_SCORE};

use proeftuin_domain::format::{one_decimal as format_score, svg_number as svg};

/// One of the four vakken of the chart. The border between low and high lies at
/// [`ACCEPT_FROM`], the score from which a dimension counts as good enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kwadrant {
    /// Realistic and a lot of impact.
    SterkPlan,
    /// Realistic, but little impact.
    VeiligWeinigImpact,
    /// A lot of impact, but not realistic enough.
    AmbitieusMaakHaalbaar,
    /// Neither realistic nor much impact.
    OpnieuwBekijken,
}

impl Kwadrant {
    /// The vak in which a plan with these scores falls.
    pub fn van(realisme: f64, impact: f64) -> Kwadrant {
        match (realisme >= ACCEPT_FROM, impact >= ACCEPT_FROM) {
            (true, true) => Kwadrant::SterkPlan,
            (true, false) => Kwadrant::VeiligWeinigImpact,
            (false, true) => Kwadrant::AmbitieusMaakHaalbaar,
            (false, false) => Kwadrant::OpnieuwBekijken,
        }
    }

    /// Short Dutch name, as shown in the chart.
    pub fn label(self) -> &'static str {
        match self {
            Kwadrant::SterkPlan => "Sterk plan",
            Kwadrant::VeiligWeinigImpact => "Veilig, maar weinig impact",
            Kwadrant::AmbitieusMaakHaalbaar => "Ambitieus, maak het haalbaar",
            Kwadrant::OpnieuwBekijken => "Opnieuw bekijken",
        }
    }

    /// What the vak means, in one or two plain sentences.
    pub fn uitleg(self) -> &'static str {
        match self {
            Kwadrant::SterkPlan => "Het plan is goed uit te voeren en helpt mensen echt verder.",
            Kwadrant::VeiligWeinigImpact => {
                "Het plan is goed uit te voeren, maar helpt weinig mensen of niet lang. Vraag of het groter of blijvender kan."
            }
            Kwadrant::AmbitieusMaakHaalbaar => {
                "Het plan wil veel bereiken, maar het is nog niet zeker dat het lukt. Vraag om betere afspraken over aantallen, planning en begeleiding."
            }
            Kwadrant::OpnieuwBekijken => {
                "Het plan is nog niet goed uit te voeren en heeft weinig impact. Bekijk samen met de leverancier wat er anders moet."
            }
        }
    }
}

/// An extra point in the chart, for example the scores of one assessor.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPoint {
    /// Short name shown next to the point and in the text ("Beoordelaar 1").
    pub label: String,
    /// Realisme score, 1 to 5.
    pub realisme: f64,
    /// Impact score, 1 to 5.
    pub impact: f64,
}

// Geometry of the drawing, in viewBox units.
const LEFT: f64 = 60.0;
const TOP: f64 = 12.0;
const PLOT: f64 = 320.0;
const WIDTH: f64 = LEFT + PLOT + 14.0;
const HEIGHT: f64 = TOP + PLOT + 58.0;
const RIGHT: f64 = LEFT + PLOT;
const BOTTOM: f64 = TOP + PLOT;

fn clamp(v: f64) -> f64 {
    v.clamp(f64::from(MIN_SCORE), f64::from(MAX_SCORE))
}

/// Horizontal position of a realisme score.
pub fn x_for(realisme: f64) -> f64 {
    LEFT + (clamp(realisme) - 1.0) / 4.0 * PLOT
}

/// Vertical position of an impact score (higher impact is higher up).
pub fn y_for(impact: f64) -> f64 {
    BOTTOM - (clamp(impact) - 1.0) / 4.0 * PLOT
}

/// "Realisme 3,5 en impact 4,0."
fn scores_sentence(realisme: f64, impact: f64) -> String {
    format!(
        "realisme {} en impact {}",
        format_score(realisme),
        format_score(impact)
    )
}

static NEXT_CHART: AtomicUsize = AtomicUsize::new(1);

/// The plan on realisme (x, 1 to 5) × impact (y, 1 to 5), with the four vakken and, when both
/// scores exist, the plan as a point. The SVG has a text alternative; the same information is
/// also written out next to it.
#[component]
pub fn RealismeImpactChart(
    /// Realisme score of the plan (mean, 1 to 5), if any.
    #[prop(into)]
    realisme: Signal<Option<f64>>,
    /// Impact score of the plan (mean, 1 to 5), if any.
    #[prop(into)]
    impact: Signal<Option<f64>>,
    /// More points, for example one per assessor.
    #[prop(optional, into)]
    others: Option<Signal<Vec<ChartPoint>>>,
    /// Name of the main point.
    #[prop(optional, into)]
    point_label: Option<String>,
) -> impl IntoView {
    let n = NEXT_CHART.fetch_add(1, Ordering::Relaxed);
    let title_id = format!("ptw-chart-{n}-titel");
    let desc_id = format!("ptw-chart-{n}-uitleg");
    let labelledby = format!("{title_id} {desc_id}");
    let point_label = point_label.unwrap_or_else(|| "Dit plan".to_string());
    let others = others.unwrap_or_else(|| Signal::derive(Vec::new));

    let point = Memo::new(move |_| realisme.get().zip(impact.get()));
    let kwadrant = Memo::new(move |_| point.get().map(|(r, i)| Kwadrant::van(r, i)));

    let description = {
        let point_label = point_label.clone();
        move || {
            let mut text = match point.get() {
                Some((r, i)) => format!(
                    "{point_label}: {}. Op een schaal van 1 tot 5. Het plan valt in het vak: {}.",
                    scores_sentence(r, i),
                    Kwadrant::van(r, i).label()
                ),
                None => "Nog geen punt: er is nog geen score voor realisme én impact.".to_string(),
            };
            for p in others.get() {
                text.push_str(&format!(
                    " {}: {}.",
                    p.label,
                    scores_sentence(p.realisme, p.impact)
                ));
            }
            text
        }
    };

    let sx = x_for(ACCEPT_FROM);
    let sy = y_for(ACCEPT_FROM);
    let threshold = format_score(ACCEPT_FROM);

    // The four vakken: (vak, x, y, width, height, label position, anchor, lines).
    let vakken: [(Kwadrant, f64, f64, f64, f64); 4] = [
        (
            Kwadrant::AmbitieusMaakHaalbaar,
            LEFT,
            TOP,
            sx - LEFT,
            sy - TOP,
        ),
        (Kwadrant::SterkPlan, sx, TOP, RIGHT - sx, sy - TOP),
        (Kwadrant::OpnieuwBekijken, LEFT, sy, sx - LEFT, BOTTOM - sy),
        (
            Kwadrant::VeiligWeinigImpact,
            sx,
            sy,
            RIGHT - sx,
            BOTTOM - sy,
        ),
    ];

    let vak_views = vakken
        .into_iter()
        .map(|(k, x, y, w, h)| {
            let class = match k {
                Kwadrant::SterkPlan => "ptw-chart__vak ptw-chart__vak--sterk",
                Kwadrant::VeiligWeinigImpact => "ptw-chart__vak ptw-chart__vak--veilig",
                Kwadrant::AmbitieusMaakHaalbaar => "ptw-chart__vak ptw-chart__vak--ambitieus",
                Kwadrant::OpnieuwBekijken => "ptw-chart__vak ptw-chart__vak--opnieuw",
            };
            view! {
                <rect class=class x=svg(x) y=svg(y) width=svg(w) height=svg(h)
                    data-vak=vak_key(k)
                    class:ptw-chart__vak--current=move || kwadrant.get() == Some(k)/>
            }
        })
        .collect_view();

    // Labels in the outer corner of each vak, away from the middle where most plans land.
    let labels = vakken
        .into_iter()
        .map(|(k, x, y, w, h)| {
            let (lines, right, top): (&[&str], bool, bool) = match k {
                Kwadrant::AmbitieusMaakHaalbaar => {
                    (&["Ambitieus,", "maak het haalbaar"], false, true)
                }
                Kwadrant::SterkPlan => (&["Sterk plan"], true, true),
                Kwadrant::OpnieuwBekijken => (&["Opnieuw", "bekijken"], false, false),
                Kwadrant::VeiligWeinigImpact => (&["Veilig, maar", "weinig impact"], true, false),
            };
            let tx = if right { x + w - 8.0 } else { x + 8.0 };
            let line_h = 16.0;
            let first_y = if top {
                y + 20.0
            } else {
                y + h - 10.0 - line_h * (lines.len() as f64 - 1.0)
            };
            let anchor = if right { "end" } else { "start" };
            view! {
                <text class="ptw-chart__vak-label" x=svg(tx) y=svg(first_y) text-anchor=anchor
                    class:ptw-chart__vak-label--current=move || kwadrant.get() == Some(k)>
                    {lines.iter().enumerate().map(|(i, l)| view! {
                        <tspan x=svg(tx) dy=svg(if i == 0 { 0.0 } else { line_h })>{*l}</tspan>
                    }).collect_view()}
                </text>
            }
        })
        .collect_view();

    let grid = (1..=5u8)
        .map(|v| {
            let (gx, gy) = (x_for(f64::from(v)), y_for(f64::from(v)));
            view! {
                <line class="ptw-chart__grid" x1=svg(gx) x2=svg(gx) y1=svg(TOP) y2=svg(BOTTOM)/>
                <line class="ptw-chart__grid" x1=svg(LEFT) x2=svg(RIGHT) y1=svg(gy) y2=svg(gy)/>
                <text class="ptw-chart__tick" x=svg(gx) y=svg(BOTTOM + 18.0) text-anchor="middle">{v}</text>
                <text class="ptw-chart__tick" x=svg(LEFT - 10.0) y=svg(gy + 5.0) text-anchor="end">{v}</text>
            }
        })
        .collect_view();

    let main_point = {
        let point_label = point_label.clone();
        move || {
            point.get().map(|(r, i)| {
                let (x, y) = (x_for(r), y_for(i));
                // Keep the label inside the drawing: left of the point near the right edge,
                // below it near the top.
                let left = x > RIGHT - 110.0;
                let lx = if left { x - 16.0 } else { x + 16.0 };
                let ly = if y < TOP + 34.0 { y + 24.0 } else { y - 12.0 };
                let anchor = if left { "end" } else { "start" };
                view! {
                    <g class="ptw-chart__point" data-realisme=format_score(r) data-impact=format_score(i)>
                        <line class="ptw-chart__guide" x1=svg(x) x2=svg(x) y1=svg(y) y2=svg(BOTTOM)/>
                        <line class="ptw-chart__guide" x1=svg(LEFT) x2=svg(x) y1=svg(y) y2=svg(y)/>
                        <circle class="ptw-chart__dot-ring" cx=svg(x) cy=svg(y) r="12"/>
                        <circle class="ptw-chart__dot" cx=svg(x) cy=svg(y) r="8"/>
                        <text class="ptw-chart__point-label" x=svg(lx) y=svg(ly) text-anchor=anchor>
                            {point_label.clone()}
                            <tspan class="ptw-chart__point-scores">{format!(" ({}; {})", format_score(r), format_score(i))}</tspan>
                        </text>
                    </g>
                }
            })
        }
    };

    let other_points = move || {
        others
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let (x, y) = (x_for(p.realisme), y_for(p.impact));
                view! {
                    <g class="ptw-chart__other" data-realisme=format_score(p.realisme) data-impact=format_score(p.impact)>
                        <circle class="ptw-chart__other-dot" cx=svg(x) cy=svg(y) r="9"/>
                        <text class="ptw-chart__other-label" x=svg(x) y=svg(y + 4.0) text-anchor="middle">{i + 1}</text>
                    </g>
                }
            })
            .collect_view()
    };

    let text_equivalent = {
        let point_label = point_label.clone();
        move || {
            match point.get() {
            Some((r, i)) => {
                let k = Kwadrant::van(r, i);
                view! {
                    <p class="ptw-chart__text-scores">
                        <strong>{format!("{point_label}: ")}</strong>
                        {format!("realisme {}, impact {}", format_score(r), format_score(i))}
                    </p>
                    <p>"Vak: "<strong>{k.label()}</strong></p>
                    <p>{k.uitleg()}</p>
                }
                .into_any()
            }
            None => view! {
                <p>"Nog geen punt in de grafiek. Geef minstens één score bij realisme én één bij impact."</p>
            }
            .into_any(),
        }
        }
    };
    let others_text = move || {
        let list = others.get();
        (!list.is_empty()).then(|| {
            view! {
                <ol class="ptw-chart__others">
                    {list.into_iter().map(|p| view! {
                        <li>{format!("{}: realisme {}, impact {}", p.label, format_score(p.realisme), format_score(p.impact))}</li>
                    }).collect_view()}
                </ol>
            }
        })
    };

    view! {
        <figure class="ptw-chart">
            <svg class="ptw-chart__svg" viewBox=format!("0 0 {} {}", svg(WIDTH), svg(HEIGHT)) role="img"
                aria-labelledby=labelledby focusable="false"
                xmlns="http://www.w3.org/2000/svg">
                <title id=title_id>"Grafiek: het plan op realisme en impact"</title>
                <desc id=desc_id>{description}</desc>
                <g aria-hidden="true">
                    {vak_views}
                    {grid}
                    <line class="ptw-chart__threshold" x1=svg(sx) x2=svg(sx) y1=svg(TOP) y2=svg(BOTTOM)/>
                    <line class="ptw-chart__threshold" x1=svg(LEFT) x2=svg(RIGHT) y1=svg(sy) y2=svg(sy)/>
                    <text class="ptw-chart__tick ptw-chart__tick--threshold" x=svg(sx) y=svg(BOTTOM + 34.0) text-anchor="middle">{threshold.clone()}</text>
                    <text class="ptw-chart__tick ptw-chart__tick--threshold" x=svg(LEFT - 10.0) y=svg(sy - 6.0) text-anchor="end">{threshold.clone()}</text>
                    <rect class="ptw-chart__frame" x=svg(LEFT) y=svg(TOP) width=svg(PLOT) height=svg(PLOT)/>
                    {labels}
                    <text class="ptw-chart__axis" x=svg(LEFT + PLOT / 2.0) y=svg(HEIGHT - 6.0) text-anchor="middle">"Realisme →"</text>
                    <text class="ptw-chart__axis" x="0" y="0" text-anchor="middle"
                        transform=format!("translate(16 {}) rotate(-90)", svg(TOP + PLOT / 2.0))>"Impact →"</text>
                    {other_points}
                    {main_point}
                </g>
            </svg>
            <figcaption class="ptw-chart__text">
                {text_equivalent}
                {others_text}
                <p class="ptw-chart__legend">
                    {format!("Links naar rechts: realisme. Onder naar boven: impact. De stippellijnen liggen bij {threshold}: vanaf die score is realisme of impact goed genoeg.")}
                </p>
            </figcaption>
        </figure>
    }
}

fn vak_key(k: Kwadrant) -> &'static str {
    match k {
        Kwadrant::SterkPlan => "sterk",
        Kwadrant::VeiligWeinigImpact => "veilig",
        Kwadrant::AmbitieusMaakHaalbaar => "ambitieus",
        Kwadrant::OpnieuwBekijken => "opnieuw",
    }
}
