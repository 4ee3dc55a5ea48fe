-- A new session (a sign-in) changes nothing the access snapshot holds and no open connection's
-- rights: it no longer bumps `acl_version`, so a sign-in does not make every open connection be
-- checked again. Ending a session (sign-out, expiry, "sign out everywhere") still does, so the
-- sockets it authenticated close.
DROP TRIGGER IF EXISTS sessions_insert_acl;
