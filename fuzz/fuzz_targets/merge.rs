//! Fuzz target `merge`: the three-way merge of `proeftuin_domain::merge` on documents the
//! input derives.
//!
//! The input bytes drive a small edit script (read with `arbitrary::Unstructured`): pick a base
//! (one of the six voorbeelden or an empty document), edit it a little, then edit that base
//! twice more into *mine* and *theirs*. Edits work on the document's JSON, anywhere in it:
//! replace a value with the one at the same place in another voorbeeld, with a short text, a
//! small number or the other boolean; remove, copy (under a new or a clashing id), swap or add
//! list items. An edit that does not give a readable document is dropped, so every document
//! is a real [`Proeftuin`].
//!
//! Properties:
//! - `merge` never panics and never fails for three versions of one document;
//! - `merge(x, x, x)` is `x`, `merge(base, base, theirs)` is `theirs` and
//!   `merge(base, mine, base)` is `mine`, all without conflicts;
//! - swapping mine and theirs gives conflicts at the same paths;
//! - every conflict has a label and two different sides;
//! - settling every conflict with [`apply_choice`] (all mine, all theirs, or a mix the input
//!   picks) succeeds each time, leaves no conflict, and gives a document that reads back
//!   unchanged from local storage.
#![no_main]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use proeftuin_domain::{
    apply_choice, merge, parse_stored, stored_json, voorbeeld_document, voorbeelden, MergeOutcome,
    Proeftuin, Side,
};
use serde_json::Value;

const ID: &str = "fuzz-proeftuin";
/// Top-level fields that `merge` sets itself; edits leave them alone.
const METADATA: [&str; 4] = ["id", "schema_version", "created", "changed"];
/// Short texts and ids, so that both sides often pick the same one; `a.b` tests ids with a dot
/// (conflict paths are dotted).
const TEXTS: [&str; 6] = ["", "a", "b", "a.b", "vb-kpmg-dji-sh-1", "impact_omvang"];

fn created() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_557_600, 0).expect("a valid timestamp")
}

/// The documents to start from and to take values from, as JSON.
fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut docs = vec![Proeftuin::new(ID.to_string(), created())];
        docs.extend(
            voorbeelden()
                .iter()
                .filter_map(|v| voorbeeld_document(v.key, ID.to_string(), created())),
        );
        docs.iter()
            .map(|d| serde_json::to_value(d).expect("a document serializes"))
            .collect()
    })
}

/// One step into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn get<'v>(mut node: &'v Value, path: &[Step]) -> Option<&'v Value> {
    for step in path {
        node = match step {
            Step::Key(k) => node.as_object()?.get(k)?,
            Step::Index(i) => node.as_array()?.get(*i)?,
        };
    }
    Some(node)
}

