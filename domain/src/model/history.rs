//! Who changed what and when: a document's timeline, earlier versions, and fields that two
//! people set differently at the same time (conflicts) with a way to pick one.

use automerge::{
    transaction::{CommitOptions, Transactable},
    Automerge, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use autosurgeon::Hydrate;

use super::DocError;

/// One change in a document's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEntry {
    pub hash: ChangeHash,
    /// The device (automerge actor) that made it; the server maps it to an account.
    pub actor: String,
    /// Seconds since the epoch, as the device recorded it.
    pub time: i64,
    pub message: Option<String>,
}

/// Every change, newest first.
pub fn timeline(doc: &Automerge) -> Vec<ChangeEntry> {
    let mut out: Vec<ChangeEntry> = doc
        .get_changes_meta(&[])
        .into_iter()
        .map(|m| ChangeEntry {
            hash: m.hash,
            actor: m.actor.to_hex_string(),
            time: m.timestamp,
            message: m.message.map(|s| s.into_owned()),
        })
        .collect();
    out.reverse();
    out.sort_by_key(|e| std::cmp::Reverse(e.time));
    out
}

/// The document as it was at `heads` (a read-only view of an earlier version).
pub fn read_at<T: Hydrate>(doc: &Automerge, heads: &[ChangeHash]) -> Result<T, DocError> {
    let old = doc.fork_at(heads).map_err(|e| DocError::Write(e.to_string()))?;
    super::read(&old)
}

/// One of the values of a conflicted field, with the change that wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictValue {
    pub value: ScalarValue,
    pub actor: String,
    pub time: Option<i64>,
}

/// A single-valued field that concurrent edits set differently. Automerge keeps one
/// winner (what the typed document shows) and the others; a person picks one.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Map keys from the root, e.g. `["terms", "version"]`.
    pub path: Vec<String>,
    pub values: Vec<ConflictValue>,
}

