//! Three-way merge of two versions of one proeftuin, for offline sync.
//!
//! [`merge`] takes the last version both sides agreed on (`base`), this device's version
//! (`mine`) and the other version (`theirs`, e.g. from the server) and returns a
//! [`MergeOutcome`]: the merged document plus a list of [`Conflict`]s the user has to decide.
//! [`apply_choice`] settles one conflict by taking [`Side::Mine`] or [`Side::Theirs`].
//!
//! # How it works
//! The three documents are turned into JSON ([`serde_json::Value`]) and merged generically, so
//! a field added to the model later is merged without code changes here:
//! - **Objects** (structs) are merged key by key.
//! - **Arrays of objects that all have a string `"id"`** (leveranciers, stakeholders, partners,
//!   afspraken, mijlpalen, risicos, indicatoren), or **all a string `"criterion"`**
//!   (beoordeling.scores), are *keyed lists*: items are matched by that key, never by position.
//! - **Arrays of strings** (doelgroepen, vormen, werkplek, beleidsdoelen: lists of choices) are
//!   *sets*.
//! - **Everything else** (texts, numbers, booleans, choices, `Option`s, dates, and lists that fit
//!   none of the above, e.g. a keyed list with a duplicate id) is a *scalar*: replaced whole.
//!
//! # Rules
//! At every level: when `mine` equals `theirs`, that value is taken; when only one side
//! differs from `base`, that side is taken. Only when both sides changed the same value in
//! different ways does the kind of value matter:
//! - **Scalar**: a [`Conflict`] at its path (e.g. `vertrekpunt.naam`,
//!   `stakeholders.<id>.houding`). `merged` keeps **mine** until the user chooses; both values
//!   (and the base) are in the conflict, so nothing is lost.
//! - **Set**: never a conflict. An element is in the result when both sides have it, or when
//!   one side added it (it was not in base); an element one side removed (it was in base) is
//!   removed. The result is in the canonical order of the choice enum (`T::ALL`); a set field
//!   this module does not know is ordered mine's elements first, then theirs'.
//! - **Keyed list**, per item (path `<list>.<id>`):
//!   - on both sides: merged recursively with these same rules, paths like
//!     `plan.afspraken.<id>.wat`;
//!   - added on one side: added;
//!   - added on both sides with the same id and different content: merged field by field
//!     against an *empty base*: an empty value (no choice, empty text, `false`, empty list) on
//!     one side yields to the filled value of the other; other differences are conflicts with
//!     `base: None`. (Typical case: two assessors scored the same criterion offline.)
//!   - deleted on one side, unchanged on the other: deleted;
//!   - deleted on one side, **changed** on the other: the changed item is kept in `merged` and a
//!     conflict is reported at the item's path; the deleting side's value is `null`;
//!   - deleted on both sides: deleted.
//!
//!   No item present on either side disappears unless one side deleted it and the other did not
//!   touch it.
//! - **Order of a keyed list** is never a conflict. A side *reordered* the list when the items
//!   it shares with base are in a different order than in base. If only theirs reordered, their
//!   order is the spine; otherwise (neither, only mine, or both) mine's order is. Items the
//!   spine lacks (added on the other side, or kept because of a delete-versus-change conflict)
//!   are inserted just before the next item that follows them on their own side (at the end if
//!   none), so an item keeps its place among its neighbours. If both sides reordered and
//!   disagree on the order of their shared items, mine's order is kept and the items mine
//!   lacks are appended at the end instead, in theirs' order.
//! - **Metadata**: `id` must be the same in all three documents (else
//!   [`MergeError::DifferentDocuments`]); `created` is base's; `changed` is the later of mine
//!   and theirs; `schema_version` is [`SCHEMA_VERSION`].
//!
//! Conflicts are listed in document order and carry a Dutch `label` for the UI, e.g.
//! "Naam van de proeftuin" or "Stakeholder 'Inkoper DUO': houding".
//!
//! Like the rest of the crate: no randomness, no clock, no I/O; the result depends only on the
//! three inputs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::choice::Choice;
use crate::fields;
use crate::model::{Beleidsdoel, Doelgroep, Proeftuin, Status, Vorm, Werkplek};
use crate::storage::{document_from_value, document_to_value};
use crate::SCHEMA_VERSION;

/// One value both sides changed differently; the user picks a side with [`apply_choice`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Dotted path, as in [`crate::validation`]: `vertrekpunt.naam`, `stakeholders.<id>.houding`,
    /// or an item path like `stakeholders.<id>` when one side deleted the item and the other
    /// changed it.
    pub path: String,
    /// Dutch description for the UI, e.g. "Stakeholder 'Inkoper DUO': houding".
    pub label: String,
    /// The value in this device's version (`null` when this side deleted the item).
    pub mine: Value,
    /// The value in the other version (`null` when that side deleted the item).
    pub theirs: Value,
    /// The value in the common base; `None` when the item was added on both sides.
    pub base: Option<Value>,
}

/// The result of [`merge`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The merged document. For every conflict it holds mine's value, except for a deleted
    /// item that was changed on the other side: that item is kept as changed.
    pub merged: Proeftuin,
    /// What the user still has to decide, in document order.
    pub conflicts: Vec<Conflict>,
}

impl MergeOutcome {
    /// True when nothing is left to decide.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The open conflict at `path`, if any.
    pub fn conflict(&self, path: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.path == path)
    }
}

/// Which version to take for a conflict.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// This device's version.
    Mine,
    /// The other version.
    Theirs,
}

/// Why two documents could not be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// The three documents do not all have the same `id`.
    DifferentDocuments,
    /// The merged data did not form a valid document. Should not happen: every merged value
    /// comes from one of the inputs at the same place.
    Internal(String),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::DifferentDocuments => {
                f.write_str("Deze versies horen bij verschillende proeftuinen.")
            }
            MergeError::Internal(detail) => {
                write!(f, "Samenvoegen is niet gelukt ({detail}).")
            }
        }
    }
}

impl std::error::Error for MergeError {}

/// Top-level keys that are not merged but set by [`merge`] itself.
const METADATA: [&str; 4] = ["id", "schema_version", "created", "changed"];

