//! Property tests of the three-way merge ([`proeftuin_domain::merge`]).
//!
//! A base document is generated with random texts, options, choices, sets and keyed lists
//! (leveranciers, stakeholders, afspraken, scores, metingen). Each side then gets a random list of edits:
//! change a field, toggle a set element, add an item (sometimes with an id the other side may
//! also use), delete an item, edit an item field, reorder a list. The properties compare the
//! merge with a simple, independent description of the rules over flattened documents
//! (`path -> JSON value`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use proeftuin_domain::{
    apply_choice, criteria, merge, Afspraak, Beleidsdoel, Categorie, Doelgroep, Houding,
    Leverancier, MergeOutcome, Meting, Partij, Proeftuin, Score, Side, Stakeholder, Status,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde::Serialize;
use serde_json::Value;

/// Small alphabets, so that both sides often pick the same value.
static TEXTS: [&str; 4] = ["", "a", "b", "c"];
const CASES: u32 = 256;

fn config() -> Config {
    Config {
        cases: CASES,
        // Never write regression files into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListKind {
    Leveranciers,
    Stakeholders,
    Afspraken,
    Scores,
    Metingen,
}

impl ListKind {
    const ALL: [ListKind; 5] = [
        ListKind::Leveranciers,
        ListKind::Stakeholders,
        ListKind::Afspraken,
        ListKind::Scores,
        ListKind::Metingen,
    ];

    fn path(self) -> &'static str {
        match self {
            ListKind::Leveranciers => "vertrekpunt.leveranciers",
            ListKind::Stakeholders => "stakeholders",
            ListKind::Afspraken => "plan.afspraken",
            ListKind::Scores => "beoordeling.scores",
            ListKind::Metingen => "uitvoering.metingen",
        }
    }

    fn key(self) -> &'static str {
        if self == ListKind::Scores {
            "criterion"
        } else {
            "id"
        }
    }

    /// The JSON names of the text field and the choice field an edit changes.
    fn fields(self) -> (&'static str, Option<&'static str>) {
        match self {
            ListKind::Leveranciers => ("naam", None),
            ListKind::Stakeholders => ("naam", Some("houding")),
            ListKind::Afspraken => ("wat", Some("partij")),
            ListKind::Scores => ("reden", Some("score")),
            ListKind::Metingen => ("notitie", Some("waarde")),
        }
    }

    fn ids(self, doc: &Proeftuin) -> Vec<String> {
        match self {
            ListKind::Leveranciers => keys(&doc.vertrekpunt.leveranciers),
            ListKind::Stakeholders => keys(&doc.stakeholders),
            ListKind::Afspraken => keys(&doc.plan.afspraken),
            ListKind::Scores => keys(&doc.beoordeling.scores),
            ListKind::Metingen => keys(&doc.uitvoering.metingen),
        }
    }
}

/// A list item the edits can make and change.
trait Item: Clone + Default {
    fn key(&self) -> &str;
    fn set_key(&mut self, key: &str);
    fn set_text(&mut self, text: &str);
    fn set_choice(&mut self, choice: u8);
    /// What a choice sets on a new item besides [`Item::set_choice`].
    fn set_new(&mut self, _choice: u8) {}
    fn make(key: &str, text: &str, choice: u8) -> Self {
        let mut item = Self::default();
        item.set_key(key);
        item.set_text(text);
        item.set_choice(choice);
        item.set_new(choice);
        item
    }
}

/// [`Item`] for a type: its key field, its text field, what a choice sets and (`new`) what else
/// it sets on a new item.
macro_rules! item {
    (
        $ty:ty,
        key: $key:ident,
        text: $text:ident,
        choice: |$item:ident, $choice:ident| $set:expr
        $(, new: |$new_item:ident, $new_choice:ident| $new:expr)? $(,)?
    ) => {
        impl Item for $ty {
            fn key(&self) -> &str {
                &self.$key
            }
            fn set_key(&mut self, key: &str) {
                self.$key = key.into();
            }
            fn set_text(&mut self, text: &str) {
                self.$text = text.into();
            }
            fn set_choice(&mut self, $choice: u8) {
                let $item = self;
                $set
            }
            $(
                fn set_new(&mut self, $new_choice: u8) {
                    let $new_item = self;
                    $new
                }
            )?
        }
    };
}

