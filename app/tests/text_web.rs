//! Browser tests of the text components (headless Chromium through wasm-bindgen-test-runner):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p quorum-app --target wasm32-unknown-unknown --test text_web`
//!
//! - `Markdown` builds elements for Markdown and shows raw HTML as text: no script element,
//!   no `javascript:` link reaches the page;
//! - `TextEditor` sends one splice per input and keeps the selection on its characters when
//!   the text changes under it.

use leptos::{prelude::*, wasm_bindgen::JsCast};
use quorum_app::{
    components::{Markdown, TextEditor},
    text::Splice,
};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the body to mount into.
fn host(id: &str) -> web_sys::HtmlElement {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el
}

async fn settle() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(20).await;
}

#[wasm_bindgen_test]
async fn markdown_becomes_elements_and_raw_html_stays_text() {
    let source = "## Escalation\n\nRaise it **today**.\n\n- [Working Together](https://www.gov.uk/wt)\n- [click](javascript:window.__hacked=1)\n\n<script>window.__hacked=1</script>\n\n<img src=x onerror=\"window.__hacked=1\">\n\n| Stage | Who |\n|---|---|\n| 1 | Manager |";
    let el = host("markdown-test");
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <Markdown source=source.to_owned() /> });
    settle().await;

    let count = |selector: &str| el.query_selector_all(selector).unwrap().length();
    assert_eq!(count("script"), 0);
    assert_eq!(count("img"), 0);
    assert_eq!(count("h4.govuk-heading-s"), 1, "## under the page's h2 is an h4");
    assert_eq!(count("strong"), 1);
    assert_eq!(count("ul.govuk-list--bullet li"), 2);
    assert_eq!(count("table.govuk-table td"), 2);
    let links = el.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1);
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://www.gov.uk/wt"));
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("<script>window.__hacked=1</script>"), "{text}");
    assert!(text.contains("click"), "{text}");
    let hacked = js_sys::Reflect::get(&window(), &"__hacked".into()).unwrap();
    assert!(hacked.is_undefined(), "nothing of the source ran");
}

#[wasm_bindgen_test]
async fn the_text_editor_sends_splices_and_keeps_the_selection_on_its_words() {
    let text = RwSignal::new("Raise 😀 concerns".to_owned());
    let splices = RwSignal::new(Vec::<Splice>::new());
    let el = host("editor-test");
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <TextEditor
                id="section-text"
                label="Section text"
                value=text
                on_splice=Callback::new(move |s| splices.update(|v| v.push(s)))
            />
        }
    });
    settle().await;
    let area: web_sys::HtmlTextAreaElement = el.query_selector("textarea").unwrap().unwrap().unchecked_into();
    let label = el.query_selector("label[for=section-text]").unwrap().expect("a label");
    assert_eq!(label.text_content().as_deref(), Some("Section text"));
    assert_eq!(area.value(), "Raise 😀 concerns");

    // Select "concerns" (UTF-16 9..17: the emoji is two units), then someone else edits.
    area.focus().unwrap();
    area.set_selection_range(9, 17).unwrap();
    text.set("Please raise 😀 concerns".to_owned());
    settle().await;
    assert_eq!(area.value(), "Please raise 😀 concerns");
    let (start, end) = (area.selection_start().unwrap().unwrap(), area.selection_end().unwrap().unwrap());
    let selected: String = String::from_utf16(&area.value().encode_utf16().collect::<Vec<_>>()[start as usize..end as usize]).unwrap();
    assert_eq!(selected, "concerns");
    assert!(splices.get_untracked().is_empty(), "others' edits are not sent back");

    // The person types "all " before "concerns".
    area.set_value("Please raise 😀 all concerns");
    area.set_selection_range(20, 20).unwrap();
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    assert_eq!(
        splices.get_untracked(),
        vec![Splice { pos: 15, delete: 0, insert: "all ".into() }],
        "one splice, in characters"
    );
    // The echo from the document changes nothing.
    text.set("Please raise 😀 all concerns".to_owned());
    settle().await;
    assert_eq!(area.selection_start().unwrap(), Some(20));
}