/// Merges `mine` and `theirs`, both derived from `base`. See the module docs for the rules.
pub fn merge(
    base: &Proeftuin,
    mine: &Proeftuin,
    theirs: &Proeftuin,
) -> Result<MergeOutcome, MergeError> {
    if mine.id != theirs.id || base.id != mine.id {
        return Err(MergeError::DifferentDocuments);
    }
    let b = body(base);
    let m = body(mine);
    let t = body(theirs);

    let mut conflicts = Vec::new();
    let merged_body = merge_value("", Some(&b), &m, &t, &mut conflicts);
    let mut merged =
        document_from_value(merged_body).map_err(|e| MergeError::Internal(e.message()))?;
    merged.id = mine.id.clone();
    merged.schema_version = SCHEMA_VERSION;
    merged.created = base.created;
    merged.changed = mine.changed.max(theirs.changed);
    // The plan as accepted is written once: the first copy there is stays (base's, else the
    // other side's, as every device then keeps the same one, else mine). Two devices that each
    // made a copy (accepted offline, or each converted an older document) are no conflict.
    let u = |d: &Proeftuin| d.uitvoering.geaccepteerd.clone();
    merged.uitvoering.geaccepteerd = u(base).or_else(|| u(theirs)).or_else(|| u(mine));
    let accepted = fields::UITVOERING_GEACCEPTEERD.path;
    conflicts.retain(|c| {
        c.path != accepted
            && !c
                .path
                .strip_prefix(accepted)
                .is_some_and(|rest| rest.starts_with('.'))
    });
    // Decharge follows the signatures: both parties signed, each on their own device, gives
    // Decharge; a signature withdrawn on one side while the other party signed on the other
    // leaves one signature, and the plan goes back to the status of the side that withdrew.
    use crate::uitvoering::{decharge_stand, in_uitvoering, DechargeStand};
    let signed = decharge_stand(&merged) == DechargeStand::Verleend;
    if signed && in_uitvoering(merged.status) {
        merged.status = Status::Decharge;
    } else if !signed
        && merged.status == Status::Decharge
        && [base, mine, theirs]
            .iter()
            .any(|d| decharge_stand(d) != DechargeStand::Open)
    {
        merged.status = [mine, theirs, base]
            .iter()
            .map(|d| d.status)
            .find(|s| *s != Status::Decharge)
            .unwrap_or(Status::Geevalueerd);
    }

    for c in &mut conflicts {
        c.label = label(&c.path, &c.mine, &c.theirs, [&m, &t, &b]);
    }
    Ok(MergeOutcome { merged, conflicts })
}

/// Settles the conflict at `path`: sets that value in `outcome.merged` to the chosen side's
/// value and removes the conflict. For an item conflict (`stakeholders.<id>`), a side whose
/// value is `null` (it deleted the item) removes the item; the other side puts its version of
/// the item back.
///
/// Returns false, and changes nothing, when there is no open conflict at `path`.
pub fn apply_choice(outcome: &mut MergeOutcome, path: &str, take: Side) -> bool {
    let Some(index) = outcome.conflicts.iter().position(|c| c.path == path) else {
        return false;
    };
    let conflict = &outcome.conflicts[index];
    let value = match take {
        Side::Mine => conflict.mine.clone(),
        Side::Theirs => conflict.theirs.clone(),
    };
    let mut doc = document_to_value(&outcome.merged);
    if !set_at(&mut doc, path, value) {
        return false;
    }
    let Ok(merged) = document_from_value(doc) else {
        return false;
    };
    outcome.merged = merged;
    // Conflicts never nest (an item in conflict is not merged field by field), so only this
    // one is settled.
    outcome.conflicts.remove(index);
    true
}

// ---------------------------------------------------------------------------------------------
// The generic merge
// ---------------------------------------------------------------------------------------------

/// The document as JSON without the metadata keys.
fn body(doc: &Proeftuin) -> Value {
    let mut v = document_to_value(doc);
    if let Value::Object(map) = &mut v {
        for key in METADATA {
            map.remove(key);
        }
    }
    v
}

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Merges one value; `base` is `None` when the value did not exist in base (added on both
/// sides).
fn merge_value(
    path: &str,
    base: Option<&Value>,
    mine: &Value,
    theirs: &Value,
    out: &mut Vec<Conflict>,
) -> Value {
    if mine == theirs {
        return mine.clone();
    }
    if let Some(b) = base {
        if mine == b {
            return theirs.clone();
        }
        if theirs == b {
            return mine.clone();
        }
    }
    match (mine, theirs) {
        (Value::Object(m), Value::Object(t)) => Value::Object(merge_objects(
            path,
            base.and_then(Value::as_object),
            m,
            t,
            out,
        )),
        (Value::Array(m), Value::Array(t)) => {
            let b = base.and_then(Value::as_array).map(Vec::as_slice);
            merge_arrays(path, b, m, t, out)
                .unwrap_or_else(|| merge_scalar(path, base, mine, theirs, out))
        }
        _ => merge_scalar(path, base, mine, theirs, out),
    }
}

/// Both sides changed a scalar (mine != theirs, and with a base both differ from it).
fn merge_scalar(
    path: &str,
    base: Option<&Value>,
    mine: &Value,
    theirs: &Value,
    out: &mut Vec<Conflict>,
) -> Value {
    if base.is_none() {
        if is_empty(mine) {
            return theirs.clone();
        }
        if is_empty(theirs) {
            return mine.clone();
        }
    }
    out.push(Conflict {
        path: path.to_string(),
        label: String::new(),
        mine: mine.clone(),
        theirs: theirs.clone(),
        base: base.cloned(),
    });
    mine.clone()
}

/// The values an *empty base* holds: no choice, empty text, `false`, an empty list or object.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

fn merge_objects(
    path: &str,
    base: Option<&Map<String, Value>>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
    out: &mut Vec<Conflict>,
) -> Map<String, Value> {
    // Visit the fields in document order, so conflicts come out in that order too.
    let mut keys: Vec<(String, &String)> = mine
        .keys()
        .chain(theirs.keys().filter(|k| !mine.contains_key(*k)))
        .map(|k| (child_path(path, k), k))
        .collect();
    keys.sort_by_key(|(p, k)| document_rank(p, k));
    let mut merged = Map::new();
    for (child, key) in keys {
        let m = mine.get(key).unwrap_or(&Value::Null);
        let t = theirs.get(key).unwrap_or(&Value::Null);
        let b = base.and_then(|b| b.get(key));
        let v = merge_value(&child, b, m, t, out);
        merged.insert(key.clone(), v);
    }
    merged
}

/// Merges an array as a keyed list or a set; `None` when it is neither (then it is a scalar).
fn merge_arrays(
    path: &str,
    base: Option<&[Value]>,
    mine: &[Value],
    theirs: &[Value],
    out: &mut Vec<Conflict>,
) -> Option<Value> {
    let base = base.unwrap_or(&[]);
    let all = || base.iter().chain(mine).chain(theirs);
    if let Some(key) = list_key(all()) {
        if [base, mine, theirs].iter().all(|l| unique_keys(l, key)) {
            return Some(Value::Array(merge_keyed(
                path, key, base, mine, theirs, out,
            )));
        }
        return None;
    }
    if all().all(Value::is_string) {
        return Some(Value::Array(merge_set(path, base, mine, theirs)));
    }
    None
}

/// `"id"` when every element is an object with a string `id`, else `"criterion"` when every
/// element has a string `criterion`, else `None`.
fn list_key<'a>(mut items: impl Iterator<Item = &'a Value> + Clone) -> Option<&'static str> {
    ["id", "criterion"]
        .into_iter()
        .find(|key| {
            items
                .clone()
                .all(|v| v.get(key).is_some_and(Value::is_string))
        })
        .filter(|_| items.next().is_some())
}