fn keys<T: Item>(list: &[T]) -> Vec<String> {
    list.iter().map(|x| x.key().to_string()).collect()
}

fn pick<T: Copy>(all: &[T], n: u8) -> T {
    all[usize::from(n) % all.len()]
}

fn score_value(choice: u8) -> Option<u8> {
    pick(&[None, Some(1), Some(3), Some(5)], choice)
}

item!(Leverancier, key: id, text: naam, choice: |_item, _choice| {});
item!(
    Stakeholder,
    key: id,
    text: naam,
    choice: |s, choice| s.houding = pick(Houding::ALL, choice),
    new: |s, choice| s.escalatielijn = choice.is_multiple_of(2),
);
item!(Afspraak, key: id, text: wat, choice: |a, choice| a.partij = pick(Partij::ALL, choice));
item!(Score, key: criterion, text: reden, choice: |s, choice| s.score = score_value(choice));
// A measurement of one of two indicators (chosen once, when it is made) in one week: two
// devices reporting different indicators that week must both keep theirs.
item!(
    Meting,
    key: id,
    text: notitie,
    choice: |m, choice| m.waarde = pick(&[None, Some(0.5), Some(12.0), Some(-3.25)], choice),
    new: |m, choice| {
        m.indicator = pick(&["i1", "i2"], choice / 4).to_string();
        m.datum = NaiveDate::from_ymd_opt(2026, 3, 2 + u32::from(choice % 5));
    },
);

// ---------------------------------------------------------------------------------------------
// Documents and edits
// ---------------------------------------------------------------------------------------------

fn created() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(&TEXTS[..]).prop_map(str::to_string)
}

fn subset<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(any::<bool>(), all.len()).prop_map(move |mask| {
        all.iter()
            .zip(mask)
            .filter(|(_, keep)| *keep)
            .map(|(x, _)| *x)
            .collect()
    })
}

fn items<T: Item + std::fmt::Debug>(max: usize) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec((text(), any::<u8>()), 0..=max).prop_map(|v| {
        v.iter()
            .enumerate()
            .map(|(i, (text, choice))| T::make(&format!("b{i}"), text, *choice))
            .collect()
    })
}

fn base_doc() -> impl Strategy<Value = Proeftuin> {
    let scalars = (
        text(),
        prop::option::of(prop::sample::select(Categorie::ALL)),
        prop::option::of(prop::sample::select(vec![100u64, 250_000])),
        prop::sample::select(Status::ALL),
        text(),
        prop::option::of(0u32..3),
    );
    let sets = (subset(Beleidsdoel::ALL), subset(Doelgroep::ALL));
    let lists = (
        items::<Leverancier>(2),
        items::<Stakeholder>(3),
        items::<Afspraak>(3),
        prop::collection::vec((any::<bool>(), text(), any::<u8>()), criteria().len()),
        items::<Meting>(3),
    );
    (scalars, sets, lists).prop_map(|(scalars, sets, lists)| {
        let mut doc = Proeftuin::new("p-1".into(), created());
        let (naam, categorie, waarde, status, ambitie, kandidaten) = scalars;
        doc.vertrekpunt.naam = naam;
        doc.vertrekpunt.categorie = categorie;
        doc.vertrekpunt.contractwaarde = waarde;
        doc.status = status;
        doc.plan.ambitie = ambitie;
        doc.plan.aantal_kandidaten = kandidaten;
        (doc.vertrekpunt.beleidsdoelen, doc.plan.doelgroepen) = sets;
        let (leveranciers, stakeholders, afspraken, scores, metingen) = lists;
        doc.uitvoering.metingen = metingen;
        doc.vertrekpunt.leveranciers = leveranciers;
        doc.stakeholders = stakeholders;
        doc.plan.afspraken = afspraken;
        doc.beoordeling.scores = criteria()
            .iter()
            .zip(scores)
            .filter(|(_, (present, _, _))| *present)
            .map(|(c, (_, text, choice))| Score::make(c.id, &text, choice))
            .collect();
        doc
    })
}

