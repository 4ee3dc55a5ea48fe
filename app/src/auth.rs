//! Accounts on this device: who is signed in (`GET /api/me`, cached so the app starts
//! offline), sign-in and sign-out, roles in the UI, and the HTTP API (see
//! `docs/access-control.md`).
//!
//! - [`me`]: the `Me` answer and role resolution (plain data, unit-tested);
//! - [`api`]: the JSON HTTP client and its one error type, [`ApiError`];
//! - [`cache`]: what this device keeps in `localStorage` (the last `Me`, documents waiting to
//!   be registered);
//! - [`purge`]: which local copies to delete after `POST /api/documents/readable`;
//! - [`session`]: the signed-in state in context ([`use_me`]), and the flows that change it.

pub mod api;
pub mod cache;
pub mod me;
pub mod purge;
pub mod session;

pub use api::ApiError;
pub use me::{AccessRole, Account, Me, PartnershipAccess, SharedDocument};
pub use session::{provide_auth, sign_out, use_me, AuthCtx, SessionStatus, UseMeReturn};
