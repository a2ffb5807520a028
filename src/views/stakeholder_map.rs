//! The stakeholder map: who has how much influence (invloed, vertical) and how they stand
//! towards the proeftuin (houding, horizontal), as an inline SVG with advice per cell, plus a
//! table that says the same for screen readers and print. Works outside the editor (e.g. in
//! the printable plan): it only needs the list of stakeholders.
//!
//! Order of the axes: left to right kritisch → neutraal of onbekend → voorstander; top to
//! bottom hoog → midden → laag. "Onbekend" shares the middle column with "neutraal", but its
//! marker is hollow with a dashed edge: you still have to find out where they stand.

use leptos::prelude::*;
use proeftuin_domain::{Houding, Invloed, Stakeholder};

/// Column headings, left to right.
pub const COLUMN_LABELS: [&str; 3] = ["Kritisch", "Neutraal of onbekend", "Voorstander"];
/// Row headings, top to bottom.
pub const ROW_LABELS: [&str; 3] = ["Hoog", "Midden", "Laag"];
/// What to do with the people in each cell, `[row][column]`.
pub const CELL_ADVICE: [[&str; 3]; 3] = [
    [
        "Vroeg in gesprek gaan",
        "Winnen voor het plan",
        "Inzetten als trekker",
    ],
    [
        "Luisteren en bijsturen",
        "Goed informeren",
        "Laten meedenken",
    ],
    [
        "Vinger aan de pols",
        "Op de hoogte houden",
        "Laten meehelpen",
    ],
];

/// Column of a stance on the map.
pub fn column_of(h: Houding) -> usize {
    match h {
        Houding::Kritisch => 0,
        Houding::Neutraal | Houding::Onbekend => 1,
        Houding::Voorstander => 2,
    }
}

/// Row of an influence on the map.
pub fn row_of(i: Invloed) -> usize {
    match i {
        Invloed::Hoog => 0,
        Invloed::Midden => 1,
        Invloed::Laag => 2,
    }
}

// Geometry of the drawing (SVG user units).
const VIEW_W: i32 = 760;
const VIEW_H: i32 = 580;
const GRID_X: i32 = 92;
const GRID_Y: i32 = 6;
const CELL_W: i32 = 222;
const CELL_H: i32 = 170;
const FIRST_ROW: i32 = 50;
const ROW_STEP: i32 = 25;
const ROWS_PER_CELL: usize = 5;
const MARKER_STEP: i32 = 25;
const COMPACT_PER_ROW: usize = 8;

/// One stakeholder drawn on the map.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MapDot {
    /// The stakeholder's id.
    pub id: String,
    /// Position in the list (1-based), shown in the marker.
    pub number: usize,
    /// Short label next to the marker; `None` when the cell is too full for labels.
    pub label: Option<String>,
    /// Full name, for the tooltip.
    pub name: String,
    /// Stance (fill and edge of the marker).
    pub houding: Houding,
    /// Escalation lines are drawn as a diamond instead of a circle.
    pub escalatielijn: bool,
    /// Row and column of the cell.
    pub cell: (usize, usize),
    /// Centre of the marker.
    pub x: i32,
    /// Centre of the marker.
    pub y: i32,
}

/// "+ n" in a cell with more stakeholders than fit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MapMore {
    /// How many are not drawn.
    pub count: usize,
    /// Where the text goes.
    pub x: i32,
    /// Where the text goes.
    pub y: i32,
}

/// Where everything goes on the map.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MapLayout {
    /// The markers, in list order within each cell.
    pub dots: Vec<MapDot>,
    /// Overflow notes.
    pub more: Vec<MapMore>,
}

/// The name to show, or a placeholder for an empty one.
pub fn display_name(s: &Stakeholder) -> String {
    let n = s.naam.trim();
    if n.is_empty() {
        "(nog geen naam)".to_string()
    } else {
        n.to_string()
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s = s.trim_end().to_string();
        s.push('…');
        s
    }
}