/// An edit of one field, or a toggle of one set element (the same as generated and resolved).
#[derive(Clone, Debug)]
enum FieldEdit {
    Naam(String),
    Categorie(Option<Categorie>),
    Status(Status),
    Ambitie(String),
    Kandidaten(Option<u32>),
    Beleidsdoel(Beleidsdoel),
    Doelgroep(Doelgroep),
}

impl FieldEdit {
    /// What the edit touches.
    fn target(&self) -> String {
        match self {
            FieldEdit::Naam(_) => "vertrekpunt.naam".into(),
            FieldEdit::Categorie(_) => "vertrekpunt.categorie".into(),
            FieldEdit::Status(_) => "status".into(),
            FieldEdit::Ambitie(_) => "plan.ambitie".into(),
            FieldEdit::Kandidaten(_) => "plan.aantal_kandidaten".into(),
            FieldEdit::Beleidsdoel(x) => format!("vertrekpunt.beleidsdoelen#{}", x.key()),
            FieldEdit::Doelgroep(x) => format!("plan.doelgroepen#{}", x.key()),
        }
    }

    fn apply(&self, doc: &mut Proeftuin) {
        match self {
            FieldEdit::Naam(x) => doc.vertrekpunt.naam = x.clone(),
            FieldEdit::Categorie(x) => doc.vertrekpunt.categorie = *x,
            FieldEdit::Status(x) => doc.status = *x,
            FieldEdit::Ambitie(x) => doc.plan.ambitie = x.clone(),
            FieldEdit::Kandidaten(x) => doc.plan.aantal_kandidaten = *x,
            FieldEdit::Beleidsdoel(x) => {
                toggle(&mut doc.vertrekpunt.beleidsdoelen, *x, Beleidsdoel::ALL)
            }
            FieldEdit::Doelgroep(x) => toggle(&mut doc.plan.doelgroepen, *x, Doelgroep::ALL),
        }
    }

    /// An edit of the same field with a value picked by `v` (or `text`); a toggle stays the same.
    fn echo(self, v: u8, text: String) -> Self {
        match self {
            FieldEdit::Naam(_) => FieldEdit::Naam(text),
            FieldEdit::Categorie(_) => FieldEdit::Categorie(pick(Categorie::ALL, v / 2).into()),
            FieldEdit::Status(_) => FieldEdit::Status(pick(Status::ALL, v)),
            FieldEdit::Ambitie(_) => FieldEdit::Ambitie(text),
            FieldEdit::Kandidaten(_) => FieldEdit::Kandidaten(pick(&[None, Some(0), Some(1)], v)),
            other => other,
        }
    }
}

/// An edit as generated: items are chosen by a number, resolved against the base.
#[derive(Clone, Debug)]
enum RawEdit {
    Field(FieldEdit),
    Add {
        list: ListKind,
        shared: bool,
        n: u8,
        at: u8,
        text: String,
        choice: u8,
    },
    Delete(ListKind, u8),
    Text(ListKind, u8, String),
    Choice(ListKind, u8, u8),
    Reorder(ListKind, u8),
}

fn list_kind() -> impl Strategy<Value = ListKind> {
    prop::sample::select(ListKind::ALL.to_vec())
}

/// A field edit with its value from `value`.
fn field<T: std::fmt::Debug>(
    value: impl Strategy<Value = T>,
    edit: fn(T) -> FieldEdit,
) -> impl Strategy<Value = RawEdit> {
    value.prop_map(move |x| RawEdit::Field(edit(x)))
}

