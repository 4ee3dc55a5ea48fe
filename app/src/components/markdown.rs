//! [`Markdown`]: a procedure's Markdown text shown with GOV.UK typography. The source is
//! parsed into a tree of text ([`crate::text::markdown`]) and built as Leptos nodes, so
//! every character of the source reaches the page as text (escaped), never as markup: raw
//! HTML shows as written and only `http`, `https` and `mailto` links become links.

use leptos::prelude::*;

use crate::text::markdown::{self, Block, Inline};

/// Renders `source`. `heading_offset` shifts the source's headings under the page's own
/// (a `#` in a section under an `h2` is an `h3` with the default of 2); the deepest is `h6`.
#[component]
pub fn Markdown(
    #[prop(into)] source: Signal<String>,
    #[prop(default = 2)] heading_offset: u8,
) -> impl IntoView {
    view! {
        <div class="app-markdown">
            {move || source.with(|s| blocks(markdown::parse(s), heading_offset))}
        </div>
    }
}

fn blocks(blocks: Vec<Block>, offset: u8) -> Vec<AnyView> {
    blocks.into_iter().map(|b| block(b, offset)).collect()
}

fn block(b: Block, offset: u8) -> AnyView {
    match b {
        Block::Heading { level, content } => heading(level.saturating_add(offset).min(6), inlines(content)),
        Block::Paragraph(content) => view! { <p class="govuk-body">{inlines(content)}</p> }.into_any(),
        Block::Plain(content) => inlines(content).into_any(),
        Block::List { start: None, items } => {
            view! { <ul class="govuk-list govuk-list--bullet">{list_items(items, offset)}</ul> }.into_any()
        }
        Block::List { start: Some(n), items } => view! {
            <ol class="govuk-list govuk-list--number" start=(n != 1).then(|| n.to_string())>
                {list_items(items, offset)}
            </ol>
        }
        .into_any(),
        Block::Quote(inner) => view! { <blockquote class="govuk-inset-text">{blocks(inner, offset)}</blockquote> }.into_any(),
        Block::Code(code) => view! { <pre class="app-markdown__code"><code>{code}</code></pre> }.into_any(),
        Block::Table { head, rows } => view! {
            <table class="govuk-table">
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        {head
                            .into_iter()
                            .map(|c| view! { <th scope="col" class="govuk-table__header">{inlines(c)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr class="govuk-table__row">
                                    {row
                                        .into_iter()
                                        .map(|c| view! { <td class="govuk-table__cell">{inlines(c)}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        Block::Rule => view! { <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible" /> }.into_any(),
    }
}

fn list_items(items: Vec<Vec<Block>>, offset: u8) -> impl IntoView {
    items
        .into_iter()
        .map(|item| view! { <li>{blocks(item, offset)}</li> })
        .collect_view()
}

fn heading(level: u8, content: Vec<AnyView>) -> AnyView {
    match level {
        0..=2 => view! { <h2 class="govuk-heading-l">{content}</h2> }.into_any(),
        3 => view! { <h3 class="govuk-heading-m">{content}</h3> }.into_any(),
        4 => view! { <h4 class="govuk-heading-s">{content}</h4> }.into_any(),
        5 => view! { <h5 class="govuk-heading-s">{content}</h5> }.into_any(),
        _ => view! { <h6 class="govuk-heading-s">{content}</h6> }.into_any(),
    }
}

fn inlines(content: Vec<Inline>) -> Vec<AnyView> {
    content.into_iter().map(inline).collect()
}

fn inline(i: Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::Code(c) => view! { <code>{c}</code> }.into_any(),
        Inline::Link { href, content } => {
            // Web links leave the app: no referrer, no access to this window.
            let external = !href.to_ascii_lowercase().starts_with("mailto:");
            view! {
                <a class="govuk-link" href=href rel=external.then_some("noreferrer noopener")>
                    {inlines(content)}
                </a>
            }
            .into_any()
        }
        Inline::LineBreak => view! { <br /> }.into_any(),
        Inline::Span(c) => inlines(c).into_any(),
    }
}
