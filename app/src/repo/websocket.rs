//! One websocket to the sync server with automatic reconnection.
//!
//! The transport knows nothing of the protocol: it reports [`SocketEvent`]s (binary frames
//! only) to one handler and sends bytes. After a close it reconnects with exponential backoff
//! and jitter; when the browser says it is back `online` it reconnects at once, and when it
//! goes `offline` it closes the socket (a dead TCP connection can otherwise look open for
//! minutes) and waits for `online`.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_timers::callback::Timeout;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{BinaryType, CloseEvent, Event, MessageEvent, WebSocket};

/// What the transport reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// A socket is being opened.
    Connecting,
    /// The socket is open: start the protocol handshake.
    Open,
    /// A binary frame arrived.
    Message(Vec<u8>),
    /// The socket closed or failed to open; a reconnect is scheduled unless offline.
    Closed,
    /// The browser is offline; no reconnect until it is back online.
    Offline,
}

/// Backoff between reconnect attempts: 0.5 s doubling to 30 s, times a random 50–100 %
/// so that many clients dropped at once do not return at once.
pub fn backoff_delay_ms(attempt: u32, random: f64) -> u32 {
    const BASE_MS: f64 = 500.0;
    const MAX_MS: f64 = 30_000.0;
    let exp = BASE_MS * 2f64.powi(attempt.min(16) as i32);
    let capped = exp.min(MAX_MS);
    (capped * (0.5 + 0.5 * random.clamp(0.0, 1.0))) as u32
}

/// The `ws(s)://<host>/sync` URL of the page's own server.
pub fn sync_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/sync", location.host().ok()?))
}

fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// A reconnecting websocket. Cheap to clone (shared).
#[derive(Clone)]
pub struct Transport(Rc<Inner>);

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("url", &self.0.url)
            .field("open", &self.is_open())
            .finish()
    }
}

