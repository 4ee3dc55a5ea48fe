-- A new session (a sign-in) changes nothing the access snapshot holds and no open connection's
-- rights: it no longer bumps `acl_version` nor notifies `quorum_access`, so a sign-in on one
-- node does not make every node reload its access rules and check every open connection again.
-- Ending a session (sign-out, expiry, "sign out everywhere") still does, so the sockets it
-- authenticated close on every node.
DROP TRIGGER IF EXISTS sessions_acl ON sessions;
CREATE TRIGGER sessions_acl AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION quorum_access_changed();