/// Places every stakeholder in its cell without overlap: up to 5 with a long label in one
/// column, up to 10 with a short label in two columns, more as numbered markers only (up to
/// 40, then "+ n").
pub fn layout(list: &[Stakeholder]) -> MapLayout {
    let mut cells: [[Vec<(usize, &Stakeholder)>; 3]; 3] = Default::default();
    for (i, s) in list.iter().enumerate() {
        cells[row_of(s.invloed)][column_of(s.houding)].push((i + 1, s));
    }
    let mut out = MapLayout::default();
    for (r, row) in cells.iter().enumerate() {
        for (c, items) in row.iter().enumerate() {
            let ox = GRID_X + c as i32 * CELL_W;
            let oy = GRID_Y + r as i32 * CELL_H;
            let n = items.len();
            let (per_row, max_label, capacity) = if n <= ROWS_PER_CELL {
                (1, Some(24), ROWS_PER_CELL)
            } else if n <= 2 * ROWS_PER_CELL {
                (2, Some(10), 2 * ROWS_PER_CELL)
            } else {
                (COMPACT_PER_ROW, None, COMPACT_PER_ROW * ROWS_PER_CELL)
            };
            let col_step = if per_row == 2 { 108 } else { MARKER_STEP };
            let shown = if n > capacity { capacity - 1 } else { n };
            let place = |slot: usize| {
                (
                    ox + 20 + (slot % per_row) as i32 * col_step,
                    oy + FIRST_ROW + (slot / per_row) as i32 * ROW_STEP,
                )
            };
            for (slot, (number, s)) in items.iter().take(shown).enumerate() {
                let (x, y) = place(slot);
                let name = display_name(s);
                out.dots.push(MapDot {
                    id: s.id.clone(),
                    number: *number,
                    label: max_label.map(|m| shorten(&name, m)),
                    name,
                    houding: s.houding,
                    escalatielijn: s.escalatielijn,
                    cell: (r, c),
                    x,
                    y,
                });
            }
            if shown < n {
                let (x, y) = place(shown);
                out.more.push(MapMore {
                    count: n - shown,
                    x: x - 10,
                    y,
                });
            }
        }
    }
    out
}

/// The entries of the accessible table, `[row][column]`, in list order.
pub fn table_cells(list: &[Stakeholder]) -> [[Vec<String>; 3]; 3] {
    let mut cells: [[Vec<String>; 3]; 3] = Default::default();
    for (i, s) in list.iter().enumerate() {
        let mut entry = format!("{}. {}", i + 1, display_name(s));
        let mut notes = Vec::new();
        if s.houding == Houding::Onbekend {
            notes.push("houding nog onbekend");
        }
        if s.escalatielijn {
            notes.push("escalatielijn");
        }
        if !notes.is_empty() {
            entry.push_str(&format!(" ({})", notes.join(", ")));
        }
        cells[row_of(s.invloed)][column_of(s.houding)].push(entry);
    }
    cells
}

/// A sentence that sums up the map, for the SVG's description.
pub fn summary(list: &[Stakeholder]) -> String {
    let mut text = String::from(
        "Horizontaal staat de houding: links kritisch, in het midden neutraal of onbekend, \
         rechts voorstander. Verticaal staat de invloed: boven hoog, onder laag. ",
    );
    if list.is_empty() {
        text.push_str("Er staan nog geen stakeholders op de kaart.");
        return text;
    }
    let count = |r: usize, c: usize| {
        list.iter()
            .filter(|s| row_of(s.invloed) == r && column_of(s.houding) == c)
            .count()
    };
    text.push_str(&format!(
        "{} {} op de kaart. Veel invloed en kritisch: {}. Veel invloed en voorstander: {}. \
         De tabel hieronder noemt iedereen per vak.",
        list.len(),
        if list.len() == 1 {
            "stakeholder"
        } else {
            "stakeholders"
        },
        count(0, 0),
        count(0, 2),
    ));
    text
}

