use hyper::{header, StatusCode};

use crate::helpers::{
    http::{get, get_with},
    server::INDEX_HTML,
    TestServer,
};

#[tokio::test]
async fn healthz_answers_ok() {
    let server = TestServer::spawn().await;
    let res = get(server.addr, "/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.text(), "ok");
}

#[tokio::test]
async fn a_client_route_returns_index_html_that_is_never_cached_stale() {
    let server = TestServer::spawn().await;
    for path in ["/", "/partnerships/4NMNnkMhL8jXrdJ9jamS58PAVdXu"] {
        let res = get(server.addr, path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.text(), INDEX_HTML, "{path}");
        assert_eq!(
            res.header(header::CACHE_CONTROL),
            Some("no-cache"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_missing_file_with_an_extension_is_404_not_index_html() {
    let server = TestServer::spawn().await;
    assert_eq!(
        get(server.addr, "/missing-0123456789abcdef.js")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(server.addr, "/api/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_compressed() {
    let server = TestServer::spawn().await;
    let js = "console.log('quorum');\n".repeat(200);
    std::fs::write(
        server.dist.path().join("quorum-app-5b9e3a1c2d4f6e7a.js"),
        &js,
    )
    .unwrap();
    let res = get_with(
        server.addr,
        "/quorum-app-5b9e3a1c2d4f6e7a.js",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.header(header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(res.header(header::CONTENT_ENCODING), Some("gzip"));
    assert!(
        res.body.len() < js.len() / 4,
        "compressed to {} bytes",
        res.body.len()
    );
}

#[tokio::test]
async fn a_precompressed_brotli_file_is_served_when_accepted() {
    let server = TestServer::spawn().await;
    let dist = server.dist.path();
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), b"\0asm plain").unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm.br"),
        b"pretend brotli",
    )
    .unwrap();
    let res = get_with(
        server.addr,
        "/app-0123456789abcdef_bg.wasm",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(res.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(&res.body[..], b"pretend brotli");
    let plain = get(server.addr, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(&plain.body[..], b"\0asm plain");
}
