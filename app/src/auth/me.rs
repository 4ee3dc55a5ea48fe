//! `GET /api/me`: who is signed in, their partnerships with their role, and the documents
//! shared with them. The types and the role rule are the shared contract in `domain`
//! ([`domain::api`], [`domain::access`]); this module names them for the app and tests
//! that the app reads the contract as the server writes it.

pub use domain::{
    access::Role as AccessRole,
    api::{Account, Me, PartnershipAccess, SharedDocument},
};

#[cfg(test)]
mod tests {
    use domain::DocumentId;

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn me_json(leicester: DocumentId, joint: DocumentId) -> String {
        format!(
            r#"{{"account":{{"id":"a1","email":"leicester.viewer@example.org","name":"Lee Viewer"}},
               "partnerships":[{{"id":"p1","name":"Leicester","documentId":"{leicester}","role":"viewer"}}],
               "shared":[{{"documentId":"{joint}","role":"editor"}}]}}"#
        )
    }

    #[wasm_bindgen_test]
    fn me_parses_the_contract_shape_and_round_trips() {
        let (l, j) = (DocumentId::random(), DocumentId::random());
        let me = Me::parse(&me_json(l, j)).unwrap();
        assert_eq!(me.account.name, "Lee Viewer");
        assert_eq!(me.partnerships[0].document_id, l);
        assert_eq!(me.partnerships[0].role, AccessRole::Viewer);
        assert_eq!(me.shared[0].document_id, j);
        assert_eq!(Me::parse(&me.to_json()).unwrap(), me);
        assert_eq!(me.documents(), vec![l, j]);
    }

    #[wasm_bindgen_test]
    fn me_without_lists_is_an_account_with_nothing() {
        let me = Me::parse(r#"{"account":{"id":"a","email":"e@example.org","name":"N"}}"#).unwrap();
        assert!(me.partnerships.is_empty() && me.shared.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_bad_document_id_or_role_is_refused() {
        let bad_id = r#"{"account":{"id":"a","email":"e","name":"N"},"partnerships":[{"id":"p","name":"P","documentId":"not an id","role":"admin"}]}"#;
        assert!(Me::parse(bad_id).is_err());
        let l = DocumentId::random();
        let bad_role = format!(r#"{{"account":{{"id":"a","email":"e","name":"N"}},"partnerships":[{{"id":"p","name":"P","documentId":"{l}","role":"owner"}}]}}"#);
        assert!(Me::parse(&bad_role).is_err());
    }

    #[wasm_bindgen_test]
    fn the_best_role_among_owning_partnerships_and_grants_wins() {
        let (leicester, lrscp, derby, joint) = (
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
        );
        let access = |id: &str, doc, role| PartnershipAccess { id: id.into(), name: id.into(), document_id: doc, role };
        let me = Me {
            account: Account { id: "a".into(), email: "e".into(), name: "N".into() },
            partnerships: vec![
                access("leicester", leicester, AccessRole::Viewer),
                access("lrscp", lrscp, AccessRole::Editor),
            ],
            shared: vec![SharedDocument { document_id: joint, role: AccessRole::Admin }],
            two_step_needed: false,
        };
        // A partnership document owns itself.
        assert_eq!(me.role_for(leicester, &[]), Some(AccessRole::Viewer));
        // A group owned by Leicester only: viewer; jointly with LRSCP: editor.
        let group = DocumentId::random();
        assert_eq!(me.role_for(group, &[leicester]), Some(AccessRole::Viewer));
        assert_eq!(me.role_for(group, &[leicester, lrscp]), Some(AccessRole::Editor));
        // A grant counts too, and the best role wins.
        assert_eq!(me.role_for(joint, &[leicester]), Some(AccessRole::Admin));
        // Another partnership's group: no role.
        assert_eq!(me.role_for(group, &[derby]), None);
        assert!(!AccessRole::Viewer.can_edit() && AccessRole::Editor.can_edit() && AccessRole::Admin.can_edit());
        assert!(me.administers(leicester) == false);
    }

    #[wasm_bindgen_test]
    fn roles_parse_from_their_wire_names() {
        for r in AccessRole::ALL {
            assert_eq!(AccessRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(AccessRole::parse("owner"), None);
    }
}
