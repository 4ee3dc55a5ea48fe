//! Only a partnership's admins change its compliance rules (issue 12): an editor's changes
//! to the partnership's document go through, except one to the rules, which the server
//! refuses (`error`, nothing stored) whatever the editor's app allowed.

use automerge::Automerge;
use domain::{
    model::{self, ComplianceRules, PartnershipDoc, SeatCategory},
    storage::layout,
    DocumentId,
};

use crate::helpers::{accounts::Credential, Client, TestServer};
use quorum_server::{auth::Role, storage::SqliteStorage};

const LEICESTER: &str = "Leicester Safeguarding Children Board";

fn stored(server: &TestServer, doc: DocumentId) -> PartnershipDoc {
    let storage = SqliteStorage::open_dir(&server.data_dir).unwrap();
    let chunks = storage.range(&layout::document_prefix(doc)).unwrap();
    let doc: Automerge = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
    model::read(&doc).unwrap()
}

fn edit(client: &Client, doc: DocumentId, f: impl FnOnce(&mut PartnershipDoc)) {
    client.change(doc, |d| {
        model::update(d, "edit", 1_796_400_000, |p: &mut PartnershipDoc| {
            f(p);
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap();
    });
}

#[tokio::test]
async fn an_editor_changes_the_partnership_but_not_its_compliance_rules() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let (_, doc) = accounts.partnership(LEICESTER);
    let admin = accounts.token("l.admin@example.org", LEICESTER, Role::Admin);
    let Credential::Token(token) = &admin.credential else { unreachable!() };
    let owner = Client::connect(&server.ws_url_with(token)).await;
    owner.lock_create_as(doc);
    edit(&owner, doc, |p| {
        p.name = LEICESTER.into();
        p.compliance = ComplianceRules { dbs_valid_years: 3, agreement_categories: vec![SeatCategory::Core], ..ComplianceRules::default() };
    });
    owner.wait_all_on_server().await;
    assert!(owner.read(|i| i.errors()).is_empty());

    let editor = accounts.token("l.editor@example.org", LEICESTER, Role::Editor);
    let Credential::Token(token) = &editor.credential else { unreachable!() };
    let client = Client::connect(&server.ws_url_with(token)).await;
    client.request(doc);
    client.wait_until("the partnership", |i| i.document(doc).is_some_and(|d| !d.get_heads().is_empty())).await;
    edit(&client, doc, |p| p.area = "Leicester City".into());
    client.wait_all_on_server().await;
    assert!(client.read(|i| i.errors()).is_empty());
    assert_eq!(stored(&server, doc).area, "Leicester City", "an editor's other change is stored");

    edit(&client, doc, |p| p.compliance.dbs_valid_years = 10);
    client.wait_until("the server's error", |i| !i.errors().is_empty()).await;
    let errors = client.read(|i| i.errors());
    assert!(errors.iter().any(|e| e.contains("compliance rules")), "{errors:?}");
    let kept = stored(&server, doc);
    assert_eq!((kept.compliance.dbs_valid_years, kept.area.as_str()), (3, "Leicester City"), "nothing of the refused change was stored");

    // The admin may.
    edit(&owner, doc, |p| p.compliance.dbs_valid_years = 5);
    owner.wait_all_on_server().await;
    assert!(owner.read(|i| i.errors()).is_empty());
    assert_eq!(stored(&server, doc).compliance.dbs_valid_years, 5);
}
