//! Markdown (CommonMark with tables, parsed by `pulldown-cmark`) → a small tree the reading
//! view renders as Leptos nodes. Only what procedures use survives as structure: headings,
//! paragraphs, lists, block quotes, code, tables, bold, italic, code spans and links.
//!
//! Safety: the tree holds text, never markup. Raw HTML in the source (blocks and inline
//! tags) becomes [`Inline::Text`] with its characters as written, so it is shown, escaped,
//! and never runs. A link keeps its address only for `http:`, `https:` and `mailto:`; any
//! other (`javascript:`, `data:`, relative) becomes its text alone. Images are shown as
//! their alternative text (nothing is fetched).

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag};

/// A block of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `level` 1–6 as written (the view shifts it under the page's own headings).
    Heading { level: u8, content: Vec<Inline> },
    Paragraph(Vec<Inline>),
    /// Text directly in a tight list item (no paragraph around it).
    Plain(Vec<Inline>),
    /// `start` is the first number of an ordered list, `None` for bullets.
    List { start: Option<u64>, items: Vec<Vec<Block>> },
    Quote(Vec<Block>),
    Code(String),
    Table { head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>> },
    Rule,
}

/// Text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Code(String),
    /// A link to an allowed address (see [`safe_href`]).
    Link { href: String, content: Vec<Inline> },
    LineBreak,
    /// Content kept without a wrapper (a refused link's or an image's text).
    Span(Vec<Inline>),
}

/// Parses `source` into blocks.
pub fn parse(source: &str) -> Vec<Block> {
    let mut events = Parser::new_ext(source, Options::ENABLE_TABLES);
    blocks(&mut events)
}

/// `href` when a link may point there: `http:`, `https:` or `mailto:` (any case), with no
/// control characters; `None` otherwise.
pub fn safe_href(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p));
    (allowed && !href.chars().any(char::is_control)).then(|| href.to_owned())
}