fn raw_edit() -> impl Strategy<Value = RawEdit> {
    // Weighted towards list edits, so that both sides often touch the same item.
    prop_oneof![
        1 => field(text(), FieldEdit::Naam),
        1 => field(prop::option::of(prop::sample::select(Categorie::ALL)), FieldEdit::Categorie),
        1 => field(prop::sample::select(Status::ALL), FieldEdit::Status),
        1 => field(text(), FieldEdit::Ambitie),
        1 => field(prop::option::of(0u32..3), FieldEdit::Kandidaten),
        1 => field(prop::sample::select(Beleidsdoel::ALL), FieldEdit::Beleidsdoel),
        1 => field(prop::sample::select(Doelgroep::ALL), FieldEdit::Doelgroep),
        4 => (list_kind(), any::<bool>(), any::<u8>(), any::<u8>(), text(), any::<u8>())
            .prop_map(|(list, shared, n, at, text, choice)| RawEdit::Add {
                list,
                shared,
                n,
                at,
                text,
                choice,
            }),
        2 => (list_kind(), any::<u8>()).prop_map(|(l, n)| RawEdit::Delete(l, n)),
        3 => (list_kind(), any::<u8>(), text()).prop_map(|(l, n, t)| RawEdit::Text(l, n, t)),
        3 => (list_kind(), any::<u8>(), any::<u8>())
            .prop_map(|(l, n, c)| RawEdit::Choice(l, n, c)),
        1 => (list_kind(), any::<u8>()).prop_map(|(l, n)| RawEdit::Reorder(l, n)),
    ]
}

/// An edit with concrete item ids.
#[derive(Clone, Debug)]
enum Edit {
    Field(FieldEdit),
    Add(ListKind, String, u8, String, u8),
    Delete(ListKind, String),
    Text(ListKind, String, String),
    Choice(ListKind, String, u8),
    Reorder(ListKind, u8),
}

/// Gives items concrete ids. New ids never occur in base: `m<n>`/`t<n>` are private to one
/// side, `n0`/`n1` (and new score criteria) may be added by both sides.
fn resolve(base: &Proeftuin, side: char, raw: &[RawEdit]) -> Vec<Edit> {
    let mut counter = 0;
    raw.iter()
        .filter_map(|e| {
            let base_id = |list: ListKind, n: u8| {
                let ids = list.ids(base);
                (!ids.is_empty()).then(|| ids[usize::from(n) % ids.len()].clone())
            };
            Some(match e.clone() {
                RawEdit::Field(f) => Edit::Field(f),
                RawEdit::Add {
                    list,
                    shared,
                    n,
                    at,
                    text,
                    choice,
                } => {
                    let id = if list == ListKind::Scores {
                        let id = pick(criteria(), n).id.to_string();
                        if list.ids(base).contains(&id) {
                            return None;
                        }
                        id
                    } else if shared {
                        format!("n{}", n % 2)
                    } else {
                        counter += 1;
                        format!("{side}{counter}")
                    };
                    Edit::Add(list, id, at, text, choice)
                }
                RawEdit::Delete(l, n) => Edit::Delete(l, base_id(l, n)?),
                RawEdit::Text(l, n, t) => Edit::Text(l, base_id(l, n)?, t),
                RawEdit::Choice(l, n, c) => Edit::Choice(l, base_id(l, n)?, c),
                RawEdit::Reorder(l, n) => Edit::Reorder(l, n),
            })
        })
        .collect()
}

/// What an edit touches; two edits interfere when a target of one equals or contains a target
/// of the other. Reorders touch no content.
fn targets(e: &Edit) -> Vec<String> {
    let item = |l: ListKind, id: &str| format!("{}.{id}", l.path());
    match e {
        Edit::Field(f) => vec![f.target()],
        Edit::Add(l, id, ..) | Edit::Delete(l, id) => vec![item(*l, id)],
        Edit::Text(l, id, _) => vec![format!("{}.{}", item(*l, id), l.fields().0)],
        Edit::Choice(l, id, _) => l
            .fields()
            .1
            .map(|f| format!("{}.{f}", item(*l, id)))
            .into_iter()
            .collect(),
        Edit::Reorder(..) => vec![],
    }
}

fn interferes(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}.")) || b.starts_with(&format!("{a}."))
}

fn toggle<T: Copy + PartialEq>(set: &mut Vec<T>, x: T, all: &[T]) {
    if let Some(i) = set.iter().position(|y| *y == x) {
        set.remove(i);
    } else {
        set.push(x);
        set.sort_by_key(|y| all.iter().position(|z| z == y));
    }
}

