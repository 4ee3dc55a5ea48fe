//! Meeting papers kept on this device for reading offline. The Cache Storage calls are in
//! `papers.js`; the service worker (`public/sw.js`) answers a kept paper's address from the
//! same cache when the network fails. [`crate::state::use_offline_papers`] drives it for a
//! meeting page.

use domain::DocumentId;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/papers.js")]
extern "C" {
    #[wasm_bindgen(js_name = keepPaper)]
    async fn keep_paper_js(url: &str) -> JsValue;
    #[wasm_bindgen(js_name = keptPapers)]
    async fn kept_papers_js(urls: Vec<String>) -> JsValue;
    #[wasm_bindgen(js_name = openKeptPaper)]
    async fn open_kept_paper_js(url: &str, name: &str) -> JsValue;
    #[wasm_bindgen(js_name = forgetPapersOf)]
    async fn forget_papers_of_js(ids: Vec<String>);
    #[wasm_bindgen(js_name = forgetAllPapers)]
    async fn forget_all_papers_js();
}

/// Why a paper could not be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepFailure {
    /// The network failed: the person is offline or the server cannot be reached.
    Offline,
    /// This browser cannot keep files (no Cache Storage, e.g. a private window).
    Unsupported,
    /// The server does not give this person the paper (HTTP 404 or 403).
    NotAvailable,
    /// Another answer from the server (its HTTP status).
    Server(u16),
}

impl KeepFailure {
    /// What `keepPaper` answered below zero.
    pub fn of_code(code: i64) -> Self {
        match code {
            -1 => Self::Offline,
            -2 => Self::Unsupported,
            -404 | -403 => Self::NotAvailable,
            c => Self::Server(c.unsigned_abs().min(u16::MAX as u64) as u16),
        }
    }

    pub fn text(self) -> String {
        match self {
            Self::Offline => "you are offline or the server cannot be reached".to_owned(),
            Self::Unsupported => "this browser cannot keep files (a private window?)".to_owned(),
            Self::NotAvailable => "it is not available to you".to_owned(),
            Self::Server(s) => format!("the server answered {s}"),
        }
    }
}

/// Fetches the paper at `url` from the server and keeps it: its size in bytes.
pub async fn keep_paper(url: &str) -> Result<u64, KeepFailure> {
    let code = keep_paper_js(url).await.as_f64().unwrap_or(-1.0) as i64;
    if code >= 0 { Ok(code as u64) } else { Err(KeepFailure::of_code(code)) }
}

/// For each of `urls`, the size of the copy kept on this device, if there is one.
pub async fn kept_papers(urls: &[String]) -> Vec<Option<u64>> {
    let answer = kept_papers_js(urls.to_vec()).await;
    let sizes: Vec<f64> = js_sys::Array::from(&answer).iter().map(|v| v.as_f64().unwrap_or(-1.0)).collect();
    urls.iter().enumerate().map(|(i, _)| sizes.get(i).copied().filter(|n| *n >= 0.0).map(|n| n as u64)).collect()
}

/// Opens (downloads) the copy of `url` kept on this device as `name`: false when there is none.
pub async fn open_kept_paper(url: &str, name: &str) -> bool {
    open_kept_paper_js(url, name).await.as_bool().unwrap_or(false)
}

/// Deletes the papers kept for `docs` (documents the account may no longer read).
pub async fn forget_papers_of(docs: &[DocumentId]) {
    forget_papers_of_js(docs.iter().map(|d| d.to_string()).collect()).await;
}

/// Deletes every paper kept on this device.
pub async fn forget_all_papers() {
    forget_all_papers_js().await;
}