fn get_mut<'v>(mut node: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    for step in path {
        node = match step {
            Step::Key(k) => node.as_object_mut()?.get_mut(k)?,
            Step::Index(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(node)
}

/// The number of places in the document an edit may touch (not the metadata, not the root),
/// or with `find: Some(n)`, the path of the n-th place (in a fixed walk order).
fn walk_places(doc: &Value, find: Option<usize>) -> (usize, Option<Vec<Step>>) {
    fn walk(
        node: &Value,
        path: &mut Vec<Step>,
        seen: &mut usize,
        find: Option<usize>,
    ) -> Option<Vec<Step>> {
        let at_root = path.is_empty();
        let children: Box<dyn Iterator<Item = (Step, &Value)>> = match node {
            Value::Object(map) => Box::new(
                map.iter()
                    .filter(|(k, _)| !(at_root && METADATA.contains(&k.as_str())))
                    .map(|(k, v)| (Step::Key(k.clone()), v)),
            ),
            Value::Array(items) => {
                Box::new(items.iter().enumerate().map(|(i, v)| (Step::Index(i), v)))
            }
            _ => return None,
        };
        for (step, child) in children {
            path.push(step);
            if find == Some(*seen) {
                return Some(path.clone());
            }
            *seen += 1;
            if let Some(found) = walk(child, path, seen, find) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    let mut seen = 0;
    let found = walk(doc, &mut Vec::new(), &mut seen, find);
    (seen, found)
}

/// Gives a list item a new key (`id`, or `criterion` for a score).
fn rekey(item: &mut Value, key: &str) {
    if let Some(map) = item.as_object_mut() {
        for field in ["id", "criterion"] {
            if map.contains_key(field) {
                map.insert(field.to_string(), Value::String(key.to_string()));
            }
        }
    }
}

fn text(u: &mut Unstructured) -> Result<Value> {
    Ok(Value::String(u.choose(&TEXTS)?.to_string()))
}

/// One random edit at one random place; `Ok(None)` when it does not apply there.
fn edit(u: &mut Unstructured, doc: &Value) -> Result<Option<Value>> {
    let (count, _) = walk_places(doc, None);
    if count == 0 {
        return Ok(None);
    }
    let (_, Some(path)) = walk_places(doc, Some(u.choose_index(count)?)) else {
        return Ok(None);
    };
    let donor = u.choose(seeds())?;
    let mut out = doc.clone();
    let Some(node) = get_mut(&mut out, &path) else {
        return Ok(None);
    };
    match u.int_in_range(0..=7u8)? {
        // The value another voorbeeld has at the same place.
        0 | 1 => match get(donor, &path) {
            Some(v) => *node = v.clone(),
            None => return Ok(None),
        },
        // A value of the same kind.
        2 => {
            *node = match node {
                Value::String(_) => text(u)?,
                Value::Number(_) => Value::from(u.int_in_range(0..=12u32)?),
                Value::Bool(b) => Value::Bool(!*b),
                Value::Null => match get(donor, &path) {
                    Some(v) => v.clone(),
                    None => return Ok(None),
                },
                _ => return Ok(None),
            }
        }
        // Empty it (no choice, empty text, empty list).
        3 => {
            *node = match node {
                Value::String(_) => Value::String(String::new()),
                Value::Array(_) => Value::Array(Vec::new()),
                Value::Object(_) => return Ok(None),
                _ => Value::Null,
            }
        }
        // List edits: remove, copy under another key, swap, add the donor's item.
        4 => {
            let Value::Array(items) = node else {
                return Ok(None);
            };
            if items.is_empty() {
                return Ok(None);
            }
            let i = u.choose_index(items.len())?;
            items.remove(i);
        }
        5 => {
            let Value::Array(items) = node else {
                return Ok(None);
            };
            if items.is_empty() {
                return Ok(None);
            }
            let mut item = items[u.choose_index(items.len())?].clone();
            if let Value::String(key) = text(u)? {
                rekey(&mut item, &key);
            }
            let at = u.int_in_range(0..=items.len())?;
            items.insert(at, item);
        }
        6 => {
            let Value::Array(items) = node else {
                return Ok(None);
            };
            if items.len() < 2 {
                return Ok(None);
            }
            let (i, j) = (u.choose_index(items.len())?, u.choose_index(items.len())?);
            items.swap(i, j);
        }
        _ => {
            let Value::Array(items) = node else {
                return Ok(None);
            };
            let Some(Value::Array(theirs)) = get(donor, &path) else {
                return Ok(None);
            };
            if theirs.is_empty() {
                return Ok(None);
            }
            let item = theirs[u.choose_index(theirs.len())?].clone();
            let at = u.int_in_range(0..=items.len())?;
            items.insert(at, item);
        }
    }
    // Only edits that leave a readable document count.
    Ok(serde_json::from_value::<Proeftuin>(out.clone())
        .is_ok()
        .then_some(out))
}

/// `doc` after up to `max` random edits, saved `minutes` after `created`.
fn edited(u: &mut Unstructured, doc: &Value, max: u8, minutes: i64) -> Result<Proeftuin> {
    let mut doc = doc.clone();
    for _ in 0..u.int_in_range(0..=max)? {
        if let Some(next) = edit(u, &doc)? {
            doc = next;
        }
    }
    let mut doc: Proeftuin = serde_json::from_value(doc).expect("edits keep a readable document");
    doc.changed = created() + Duration::minutes(minutes);
    Ok(doc)
}

fn assert_readable(doc: &Proeftuin) {
    assert_eq!(
        parse_stored(&stored_json(doc)).as_ref(),
        Ok(doc),
        "merged document does not read back the same"
    );
}

/// Settles every conflict, taking the side `pick` says, and checks what is left.
fn settle(mut outcome: MergeOutcome, mut pick: impl FnMut(usize) -> Side) -> Proeftuin {
    let paths: Vec<String> = outcome.conflicts.iter().map(|c| c.path.clone()).collect();
    for (i, path) in paths.iter().enumerate() {
        assert!(
            apply_choice(&mut outcome, path, pick(i)),
            "conflict at {path} could not be settled"
        );
    }
    assert_readable(&outcome.merged);
    assert!(
        outcome.is_clean(),
        "conflicts left: {:?}",
        outcome.conflicts
    );
    outcome.merged
}

fn conflict_paths(outcome: &MergeOutcome) -> BTreeSet<&str> {
    outcome.conflicts.iter().map(|c| c.path.as_str()).collect()
}

fn check(u: &mut Unstructured) -> Result<()> {
    let seed = u.choose(seeds())?.clone();
    let base = edited(u, &seed, 4, 0)?;
    let base_value = serde_json::to_value(&base).expect("a document serializes");
    let (mine_minutes, theirs_minutes) = (u.int_in_range(1..=3)?, u.int_in_range(1..=3)?);
    let mine = edited(u, &base_value, 6, mine_minutes)?;
    let theirs = edited(u, &base_value, 6, theirs_minutes)?;

    let same = merge(&base, &base, &base).expect("merging a document with itself");
    assert!(same.is_clean(), "x, x, x: {:?}", same.conflicts);
    assert_eq!(same.merged, base, "merge(x, x, x) is not x");

    let only_theirs = merge(&base, &base, &theirs).expect("merging theirs");
    assert!(
        only_theirs.is_clean(),
        "base, base, theirs: {:?}",
        only_theirs.conflicts
    );
    assert_eq!(
        only_theirs.merged, theirs,
        "merge(base, base, theirs) is not theirs"
    );

    let only_mine = merge(&base, &mine, &base).expect("merging mine");
    assert!(
        only_mine.is_clean(),
        "base, mine, base: {:?}",
        only_mine.conflicts
    );
    assert_eq!(
        only_mine.merged, mine,
        "merge(base, mine, base) is not mine"
    );

    let outcome = merge(&base, &mine, &theirs).expect("merging three versions of one document");
    assert_readable(&outcome.merged);
    assert_eq!(outcome.merged.changed, mine.changed.max(theirs.changed));
    assert_eq!(outcome.merged.created, base.created);
    if mine == theirs {
        assert!(
            outcome.is_clean(),
            "mine == theirs: {:?}",
            outcome.conflicts
        );
    }
    for c in &outcome.conflicts {
        assert!(!c.label.is_empty(), "conflict at {} has no label", c.path);
        assert_ne!(
            c.mine, c.theirs,
            "conflict at {} without a difference",
            c.path
        );
    }
    let swapped = merge(&base, &theirs, &mine).expect("merging the other way round");
    assert_eq!(
        conflict_paths(&outcome),
        conflict_paths(&swapped),
        "swapping mine and theirs changes the conflicts"
    );

    settle(outcome.clone(), |_| Side::Mine);
    settle(outcome.clone(), |_| Side::Theirs);
    let picks: Vec<bool> = (0..outcome.conflicts.len())
        .map(|_| u.arbitrary())
        .collect::<Result<_>>()?;
    settle(
        outcome,
        |i| if picks[i] { Side::Mine } else { Side::Theirs },
    );
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    // Running out of input only ends the script early: `Unstructured` then gives zeros.
    let _ = check(&mut Unstructured::new(data));
});