fn edit_list<T: Item>(list: &mut Vec<T>, e: &Edit) {
    let find = |list: &[T], id: &str| list.iter().position(|x| x.key() == id);
    match e {
        Edit::Add(_, id, at, text, choice) if find(list, id).is_none() => {
            let at = usize::from(*at) % (list.len() + 1);
            list.insert(at, T::make(id, text, *choice));
        }
        Edit::Delete(_, id) => list.retain(|x| x.key() != id),
        Edit::Text(_, id, text) => {
            if let Some(i) = find(list, id) {
                list[i].set_text(text);
            }
        }
        Edit::Choice(_, id, choice) => {
            if let Some(i) = find(list, id) {
                list[i].set_choice(*choice);
            }
        }
        Edit::Reorder(_, n) if !list.is_empty() => {
            if n.is_multiple_of(2) {
                list.reverse();
            } else {
                let len = list.len();
                list.rotate_left(usize::from(*n).max(1) % len);
            }
        }
        _ => {}
    }
}

fn apply(doc: &mut Proeftuin, edits: &[Edit]) {
    for e in edits {
        match e {
            Edit::Field(f) => f.apply(doc),
            Edit::Add(l, ..)
            | Edit::Delete(l, _)
            | Edit::Text(l, ..)
            | Edit::Choice(l, ..)
            | Edit::Reorder(l, _) => match l {
                ListKind::Leveranciers => edit_list(&mut doc.vertrekpunt.leveranciers, e),
                ListKind::Stakeholders => edit_list(&mut doc.stakeholders, e),
                ListKind::Afspraken => edit_list(&mut doc.plan.afspraken, e),
                ListKind::Scores => edit_list(&mut doc.beoordeling.scores, e),
                ListKind::Metingen => edit_list(&mut doc.uitvoering.metingen, e),
            },
        }
    }
}

fn edited(base: &Proeftuin, edits: &[Edit]) -> Proeftuin {
    let mut doc = base.clone();
    apply(&mut doc, edits);
    doc
}

/// An edit to the same thing as `e`, with a value picked by `v` (so sometimes the same value,
/// sometimes another); a delete becomes an edit of the deleted item, or the same delete.
fn echo(e: &Edit, v: u8) -> Edit {
    let text = pick(&TEXTS, v).to_string();
    match e.clone() {
        Edit::Field(f) => Edit::Field(f.echo(v, text)),
        Edit::Add(l, id, at, _, _) => Edit::Add(l, id, at, text, v / 4),
        Edit::Delete(l, id) if v.is_multiple_of(3) => Edit::Delete(l, id),
        Edit::Delete(l, id) | Edit::Text(l, id, _) => Edit::Text(l, id, text),
        Edit::Choice(l, id, _) => Edit::Choice(l, id, v / 4),
        other => other,
    }
}

/// A base and the edits of both sides. Theirs are partly echoes of mine (same field or item,
/// maybe another value), so that both sides often change the same thing.
fn scenario() -> impl Strategy<Value = (Proeftuin, Vec<Edit>, Vec<Edit>)> {
    let edits = || prop::collection::vec(raw_edit(), 0..8);
    let echoes = prop::collection::vec((any::<u8>(), any::<u8>()), 0..4);
    (base_doc(), edits(), edits(), echoes).prop_map(|(base, m, t, echoes)| {
        let (m, mut t) = (resolve(&base, 'm', &m), resolve(&base, 't', &t));
        if !m.is_empty() {
            for (k, v) in echoes {
                let at = usize::from(v) % (t.len() + 1);
                t.insert(at, echo(&m[usize::from(k) % m.len()], v));
            }
        }
        (base, m, t)
    })
}

// ---------------------------------------------------------------------------------------------
// Flattened view
// ---------------------------------------------------------------------------------------------

fn json<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap()
}

fn at<'a>(doc: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(doc, |v, k| &v[k])
}

/// A document as `path -> value`: every leaf outside the keyed lists (sets included, as the
/// set of their elements), every keyed item as `<list>.<id>` and every item field as
/// `<list>.<id>.<field>`. Metadata is left out.
#[derive(Debug, PartialEq)]
struct Flat {
    leaves: BTreeMap<String, Value>,
    items: BTreeMap<String, Value>,
}

