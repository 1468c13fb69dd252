//! Signing Open Badges 3.0 credentials: the issuer's Ed25519 key.

pub mod key;
