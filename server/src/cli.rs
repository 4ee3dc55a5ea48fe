//! The administrative subcommands: `partnership add`, `user add`, `token create|list|revoke`,
//! `operator grant|revoke`, `migrate`, `export`, `import`. They
//! work on the same database as a running server (which notices the changes within a
//! second) and print only what was asked for on stdout.

use std::io::BufRead;

use anyhow::{bail, Context};

use crate::{
    auth::{
        audit::AuditKind,
        second_factor::{self, CodeUsed},
        secrets_key::KEY_FILE,
        store::Account,
        AuthStore, Email, PartnershipId, Password, Role, Secret, SecretsKey,
    },
    config::{Command, Config, OperatorCommand, PartnershipCommand, TokenCommand, UserCommand},
    partnerships::{self, LinkPolicy},
    storage::DocumentStore,
};

/// Runs one subcommand; returns what to print on stdout.
pub fn run(config: &Config, command: Command, stdin: &mut dyn BufRead) -> anyhow::Result<String> {
    match command {
        Command::Serve => bail!("`serve` is not an administrative command"),
        Command::Partnership(PartnershipCommand::Add { name }) => {
            let id = add_partnership(config, &name)?;
            Ok(id.to_string())
        }
        Command::User(UserCommand::Add {
            email,
            name,
            partnership,
            role,
            operator,
            password_stdin,
            code,
        }) => {
            let password = if password_stdin {
                let mut line = String::new();
                stdin.read_line(&mut line).context("reading the password from stdin")?;
                let line = line.trim_end_matches(['\n', '\r']);
                Some(Password::parse_new(line, &[email.as_str(), name.as_str()]).map_err(|e| anyhow::anyhow!("{e}"))?)
            } else {
                None
            };
            let membership = partnership.zip(role);
            add_user(config, &email, &name, membership.as_ref().map(|(p, r)| (p.as_str(), *r)), operator, password, code.as_deref())
        }
        Command::User(UserCommand::ResetTwoStep { email }) => reset_two_step(config, &email),
        Command::Token(TokenCommand::Create { email, partnership, days, code }) => {
            create_token(config, &email, &partnership, days, code.as_deref())
        }
        Command::Token(TokenCommand::List) => list_tokens(config),
        Command::Token(TokenCommand::Revoke { id }) => revoke_token(config, &id),
        Command::Operator(OperatorCommand::Grant { email }) => set_operator(config, &email, true),
        Command::Operator(OperatorCommand::Revoke { email }) => set_operator(config, &email, false),
        Command::Migrate => migrate(config),
        Command::Export { to } => export(config, &to),
        Command::Import { from } => import(config, &from),
    }
}