fn flatten(doc: &Proeftuin) -> Flat {
    fn walk(path: &str, v: &Value, leaves: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if ListKind::ALL.iter().any(|l| l.path() == p)
                        || ["id", "schema_version", "created", "changed"].contains(&p.as_str())
                    {
                        continue;
                    }
                    walk(&p, child, leaves);
                }
            }
            Value::Array(a) => {
                let set: BTreeSet<String> = a.iter().map(|x| x.to_string()).collect();
                leaves.insert(path.to_string(), json(&set));
            }
            _ => {
                leaves.insert(path.to_string(), v.clone());
            }
        }
    }
    let v = json(doc);
    let mut leaves = BTreeMap::new();
    walk("", &v, &mut leaves);
    let mut items = BTreeMap::new();
    for l in ListKind::ALL {
        for item in at(&v, l.path()).as_array().unwrap() {
            let id = item[l.key()].as_str().unwrap();
            let item_path = format!("{}.{id}", l.path());
            for (field, value) in item.as_object().unwrap() {
                if field != l.key() {
                    leaves.insert(format!("{item_path}.{field}"), value.clone());
                }
            }
            items.insert(item_path, item.clone());
        }
    }
    Flat { leaves, items }
}

fn is_set(path: &str) -> bool {
    [
        "vertrekpunt.beleidsdoelen",
        "plan.doelgroepen",
        "plan.vormen",
        "plan.werkplek",
    ]
    .contains(&path)
}

/// The item path a field path belongs to, if any.
fn item_of(path: &str, flat: &[&Flat]) -> Option<String> {
    let (item, _) = path.rsplit_once('.')?;
    flat.iter()
        .any(|f| f.items.contains_key(item))
        .then(|| item.to_string())
}

fn empty(v: &Value) -> bool {
    matches!(v, Value::Null | Value::Bool(false)) || v.as_str() == Some("")
}

/// What the rules say: the conflicts (`path -> (mine, theirs, base)`) and the merged value of
/// every leaf and item, from the three flattened documents only.
struct Expected {
    conflicts: BTreeMap<String, (Value, Value, Option<Value>)>,
    leaves: BTreeMap<String, Value>,
    items: BTreeSet<String>,
}

fn expected(b: &Flat, m: &Flat, t: &Flat) -> Expected {
    let mut conflicts = BTreeMap::new();
    let mut leaves = BTreeMap::new();
    let mut items = BTreeSet::new();

    // Items: present, deleted, or a delete-versus-change conflict.
    let item_ids: BTreeSet<&String> = [b, m, t].iter().flat_map(|f| f.items.keys()).collect();
    for id in item_ids {
        let (bi, mi, ti) = (b.items.get(id), m.items.get(id), t.items.get(id));
        match (bi, mi, ti) {
            (_, Some(_), Some(_)) | (None, Some(_), None) | (None, None, Some(_)) => {
                items.insert(id.clone());
            }
            (Some(bi), Some(x), None) | (Some(bi), None, Some(x)) => {
                if x != bi {
                    items.insert(id.clone());
                    let null = Value::Null;
                    conflicts.insert(
                        id.clone(),
                        (
                            mi.unwrap_or(&null).clone(),
                            ti.unwrap_or(&null).clone(),
                            Some(bi.clone()),
                        ),
                    );
                }
            }
            (_, None, None) => {}
        }
    }

    // Leaves: of the document, and of the items present on both sides.
    let paths: BTreeSet<&String> = [b, m, t].iter().flat_map(|f| f.leaves.keys()).collect();
    for p in paths {
        if let Some(item) = item_of(p, &[b, m, t]) {
            if !(m.items.contains_key(&item) && t.items.contains_key(&item)) {
                // Only on one side: taken whole (or deleted) above.
                if items.contains(&item) {
                    let side = if m.items.contains_key(&item) { m } else { t };
                    leaves.insert(p.clone(), side.leaves[p].clone());
                }
                continue;
            }
        }
        let (bv, mv, tv) = (b.leaves.get(p), &m.leaves[p], &t.leaves[p]);
        let value = if is_set(p) {
            let set = |v: Option<&Value>| -> BTreeSet<String> {
                v.map(|v| serde_json::from_value(v.clone()).unwrap())
                    .unwrap_or_default()
            };
            let (bs, ms, ts) = (set(bv), set(Some(mv)), set(Some(tv)));
            let all: BTreeSet<&String> = ms.union(&ts).collect();
            let kept: BTreeSet<&String> = all
                .into_iter()
                .filter(|e| {
                    let (inb, inm, int) = (bs.contains(*e), ms.contains(*e), ts.contains(*e));
                    // Both agree, or one side changed the membership.
                    if inm == int {
                        inm
                    } else {
                        !inb
                    }
                })
                .collect();
            json(&kept)
        } else if mv == tv {
            mv.clone()
        } else if bv == Some(mv) {
            tv.clone()
        } else if bv == Some(tv) {
            mv.clone()
        } else if bv.is_none() && empty(mv) {
            tv.clone()
        } else if bv.is_none() && empty(tv) {
            mv.clone()
        } else {
            conflicts.insert(p.clone(), (mv.clone(), tv.clone(), bv.cloned()));
            mv.clone()
        };
        leaves.insert(p.clone(), value);
    }
    Expected {
        conflicts,
        leaves,
        items,
    }
}