fn item_key<'a>(item: &'a Value, key: &str) -> &'a str {
    item.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn unique_keys(items: &[Value], key: &str) -> bool {
    let mut seen = BTreeSet::new();
    items.iter().all(|v| seen.insert(item_key(v, key)))
}

fn merge_keyed(
    path: &str,
    key: &str,
    base: &[Value],
    mine: &[Value],
    theirs: &[Value],
    out: &mut Vec<Conflict>,
) -> Vec<Value> {
    let index = |list: &'_ [Value]| -> BTreeMap<String, Value> {
        list.iter()
            .map(|v| (item_key(v, key).to_string(), v.clone()))
            .collect()
    };
    let (b, m, t) = (index(base), index(mine), index(theirs));
    let survives = |id: &str| match (b.get(id), m.get(id), t.get(id)) {
        (_, Some(_), Some(_)) => true,
        // Deleted on one side: gone only when the other side did not touch it.
        (Some(bi), Some(x), None) | (Some(bi), None, Some(x)) => x != bi,
        (None, Some(_), None) | (None, None, Some(_)) => true,
        (_, None, None) => false,
    };

    let ids = |list: &[Value]| -> Vec<String> {
        list.iter().map(|v| item_key(v, key).to_string()).collect()
    };
    let order = merged_order(&ids(base), &ids(mine), &ids(theirs), survives);

    order
        .iter()
        .map(|id| {
            let item_path = child_path(path, id);
            match (b.get(id), m.get(id), t.get(id)) {
                (bi, Some(mi), Some(ti)) => merge_value(&item_path, bi, mi, ti, out),
                (Some(bi), Some(mi), None) => {
                    item_conflict(item_path, bi, mi.clone(), Value::Null, out);
                    mi.clone()
                }
                (Some(bi), None, Some(ti)) => {
                    item_conflict(item_path, bi, Value::Null, ti.clone(), out);
                    ti.clone()
                }
                (None, Some(x), None) | (None, None, Some(x)) => x.clone(),
                (_, None, None) => Value::Null, // not a survivor, never in `order`
            }
        })
        .collect()
}

fn item_conflict(path: String, base: &Value, mine: Value, theirs: Value, out: &mut Vec<Conflict>) {
    out.push(Conflict {
        path,
        label: String::new(),
        mine,
        theirs,
        base: Some(base.clone()),
    });
}

/// `list` without the ids that `keep` rejects.
fn filtered(list: &[String], keep: impl Fn(&str) -> bool) -> Vec<&str> {
    list.iter()
        .map(String::as_str)
        .filter(|id| keep(id))
        .collect()
}

/// The order of the surviving items (see "Order of a keyed list" in the module docs).
fn merged_order(
    base: &[String],
    mine: &[String],
    theirs: &[String],
    survives: impl Fn(&str) -> bool,
) -> Vec<String> {
    let contains = |list: &[String], id: &str| list.iter().any(|x| x == id);
    let reordered = |side: &[String]| {
        filtered(side, |id| contains(base, id)) != filtered(base, |id| contains(side, id))
    };
    let (mine_reordered, theirs_reordered) = (reordered(mine), reordered(theirs));
    let (spine, other) = if theirs_reordered && !mine_reordered {
        (theirs, mine)
    } else {
        (mine, theirs)
    };
    let append_only = mine_reordered
        && theirs_reordered
        && filtered(mine, |id| contains(theirs, id)) != filtered(theirs, |id| contains(mine, id));

    let mut result: Vec<String> = filtered(spine, &survives)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut placed: BTreeSet<String> = result.iter().cloned().collect();
    for (i, id) in other.iter().enumerate() {
        if !survives(id) || placed.contains(id) {
            continue;
        }
        let at = if append_only {
            result.len()
        } else {
            other[i + 1..]
                .iter()
                .find(|next| placed.contains(*next))
                .and_then(|next| result.iter().position(|r| r == next))
                .unwrap_or(result.len())
        };
        result.insert(at, id.clone());
        placed.insert(id.clone());
    }
    result
}

fn merge_set(path: &str, base: &[Value], mine: &[Value], theirs: &[Value]) -> Vec<Value> {
    let has = |list: &[Value], e: &Value| list.contains(e);
    let mut kept: Vec<&Value> = Vec::new();
    for e in mine.iter().chain(theirs) {
        if kept.contains(&e) {
            continue;
        }
        let (in_b, in_m, in_t) = (has(base, e), has(mine, e), has(theirs, e));
        let keep = if in_m == in_t || in_m != in_b {
            in_m
        } else {
            in_t
        };
        if keep {
            kept.push(e);
        }
    }
    // Stable sort: elements without a canonical rank stay in first-seen order, at the end.
    kept.sort_by_key(|e| set_rank(path, e.as_str().unwrap_or_default()).unwrap_or(usize::MAX));
    kept.into_iter().cloned().collect()
}

/// Position of a choice key in its enum's canonical order, for the set fields of the model.
fn set_rank(path: &str, key: &str) -> Option<usize> {
    fn rank<T: Choice>(key: &str) -> Option<usize> {
        T::all().iter().position(|c| c.key() == key)
    }
    if path == fields::VERTREKPUNT_BELEIDSDOELEN.path {
        rank::<Beleidsdoel>(key)
    } else if path == fields::PLAN_DOELGROEPEN.path {
        rank::<Doelgroep>(key)
    } else if path == fields::PLAN_VORMEN.path {
        rank::<Vorm>(key)
    } else if path == fields::PLAN_WERKPLEK.path {
        rank::<Werkplek>(key)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Applying a choice
// ---------------------------------------------------------------------------------------------

/// The item in a keyed list whose key is `rest` or a prefix of `rest` followed by a dot (the
/// longest such key, so ids may contain dots). Returns its index and what follows the key.
fn find_item<'r>(items: &[Value], rest: &'r str) -> Option<(usize, Option<&'r str>)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let key = list_key(std::iter::once(item))?;
            let id = item_key(item, key);
            if rest == id {
                Some((i, id.len(), None))
            } else {
                let tail = rest.strip_prefix(id)?.strip_prefix('.')?;
                Some((i, id.len(), Some(tail)))
            }
        })
        .max_by_key(|(_, len, _)| *len)
        .map(|(i, _, tail)| (i, tail))
}