/// Every conflicted scalar field in the document's maps (text and list contents excluded).
pub fn conflicts(doc: &Automerge) -> Vec<Conflict> {
    let meta = doc.get_changes_meta(&[]);
    let time_of = |actor: &automerge::ActorId, counter: u64| {
        meta.iter()
            .find(|m| m.actor.as_ref() == actor && m.start_op <= counter && counter <= m.max_op)
            .map(|m| m.timestamp)
    };
    let mut out = Vec::new();
    let mut stack: Vec<(ObjId, Vec<String>)> = vec![(ROOT, Vec::new())];
    while let Some((obj, path)) = stack.pop() {
        for key in doc.keys(&obj) {
            let Ok(all) = doc.get_all(&obj, key.as_str()) else { continue };
            let mut child_path = path.clone();
            child_path.push(key.clone());
            if all.len() > 1 {
                let values: Vec<ConflictValue> = all
                    .iter()
                    .filter_map(|(v, id)| match (v, id) {
                        (Value::Scalar(s), automerge::ObjId::Id(counter, actor, _)) => Some(ConflictValue {
                            value: s.as_ref().clone(),
                            actor: actor.to_hex_string(),
                            time: time_of(actor, *counter),
                        }),
                        _ => None,
                    })
                    .collect();
                if values.len() > 1 {
                    out.push(Conflict { path: child_path.clone(), values });
                }
            }
            match doc.get(&obj, key.as_str()) {
                Ok(Some((Value::Object(ObjType::Map), id))) => stack.push((id, child_path)),
                // Maps inside lists (seats, items): their fields conflict too. The path names
                // the list position.
                Ok(Some((Value::Object(ObjType::List), list))) => {
                    for i in 0..doc.length(&list) {
                        if let Ok(Some((Value::Object(ObjType::Map), id))) = doc.get(&list, i) {
                            let mut p = child_path.clone();
                            p.push(i.to_string());
                            stack.push((id, p));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Resolves a conflict by writing the chosen value over every concurrent one.
pub fn resolve(doc: &mut Automerge, path: &[String], value: ScalarValue, time: i64) -> Result<(), DocError> {
    let Some((last, parents)) = path.split_last() else {
        return Err(DocError::Write("empty path".into()));
    };
    let mut obj = ROOT;
    for p in parents {
        let child = match doc.object_type(&obj) {
            Ok(ObjType::List) => p.parse::<usize>().ok().and_then(|i| doc.get(&obj, i).ok().flatten()),
            _ => doc.get(&obj, p.as_str()).ok().flatten(),
        };
        obj = match child {
            Some((Value::Object(ObjType::Map | ObjType::List), id)) => id,
            _ => return Err(DocError::Write(format!("no field {p}"))),
        };
    }
    doc.transact_with::<_, _, automerge::AutomergeError, _>(
        |_| CommitOptions::default().with_message("Resolved a conflict".to_owned()).with_time(time),
        |tx| tx.put(&obj, last.as_str(), value),
    )
    .map_err(|f| DocError::Write(f.error.to_string()))?;
    Ok(())
}

/// When a change was made, as people read it (UTC): `22 November 2026, 07:05 UTC`.
pub fn time_label(seconds: i64) -> String {
    match chrono::DateTime::from_timestamp(seconds, 0) {
        Some(t) => t.format("%-d %B %Y, %H:%M UTC").to_string(),
        None => "Unknown time".to_owned(),
    }
}

/// A device, as a short label until changes map to accounts: `device 3f2a9c`.
pub fn device_label(actor: &str) -> String {
    format!("device {}", actor.chars().take(6).collect::<String>())
}

/// A conflicted field's path in words: `["terms", "version"]` → `Terms of reference: version`.
pub fn field_label(path: &[String]) -> String {
    let word = |p: &str| -> String {
        match p {
            "terms" => "Terms of reference".into(),
            "name" => "Name".into(),
            "kind" => "Kind".into(),
            "reports_to" => "Reports to".into(),
            "reporting_cadence" => "Reporting cadence".into(),
            "status" => "Status".into(),
            "frequency" => "Meeting frequency".into(),
            "chairing" => "Chairing".into(),
            "version" => "Version".into(),
            "review_date" => "Review date".into(),
            "seats" => "Seat".into(),
            other if other.parse::<usize>().is_ok() => format!("number {}", other.parse::<usize>().unwrap_or(0) + 1),
            other => other.replace('_', " "),
        }
    };
    let words: Vec<String> = path.iter().map(|p| word(p)).collect();
    match words.split_first() {
        None => String::new(),
        Some((first, [])) => first.clone(),
        Some((first, rest)) => format!("{first}: {}", rest.join(", ").to_lowercase()),
    }
}

impl ConflictValue {
    /// The value as text (strings without quotes).
    pub fn display(&self) -> String {
        match &self.value {
            ScalarValue::Str(s) => s.to_string(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, PartnershipDoc};

    fn doc() -> Automerge {
        let mut d = Automerge::new();
        model::update(&mut d, "Created", 100, |p: &mut PartnershipDoc| p.rename("Board")).unwrap();
        d
    }

    #[test]
    fn the_timeline_lists_changes_newest_first_with_their_messages() {
        let mut d = doc();
        model::update(&mut d, "Renamed", 200, |p: &mut PartnershipDoc| p.rename("New")).unwrap();
        let t = timeline(&d);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].message.as_deref(), t[0].time), (Some("Renamed"), 200));
        let before: PartnershipDoc = read_at(&d, &[t[1].hash]).unwrap();
        assert_eq!(before.name, "Board", "an earlier version reads as it was");
    }

    #[test]
    fn concurrent_renames_show_as_a_conflict_until_one_is_picked() {
        let mut a = doc();
        let mut b = a.fork().with_actor(automerge::ActorId::random());
        model::update(&mut a, "Renamed", 300, |p: &mut PartnershipDoc| p.rename("Name A")).unwrap();
        model::update(&mut b, "Renamed", 301, |p: &mut PartnershipDoc| p.rename("Name B")).unwrap();
        a.merge(&mut b).unwrap();
        let c = conflicts(&a);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].path, vec!["name".to_owned()]);
        let mut values: Vec<String> = c[0].values.iter().map(|v| v.value.to_string()).collect();
        values.sort();
        assert_eq!(values, vec!["\"Name A\"", "\"Name B\""]);
        assert!(c[0].values.iter().all(|v| v.time.is_some()));
        resolve(&mut a, &c[0].path, ScalarValue::Str("Name B".into()), 400).unwrap();
        assert!(conflicts(&a).is_empty());
        assert_eq!(model::read::<PartnershipDoc>(&a).unwrap().name, "Name B");
    }

    #[test]
    fn times_devices_and_fields_read_as_words() {
        assert_eq!(time_label(0), "1 January 1970, 00:00 UTC");
        assert_eq!(device_label("3f2a9c77aa"), "device 3f2a9c");
        assert_eq!(field_label(&["name".into()]), "Name");
        assert_eq!(field_label(&["terms".into(), "version".into()]), "Terms of reference: version");
        assert_eq!(field_label(&["seats".into(), "2".into(), "holder".into()]), "Seat: number 3, holder");
        let v = ConflictValue { value: ScalarValue::Str("Name A".into()), actor: "a".into(), time: None };
        assert_eq!(v.display(), "Name A");
    }
}
