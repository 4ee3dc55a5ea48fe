//! Integration tests of quorum-server: one test binary, one module per area.

// Helpers are `pub` for their sibling modules; nothing here is a library API.
#![allow(unreachable_pub)]

mod access_gate;
mod accounts_postgres;
mod auth_hardening;
mod auth_people;
mod auth_sessions;
mod authz;
mod bad_input;
mod compaction;
mod connection_limits;
mod compliance_rules;
mod crash_loop_postgres;
mod written_responses;
mod consultation;
mod demo;
mod durability;
mod eviction_and_metrics;
mod feeds;
mod fragments;
mod helpers;
mod http;
mod idle_memory;
mod nodes_postgres;
mod keepalive;
mod interop;
mod operator_and_sharing;
mod papers;
mod pool_postgres;
mod relay_postgres;
mod revocation;
mod security_audit;
mod security_claims;
mod security_secrets_at_rest;
mod security_sign_in;
mod security_slow_clients;
mod security_tokens;
mod shutdown;
mod slow_reader;
mod storage;
mod storage_postgres;
mod sync;
mod sync_postgres;
mod transfer;
mod two_step;