fn run(b: &Proeftuin, m: &Proeftuin, t: &Proeftuin) -> MergeOutcome {
    merge(b, m, t).expect("same document")
}

/// Both sides' edits applied to the base, and their merge: `(mine, theirs, merge)`.
fn run_edits(b: &Proeftuin, m: &[Edit], t: &[Edit]) -> (Proeftuin, Proeftuin, MergeOutcome) {
    let (x, y) = (edited(b, m), edited(b, t));
    let out = run(b, &x, &y);
    (x, y, out)
}

/// Every keyed list of the merged document has unique ids.
fn ids_are_unique(doc: &Proeftuin) -> bool {
    ListKind::ALL.iter().all(|l| {
        let ids = l.ids(doc);
        ids.iter().collect::<BTreeSet<_>>().len() == ids.len()
    })
}

/// Sets are in the canonical order of their enum.
fn sets_are_canonical(doc: &Proeftuin) -> bool {
    fn sorted<T: PartialEq>(set: &[T], all: &[T]) -> bool {
        set.windows(2)
            .all(|w| all.iter().position(|x| *x == w[0]) < all.iter().position(|x| *x == w[1]))
    }
    sorted(&doc.vertrekpunt.beleidsdoelen, Beleidsdoel::ALL)
        && sorted(&doc.plan.doelgroepen, Doelgroep::ALL)
}