/// Opens the node's file and its database as a server's start does (each applies the
/// migrations it lacks, PostgreSQL's under an advisory lock), then reports the schema.
fn migrate(config: &Config) -> anyhow::Result<String> {
    DocumentStore::open(&config.data_dir, config.database_url.as_ref())?;
    let auth = auth_store(config)?;
    let versions: Vec<i64> = auth
        .conn()
        .query("SELECT version FROM schema_migrations ORDER BY version", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_, _>>()?;
    let (engine, latest) = match config.database_url {
        None => ("SQLite", crate::db::latest_version()),
        Some(_) => ("PostgreSQL", crate::db::postgres::latest_version()),
    };
    let newest = versions.last().copied().unwrap_or(0);
    let list = versions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    if newest < i64::from(latest) {
        bail!("the {engine} database is at schema version {newest}, not {latest}");
    }
    Ok(format!("{engine} database at schema version {newest} (migrations {list})"))
}

/// `export --to FILE`: see [`crate::transfer::export`].
fn export(config: &Config, to: &std::path::Path) -> anyhow::Result<String> {
    let done = crate::transfer::export(&config.data_dir, config.database_url.as_ref(), to)?;
    Ok(format!(
        "exported {} rows of {} tables and {} chunks of {} documents to {}",
        done.rows.values().sum::<u64>(),
        done.rows.len(),
        done.chunks,
        done.documents,
        to.display()
    ))
}

/// `import --from FILE`: see [`crate::transfer::import`].
fn import(config: &Config, from: &std::path::Path) -> anyhow::Result<String> {
    let done = crate::transfer::import(&config.data_dir, config.database_url.as_ref(), from)?;
    let engine = if config.database_url.is_some() { "PostgreSQL" } else { "SQLite" };
    Ok(format!(
        "imported {} rows of {} tables and {} chunks of {} documents from {} (a {} export) into {engine}",
        done.rows.values().sum::<u64>(),
        done.rows.len(),
        done.chunks,
        done.documents,
        from.display(),
        done.from_engine
    ))
}

fn auth_store(config: &Config) -> anyhow::Result<AuthStore> {
    Ok(AuthStore::open_for(&config.data_dir, config.database_url.as_ref())?)
}

/// Acting for `account` (a token, a new password): when it uses two-step verification, the
/// person's current code (or a recovery code) must be given with `--code`, and is used up as
/// at sign-in. A wrong code is audited like a failed sign-in.
fn require_second_factor(config: &Config, auth: &AuthStore, account: &Account, code: Option<&str>) -> anyhow::Result<()> {
    if !auth.two_step_on(account.id)? {
        return Ok(());
    }
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        bail!(
            "{} uses two-step verification: give their current code from the authenticator app (or a recovery code) with --code",
            account.email
        );
    };
    let key_file = config.secrets_key_file.clone().unwrap_or_else(|| config.data_dir.join(KEY_FILE));
    let key = SecretsKey::find(config.secrets_key.as_deref(), &key_file)?.with_context(|| {
        format!("no secrets key to check the code: set QUORUM_SECRETS_KEY or --secrets-key-file as the server has it ({} is missing)", key_file.display())
    })?;
    let keyed = auth_store(config)?.with_clock(auth.clock().clone()).with_secrets_key(key);
    let now = u64::try_from(auth.now_ms() / 1000).unwrap_or(0);
    match second_factor::use_code(&keyed, account.id, code, now, true)? {
        CodeUsed::Wrong => {
            auth.audit(None, Some(account.id), AuditKind::SignInFailed.as_str(), "wrong two-step code on the command line")?;
            bail!("the code for {} is wrong or has expired", account.email)
        }
        CodeUsed::Recovery { left } => {
            auth.audit(None, Some(account.id), AuditKind::RecoveryCodeUsed.as_str(), &format!("{left} left (command line)"))?;
            Ok(())
        }
        CodeUsed::Totp => Ok(()),
    }
}

/// Creates the partnership's document and its row (owning the document); the same path
/// as an operator's in the app ([`partnerships::start`]).
pub fn add_partnership(config: &Config, name: &str) -> anyhow::Result<PartnershipId> {
    let storage = DocumentStore::open(&config.data_dir, config.database_url.as_ref())?;
    let auth = auth_store(config)?;
    let started = partnerships::start(&storage, &auth, name, "", None, "command line").map_err(|e| match e {
        partnerships::StartError::Internal(e) => anyhow::anyhow!(e),
        other => anyhow::anyhow!("{}", other.to_string().to_lowercase()),
    })?;
    Ok(started.partnership)
}

fn find_partnership(auth: &AuthStore, partnership: &str) -> anyhow::Result<PartnershipId> {
    Ok(auth
        .find_partnership(partnership)?
        .with_context(|| format!("no partnership has the id or name {partnership:?}"))?
        .0)
}

fn add_user(
    config: &Config,
    email: &str,
    name: &str,
    membership: Option<(&str, Role)>,
    operator: bool,
    password: Option<Password>,
    code: Option<&str>,
) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = name.trim();
    if name.is_empty() {
        bail!("a person needs a name");
    }
    let auth = auth_store(config)?;
    if password.is_some() {
        // A new password for an existing account is acting for it.
        if let Some(existing) = auth.account_by_email(&email)? {
            require_second_factor(config, &auth, &existing, code)?;
        }
    }
    let hash = password.map(|p| p.hash()).transpose()?;
    let (account, link) = match membership {
        Some((partnership, role)) => {
            let partnership = find_partnership(&auth, partnership)?;
            let member = partnerships::add_member(
                &auth,
                &email,
                name,
                partnership,
                role,
                hash.as_deref(),
                LinkPolicy::Always,
                None,
                "command line",
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            (member.account, member.password_link)
        }
        None => {
            let account = match auth.account_by_email(&email)? {
                Some(existing) => {
                    if let Some(h) = &hash {
                        auth.set_password_hash(existing.id, h)?;
                    }
                    existing.id
                }
                None => auth.create_account(&email, name, hash.as_deref())?,
            };
            let link = match hash {
                Some(_) => None,
                None => Some(password_link(&auth, account)?),
            };
            (account, link)
        }
    };
    if operator {
        auth.grant_operator(account)?;
        auth.audit(None, Some(account), AuditKind::OperatorGranted.as_str(), "command line")?;
    }
    Ok(match link {
        None => account.to_string(),
        Some(link) => format!("{}/set-password/{}", config.origin_for_links(), link.expose()),
    })
}

