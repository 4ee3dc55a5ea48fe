//! The built app from `DIST_DIR`: files as they are (precompressed `.br`/`.gz` siblings when
//! present, else compressed on the fly), `index.html` for client routes (paths without a file
//! extension), and cache headers: hashed assets forever, everything else revalidated.

use std::{
    convert::Infallible,
    path::{Path, PathBuf},
};

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    Router,
};
use tower::ServiceExt;
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
};

const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

/// Files that must always be revalidated, hashed-looking or not.
const ALWAYS_REVALIDATE: &[&str] = &[
    "index.html",
    "sw.js",
    "manifest.json",
    "manifest.webmanifest",
];

/// Serves `dist`; mount as the router's fallback.
pub(crate) fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let client_routes =
        tower::service_fn(move |req: Request| index_for_client_route(index.clone(), req));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_routes);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        .layer(CompressionLayer::new())
}

async fn index_for_client_route(index: PathBuf, req: Request) -> Result<Response, Infallible> {
    if !is_client_route(req.uri().path()) {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    let served = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await;
    Ok(served.map_or_else(|e: Infallible| match e {}, IntoResponse::into_response))
}

/// A path the app's router handles: its last segment has no file extension.
fn is_client_route(path: &str) -> bool {
    !file_name(path).contains('.')
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or_default()
}

async fn cache_control(req: Request, next: Next) -> Response {
    let policy = policy_for(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(header::CACHE_CONTROL, policy);
    }
    res
}

fn policy_for(path: &str) -> HeaderValue {
    let name = file_name(path);
    if ALWAYS_REVALIDATE.contains(&name) || !is_hashed(name) {
        NO_CACHE
    } else {
        IMMUTABLE
    }
}

/// Whether a file name carries a content hash the way Trunk writes them:
/// `app-5b9e3a1c2d4f6e7a_bg.wasm`, `style-1a2b3c4d5e6f7a8b.css`.
fn is_hashed(name: &str) -> bool {
    name.split('-').skip(1).any(|part| {
        let hex = part.chars().take_while(char::is_ascii_hexdigit).count();
        let rest = &part[hex..];
        (8..=64).contains(&hex) && (rest.starts_with('.') || rest.starts_with('_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_assets_are_cached_forever_and_entry_points_revalidated() {
        assert_eq!(
            policy_for("/quorum-app-5b9e3a1c2d4f6e7a_bg.wasm"),
            IMMUTABLE
        );
        assert_eq!(policy_for("/quorum-app-5b9e3a1c2d4f6e7a.js"), IMMUTABLE);
        assert_eq!(policy_for("/style-1a2b3c4d5e6f7a8b.css"), IMMUTABLE);
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.json",
            "/partnerships/abc",
            "/icon.png",
            "/my-page.css",
        ] {
            assert_eq!(policy_for(path), NO_CACHE, "{path}");
        }
    }

    #[test]
    fn client_routes_are_paths_without_an_extension() {
        assert!(is_client_route("/"));
        assert!(is_client_route(
            "/partnerships/4NMNnkMhL8jXrdJ9jamS58PAVdXu"
        ));
        assert!(!is_client_route("/missing.js"));
    }
}
