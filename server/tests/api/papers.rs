//! Issue 12: meeting papers. Only people who may read the meeting get a paper (404 to anyone
//! else, the same as a missing one); the same bytes are stored once; a cut-off upload leaves
//! nothing; an acknowledged upload survives `kill -9`.

use std::net::SocketAddr;

use domain::DocumentId;
use hyper::{Method, StatusCode};
use quorum_server::auth::Role;
use tempfile::TempDir;
use tokio::io::AsyncWriteExt;

use crate::helpers::{
    accounts::{Accounts, DEFAULT_PARTNERSHIP},
    browser::{db, error_of},
    http::{self, Response},
    ChildServer, Person,
};

const PDF: &[u8] = b"%PDF-1.7\nThe board's annual report 2026-27\n%%EOF\n";
const OTHER: &str = "Derby and Derbyshire Safeguarding Children Partnership";

struct People {
    officer: Person,
    viewer: Person,
    stranger: Person,
    meeting: DocumentId,
}

/// A business officer (editor) and a viewer of the partnership that owns `meeting`, and an
/// admin of another partnership.
fn people(data: &std::path::Path) -> People {
    let accounts = Accounts::open(data);
    let meeting = DocumentId::random();
    let officer = accounts.signed_in("officer@example.org", DEFAULT_PARTNERSHIP, Role::Editor);
    let viewer = accounts.signed_in("member@example.org", DEFAULT_PARTNERSHIP, Role::Viewer);
    let stranger = accounts.signed_in("stranger@example.org", OTHER, Role::Admin);
    accounts.own(meeting, DEFAULT_PARTNERSHIP);
    People { officer, viewer, stranger, meeting }
}

async fn upload(addr: SocketAddr, who: &Person, doc: DocumentId, name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let origin = format!("http://{addr}");
    let (k, v) = who.credential.header();
    let path = format!("/api/documents/{doc}/papers?name={name}");
    http::send(addr, Method::POST, &path, &[("origin", &origin), (k, &v), ("content-type", content_type)], Some(bytes)).await
}

async fn download(addr: SocketAddr, who: &Person, doc: DocumentId, blob: &str) -> Response {
    let (k, v) = who.credential.header();
    http::get_with(addr, &format!("/api/documents/{doc}/papers/{blob}"), &[(k, &v)]).await
}

fn rows(data: &std::path::Path, table: &str) -> i64 {
    db(data).query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn papers_are_read_by_the_meetings_readers_only_and_stored_once() {
    let data = TempDir::new().unwrap();
    let p = people(data.path());
    let server = ChildServer::start(data.path());
    let res = upload(server.addr, &p.officer, p.meeting, "Annual%20report.pdf", "application/pdf", PDF.to_vec()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let stored = res.json();
    let blob = stored["blob"].as_str().unwrap().to_owned();
    assert!(blob.starts_with("sha256:"), "{stored}");
    assert_eq!((stored["name"].as_str(), stored["bytes"].as_u64()), (Some("Annual report.pdf"), Some(PDF.len() as u64)));

    let got = download(server.addr, &p.viewer, p.meeting, &blob).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(&got.body[..], PDF);
    assert_eq!(got.header(hyper::header::CONTENT_TYPE), Some("application/pdf"));
    assert!(got.header(hyper::header::CONTENT_DISPOSITION).unwrap().starts_with("attachment; filename=\"Annual report.pdf\""));
    assert_eq!(got.header(hyper::header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));

    // Another partnership's admin: the same answer as for a paper that does not exist.
    let refused = download(server.addr, &p.stranger, p.meeting, &blob).await;
    let missing = download(server.addr, &p.viewer, p.meeting, &format!("sha256:{}", "0".repeat(64))).await;
    assert_eq!((refused.status, missing.status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(refused.body, missing.body, "nothing tells a refused paper from a missing one");
    assert_eq!(upload(server.addr, &p.stranger, p.meeting, "x.pdf", "application/pdf", PDF.to_vec()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(upload(server.addr, &p.viewer, p.meeting, "x.pdf", "application/pdf", PDF.to_vec()).await.status, StatusCode::FORBIDDEN);
    // Not signed in.
    let anonymous = http::get(server.addr, &format!("/api/documents/{}/papers/{blob}", p.meeting)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // The same pack attached to the next meeting is stored once; the paper is reachable only
    // through a document that attaches it.
    let next = DocumentId::random();
    Accounts::open(data.path()).own(next, DEFAULT_PARTNERSHIP);
    assert_eq!(download(server.addr, &p.viewer, next, &blob).await.status, StatusCode::NOT_FOUND);
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let res = upload(server.addr, &p.officer, next, "pack.pdf", "application/pdf", PDF.to_vec()).await;
            if res.status == StatusCode::CREATED {
                break;
            }
            assert_eq!(res.status, StatusCode::NOT_FOUND, "only until the server sees the new owner: {}", res.text());
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the server sees the new meeting's owner within its tick");
    assert_eq!(rows(data.path(), "blobs"), 1, "deduplicated");
    assert_eq!(rows(data.path(), "papers"), 2);
    assert_eq!(download(server.addr, &p.viewer, next, &blob).await.status, StatusCode::OK);
}

#[tokio::test]
async fn oversized_empty_and_disguised_files_are_refused_with_clear_words_and_nothing_stored() {
    let data = TempDir::new().unwrap();
    let p = people(data.path());
    let server = ChildServer::start(data.path());
    let mut big = PDF.to_vec();
    big.resize(domain::api::MAX_PAPER_BYTES + 1, b' ');
    let res = upload(server.addr, &p.officer, p.meeting, "huge.pdf", "application/pdf", big).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(&res), "The file must be 25 MB or smaller");
    let res = upload(server.addr, &p.officer, p.meeting, "script.pdf", "application/pdf", b"<script>alert(1)</script>".to_vec()).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(error_of(&res).contains("Attach a PDF"), "{}", res.text());
    let res = upload(server.addr, &p.officer, p.meeting, "page.html", "text/html", b"<p>hi</p>".to_vec()).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = upload(server.addr, &p.officer, p.meeting, "empty.pdf", "application/pdf", Vec::new()).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!((rows(data.path(), "blobs"), rows(data.path(), "papers")), (0, 0));
}

#[tokio::test]
async fn a_cut_off_upload_leaves_nothing_and_an_acknowledged_one_survives_kill_9() {
    let data = TempDir::new().unwrap();
    let p = people(data.path());
    let server = ChildServer::start(data.path());
    // Announce 100 KB, send 1 KB, and hang up.
    let (k, v) = p.officer.credential.header();
    let mut tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /api/documents/{}/papers?name=cut.pdf HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{k}: {v}\r\nContent-Type: application/pdf\r\nContent-Length: 100000\r\n\r\n",
        p.meeting,
        addr = server.addr
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut partial = PDF.to_vec();
    partial.resize(1000, b' ');
    tcp.write_all(&partial).await.unwrap();
    drop(tcp);

    let res = upload(server.addr, &p.officer, p.meeting, "Minutes.pdf", "application/pdf", PDF.to_vec()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let blob = res.json()["blob"].as_str().unwrap().to_owned();
    assert_eq!((rows(data.path(), "blobs"), rows(data.path(), "papers")), (1, 1), "the cut-off upload left nothing");
    server.kill();

    let server = ChildServer::start(data.path());
    let got = download(server.addr, &p.viewer, p.meeting, &blob).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(&got.body[..], PDF, "acknowledged, so it survived kill -9");
}