fn password_link(auth: &AuthStore, account: crate::auth::AccountId) -> anyhow::Result<Secret> {
    let link = Secret::generate()?;
    auth.create_password_link(
        &link.hash(),
        account,
        auth.clock().now_ms() + crate::auth::store::ms(partnerships::PASSWORD_LINK_VALID_FOR),
    )?;
    Ok(link)
}

fn reset_two_step(config: &Config, email: &str) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let auth = auth_store(config)?;
    let account = auth
        .account_by_email(&email)?
        .with_context(|| format!("no account has the email {email}"))?;
    if !auth.turn_off_two_step(account.id)? {
        return Ok(format!("{email} did not use two-step verification"));
    }
    // Sessions end too (the server notices within a second and closes their sockets).
    let ended = auth.end_sessions_of(account.id, None)?;
    auth.audit(None, Some(account.id), AuditKind::TwoStepOff.as_str(), "reset on the command line")?;
    Ok(format!("two-step verification is off for {email}; {ended} sessions ended"))
}

fn set_operator(config: &Config, email: &str, operator: bool) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let auth = auth_store(config)?;
    let account = auth
        .account_by_email(&email)?
        .with_context(|| format!("no account has the email {email}"))?;
    let (changed, kind) = if operator {
        (auth.grant_operator(account.id)?, AuditKind::OperatorGranted)
    } else {
        (auth.revoke_operator(account.id)?, AuditKind::OperatorRevoked)
    };
    auth.audit(None, Some(account.id), kind.as_str(), "command line")?;
    Ok(match (operator, changed) {
        (true, true) => format!("{email} is now an operator"),
        (true, false) => format!("{email} was already an operator"),
        (false, true) => format!("{email} is no longer an operator"),
        (false, false) => format!("{email} was not an operator"),
    })
}

/// One line per token, tab-separated: id, email, partnership, created, expires (UTC dates),
/// and "expired" for those past their date.
fn list_tokens(config: &Config) -> anyhow::Result<String> {
    let auth = auth_store(config)?;
    let now = auth.now_ms();
    let day = |ms: i64| domain::model::Date::of_unix_seconds(ms / 1000).to_string();
    let lines: Vec<String> = auth
        .api_tokens()?
        .into_iter()
        .map(|t| {
            let state = if t.expires_at <= now { "\texpired" } else { "" };
            format!("{}\t{}\t{}\tcreated {}\texpires {}{state}", t.id, t.email, t.partnership, day(t.created_at), day(t.expires_at))
        })
        .collect();
    Ok(lines.join("\n"))
}

fn revoke_token(config: &Config, id: &str) -> anyhow::Result<String> {
    let auth = auth_store(config)?;
    let Some(row) = auth.revoke_api_token(id.trim())? else {
        bail!("no token has the id {id:?} (see `token list`)");
    };
    auth.audit(Some(row.partnership_id), None, "token-revoked", &format!("{} (command line)", row.email))?;
    Ok(format!("revoked {}", row.id))
}

fn create_token(config: &Config, email: &str, partnership: &str, days: Option<u32>, code: Option<&str>) -> anyhow::Result<String> {
    let days = days.unwrap_or(crate::auth::DEFAULT_TOKEN_DAYS);
    if !(1..=crate::auth::MAX_TOKEN_DAYS).contains(&days) {
        bail!("--days must be between 1 and {}", crate::auth::MAX_TOKEN_DAYS);
    }
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let auth = auth_store(config)?;
    let partnership = find_partnership(&auth, partnership)?;
    let account = auth
        .account_by_email(&email)?
        .with_context(|| format!("no account has the email {email}"))?;
    if !auth.people(partnership)?.iter().any(|p| p.account == account.id) {
        bail!("{email} has no role in that partnership");
    }
    require_second_factor(config, &auth, &account, code)?;
    let token = Secret::generate()?;
    auth.add_api_token_for(&token.hash(), account.id, partnership, days)?;
    auth.audit(Some(partnership), Some(account.id), "token-created", "command line")?;
    Ok(token.expose().to_owned())
}
