//! Keeping a meeting's papers on this device for reading offline ("Keep papers for offline
//! reading"): each paper is fetched from the server (so only what it serves to this person is
//! kept), with progress and a report; a kept paper opens from this device when offline.

use std::collections::BTreeMap;

use leptos::{prelude::*, task::spawn_local};

use crate::papers::{self, KeepFailure};

/// A paper's address and file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperLink {
    pub url: String,
    pub name: String,
}

/// What keeping the papers came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeepReport {
    pub kept: usize,
    pub bytes: u64,
    /// (file name, why) for each paper that could not be kept.
    pub failed: Vec<(String, KeepFailure)>,
}

impl KeepReport {
    /// "3 papers (4.2 MB) saved on this device." and, for each failure, "“x.pdf” could not be
    /// saved: it is not available to you."
    pub fn summary(&self) -> String {
        let mut out = if self.kept == 0 {
            "No papers were saved on this device.".to_owned()
        } else {
            format!("{} ({}) saved on this device.", papers_count(self.kept), size_text(self.bytes))
        };
        for (name, why) in &self.failed {
            out.push_str(&format!(" “{name}” could not be saved: {}.", why.text()));
        }
        out
    }

    pub fn is_whole(&self) -> bool {
        self.failed.is_empty()
    }
}

/// "1 paper", "3 papers".
fn papers_count(n: usize) -> String {
    if n == 1 { "1 paper".to_owned() } else { format!("{n} papers") }
}

/// "12 bytes", "12 KB", "3.4 MB".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// What is on this device already: "None of the 3 papers is saved on this device.", "2 of 3
/// papers (1.2 MB) are saved on this device." or "All 3 papers (4.2 MB) are saved on this
/// device."
pub fn kept_text(kept: usize, total: usize, bytes: u64) -> String {
    match (kept, total) {
        (_, 0) => "This meeting has no papers.".to_owned(),
        (0, 1) => "The paper is not saved on this device.".to_owned(),
        (0, t) => format!("None of the {t} papers is saved on this device."),
        (1, 1) => format!("The paper ({}) is saved on this device.", size_text(bytes)),
        (k, t) if k >= t => format!("All {t} papers ({}) are saved on this device.", size_text(bytes)),
        (k, t) => format!("{k} of {t} papers ({}) are saved on this device.", size_text(bytes)),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct UseOfflinePapersReturn {
    /// The size of each paper kept on this device, by address.
    pub kept: RwSignal<BTreeMap<String, u64>>,
    /// While keeping: (papers done, papers in all).
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// The last "Keep papers" run's outcome.
    pub report: RwSignal<Option<KeepReport>>,
    /// Fetches every paper and keeps it on this device.
    pub keep: Callback<()>,
    /// Opens the kept copy of a paper (offline); the message says why it cannot.
    pub open_kept: Callback<PaperLink, ()>,
    /// Why a paper could not be opened offline.
    pub problem: RwSignal<Option<String>>,
}

/// Keeping `links` (a meeting's papers, as the page lists them) on this device.
pub fn use_offline_papers(links: Signal<Vec<PaperLink>>) -> UseOfflinePapersReturn {
    let kept = RwSignal::new(BTreeMap::new());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let report = RwSignal::new(None::<KeepReport>);
    let problem = RwSignal::new(None::<String>);
    let refresh = move |urls: Vec<String>| {
        spawn_local(async move {
            let sizes = papers::kept_papers(&urls).await;
            let map: BTreeMap<String, u64> = urls.into_iter().zip(sizes).filter_map(|(u, s)| s.map(|s| (u, s))).collect();
            let _ = kept.try_set(map);
        });
    };
    Effect::new(move |_| {
        let urls: Vec<String> = links.with(|l| l.iter().map(|p| p.url.clone()).collect());
        refresh(urls);
    });
    let keep = Callback::new(move |()| {
        if progress.get_untracked().is_some() {
            return;
        }
        let list = links.get_untracked();
        problem.set(None);
        report.set(None);
        progress.set(Some((0, list.len())));
        spawn_local(async move {
            let mut done = KeepReport::default();
            for (i, link) in list.iter().enumerate() {
                match papers::keep_paper(&link.url).await {
                    Ok(bytes) => {
                        done.kept += 1;
                        done.bytes += bytes;
                    }
                    Err(why) => done.failed.push((link.name.clone(), why)),
                }
                let _ = progress.try_set(Some((i + 1, list.len())));
            }
            let _ = progress.try_set(None);
            let _ = report.try_set(Some(done));
            refresh(list.into_iter().map(|l| l.url).collect());
        });
    });
    let open_kept = Callback::new(move |link: PaperLink| {
        spawn_local(async move {
            if papers::open_kept_paper(&link.url, &link.name).await {
                let _ = problem.try_set(None);
            } else {
                let _ = problem.try_set(Some(format!(
                    "“{}” is not saved on this device. Connect to the internet to open it, and keep the papers for offline reading while you are online.",
                    link.name
                )));
            }
        });
    });
    UseOfflinePapersReturn { kept, progress, report, keep, open_kept, problem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_report_counts_papers_and_bytes_and_names_each_failure() {
        let whole = KeepReport { kept: 3, bytes: 4_404_019, failed: vec![] };
        assert_eq!(whole.summary(), "3 papers (4.2 MB) saved on this device.");
        assert!(whole.is_whole());
        let one = KeepReport { kept: 1, bytes: 2048, failed: vec![("Budget.xlsx".into(), KeepFailure::NotAvailable)] };
        assert_eq!(one.summary(), "1 paper (2 KB) saved on this device. “Budget.xlsx” could not be saved: it is not available to you.");
        let none = KeepReport { kept: 0, bytes: 0, failed: vec![("a.pdf".into(), KeepFailure::Offline)] };
        assert!(none.summary().starts_with("No papers were saved on this device. “a.pdf” could not be saved: you are offline"));
    }

    #[wasm_bindgen_test]
    fn what_is_kept_already_in_words() {
        assert_eq!(kept_text(0, 3, 0), "None of the 3 papers is saved on this device.");
        assert_eq!(kept_text(2, 3, 1_258_291), "2 of 3 papers (1.2 MB) are saved on this device.");
        assert_eq!(kept_text(3, 3, 4_404_019), "All 3 papers (4.2 MB) are saved on this device.");
        assert_eq!(kept_text(1, 1, 500), "The paper (500 bytes) is saved on this device.");
        assert_eq!(KeepFailure::of_code(-404), KeepFailure::NotAvailable);
        assert_eq!(KeepFailure::of_code(-500), KeepFailure::Server(500));
    }
}
