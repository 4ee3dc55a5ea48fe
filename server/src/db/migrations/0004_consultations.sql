-- Consultations (docs/access-control.md, "Consultation"): an owner of a document puts it
-- out for consultation to named accounts until the end of a closing date. While it is open
-- each consultee reads the document and writes its comments document. The access snapshot
-- derives those two grants from these rows (they are never written into document_grants),
-- so opening or ending a consultation never changes anyone's ordinary share, and one whose
-- `expires_at` has passed grants nothing.
CREATE TABLE consultations (
    document_id TEXT PRIMARY KEY NOT NULL,
    comments_document_id TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    opened_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
    opened_at INTEGER NOT NULL
);
CREATE TABLE consultees (
    document_id TEXT NOT NULL REFERENCES consultations(document_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, account_id)
);
CREATE INDEX consultees_by_account ON consultees(account_id);

CREATE TRIGGER consultations_insert_acl AFTER INSERT ON consultations
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER consultations_update_acl AFTER UPDATE ON consultations
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER consultations_delete_acl AFTER DELETE ON consultations
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER consultees_insert_acl AFTER INSERT ON consultees
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER consultees_delete_acl AFTER DELETE ON consultees
    BEGIN UPDATE acl_version SET version = version + 1 WHERE id = 1; END;