/// Blocks until the end of the enclosing container (or of the events).
fn blocks<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut loose: Vec<Inline> = Vec::new();
    let flush = |out: &mut Vec<Block>, loose: &mut Vec<Inline>| {
        if !loose.is_empty() {
            out.push(Block::Plain(std::mem::take(loose)));
        }
    };
    while let Some(event) = events.next() {
        let block = match event {
            Event::End(_) => break,
            Event::Rule => Some(Block::Rule),
            Event::Start(Tag::Paragraph) => Some(Block::Paragraph(inlines(events))),
            Event::Start(Tag::Heading { level, .. }) => Some(Block::Heading {
                level: heading_level(level),
                content: inlines(events),
            }),
            Event::Start(Tag::BlockQuote(_)) => Some(Block::Quote(blocks(events))),
            Event::Start(Tag::CodeBlock(_)) => Some(Block::Code(text_until_end(events))),
            // Raw HTML is shown as the text it is.
            Event::Start(Tag::HtmlBlock) => {
                let raw = text_until_end(events);
                Some(Block::Paragraph(vec![Inline::Text(raw.trim_end_matches('\n').to_owned())]))
            }
            Event::Start(Tag::List(start)) => Some(Block::List {
                start,
                items: items(events),
            }),
            Event::Start(Tag::Table(_)) => Some(table(events)),
            Event::Start(
                tag @ (Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }),
            ) => {
                if let Some(i) = inline(Event::Start(tag), events) {
                    push_inline(&mut loose, i);
                }
                None
            }
            // Any other container (footnotes, definition lists, metadata): its contents.
            Event::Start(_) => {
                flush(&mut out, &mut loose);
                out.extend(blocks(events));
                None
            }
            other => {
                if let Some(i) = inline(other, events) {
                    push_inline(&mut loose, i);
                }
                None
            }
        };
        if let Some(block) = block {
            flush(&mut out, &mut loose);
            out.push(block);
        }
    }
    flush(&mut out, &mut loose);
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A list's items, until the list ends.
fn items<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Vec<Vec<Block>> {
    let mut out = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Item) => out.push(blocks(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    out
}

/// A table: its head's cells and its rows' cells, until it ends.
fn table<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Block {
    let (mut head, mut rows) = (Vec::new(), Vec::new());
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableHead) => head = cells(events),
            Event::Start(Tag::TableRow) => rows.push(cells(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::Table { head, rows }
}

fn cells<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Vec<Vec<Inline>> {
    let mut out = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableCell) => out.push(inlines(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    out
}

/// Inline content until the enclosing tag ends.
fn inlines<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Vec<Inline> {
    let mut out = Vec::new();
    while let Some(event) = events.next() {
        if matches!(event, Event::End(_)) {
            break;
        }
        if let Some(i) = inline(event, events) {
            push_inline(&mut out, i);
        }
    }
    out
}

/// One inline element from `event` (reading on to its end when it is a container).
fn inline<'a>(event: Event<'a>, events: &mut impl Iterator<Item = Event<'a>>) -> Option<Inline> {
    Some(match event {
        Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            Inline::Text(t.into_string())
        }
        Event::Code(t) => Inline::Code(t.into_string()),
        Event::SoftBreak => Inline::Text("\n".to_owned()),
        Event::HardBreak => Inline::LineBreak,
        Event::FootnoteReference(name) => Inline::Text(format!("[^{name}]")),
        Event::TaskListMarker(done) => Inline::Text(if done { "[x] " } else { "[ ] " }.to_owned()),
        Event::Start(Tag::Strong) => Inline::Strong(inlines(events)),
        Event::Start(Tag::Emphasis) => Inline::Emphasis(inlines(events)),
        Event::Start(Tag::Link {
            link_type, dest_url, ..
        }) => {
            let content = inlines(events);
            let href = if link_type == LinkType::Email {
                format!("mailto:{dest_url}")
            } else {
                dest_url.into_string()
            };
            match safe_href(&href) {
                Some(href) => Inline::Link { href, content },
                None => return Some(group(content)),
            }
        }
        // Images show their alternative text; other spans their content.
        Event::Start(_) => return Some(group(inlines(events))),
        Event::End(_) | Event::Rule => return None,
    })
}

/// Inline content without a wrapper, as one element: the element itself when there is one,
/// the joined text when all are texts, else a [`Inline::Span`].
fn group(content: Vec<Inline>) -> Inline {
    if content.iter().all(|i| matches!(i, Inline::Text(_))) {
        let text = content
            .into_iter()
            .filter_map(|i| match i {
                Inline::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        return Inline::Text(text);
    }
    match <[Inline; 1]>::try_from(content) {
        Ok([one]) => one,
        Err(many) => Inline::Span(many),
    }
}

/// Appends `i`, joining adjacent texts (the parser splits text at special characters).
fn push_inline(out: &mut Vec<Inline>, i: Inline) {
    match (out.last_mut(), i) {
        (Some(Inline::Text(last)), Inline::Text(t)) => last.push_str(&t),
        (_, i) => out.push(i),
    }
}

/// The text of a code or HTML block, until it ends.
fn text_until_end<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    for event in events.by_ref() {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::End(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text(t.to_owned())
    }

    /// Every text of the tree, and every link's address, in order.
    fn all_text(blocks: &[Block]) -> String {
        fn inl(out: &mut String, i: &[Inline]) {
            for i in i {
                match i {
                    Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                    Inline::Strong(c) | Inline::Emphasis(c) | Inline::Span(c) => inl(out, c),
                    Inline::Link { href, content } => {
                        out.push_str(&format!("<{href}>"));
                        inl(out, content);
                    }
                    Inline::LineBreak => out.push('\n'),
                }
            }
        }
        let mut out = String::new();
        for b in blocks {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => inl(&mut out, content),
                Block::List { items, .. } => items.iter().for_each(|i| out.push_str(&all_text(i))),
                Block::Quote(b) => out.push_str(&all_text(b)),
                Block::Code(c) => out.push_str(c),
                Block::Table { head, rows } => {
                    head.iter().chain(rows.iter().flatten()).for_each(|c| inl(&mut out, c));
                }
                Block::Rule => {}
            }
        }
        out
    }

    fn links(blocks: &[Block]) -> Vec<String> {
        all_text(blocks)
            .split('<')
            .skip(1)
            .filter_map(|s| s.split_once('>').map(|(h, _)| h.to_owned()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_bold_and_italic() {
        let got = parse("# Escalation\n\nRaise it **today** with *your* manager.\n\n### Stage 2");
        assert_eq!(
            got,
            vec![
                Block::Heading { level: 1, content: vec![text("Escalation")] },
                Block::Paragraph(vec![
                    text("Raise it "),
                    Inline::Strong(vec![text("today")]),
                    text(" with "),
                    Inline::Emphasis(vec![text("your")]),
                    text(" manager."),
                ]),
                Block::Heading { level: 3, content: vec![text("Stage 2")] },
            ]
        );
    }

    #[test]
    fn bullet_and_numbered_lists_nest() {
        let got = parse("- one\n- two\n  1. first\n  2. second\n\n3. three\n4. four");
        assert_eq!(
            got,
            vec![
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Plain(vec![text("one")])],
                        vec![
                            Block::Plain(vec![text("two")]),
                            Block::List {
                                start: Some(1),
                                items: vec![vec![Block::Plain(vec![text("first")])], vec![Block::Plain(vec![text("second")])]],
                            },
                        ],
                    ],
                },
                Block::List {
                    start: Some(3),
                    items: vec![vec![Block::Plain(vec![text("three")])], vec![Block::Plain(vec![text("four")])]],
                },
            ]
        );
    }

    #[test]
    fn tables_have_a_head_and_rows() {
        let got = parse("| Stage | Who |\n|---|:-:|\n| 1 | **Practitioner** |\n| 2 | Manager |");
        assert_eq!(
            got,
            vec![Block::Table {
                head: vec![vec![text("Stage")], vec![text("Who")]],
                rows: vec![
                    vec![vec![text("1")], vec![Inline::Strong(vec![text("Practitioner")])]],
                    vec![vec![text("2")], vec![text("Manager")]],
                ],
            }]
        );
    }

    #[test]
    fn web_and_mail_links_are_kept() {
        let got = parse("See [Working Together](https://www.gov.uk/wt), <https://example.org> or <lsab@example.org> or [mail](MAILTO:a@example.org).");
        assert_eq!(
            links(&got),
            ["https://www.gov.uk/wt", "https://example.org", "mailto:lsab@example.org", "MAILTO:a@example.org"]
        );
        assert!(matches!(&got[0], Block::Paragraph(i) if matches!(&i[1], Inline::Link { href, content } if href == "https://www.gov.uk/wt" && content == &vec![text("Working Together")])));
    }

    #[test]
    fn other_links_keep_only_their_text() {
        for source in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click]( javascript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox)",
            "[click](/relative/path)",
            "[click](//evil.example)",
            "<javascript:alert(1)>",
        ] {
            let got = parse(source);
            assert!(links(&got).is_empty(), "{source}: {got:?}");
            let shown = all_text(&got);
            assert!(shown.contains("click") || shown.contains("javascript:alert(1)"), "{source}: {shown:?}");
        }
        assert_eq!(parse("[*click* me](javascript:x)"), vec![Block::Paragraph(vec![Inline::Span(vec![Inline::Emphasis(vec![text("click")]), text(" me")])])]);
        assert_eq!(safe_href("https://a.example/\u{0}x"), None);
    }

    #[test]
    fn raw_html_is_text() {
        let got = parse("<script>alert('x')</script>\n\nHello <b onclick=\"x()\">there</b> <img src=x onerror=alert(1)>");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(matches!(&got[0], Block::Paragraph(i) if i == &vec![text("<script>alert('x')</script>")]), "{got:?}");
        assert_eq!(
            got[1],
            Block::Paragraph(vec![text("Hello <b onclick=\"x()\">there</b> <img src=x onerror=alert(1)>")])
        );
    }

    #[test]
    fn images_show_their_alternative_text_only() {
        let got = parse("![Escalation flowchart](https://example.org/x.png)");
        assert_eq!(got, vec![Block::Paragraph(vec![text("Escalation flowchart")])]);
    }

    #[test]
    fn code_quotes_and_breaks() {
        let got = parse("> Quoted `code`\n\n```\n<b>raw</b>\n```\n\nline one  \nline two\n\n---");
        assert_eq!(
            got,
            vec![
                Block::Quote(vec![Block::Paragraph(vec![text("Quoted "), Inline::Code("code".into())])]),
                Block::Code("<b>raw</b>\n".into()),
                Block::Paragraph(vec![text("line one"), Inline::LineBreak, text("line two")]),
                Block::Rule,
            ]
        );
    }

    #[test]
    fn empty_and_plain_text() {
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("just words"), vec![Block::Paragraph(vec![text("just words")])]);
    }
}
