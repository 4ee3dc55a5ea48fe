//! The administrative subcommands: `partnership add`, `user add`, `token create`. They
//! work on the same database as a running server (which notices the changes within a
//! second) and print only what was asked for on stdout.

use std::{io::BufRead, time::Duration};

use anyhow::{bail, Context};
use domain::{model::PartnershipDoc, DocumentId};

use crate::{
    auth::{
        audit::AuditKind,
        store::ms,
        AuthStore, Email, PartnershipId, Password, Role, Secret,
    },
    config::{Command, Config, PartnershipCommand, TokenCommand, UserCommand},
    new_document,
    storage::SqliteStorage,
};

/// How long a printed set-password link works.
const PASSWORD_LINK_VALID_FOR: Duration = Duration::from_secs(7 * 24 * 60 * 60);

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
            password_stdin,
        }) => {
            let password = if password_stdin {
                let mut line = String::new();
                stdin.read_line(&mut line).context("reading the password from stdin")?;
                let line = line.trim_end_matches(['\n', '\r']);
                Some(Password::parse(line).map_err(|e| anyhow::anyhow!("{e}"))?)
            } else {
                None
            };
            add_user(config, &email, &name, &partnership, role, password)
        }
        Command::Token(TokenCommand::Create { email, partnership }) => create_token(config, &email, &partnership),
    }
}

fn auth_store(config: &Config) -> anyhow::Result<AuthStore> {
    Ok(AuthStore::open_dir(&config.data_dir)?)
}

/// Creates the partnership's document and its row (owning the document).
pub fn add_partnership(config: &Config, name: &str) -> anyhow::Result<PartnershipId> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a partnership needs a name");
    }
    let storage = SqliteStorage::open_dir(&config.data_dir)?;
    let auth = auth_store(config)?;
    if auth.find_partnership(name)?.is_some() {
        bail!("a partnership named {name:?} already exists");
    }
    let value = PartnershipDoc {
        name: name.to_owned(),
        ..PartnershipDoc::default()
    };
    let doc = new_document::create(&value, "Create the partnership")?;
    let id = DocumentId::random();
    storage.apply(&[new_document::snapshot(id, &doc)], &[])?;
    let partnership = auth.create_partnership(name, id)?;
    auth.audit(Some(partnership), None, "partnership-created", &format!("{name} (command line)"))?;
    Ok(partnership)
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
    partnership: &str,
    role: Role,
    password: Option<Password>,
) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = name.trim();
    if name.is_empty() {
        bail!("a person needs a name");
    }
    let auth = auth_store(config)?;
    let partnership = find_partnership(&auth, partnership)?;
    let hash = password.map(|p| p.hash()).transpose()?;
    let account = match auth.account_by_email(&email)? {
        Some(existing) => {
            if let Some(h) = &hash {
                auth.set_password_hash(existing.id, h)?;
            }
            existing.id
        }
        None => auth.create_account(&email, name, hash.as_deref())?,
    };
    auth.set_role(account, partnership, role)?;
    auth.audit(
        Some(partnership),
        None,
        AuditKind::RoleChanged.as_str(),
        &format!("{email}: {role} (command line)"),
    )?;
    if hash.is_some() {
        return Ok(account.to_string());
    }
    let link = Secret::generate()?;
    auth.create_password_link(&link.hash(), account, auth.clock().now_ms() + ms(PASSWORD_LINK_VALID_FOR))?;
    Ok(format!("{}/set-password/{}", config.origin_for_links(), link.expose()))
}

fn create_token(config: &Config, email: &str, partnership: &str) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let auth = auth_store(config)?;
    let partnership = find_partnership(&auth, partnership)?;
    let account = auth
        .account_by_email(&email)?
        .with_context(|| format!("no account has the email {email}"))?;
    if !auth.people(partnership)?.iter().any(|p| p.account == account.id) {
        bail!("{email} has no role in that partnership");
    }
    let token = Secret::generate()?;
    auth.add_api_token(&token.hash(), account.id, partnership)?;
    auth.audit(Some(partnership), Some(account.id), "token-created", "command line")?;
    Ok(token.expose().to_owned())
}