fn houding_class(h: Houding) -> &'static str {
    match h {
        Houding::Kritisch => "ptw-sh-dot ptw-sh-dot--kritisch",
        Houding::Neutraal => "ptw-sh-dot ptw-sh-dot--neutraal",
        Houding::Voorstander => "ptw-sh-dot ptw-sh-dot--voorstander",
        Houding::Onbekend => "ptw-sh-dot ptw-sh-dot--onbekend",
    }
}

fn diamond(x: i32, y: i32, r: i32) -> String {
    format!(
        "M{x},{} L{},{y} L{x},{} L{},{y} Z",
        y - r,
        x + r,
        y + r,
        x - r
    )
}

/// The map with its legend and the table that says the same in words.
#[component]
pub fn StakeholderMap(
    /// The stakeholders, in list order (their position is the number on the marker).
    #[prop(into)]
    stakeholders: Signal<Vec<Stakeholder>>,
    /// Prefix for the element ids, when the map appears more than once on a page.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let prefix = id.unwrap_or_else(|| "sh-kaart".to_string());
    let title_id = format!("{prefix}-titel");
    let desc_id = format!("{prefix}-uitleg");
    let table_id = format!("{prefix}-tabel");
    let placed = Memo::new(move |_| stakeholders.with(|l| layout(l)));
    let cells = Memo::new(move |_| stakeholders.with(|l| table_cells(l)));
    let desc = Memo::new(move |_| stakeholders.with(|l| summary(l)));
    let empty = Memo::new(move |_| stakeholders.with(Vec::is_empty));

    let grid = (0..3)
        .flat_map(|r| (0..3).map(move |c| (r, c)))
        .map(|(r, c)| {
            let x = GRID_X + c as i32 * CELL_W;
            let y = GRID_Y + r as i32 * CELL_H;
            let class = format!("ptw-sh-map__cell ptw-sh-map__cell--r{r}c{c}");
            view! {
                <g>
                    <rect class=class x=x y=y width=CELL_W height=CELL_H></rect>
                    <text class="ptw-sh-map__advice" x={x + 10} y={y + 24}>{CELL_ADVICE[r][c]}</text>
                </g>
            }
        })
        .collect_view();
    let row_labels = ROW_LABELS
        .iter()
        .enumerate()
        .map(|(r, l)| {
            let y = GRID_Y + r as i32 * CELL_H + CELL_H / 2;
            view! { <text class="ptw-sh-map__tick" x={GRID_X - 10} y=y text-anchor="end" dy="0.35em">{*l}</text> }
        })
        .collect_view();
    let col_labels = COLUMN_LABELS
        .iter()
        .enumerate()
        .map(|(c, l)| {
            let x = GRID_X + c as i32 * CELL_W + CELL_W / 2;
            let y = GRID_Y + 3 * CELL_H + 24;
            view! { <text class="ptw-sh-map__tick" x=x y=y text-anchor="middle">{*l}</text> }
        })
        .collect_view();
    let grid_bottom = GRID_Y + 3 * CELL_H;
    let grid_mid_y = GRID_Y + 3 * CELL_H / 2;
    let view_box = format!("0 0 {VIEW_W} {VIEW_H}");
    let labelled_by = format!("{title_id} {desc_id}");

    view! {
        <div class="ptw-sh-map">
            <p class="ptw-sh-map__intro">
                "Links de kritische stakeholders, rechts de voorstanders. Hoe hoger, hoe meer invloed. \
                 Het nummer is de plaats in de lijst."
            </p>
            <div class="ptw-sh-map__canvas">
                <svg class="ptw-sh-map__svg" viewBox=view_box role="img" aria-labelledby=labelled_by
                    xmlns="http://www.w3.org/2000/svg" focusable="false">
                    <title id=title_id>"Stakeholderkaart: invloed en houding"</title>
                    <desc id=desc_id>{move || desc.get()}</desc>
                    {grid}
                    <rect class="ptw-sh-map__frame" x=GRID_X y=GRID_Y width={3 * CELL_W} height={3 * CELL_H}></rect>
                    {row_labels}
                    {col_labels}
                    <text class="ptw-sh-map__axis" x={GRID_X + 3 * CELL_W / 2} y={grid_bottom + 52} text-anchor="middle">
                        "Houding: van kritisch naar voorstander →"
                    </text>
                    <text class="ptw-sh-map__axis" x=22 y=grid_mid_y text-anchor="middle"
                        transform={format!("rotate(-90 22 {grid_mid_y})")}>
                        "Invloed: van laag naar hoog →"
                    </text>
                    <For each=move || placed.get().dots key=|d| d.clone() let:d>
                        <g class=houding_class(d.houding)>
                            <title>{format!("{}. {} ({}{})", d.number, d.name, d.houding.label().to_lowercase(),
                                if d.escalatielijn { ", escalatielijn" } else { "" })}</title>
                            {if d.escalatielijn {
                                view! { <path class="ptw-sh-dot__mark" d={diamond(d.x, d.y, 13)}></path> }.into_any()
                            } else {
                                view! { <circle class="ptw-sh-dot__mark" cx=d.x cy=d.y r=11></circle> }.into_any()
                            }}
                            <text class="ptw-sh-dot__num" x=d.x y=d.y text-anchor="middle" dy="0.35em">{d.number}</text>
                            {d.label.clone().map(|l| view! {
                                <text class="ptw-sh-dot__label" x={d.x + 17} y=d.y dy="0.35em">{l}</text>
                            })}
                        </g>
                    </For>
                    <For each=move || placed.get().more key=|m| m.clone() let:m>
                        <text class="ptw-sh-map__more" x=m.x y=m.y dy="0.35em">{format!("+ {}", m.count)}</text>
                    </For>
                </svg>
            </div>
            <ul class="ptw-sh-map__legend" aria-label="Legenda">
                <li>
                    <svg class="ptw-sh-map__key" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
                        <g class="ptw-sh-dot ptw-sh-dot--neutraal"><circle class="ptw-sh-dot__mark" cx="14" cy="14" r="10"></circle></g>
                    </svg>
                    "Rondje: stakeholder"
                </li>
                <li>
                    <svg class="ptw-sh-map__key" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
                        <g class="ptw-sh-dot ptw-sh-dot--neutraal"><path class="ptw-sh-dot__mark" d={diamond(14, 14, 12)}></path></g>
                    </svg>
                    "Ruit: escalatielijn (steunt je als het vastloopt)"
                </li>
                <li>
                    <svg class="ptw-sh-map__key" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
                        <g class="ptw-sh-dot ptw-sh-dot--onbekend"><circle class="ptw-sh-dot__mark" cx="14" cy="14" r="10"></circle></g>
                    </svg>
                    "Open met stippellijn: houding nog onbekend"
                </li>
            </ul>
            <Show when=move || empty.get()>
                <p class="ptw-empty">"Nog niemand op de kaart. Voeg stakeholders toe, dan verschijnen ze hier."</p>
            </Show>
            <table class="ptw-table ptw-sh-map__table" id=table_id>
                <caption>"Stakeholderkaart als tabel: wie staat waar, per invloed en houding"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Invloed"</th>
                        {COLUMN_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {ROW_LABELS.iter().enumerate().map(|(r, l)| view! {
                        <tr>
                            <th scope="row">{*l}</th>
                            {(0..3).map(|c| {
                                // Each cell follows its own names: a new name redraws one cell.
                                let names = Memo::new(move |_| cells.with(|cells| cells[r][c].clone()));
                                view! {
                                <td>
                                    <span class="ptw-sh-map__table-advice">{CELL_ADVICE[r][c]}</span>
                                    {move || {
                                        let names = names.get();
                                        if names.is_empty() {
                                            view! { <span class="ptw-sh-map__none">"Niemand"</span> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="ptw-sh-map__names">
                                                    {names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }
                                    }}
                                </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