/// A window event listener, kept so it can be removed.
type WindowListener = (&'static str, Closure<dyn FnMut(Event)>);

struct Inner {
    url: String,
    handler: Box<dyn Fn(SocketEvent)>,
    live: RefCell<Option<Live>>,
    attempt: Cell<u32>,
    retry: RefCell<Option<Timeout>>,
    stopped: Cell<bool>,
    window_listeners: RefCell<Vec<WindowListener>>,
}

/// One websocket and its handlers. Dropping it detaches the handlers and closes the socket.
struct Live {
    ws: WebSocket,
    open: Rc<Cell<bool>>,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

impl Transport {
    /// A transport to `url`; nothing happens until [`Transport::start`].
    pub fn new(url: String, handler: impl Fn(SocketEvent) + 'static) -> Self {
        Self(Rc::new(Inner {
            url,
            handler: Box::new(handler),
            live: RefCell::new(None),
            attempt: Cell::new(0),
            retry: RefCell::new(None),
            stopped: Cell::new(false),
            window_listeners: RefCell::new(Vec::new()),
        }))
    }

    /// Connects (or waits for `online`) and keeps reconnecting until [`Transport::stop`].
    pub fn start(&self) {
        self.listen_to_network_changes();
        if browser_online() {
            self.connect();
        } else {
            (self.0.handler)(SocketEvent::Offline);
        }
    }

    /// Closes the socket for good (tests, page teardown).
    pub fn stop(&self) {
        self.0.stopped.set(true);
        self.0.retry.borrow_mut().take();
        let was_open = self.take_live();
        if let Some(window) = web_sys::window() {
            for (name, listener) in self.0.window_listeners.borrow_mut().drain(..) {
                let _ = window
                    .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
        }
        if was_open {
            (self.0.handler)(SocketEvent::Closed);
        }
    }

    pub fn is_open(&self) -> bool {
        self.0.live.borrow().as_ref().is_some_and(|l| l.open.get())
    }

    /// Sends one binary frame if the socket is open; false if it was not sent.
    pub fn send(&self, frame: &[u8]) -> bool {
        match self.0.live.borrow().as_ref() {
            Some(live) if live.open.get() => live.ws.send_with_u8_array(frame).is_ok(),
            _ => false,
        }
    }

    /// Connects at once, skipping the backoff, unless a socket is already open ("Sync now").
    pub fn connect_now(&self) {
        if self.is_open() || self.0.stopped.get() {
            return;
        }
        self.0.attempt.set(0);
        self.connect();
    }

    /// Closes the current socket (the protocol ended it) and reconnects after a backoff.
    pub fn reconnect_later(&self) {
        let was_open = self.take_live();
        if was_open {
            (self.0.handler)(SocketEvent::Closed);
        }
        self.schedule_retry();
    }

    fn connect(&self) {
        if self.0.stopped.get() {
            return;
        }
        self.0.retry.borrow_mut().take();
        if self.take_live() {
            (self.0.handler)(SocketEvent::Closed);
        }
        (self.0.handler)(SocketEvent::Connecting);
        let ws = match WebSocket::new(&self.0.url) {
            Ok(ws) => ws,
            Err(e) => {
                leptos::logging::warn!("could not open a websocket to {}: {e:?}", self.0.url);
                self.schedule_retry();
                return;
            }
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let open = Rc::new(Cell::new(false));
        let weak = Rc::downgrade(&self.0);

        let on_open = {
            let (weak, open) = (weak.clone(), open.clone());
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                let Some(inner) = weak.upgrade() else { return };
                open.set(true);
                inner.attempt.set(0);
                (inner.handler)(SocketEvent::Open);
            })
        };
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Some(inner) = weak.upgrade() else { return };
                if let Ok(buffer) = event.data().dyn_into::<ArrayBuffer>() {
                    (inner.handler)(SocketEvent::Message(Uint8Array::new(&buffer).to_vec()));
                }
                // Text frames are not part of the protocol: ignored.
            })
        };
        let on_close = {
            let (weak, open) = (weak.clone(), open.clone());
            Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
                let Some(inner) = weak.upgrade() else { return };
                // Also when it never opened (server down): the handler stops showing
                // "connecting" while the retry waits.
                open.set(false);
                (inner.handler)(SocketEvent::Closed);
                Transport(inner).schedule_retry();
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *self.0.live.borrow_mut() = Some(Live {
            ws,
            open,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        });
    }

    /// Detaches and closes the current socket; whether it was open.
    fn take_live(&self) -> bool {
        let live = self.0.live.borrow_mut().take();
        live.is_some_and(|l| l.open.get())
    }

    fn schedule_retry(&self) {
        if self.0.stopped.get() {
            return;
        }
        if !browser_online() {
            (self.0.handler)(SocketEvent::Offline);
            return;
        }
        let attempt = self.0.attempt.get();
        self.0.attempt.set(attempt.saturating_add(1));
        let delay = backoff_delay_ms(attempt, js_sys::Math::random());
        let weak = Rc::downgrade(&self.0);
        let timeout = Timeout::new(delay, move || {
            if let Some(inner) = weak.upgrade() {
                Transport(inner).connect();
            }
        });
        *self.0.retry.borrow_mut() = Some(timeout);
    }

    fn listen_to_network_changes(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let mut listeners = self.0.window_listeners.borrow_mut();
        if !listeners.is_empty() {
            return;
        }
        let weak = Rc::downgrade(&self.0);
        let on_online = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(inner) = weak.upgrade() {
                inner.attempt.set(0);
                let transport = Transport(inner);
                if !transport.is_open() {
                    transport.connect();
                }
            }
        });
        let weak = Rc::downgrade(&self.0);
        let on_offline = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(inner) = weak.upgrade() {
                inner.retry.borrow_mut().take();
                let transport = Transport(inner);
                if transport.take_live() {
                    (transport.0.handler)(SocketEvent::Closed);
                }
                (transport.0.handler)(SocketEvent::Offline);
            }
        });
        for (name, listener) in [("online", on_online), ("offline", on_offline)] {
            let _ =
                window.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push((name, listener));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_delay_ms;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn backoff_doubles_up_to_thirty_seconds_with_jitter() {
        assert_eq!(backoff_delay_ms(0, 1.0), 500);
        assert_eq!(backoff_delay_ms(1, 1.0), 1000);
        assert_eq!(backoff_delay_ms(3, 1.0), 4000);
        assert_eq!(backoff_delay_ms(10, 1.0), 30_000);
        assert_eq!(backoff_delay_ms(u32::MAX, 1.0), 30_000);
        assert_eq!(
            backoff_delay_ms(3, 0.0),
            2000,
            "jitter takes off at most half"
        );
        assert!((2000..=4000).contains(&backoff_delay_ms(3, 0.37)));
    }
}