/// Sets the value at a dotted `path`; `null` at an item path removes the item.
fn set_at(node: &mut Value, path: &str, value: Value) -> bool {
    match node {
        Value::Object(map) => match path.split_once('.') {
            None => {
                map.insert(path.to_string(), value);
                true
            }
            Some((head, tail)) => map
                .get_mut(head)
                .is_some_and(|child| set_at(child, tail, value)),
        },
        Value::Array(items) => match find_item(items, path) {
            Some((i, Some(tail))) => set_at(&mut items[i], tail, value),
            Some((i, None)) => {
                if value.is_null() {
                    items.remove(i);
                } else {
                    items[i] = value;
                }
                true
            }
            None => {
                // The item is not in the document (any more): put the chosen version back,
                // or, when the choice is to delete it, there is nothing left to do.
                if value.is_null() {
                    return true;
                }
                let is_that_item = list_key(std::iter::once(&value))
                    .is_some_and(|key| item_key(&value, key) == path);
                if is_that_item {
                    items.push(value);
                }
                is_that_item
            }
        },
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Dutch labels
// ---------------------------------------------------------------------------------------------

/// Sort key that puts the fields of an object in document order; fields this module does not
/// know come last (in alphabetical order, as `serde_json` keeps them).
fn document_rank(path: &str, key: &str) -> (usize, usize) {
    (
        fields::rank(path).unwrap_or(usize::MAX),
        fields::ITEM_FIELDS
            .iter()
            .position(|(f, _)| *f == key)
            .unwrap_or(usize::MAX),
    )
}

/// Label of a field outside lists.
fn field_label(path: &str) -> Option<&'static str> {
    fields::field(path).map(|f| f.short)
}

/// Label of a field of a list item; unknown fields get their name with spaces.
fn item_field_label(field: &str) -> String {
    fields::ITEM_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or_else(|| field.replace('_', " "), |(_, label)| label.to_string())
}

/// At most 40 characters of a name, with "…" when cut.
fn short(name: &str) -> String {
    const MAX: usize = 40;
    let name = name.trim();
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        let cut: String = name.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn label(path: &str, mine: &Value, theirs: &Value, docs: [&Value; 3]) -> String {
    for fields::List {
        path: list_path,
        item: kind,
        name_field,
    } in fields::LISTS
    {
        let Some(rest) = path
            .strip_prefix(list_path)
            .and_then(|r| r.strip_prefix('.'))
        else {
            continue;
        };
        // The item as it is in mine, theirs and base (where it exists).
        let found: Vec<(&Value, Option<&str>)> = docs
            .iter()
            .filter_map(|doc| {
                let items = list_path
                    .split('.')
                    .try_fold(*doc, |v, k| v.get(k))?
                    .as_array()?;
                let (i, tail) = find_item(items, rest)?;
                Some((&items[i], tail))
            })
            .collect();
        let Some(&(_, field)) = found.first() else {
            break;
        };
        // The item is named as in mine (then theirs, then base), the first non-empty name;
        // but when the name itself is in conflict, as in base.
        let mut versions: Vec<&Value> = found.iter().map(|(item, _)| *item).collect();
        if field == Some(name_field) && found.len() == 3 {
            versions.rotate_right(1);
        }
        let name = versions
            .iter()
            .map(|item| {
                if name_field == "criterion" {
                    let id = item_key(item, "criterion");
                    crate::rubric::criterion(id).map_or(id, |c| c.title)
                } else {
                    item_key(item, name_field)
                }
            })
            .find(|name| !name.trim().is_empty())
            .unwrap_or_default();
        let title = if name.trim().is_empty() {
            format!("{kind} zonder naam")
        } else {
            format!("{kind} '{}'", short(name))
        };
        return match field {
            Some(field) => format!("{title}: {}", item_field_label(field)),
            None if mine.is_null() => {
                format!("{title}: door jou verwijderd, in de andere versie gewijzigd")
            }
            None if theirs.is_null() => {
                format!("{title}: door jou gewijzigd, in de andere versie verwijderd")
            }
            None => title,
        };
    }
    field_label(path).map_or_else(|| path.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Houding, Invloed, Leverancier, Oordeel, Partij, Rol, Score, Stakeholder, Status,
    };
    use chrono::Duration;
    use serde_json::json;

    use crate::test_support::{afspraak, now as t0};

    fn stakeholder(id: &str, naam: &str) -> Stakeholder {
        Stakeholder {
            id: id.into(),
            naam: naam.into(),
            ..Stakeholder::default()
        }
    }

    fn base() -> Proeftuin {
        let mut doc = Proeftuin::new("p-1".into(), t0());
        doc.vertrekpunt.naam = "Stages bij OCW".into();
        doc.vertrekpunt.opdrachtgever = "OCW".into();
        doc.vertrekpunt.leveranciers = vec![Leverancier {
            id: "l1".into(),
            naam: "Atos".into(),
        }];
        doc.stakeholders = vec![
            stakeholder("s1", "Inkoper DUO"),
            stakeholder("s2", "HR-adviseur"),
            stakeholder("s3", "Beleidsmedewerker"),
        ];
        doc.plan.doelgroepen = vec![Doelgroep::Banenafspraak, Doelgroep::Statushouders];
        doc.plan.afspraken = vec![afspraak(
            "a1",
            Partij::Leverancier,
            "Drie stageplaatsen",
            "Atos",
        )];
        doc
    }

    fn merge_ok(b: &Proeftuin, m: &Proeftuin, t: &Proeftuin) -> MergeOutcome {
        merge(b, m, t).expect("same document")
    }

    /// The merge of two edited copies of [`base`]: `mine` edits one, `theirs` the other.
    fn merge_edits(
        mine: impl FnOnce(&mut Proeftuin),
        theirs: impl FnOnce(&mut Proeftuin),
    ) -> MergeOutcome {
        let mut m = base();
        mine(&mut m);
        let mut t = base();
        theirs(&mut t);
        merge_ok(&base(), &m, &t)
    }

    /// [`merge_edits`] that must be without conflicts: the merged document.
    fn merge_clean(
        mine: impl FnOnce(&mut Proeftuin),
        theirs: impl FnOnce(&mut Proeftuin),
    ) -> Proeftuin {
        let out = merge_edits(mine, theirs);
        assert!(out.is_clean());
        out.merged
    }

    fn ids(list: &[Stakeholder]) -> Vec<&str> {
        list.iter().map(|s| s.id.as_str()).collect()
    }

    fn paths(out: &MergeOutcome) -> Vec<&str> {
        out.conflicts.iter().map(|c| c.path.as_str()).collect()
    }

    #[test]
    fn two_devices_reporting_in_the_same_week_both_keep_their_reports() {
        use crate::model::{AfspraakStand, Meting, Stand, Telling};
        let meting = |id: &str, ind: &str, day: u32, w: f64| Meting {
            id: id.into(),
            indicator: ind.into(),
            datum: chrono::NaiveDate::from_ymd_opt(2026, 3, day),
            waarde: Some(w),
            notitie: String::new(),
        };
        let out = merge_edits(
            |m| {
                m.uitvoering.metingen.push(meting("m-a", "i1", 2, 4.0));
                m.uitvoering.afspraken.push(AfspraakStand {
                    id: "a1".into(),
                    stand: Some(Stand::Loopt),
                    ..Default::default()
                });
            },
            |t| {
                t.uitvoering.metingen.push(meting("m-b", "i2", 4, 75.5));
                t.uitvoering.tellingen.push(Telling {
                    id: "t1".into(),
                    gestart: Some(3),
                    ..Default::default()
                });
            },
        );
        assert!(out.is_clean());
        let u = &out.merged.uitvoering;
        let ids: Vec<_> = u.metingen.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m-a", "m-b"]);
        assert_eq!(u.metingen[1].waarde, Some(75.5));
        assert_eq!(u.afspraken[0].stand, Some(Stand::Loopt));
        assert_eq!(u.tellingen[0].gestart, Some(3));

        // Both set the same agreement's state differently: a conflict with a Dutch label.
        let out = merge_edits(
            |m| {
                m.uitvoering.afspraken.push(AfspraakStand {
                    id: "a1".into(),
                    stand: Some(Stand::Gereed),
                    ..Default::default()
                })
            },
            |t| {
                t.uitvoering.afspraken.push(AfspraakStand {
                    id: "a1".into(),
                    stand: Some(Stand::Vertraagd),
                    ..Default::default()
                })
            },
        );
        assert_eq!(paths(&out), ["uitvoering.afspraken.a1.stand"]);
        assert_eq!(out.conflicts[0].label, "Stand van afspraak 'a1': stand");
    }

    #[test]
    fn decharge_follows_the_signatures_of_both_devices() {
        use crate::model::Partij;
        use crate::uitvoering::onderteken;
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        let mut b = base();
        b.set_status(Status::Geevalueerd, today);
        // Both sign offline, each on their own device.
        let mut m = b.clone();
        onderteken(
            &mut m,
            Partij::Opdrachtgever,
            "Contractmanager",
            "Inkoop",
            today,
        )
        .unwrap();
        let mut t = b.clone();
        onderteken(
            &mut t,
            Partij::Leverancier,
            "Directeur",
            "Leverancier",
            today,
        )
        .unwrap();
        assert_eq!(m.status, Status::Geevalueerd);
        let out = merge_ok(&b, &m, &t);
        assert!(out.is_clean());
        assert_eq!(out.merged.status, Status::Decharge);
        assert_eq!(out.merged.uitvoering.decharge.len(), 2);
        // One withdraws while the other signs: one signature, not discharged.
        let mut b2 = b.clone();
        onderteken(
            &mut b2,
            Partij::Opdrachtgever,
            "Contractmanager",
            "Inkoop",
            today,
        )
        .unwrap();
        let mut withdrawn = b2.clone();
        crate::uitvoering::trek_in(&mut withdrawn, Partij::Opdrachtgever).unwrap();
        let mut signed = b2.clone();
        onderteken(
            &mut signed,
            Partij::Leverancier,
            "Directeur",
            "Leverancier",
            today,
        )
        .unwrap();
        assert_eq!(signed.status, Status::Decharge);
        let out = merge_ok(&b2, &withdrawn, &signed);
        assert_eq!(out.merged.uitvoering.decharge.len(), 1);
        assert_eq!(out.merged.status, Status::Geevalueerd);
    }

    #[test]
    fn the_accepted_copy_is_written_once_and_never_a_conflict() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let out = merge_edits(
            |m| {
                m.plan.ambitie = "Mijn ambitie".into();
                m.set_status(Status::Geaccepteerd, today);
            },
            |t| {
                t.plan.ambitie = "Hun ambitie".into();
                t.set_status(Status::Geaccepteerd, today);
            },
        );
        // Only the plan itself is a conflict; the copy is theirs (what every device keeps).
        assert_eq!(paths(&out), ["plan.ambitie"]);
        let copy = out.merged.uitvoering.geaccepteerd.unwrap();
        assert_eq!(copy.plan.ambitie, "Hun ambitie");
        // A copy in the base stays whatever the sides say.
        let mut b = base();
        b.set_status(Status::Geaccepteerd, today);
        let mut m = b.clone();
        m.uitvoering.geaccepteerd.as_mut().unwrap().plan.ambitie = "Anders".into();
        let out = merge_ok(&b, &m, &b);
        assert_eq!(
            out.merged.uitvoering.geaccepteerd,
            b.uitvoering.geaccepteerd
        );
    }

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other_side() {
        let b = base();
        let mut x = base();
        x.vertrekpunt.naam = "Nieuw".into();
        x.stakeholders.reverse();
        x.plan.doelgroepen = vec![Doelgroep::Autisme];
        assert_eq!(merge_ok(&b, &b, &x).merged, x);
        assert_eq!(merge_ok(&b, &x, &b).merged, x);
        assert_eq!(merge_ok(&b, &x, &x).merged, x);
        assert!(merge_ok(&b, &b, &x).is_clean());
    }

    #[test]
    fn edits_to_different_fields_are_both_kept() {
        let merged = merge_clean(
            |m| {
                m.vertrekpunt.naam = "Stages bij OCW en DUO".into();
                m.plan.aantal_kandidaten = Some(3);
            },
            |t| {
                t.vertrekpunt.categorie = Some(crate::model::Categorie::IctInhuur);
                t.status = Status::TerBeoordeling;
            },
        );
        assert_eq!(merged.vertrekpunt.naam, "Stages bij OCW en DUO");
        assert_eq!(merged.plan.aantal_kandidaten, Some(3));
        assert_eq!(
            merged.vertrekpunt.categorie,
            Some(crate::model::Categorie::IctInhuur)
        );
        assert_eq!(merged.status, Status::TerBeoordeling);
    }

    #[test]
    fn same_field_changed_to_the_same_value_is_no_conflict() {
        let b = base();
        let mut m = base();
        m.vertrekpunt.naam = "Zelfde".into();
        let t = m.clone();
        let out = merge_ok(&b, &m, &t);
        assert!(out.is_clean());
        assert_eq!(out.merged.vertrekpunt.naam, "Zelfde");
    }

    #[test]
    fn same_field_changed_differently_is_a_conflict_and_mine_is_kept_until_chosen() {
        let out = merge_edits(
            |m| m.vertrekpunt.naam = "Mijn naam".into(),
            |t| t.vertrekpunt.naam = "Hun naam".into(),
        );
        assert_eq!(out.merged.vertrekpunt.naam, "Mijn naam");
        assert_eq!(
            out.conflicts,
            vec![Conflict {
                path: "vertrekpunt.naam".into(),
                label: "Naam van de proeftuin".into(),
                mine: json!("Mijn naam"),
                theirs: json!("Hun naam"),
                base: Some(json!("Stages bij OCW")),
            }]
        );
    }

    #[test]
    fn an_option_cleared_on_one_side_and_set_on_the_other_is_a_conflict() {
        let mut b = base();
        b.plan.aantal_plaatsen = Some(3);
        let mut m = b.clone();
        m.plan.aantal_plaatsen = None;
        let mut t = b.clone();
        t.plan.aantal_plaatsen = Some(4);
        let out = merge_ok(&b, &m, &t);
        assert_eq!(paths(&out), ["plan.aantal_plaatsen"]);
        assert_eq!(out.conflicts[0].mine, Value::Null);
        assert_eq!(out.conflicts[0].label, "Aantal plaatsen");
        assert_eq!(out.merged.plan.aantal_plaatsen, None);
    }

    #[test]
    fn sets_merge_added_and_removed_elements_without_conflict() {
        use Doelgroep::{Autisme, Banenafspraak, LangdurigWerkzoekend, Statushouders};
        // The base has Banenafspraak, Statushouders.
        let merged = merge_clean(
            |m| m.plan.doelgroepen = vec![Banenafspraak, Autisme],
            |t| t.plan.doelgroepen = vec![Banenafspraak, Statushouders, LangdurigWerkzoekend],
        );
        // Statushouders removed by mine; Autisme and LangdurigWerkzoekend added.
        let want = [Banenafspraak, LangdurigWerkzoekend, Autisme];
        assert_eq!(merged.plan.doelgroepen, want);
    }

    #[test]
    fn set_keeps_the_canonical_order() {
        use Vorm::{Anders, BetaaldeBaan, Stage, Werkervaringsplaats};
        let merged = merge_clean(
            |m| m.plan.vormen = vec![Stage, BetaaldeBaan],
            |t| t.plan.vormen = vec![Anders, Werkervaringsplaats],
        );
        let want = [BetaaldeBaan, Werkervaringsplaats, Stage, Anders];
        assert_eq!(merged.plan.vormen, want);
    }

    #[test]
    fn element_removed_on_both_sides_stays_removed() {
        let out = merge_edits(
            |m| m.plan.doelgroepen = vec![Doelgroep::Banenafspraak, Doelgroep::Autisme],
            |t| t.plan.doelgroepen = vec![Doelgroep::Banenafspraak],
        );
        assert_eq!(
            out.merged.plan.doelgroepen,
            [Doelgroep::Banenafspraak, Doelgroep::Autisme]
        );
    }

    #[test]
    fn item_added_on_one_side_is_added_at_its_position() {
        let merged = merge_clean(
            |m| {
                m.stakeholders
                    .insert(1, stakeholder("n1", "Contractmanager"));
            },
            |t| t.stakeholders[2].naam = "Beleid OCW".into(),
        );
        assert_eq!(ids(&merged.stakeholders), ["s1", "n1", "s2", "s3"]);
        assert_eq!(merged.stakeholders[3].naam, "Beleid OCW");
    }

    #[test]
    fn items_added_on_both_sides_are_all_kept_mine_first() {
        let merged = merge_clean(
            |m| {
                m.stakeholders.insert(1, stakeholder("m1", "Van mij"));
                m.stakeholders.push(stakeholder("m2", "Ook van mij"));
            },
            |t| {
                t.stakeholders.insert(1, stakeholder("t1", "Van hen"));
                t.stakeholders
                    .insert(0, stakeholder("t0", "Eerste van hen"));
            },
        );
        assert_eq!(
            ids(&merged.stakeholders),
            ["t0", "s1", "m1", "t1", "s2", "s3", "m2"]
        );
    }

    #[test]
    fn item_deleted_on_one_side_and_untouched_on_the_other_is_deleted() {
        let b = base();
        let mut m = base();
        m.stakeholders.retain(|s| s.id != "s2");
        let mut t = base();
        t.stakeholders[0].houding = Houding::Voorstander;
        let out = merge_ok(&b, &m, &t);
        assert!(out.is_clean());
        assert_eq!(ids(&out.merged.stakeholders), ["s1", "s3"]);
        assert_eq!(out.merged.stakeholders[0].houding, Houding::Voorstander);
        // And the other way round.
        let out = merge_ok(&b, &t, &m);
        assert_eq!(ids(&out.merged.stakeholders), ["s1", "s3"]);
    }

    #[test]
    fn item_deleted_on_both_sides_is_deleted() {
        let merged = merge_clean(
            |m| {
                m.stakeholders.remove(0);
                m.stakeholders[0].naam = "HR".into();
            },
            |t| {
                t.stakeholders.remove(0);
            },
        );
        assert_eq!(ids(&merged.stakeholders), ["s2", "s3"]);
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
        let b = base();
        let mut m = base();
        m.stakeholders.retain(|s| s.id != "s1");
        let mut t = base();
        t.stakeholders[0].houding = Houding::Kritisch;
        let out = merge_ok(&b, &m, &t);
        // The changed item is kept, in its place.
        assert_eq!(ids(&out.merged.stakeholders), ["s1", "s2", "s3"]);
        assert_eq!(out.merged.stakeholders[0].houding, Houding::Kritisch);
        assert_eq!(out.conflicts.len(), 1);
        let c = &out.conflicts[0];
        assert_eq!(c.path, "stakeholders.s1");
        assert_eq!(
            c.label,
            "Stakeholder 'Inkoper DUO': door jou verwijderd, in de andere versie gewijzigd"
        );
        assert_eq!(c.mine, Value::Null);
        assert_eq!(c.theirs, serde_json::to_value(&t.stakeholders[0]).unwrap());
        assert_eq!(
            c.base,
            Some(serde_json::to_value(&b.stakeholders[0]).unwrap())
        );

        // Changed by me, deleted by them.
        let out = merge_ok(&b, &t, &m);
        assert_eq!(ids(&out.merged.stakeholders), ["s1", "s2", "s3"]);
        let c = &out.conflicts[0];
        assert_eq!(c.theirs, Value::Null);
        assert_eq!(
            c.label,
            "Stakeholder 'Inkoper DUO': door jou gewijzigd, in de andere versie verwijderd"
        );
    }

    #[test]
    fn edits_to_different_fields_of_one_item_are_both_kept() {
        let merged = merge_clean(
            |m| m.stakeholders[1].rol = Some(Rol::Hr),
            |t| t.stakeholders[1].invloed = Invloed::Hoog,
        );
        assert_eq!(merged.stakeholders[1].rol, Some(Rol::Hr));
        assert_eq!(merged.stakeholders[1].invloed, Invloed::Hoog);
    }

    #[test]
    fn same_item_field_changed_differently_is_a_conflict_at_the_item_field_path() {
        let out = merge_edits(
            |m| {
                m.stakeholders[0].houding = Houding::Voorstander;
                m.plan.afspraken[0].wat = "Vier stageplaatsen".into();
            },
            |t| {
                t.stakeholders[0].houding = Houding::Kritisch;
                t.plan.afspraken[0].wat = "Twee stageplaatsen".into();
            },
        );
        assert_eq!(
            paths(&out),
            ["stakeholders.s1.houding", "plan.afspraken.a1.wat"]
        );
        assert_eq!(out.conflicts[0].label, "Stakeholder 'Inkoper DUO': houding");
        assert_eq!(out.conflicts[0].mine, json!("voorstander"));
        assert_eq!(out.conflicts[0].theirs, json!("kritisch"));
        assert_eq!(out.conflicts[0].base, Some(json!("onbekend")));
        assert_eq!(out.conflicts[1].label, "Afspraak 'Drie stageplaatsen': wat"); // base name
        assert_eq!(out.merged.stakeholders[0].houding, Houding::Voorstander);
    }

    #[test]
    fn item_added_on_both_sides_with_the_same_id_is_merged_against_an_empty_base() {
        let out = merge_edits(
            |m| {
                m.beoordeling.scores.push(Score {
                    criterion: "impact_omvang".into(),
                    score: Some(4),
                    reden: String::new(),
                });
            },
            |t| {
                t.beoordeling.scores.push(Score {
                    criterion: "impact_omvang".into(),
                    score: Some(3),
                    reden: "Drie kandidaten".into(),
                });
            },
        );
        assert_eq!(out.merged.beoordeling.scores.len(), 1);
        let s = &out.merged.beoordeling.scores[0];
        assert_eq!((s.score, s.reden.as_str()), (Some(4), "Drie kandidaten"));
        assert_eq!(
            out.conflicts,
            vec![Conflict {
                path: "beoordeling.scores.impact_omvang.score".into(),
                label: "Criterium 'Omvang': score".into(),
                mine: json!(4),
                theirs: json!(3),
                base: None,
            }]
        );
    }

    #[test]
    fn scores_are_matched_by_criterion() {
        let mut b = base();
        b.beoordeling.set_score("realisme_haalbaarheid", Some(2));
        b.beoordeling.set_score("impact_omvang", Some(2));
        let mut m = b.clone();
        m.beoordeling.set_score("realisme_haalbaarheid", Some(4));
        let mut t = b.clone();
        t.beoordeling.scores.reverse();
        t.beoordeling
            .set_reden("realisme_haalbaarheid", "Goede planning");
        t.beoordeling.oordeel = Some(Oordeel::Accepteren);
        let out = merge_ok(&b, &m, &t);
        assert!(out.is_clean());
        let s = out
            .merged
            .beoordeling
            .score_for("realisme_haalbaarheid")
            .unwrap();
        assert_eq!((s.score, s.reden.as_str()), (Some(4), "Goede planning"));
        assert_eq!(out.merged.beoordeling.oordeel, Some(Oordeel::Accepteren));
        // Only theirs reordered: their order is taken.
        assert_eq!(out.merged.beoordeling.scores[0].criterion, "impact_omvang");
    }

    #[test]
    fn reorder_on_one_side_is_taken_with_edits_from_the_other() {
        let merged = merge_clean(
            |m| {
                m.stakeholders[0].naam = "Inkoper".into();
                m.stakeholders.push(stakeholder("m1", "Nieuw van mij"));
            },
            |t| t.stakeholders.reverse(),
        );
        assert_eq!(ids(&merged.stakeholders), ["s3", "s2", "s1", "m1"]);
        assert_eq!(merged.stakeholders[2].naam, "Inkoper");
    }

    #[test]
    fn reorder_on_both_sides_keeps_mine_and_appends_new_items_from_theirs() {
        let merged = merge_clean(
            |m| {
                m.stakeholders.swap(0, 1); // s2 s1 s3
            },
            |t| {
                t.stakeholders.swap(1, 2); // s1 s3 s2
                t.stakeholders.insert(0, stakeholder("t1", "Van hen"));
            },
        );
        assert_eq!(ids(&merged.stakeholders), ["s2", "s1", "s3", "t1"]);
    }

    #[test]
    fn both_sides_reordering_the_same_way_is_no_problem() {
        let b = base();
        let mut m = base();
        m.stakeholders.reverse();
        let mut t = m.clone();
        t.stakeholders.insert(1, stakeholder("t1", "Van hen"));
        let out = merge_ok(&b, &m, &t);
        assert_eq!(ids(&out.merged.stakeholders), ["s3", "t1", "s2", "s1"]);
    }

    #[test]
    fn different_documents_cannot_be_merged() {
        let b = base();
        let mut other = base();
        other.id = "p-2".into();
        assert_eq!(merge(&b, &b, &other), Err(MergeError::DifferentDocuments));
        assert_eq!(merge(&other, &b, &b), Err(MergeError::DifferentDocuments));
        assert_eq!(
            MergeError::DifferentDocuments.to_string(),
            "Deze versies horen bij verschillende proeftuinen."
        );
    }

    #[test]
    fn metadata_takes_the_latest_change_and_the_base_creation_time() {
        let merged = merge_clean(
            |m| {
                m.changed = t0() + Duration::hours(1);
                m.schema_version = 1;
            },
            |t| {
                t.changed = t0() + Duration::hours(3);
                t.created = t0() + Duration::hours(2);
            },
        );
        assert_eq!(merged.changed, t0() + Duration::hours(3));
        assert_eq!(merged.created, t0());
        assert_eq!(merged.schema_version, SCHEMA_VERSION);
        assert_eq!(merged.id, "p-1");
    }

    fn naam_conflict() -> MergeOutcome {
        let b = base();
        let mut m = base();
        m.vertrekpunt.naam = "Mijn naam".into();
        m.stakeholders[1].nodig = "Mijn tekst".into();
        let mut t = base();
        t.vertrekpunt.naam = "Hun naam".into();
        t.stakeholders[1].nodig = "Hun tekst".into();
        merge_ok(&b, &m, &t)
    }

    #[test]
    fn choosing_theirs_takes_their_value() {
        let mut out = naam_conflict();
        assert!(apply_choice(&mut out, "vertrekpunt.naam", Side::Theirs));
        assert_eq!(out.merged.vertrekpunt.naam, "Hun naam");
        assert_eq!(paths(&out), ["stakeholders.s2.nodig"]);
        assert_eq!(
            out.conflicts[0].label,
            "Stakeholder 'HR-adviseur': wat we nodig hebben"
        );
        assert!(apply_choice(
            &mut out,
            "stakeholders.s2.nodig",
            Side::Theirs
        ));
        assert_eq!(out.merged.stakeholders[1].nodig, "Hun tekst");
        assert!(out.is_clean());
    }

    #[test]
    fn choosing_mine_keeps_mine_and_closes_the_conflict() {
        let mut out = naam_conflict();
        let before = out.merged.clone();
        assert!(apply_choice(&mut out, "vertrekpunt.naam", Side::Mine));
        assert!(apply_choice(&mut out, "stakeholders.s2.nodig", Side::Mine));
        assert_eq!(out.merged, before);
        assert!(out.is_clean());
    }

    #[test]
    fn choosing_for_an_unknown_path_changes_nothing() {
        let mut out = naam_conflict();
        let before = out.clone();
        assert!(!apply_choice(
            &mut out,
            "vertrekpunt.opdrachtgever",
            Side::Theirs
        ));
        assert_eq!(out, before);
    }

    #[test]
    fn choosing_the_deleting_side_removes_the_item_and_the_other_keeps_it() {
        let b = base();
        let mut m = base();
        m.plan.afspraken.clear();
        let mut t = base();
        t.plan.afspraken[0].eigenaar = "DUO".into();

        let mut out = merge_ok(&b, &m, &t);
        assert_eq!(paths(&out), ["plan.afspraken.a1"]);
        assert_eq!(
            out.conflicts[0].label,
            "Afspraak 'Drie stageplaatsen': door jou verwijderd, in de andere versie gewijzigd"
        );
        let mut keep = out.clone();
        assert!(apply_choice(&mut out, "plan.afspraken.a1", Side::Mine));
        assert!(out.merged.plan.afspraken.is_empty());
        assert!(apply_choice(&mut keep, "plan.afspraken.a1", Side::Theirs));
        assert_eq!(keep.merged.plan.afspraken, t.plan.afspraken);

        // Deleted by them: choosing theirs removes it.
        let mut out = merge_ok(&b, &t, &m);
        assert!(apply_choice(&mut out, "plan.afspraken.a1", Side::Theirs));
        assert!(out.merged.plan.afspraken.is_empty());
        assert!(out.is_clean());
    }

    #[test]
    fn ids_with_dots_still_resolve() {
        let mut b = base();
        b.stakeholders[0].id = "s.1".into();
        b.stakeholders[1].id = "s".into();
        let mut m = b.clone();
        m.stakeholders[0].naam = "Mijn".into();
        let mut t = b.clone();
        t.stakeholders[0].naam = "Hun".into();
        let mut out = merge_ok(&b, &m, &t);
        assert_eq!(paths(&out), ["stakeholders.s.1.naam"]);
        assert_eq!(out.conflicts[0].label, "Stakeholder 'Inkoper DUO': naam");
        assert!(apply_choice(
            &mut out,
            "stakeholders.s.1.naam",
            Side::Theirs
        ));
        assert_eq!(out.merged.stakeholders[0].naam, "Hun");
        assert_eq!(out.merged.stakeholders[1].naam, "HR-adviseur");
    }

    #[test]
    fn a_list_with_duplicate_ids_is_merged_as_a_whole() {
        let b = base();
        let mut m = base();
        m.stakeholders.push(stakeholder("s1", "Dubbel"));
        let mut t = base();
        t.stakeholders[2].naam = "Anders".into();
        let mut out = merge_ok(&b, &m, &t);
        assert_eq!(paths(&out), ["stakeholders"]);
        assert_eq!(out.conflicts[0].label, "Stakeholders");
        assert_eq!(out.merged.stakeholders, m.stakeholders);
        assert!(apply_choice(&mut out, "stakeholders", Side::Theirs));
        assert_eq!(out.merged.stakeholders, t.stakeholders);
    }

    #[test]
    fn labels_are_dutch_with_fallbacks() {
        let empty = json!({});
        let docs = [&empty, &empty, &empty];
        assert_eq!(
            label("vertrekpunt.naam", &Value::Null, &Value::Null, docs),
            "Naam van de proeftuin"
        );
        assert_eq!(
            label("plan.nieuw_veld", &Value::Null, &Value::Null, docs),
            "plan.nieuw_veld"
        );
        let doc = json!({"stakeholders": [{"id": "x", "naam": ""}]});
        assert_eq!(
            label(
                "stakeholders.x.eigenaar_contact",
                &json!(1),
                &json!(2),
                [&doc, &doc, &doc]
            ),
            "Stakeholder zonder naam: eigenaar van het contact"
        );
        assert_eq!(
            short("Een heel lange omschrijving van een afspraak die maar doorgaat"),
            "Een heel lange omschrijving van een afs…"
        );
    }

    #[test]
    fn conflicts_round_trip_through_json() {
        let out = naam_conflict();
        let text = serde_json::to_string(&out).unwrap();
        let back: MergeOutcome = serde_json::from_str(&text).unwrap();
        assert_eq!(back, out);
        assert_eq!(serde_json::to_string(&Side::Theirs).unwrap(), "\"theirs\"");
    }
}