/// A merged document is well formed: unique ids in every list, sets in canonical order.
fn well_formed(doc: &Proeftuin) -> Result<(), TestCaseError> {
    prop_assert!(ids_are_unique(doc));
    prop_assert!(sets_are_canonical(doc));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// (1) Merging with an unchanged side gives the other side, without conflicts.
    #[test]
    fn merging_with_an_unchanged_side_gives_the_other_side((b, m, t) in scenario()) {
        let x = edited(&b, &m);
        let y = edited(&b, &t);
        let out = run(&b, &b, &y);
        prop_assert_eq!(&out.merged, &y);
        prop_assert!(out.conflicts.is_empty());
        let out = run(&b, &x, &b);
        prop_assert_eq!(&out.merged, &x);
        prop_assert!(out.conflicts.is_empty());
    }

    /// (2) Edits to different fields or items are all kept: the merge has the same content as
    /// applying both sides' edits one after the other.
    #[test]
    fn edits_to_different_fields_or_items_are_all_kept((b, m, t) in scenario()) {
        let mine_targets: Vec<String> = m.iter().flat_map(targets).collect();
        let t: Vec<Edit> = t
            .into_iter()
            .filter(|e| {
                targets(e)
                    .iter()
                    .all(|x| mine_targets.iter().all(|y| !interferes(x, y)))
            })
            .collect();
        let out = run(&b, &edited(&b, &m), &edited(&b, &t));
        prop_assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        let mut both = edited(&b, &m);
        apply(&mut both, &t);
        prop_assert_eq!(flatten(&out.merged), flatten(&both));
        well_formed(&out.merged)?;
    }

    /// (3) A conflict is reported exactly when both sides changed the same thing to different
    /// values (with the values of mine, theirs and base), and every other value is merged by
    /// the rules; `merged` holds mine's value for each conflict.
    #[test]
    fn conflict_exactly_when_both_sides_changed_the_same_thing_differently(
        (b, m, t) in scenario()
    ) {
        let (x, y, out) = run_edits(&b, &m, &t);
        let want = expected(&flatten(&b), &flatten(&x), &flatten(&y));
        let got: BTreeMap<String, (Value, Value, Option<Value>)> = out
            .conflicts
            .iter()
            .map(|c| (c.path.clone(), (c.mine.clone(), c.theirs.clone(), c.base.clone())))
            .collect();
        prop_assert_eq!(got.len(), out.conflicts.len(), "one conflict per path");
        prop_assert_eq!(&got, &want.conflicts);
        prop_assert!(out.conflicts.iter().all(|c| !c.label.is_empty()));
        let merged = flatten(&out.merged);
        prop_assert_eq!(&merged.leaves, &want.leaves);
        prop_assert_eq!(&merged.items.keys().cloned().collect::<BTreeSet<_>>(), &want.items);
        well_formed(&out.merged)?;
    }

    /// (4) No item present on either side disappears, unless one side deleted it and the other
    /// did not touch it; and no item appears that neither side has.
    #[test]
    fn no_item_disappears_unless_deleted_on_one_side_and_untouched_on_the_other(
        (b, m, t) in scenario()
    ) {
        let (x, y, out) = run_edits(&b, &m, &t);
        let (fb, fx, fy, fo) = (flatten(&b), flatten(&x), flatten(&y), flatten(&out.merged));
        for id in fx.items.keys().chain(fy.items.keys()) {
            let deleted_untouched = match (fb.items.get(id), fx.items.get(id), fy.items.get(id)) {
                (Some(bi), Some(xi), None) => xi == bi,
                (Some(bi), None, Some(yi)) => yi == bi,
                _ => false,
            };
            prop_assert_eq!(fo.items.contains_key(id), !deleted_untouched, "item {}", id);
        }
        for id in fo.items.keys() {
            prop_assert!(fx.items.contains_key(id) || fy.items.contains_key(id));
        }
    }

    /// (5) Both sides making the same changes gives that version, without conflicts.
    #[test]
    fn same_changes_on_both_sides_give_that_version((b, m, _t) in scenario()) {
        let x = edited(&b, &m);
        let out = run(&b, &x, &x);
        prop_assert_eq!(&out.merged, &x);
        prop_assert!(out.conflicts.is_empty());
    }

    /// (6) Choosing a side for every conflict leaves no conflicts; each resolved value is the
    /// chosen side's (an item chosen as deleted is gone) and nothing else changes.
    #[test]
    fn choosing_for_every_conflict_takes_the_chosen_values(
        (b, m, t) in scenario(),
        picks in prop::collection::vec(any::<bool>(), 16),
    ) {
        let (_, _, mut out) = run_edits(&b, &m, &t);
        let before = flatten(&out.merged);
        let conflicts = out.conflicts.clone();
        let mut chosen = BTreeMap::new();
        for (i, c) in conflicts.iter().enumerate() {
            let side = if picks[i % picks.len()] { Side::Theirs } else { Side::Mine };
            prop_assert!(apply_choice(&mut out, &c.path, side), "path {}", c.path);
            prop_assert!(out.conflict(&c.path).is_none());
            let value = if side == Side::Mine { &c.mine } else { &c.theirs };
            chosen.insert(c.path.clone(), value.clone());
        }
        prop_assert!(out.conflicts.is_empty());
        prop_assert!(!apply_choice(&mut out, "vertrekpunt.naam", Side::Theirs));
        let after = flatten(&out.merged);
        for (path, value) in &chosen {
            if before.items.contains_key(path) {
                // A whole item: null means deleted.
                prop_assert_eq!(after.items.get(path).cloned().unwrap_or(Value::Null), value.clone());
            } else {
                prop_assert_eq!(after.leaves.get(path), Some(value), "{}", path);
            }
        }
        let under_choice = |p: &String| {
            chosen.keys().any(|c| p == c || p.starts_with(&format!("{c}.")))
        };
        for (p, v) in &before.leaves {
            if !under_choice(p) {
                prop_assert_eq!(after.leaves.get(p), Some(v), "{} changed", p);
            }
        }
        prop_assert!(ids_are_unique(&out.merged));
    }
}
