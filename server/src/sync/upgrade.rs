//! The websocket upgrade of `GET /sync` (RFC 6455 §4.2), done here rather than by axum's
//! `WebSocketUpgrade` so that the socket is tokio-tungstenite's own: the writer can then send
//! a large message as fragments (see `ws.rs`), and tungstenite's write buffer, which keeps
//! its largest size for as long as the connection lives, never grows past one fragment.

use std::future::Future;

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::{
    tungstenite::{
        handshake::derive_accept_key,
        protocol::{Role, WebSocketConfig},
    },
    WebSocketStream,
};

/// An upgraded `/sync` connection.
pub(crate) type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// Why a request cannot be upgraded to a websocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NotUpgradable {
    #[error("a websocket is opened with GET")]
    Method,
    #[error("`Connection` must include `upgrade`")]
    Connection,
    #[error("`Upgrade` must be `websocket`")]
    Upgrade,
    #[error("`Sec-WebSocket-Version` must be 13")]
    Version,
    #[error("`Sec-WebSocket-Key` is missing")]
    Key,
    #[error("this connection cannot be upgraded")]
    NotUpgradable,
}

impl IntoResponse for NotUpgradable {
    fn into_response(self) -> Response {
        let status = match self {
            Self::Method => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotUpgradable => StatusCode::UPGRADE_REQUIRED,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// A request accepted for the upgrade; [`Upgrade::on_upgrade`] answers it.
#[derive(Debug)]
pub(crate) struct Upgrade {
    on_upgrade: OnUpgrade,
    accept: HeaderValue,
}

/// Checks that `request` asks for a websocket, and takes its connection for the upgrade.
pub(crate) fn accept(mut request: Request) -> Result<Upgrade, NotUpgradable> {
    if request.method() != Method::GET {
        return Err(NotUpgradable::Method);
    }
    let headers = request.headers();
    if !has_token(headers, header::CONNECTION, "upgrade") {
        return Err(NotUpgradable::Connection);
    }
    if !has_token(headers, header::UPGRADE, "websocket") {
        return Err(NotUpgradable::Upgrade);
    }
    if headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_none_or(|v| v.as_bytes() != b"13")
    {
        return Err(NotUpgradable::Version);
    }
    let key = headers
        .get(header::SEC_WEBSOCKET_KEY)
        .ok_or(NotUpgradable::Key)?;
    let accept = HeaderValue::from_str(&derive_accept_key(key.as_bytes()))
        .map_err(|_| NotUpgradable::Key)?;
    let on_upgrade = request
        .extensions_mut()
        .remove::<OnUpgrade>()
        .ok_or(NotUpgradable::NotUpgradable)?;
    Ok(Upgrade { on_upgrade, accept })
}

impl Upgrade {
    /// Answers `101 Switching Protocols`; once the connection is switched, runs `callback`
    /// on the websocket in a task of its own.
    pub(crate) fn on_upgrade<F, Fut>(self, config: WebSocketConfig, callback: F) -> Response
    where
        F: FnOnce(Socket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Self { on_upgrade, accept } = self;
        tokio::spawn(async move {
            let upgraded = match on_upgrade.await {
                Ok(upgraded) => upgraded,
                Err(e) => {
                    tracing::debug!(error = %e, "the websocket upgrade failed");
                    return;
                }
            };
            let socket =
                WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config))
                    .await;
            callback(socket).await;
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        response
    }
}

/// Whether the comma-separated header `name` holds `token` (case-insensitive).
fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_key_is_the_one_of_rfc_6455() {
        assert_eq!(
            derive_accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn connection_tokens_are_found_in_lists() {
        let mut h = HeaderMap::new();
        h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive, Upgrade"));
        assert!(has_token(&h, header::CONNECTION, "upgrade"));
        assert!(!has_token(&h, header::CONNECTION, "close"));
    }
}
