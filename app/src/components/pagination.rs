//! The GOV.UK pagination component: "Previous", the page numbers (the current one marked),
//! "Next", each a link to its page's address; nothing at all for a single page.

use leptos::prelude::*;

use crate::state::{Page, PageLink};

#[component]
pub fn Pagination(
    page: Memo<Page>,
    /// The address of page `n`.
    href: Callback<usize, String>,
    /// Names the navigation landmark, e.g. "Pages of actions".
    label: &'static str,
) -> impl IntoView {
    move || {
        let p = page.get();
        if p.count == 1 {
            return ().into_any();
        }
        let numbers = p
            .links()
            .into_iter()
            .map(|l| match l {
                PageLink::Ellipsis => view! { <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li> }.into_any(),
                PageLink::Number(n) if n == p.number => view! {
                    <li class="govuk-pagination__item govuk-pagination__item--current">
                        <a class="govuk-link govuk-pagination__link" href=href.run(n) aria-label=format!("Page {n}") aria-current="page">{n}</a>
                    </li>
                }
                .into_any(),
                PageLink::Number(n) => view! {
                    <li class="govuk-pagination__item">
                        <a class="govuk-link govuk-pagination__link" href=href.run(n) aria-label=format!("Page {n}")>{n}</a>
                    </li>
                }
                .into_any(),
            })
            .collect_view();
        view! {
            <nav class="govuk-pagination" aria-label=label data-testid="pagination">
                {p.previous().map(|n| view! {
                    <div class="govuk-pagination__prev">
                        <a class="govuk-link govuk-pagination__link" href=href.run(n) rel="prev" data-testid="previous-page">
                            <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15"
                                aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
                            </svg>
                            <span class="govuk-pagination__link-title">"Previous"<span class="govuk-visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
                <ul class="govuk-pagination__list">{numbers}</ul>
                {p.next().map(|n| view! {
                    <div class="govuk-pagination__next">
                        <a class="govuk-link govuk-pagination__link" href=href.run(n) rel="next" data-testid="next-page">
                            <span class="govuk-pagination__link-title">"Next"<span class="govuk-visually-hidden">" page"</span></span>
                            <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15"
                                aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
                            </svg>
                        </a>
                    </div>
                })}
            </nav>
        }
        .into_any()
    }
}
