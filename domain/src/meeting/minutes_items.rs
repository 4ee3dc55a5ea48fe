//! Minutes linked to the agenda: a note-taker starts the minutes from the agenda (a heading
//! per item), and the minutes are read back split at those headings, so each item's part of
//! the record sits with the decisions and actions recorded against that item.

use super::AgendaItem;
use crate::ItemId;

/// The minutes' outline from the agenda: "# 1. Apologies and substitutes", a blank line for
/// the notes, and so on for each item, in order.
pub fn minutes_outline(agenda: &[AgendaItem]) -> String {
    agenda.iter().enumerate().map(|(i, a)| format!("# {}. {}\n\n\n", i + 1, a.title.trim())).collect::<String>().trim_end().to_owned() + "\n"
}

/// One part of the minutes: the text under one heading (the heading included), and the
/// agenda item it is about when its heading names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesPart {
    pub item: Option<ItemId>,
    pub markdown: String,
}

/// The agenda item a heading's words name: "3. Section 11 audit" (its number, with or
/// without the title) or the item's title alone, ignoring case and spaces.
fn item_named(heading: &str, agenda: &[AgendaItem]) -> Option<ItemId> {
    let words = heading.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let same = |a: &AgendaItem| a.title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let digits = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    let (number, rest) = match words.split_once(['.', ' ']) {
        Some((n, rest)) if digits(n) => (n.parse::<usize>().ok(), rest.trim()),
        _ if digits(&words) => (words.parse::<usize>().ok(), ""),
        _ => (None, words.as_str()),
    };
    if let Some(n) = number {
        let a = agenda.get(n.checked_sub(1)?)?;
        return (rest.is_empty() || same(a) == rest).then_some(a.id);
    }
    agenda.iter().find(|a| same(a) == words).map(|a| a.id)
}

/// The minutes split at their top two levels of heading (`#` and `##`): each part names the
/// agenda item its heading names, if any; text before the first heading is a part of its own.
/// Parts are never empty, and joined they give back the text.
pub fn minutes_by_item(text: &str, agenda: &[AgendaItem]) -> Vec<MinutesPart> {
    let mut parts: Vec<MinutesPart> = Vec::new();
    let mut current = MinutesPart { item: None, markdown: String::new() };
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let heading = (!in_fence)
            .then(|| trimmed.strip_prefix("## ").or_else(|| trimmed.strip_prefix("# ")))
            .flatten();
        if let Some(h) = heading {
            if !current.markdown.is_empty() {
                parts.push(std::mem::replace(&mut current, MinutesPart { item: None, markdown: String::new() }));
            }
            current.item = item_named(h.trim_end(), agenda);
        }
        current.markdown.push_str(line);
    }
    if !current.markdown.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Vec<AgendaItem> {
        ["Apologies and substitutes", "Declarations of interest", "Section 11 audit findings"].iter().map(|t| AgendaItem::new(t, crate::meeting::Purpose::Information)).collect()
    }

    #[test]
    fn the_outline_has_a_heading_per_item_and_reads_back_as_those_items() {
        let a = agenda();
        let outline = minutes_outline(&a);
        assert_eq!(outline, "# 1. Apologies and substitutes\n\n\n# 2. Declarations of interest\n\n\n# 3. Section 11 audit findings\n");
        let parts = minutes_by_item(&outline, &a);
        assert_eq!(parts.iter().map(|p| p.item).collect::<Vec<_>>(), a.iter().map(|x| Some(x.id)).collect::<Vec<_>>());
        assert_eq!(parts.iter().map(|p| p.markdown.as_str()).collect::<String>(), outline, "nothing lost");
    }

    #[test]
    fn headings_name_items_by_number_or_title_and_other_text_stays_unlinked() {
        let a = agenda();
        let text = "Present: see the attendance.\n\n## 3.  Section 11 AUDIT findings\nThe audit was noted.\n```\n# not a heading\n```\n# Declarations of interest\nNone.\n# 7. Any other business\nNothing.\n# 1. Something else\nx\n# 2\ny\n";
        let parts = minutes_by_item(text, &a);
        let items: Vec<Option<ItemId>> = parts.iter().map(|p| p.item).collect();
        assert_eq!(items, [None, Some(a[2].id), Some(a[1].id), None, None, Some(a[1].id)]);
        assert!(parts[1].markdown.contains("# not a heading"), "a fenced line is text: {:?}", parts[1].markdown);
        assert_eq!(parts.iter().map(|p| p.markdown.as_str()).collect::<String>(), text);
        assert!(minutes_by_item("", &a).is_empty());
    }
}
