//! Whether a page's code is still arriving (a module split out of the main one, see
//! `crate::lazy_pages`), so that the start can hold back a large stored document until the
//! page has opened what it needs: loading it first would hold the thread the page's code and
//! its saved views wait for.

use std::cell::{Cell, RefCell};

use futures::channel::oneshot;

thread_local! {
    static PENDING: Cell<usize> = const { Cell::new(0) };
    static WAITERS: RefCell<Vec<oneshot::Sender<()>>> = const { RefCell::new(Vec::new()) };
}

/// Held while a page's code loads; dropping it says the code is here.
#[must_use]
#[derive(Debug)]
pub struct PageCodeLoading(());

/// Marks a page's code as on its way until the returned guard is dropped.
pub fn page_code_loading() -> PageCodeLoading {
    PENDING.with(|p| p.set(p.get() + 1));
    PageCodeLoading(())
}

impl Drop for PageCodeLoading {
    fn drop(&mut self) {
        let left = PENDING.with(|p| {
            p.set(p.get().saturating_sub(1));
            p.get()
        });
        if left == 0 {
            for waiter in WAITERS.with(|w| std::mem::take(&mut *w.borrow_mut())) {
                let _ = waiter.send(());
            }
        }
    }
}

/// Whether any page's code is on its way.
pub(super) fn pending() -> bool {
    PENDING.with(Cell::get) > 0
}

/// Resolves once no page's code is on its way (at once if none is).
pub(super) fn arrived() -> oneshot::Receiver<()> {
    let (tx, rx) = oneshot::channel();
    if pending() {
        WAITERS.with(|w| w.borrow_mut().push(tx));
    } else {
        let _ = tx.send(());
    }
    rx
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn arrival_is_told_once_every_page_code_is_here() {
        assert!(!pending());
        let mut now = arrived();
        assert_eq!(now.try_recv(), Ok(Some(())), "nothing on its way");
        let (a, b) = (page_code_loading(), page_code_loading());
        let mut later = arrived();
        assert!(pending());
        drop(a);
        assert_eq!(later.try_recv(), Ok(None), "one still on its way");
        drop(b);
        assert_eq!(later.try_recv(), Ok(Some(())));
        assert!(!pending());
    }
}
