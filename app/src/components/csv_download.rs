//! [`CsvDownload`]: a "Download as CSV" link whose file is built in the browser when the
//! person uses the link (the action tracker, attendance rates, rates by organisation, the
//! register of interests).

use leptos::prelude::*;

/// A link that downloads `csv()` as the file `file`, built in the browser when the person
/// follows it (a Blob and an object URL, so it works offline): the click sets the link's
/// address just before the browser follows it. Building the file as the page drew put the
/// tracker's 2,000 actions through the CSV writer again each time a meeting arrived, on the
/// way to the page's first rows. The last file's URL is released on the next download and
/// when the link goes.
#[component]
pub fn CsvDownload(csv: Callback<(), String>, #[prop(into)] file: Signal<String>, testid: &'static str, children: Children) -> impl IntoView {
    let link = NodeRef::<leptos::html::A>::new();
    let url = StoredValue::new_local(None::<String>);
    let release = move || {
        if let Some(old) = url.try_update_value(Option::take).flatten() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
    };
    // Whether the link now points at a fresh file.
    let prepare = move || {
        release();
        match (link.get(), csv_object_url(&csv.run(()))) {
            (Some(a), Some(new)) => {
                a.set_href(&new);
                url.set_value(Some(new));
                true
            }
            _ => false,
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if !prepare() {
            // No file to give: stay on the page rather than download it.
            ev.prevent_default();
        }
    };
    on_cleanup(release);
    view! {
        // The address is a placeholder until the link is used: the router leaves `download`
        // links alone. A middle click or the context menu ("Save link as…") prepares it too.
        <a class="govuk-link" href="#" node_ref=link download=move || file.get() data-testid=testid
            on:click=on_click on:auxclick=move |_| { prepare(); } on:contextmenu=move |_| { prepare(); }>
            {children()}
        </a>
    }
}

/// An object URL for `csv` (with a byte order mark, so Excel reads it as UTF-8).
fn csv_object_url(csv: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&format!("\u{FEFF}{csv}").into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
