//! The rest of what a sign-off approves, compared between two versions: related guidance and
//! legislation, local contacts (each matched by id: added, removed or changed) and the
//! review date. Plain data for the compare page.

use super::{Contact, Link, LinkKind, ProcedureContent};
use crate::model::Date;

/// A link or contact compared between two versions (matched by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemChange<T> {
    Added(T),
    Removed(T),
    Changed { before: T, after: T },
}

impl<T> ItemChange<T> {
    /// The item as it is in the later version (as it was, for a removed one).
    pub fn current(&self) -> &T {
        match self {
            ItemChange::Added(t) | ItemChange::Removed(t) => t,
            ItemChange::Changed { after, .. } => after,
        }
    }

    /// "Added", "Removed" or "Changed" (the page's tag says it in words).
    pub fn label(&self) -> &'static str {
        match self {
            ItemChange::Added(_) => "Added",
            ItemChange::Removed(_) => "Removed",
            ItemChange::Changed { .. } => "Changed",
        }
    }
}

/// Links, contacts and review date compared; only what differs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailsComparison {
    /// In the later version's order, then the removed ones in the earlier version's order.
    pub links: Vec<ItemChange<Link>>,
    pub contacts: Vec<ItemChange<Contact>>,
    /// (before, after) when the review date changed (set, moved or cleared).
    pub review_date: Option<(Option<Date>, Option<Date>)>,
}

impl DetailsComparison {
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.contacts.is_empty() && self.review_date.is_none()
    }

    /// "Related guidance and legislation: 1 added, 1 changed. Local contacts: 1 removed.
    /// Review date changed." or "No changes to related guidance, local contacts or the
    /// review date".
    pub fn sentence(&self) -> String {
        fn counts<T>(items: &[ItemChange<T>]) -> String {
            let n = |f: fn(&ItemChange<T>) -> bool| items.iter().filter(|i| f(i)).count();
            [(n(|i| matches!(i, ItemChange::Added(_))), "added"), (n(|i| matches!(i, ItemChange::Removed(_))), "removed"), (n(|i| matches!(i, ItemChange::Changed { .. })), "changed")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| format!("{n} {w}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        if self.is_empty() {
            return "No changes to related guidance, local contacts or the review date".into();
        }
        let mut parts = Vec::new();
        if !self.links.is_empty() {
            parts.push(format!("Related guidance and legislation: {}.", counts(&self.links)));
        }
        if !self.contacts.is_empty() {
            parts.push(format!("Local contacts: {}.", counts(&self.contacts)));
        }
        if self.review_date.is_some() {
            parts.push("Review date changed.".to_owned());
        }
        parts.join(" ")
    }
}

/// "Guidance" or "Legislation".
pub fn link_kind_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Guidance => "Guidance",
        LinkKind::Legislation => "Legislation",
    }
}

fn compare_items<T: Clone + PartialEq>(before: &[T], after: &[T], id: impl Fn(&T) -> crate::ItemId) -> Vec<ItemChange<T>> {
    let mut out = Vec::new();
    for a in after {
        match before.iter().find(|b| id(b) == id(a)) {
            None => out.push(ItemChange::Added(a.clone())),
            Some(b) if b != a => out.push(ItemChange::Changed { before: b.clone(), after: a.clone() }),
            Some(_) => {}
        }
    }
    for b in before {
        if !after.iter().any(|a| id(a) == id(b)) {
            out.push(ItemChange::Removed(b.clone()));
        }
    }
    out
}

/// Compares the links, contacts and review date of two contents.
pub fn compare_details(before: &ProcedureContent, after: &ProcedureContent) -> DetailsComparison {
    DetailsComparison {
        links: compare_items(&before.links, &after.links, |l| l.id),
        contacts: compare_items(&before.contacts, &after.contacts, |c| c.id),
        review_date: (before.review_date != after.review_date).then_some((before.review_date, after.review_date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{procedure::ProcedureDoc, DocumentId};

    fn content(p: &ProcedureDoc) -> ProcedureContent {
        ProcedureContent::of(p)
    }

    #[test]
    fn links_contacts_and_the_review_date_are_compared_by_id() {
        let mut p = ProcedureDoc::new("Escalation", None, &[DocumentId::random()]).unwrap();
        let wt = Link::new(LinkKind::Guidance, "Working Together 2023", "https://www.gov.uk/wt").unwrap();
        let act = Link::new(LinkKind::Legislation, "Children Act 1989", "https://www.legislation.gov.uk/1989").unwrap();
        let old = Link::new(LinkKind::Guidance, "Old thresholds", "https://example.org/old").unwrap();
        p.links = vec![wt.clone(), act.clone(), old.clone()];
        let duty = Contact { id: crate::ItemId::random(), name: "Duty team".into(), organisation: "Leicester City Council".into(), details: "0116 454 1004".into() };
        p.contacts = vec![duty.clone()];
        p.review_date = Date::from_ymd(2027, 3, 31);
        let before = content(&p);
        assert!(compare_details(&before, &before).is_empty());
        assert_eq!(compare_details(&before, &before).sentence(), "No changes to related guidance, local contacts or the review date");

        let mut wt2 = wt.clone();
        wt2.title = "Working Together to Safeguard Children 2023".into();
        let new = Link::new(LinkKind::Guidance, "LLR thresholds", "https://example.org/llr").unwrap();
        p.links = vec![new.clone(), act.clone(), wt2.clone()];
        let mut duty2 = duty.clone();
        duty2.details = "0116 454 1004, out of hours 0116 255 1606".into();
        let police = Contact { id: crate::ItemId::random(), name: "Police CAIU".into(), organisation: String::new(), details: "101".into() };
        p.contacts = vec![duty2.clone(), police.clone()];
        p.review_date = Date::from_ymd(2027, 9, 30);
        let d = compare_details(&before, &content(&p));
        assert_eq!(
            d.links,
            [ItemChange::Added(new), ItemChange::Changed { before: wt, after: wt2.clone() }, ItemChange::Removed(old)],
            "the later order, then removed ones; the unchanged act is left out"
        );
        assert_eq!(d.contacts, [ItemChange::Changed { before: duty, after: duty2 }, ItemChange::Added(police)]);
        assert_eq!(d.review_date, Some((Date::from_ymd(2027, 3, 31), Date::from_ymd(2027, 9, 30))));
        assert_eq!(d.links[1].current(), &wt2);
        assert_eq!(d.sentence(), "Related guidance and legislation: 1 added, 1 removed, 1 changed. Local contacts: 1 added, 1 changed. Review date changed.");

        // Cleared.
        p.review_date = None;
        assert_eq!(compare_details(&before, &content(&p)).review_date, Some((Date::from_ymd(2027, 3, 31), None)));
    }
}
