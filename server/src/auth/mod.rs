//! Accounts and access control (see `docs/access-control.md`): typed values, accounts,
//! sessions, invitations and grants ([`store`]), password rules, the access rules
//! ([`acl`]) and the shared [`AccessControl`] handle used by the HTTP API and the sync
//! gate. Nothing here knows about HTTP (that is [`crate::http`]).

pub mod access_control;
pub mod acl;
pub mod audit;
mod sign_in_limits;
mod email;
mod ids;
pub mod password;
mod role;
pub mod second_factor;
pub mod secret;
pub mod secrets_key;
pub mod store;
pub mod totp;

pub use access_control::{AccessControl, AccessError, SessionPolicy};
pub use acl::{Acl, Principal, Via};
pub use sign_in_limits::{Attempt, ClientIp, SignInLimits, Throttled};
pub use email::{BadEmail, Email};
pub use ids::{AccountId, BadId, PartnershipId, SessionId};
pub use password::{BadPassword, Password};
pub use role::{BadRole, Role, SqlRole};
pub use secret::Secret;
pub use secrets_key::{SecretsKey, SecretsKeyError};
pub use store::{ApiTokenRow, AuthStore, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS};
