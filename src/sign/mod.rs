//! Signing Open Badges 3.0 credentials: the issuer's Ed25519 key, and Data
//! Integrity proofs (`eddsa-rdfc-2022`).

pub mod did;
pub mod ed2020;
pub mod jwt;
pub mod key;
pub mod proof;
pub mod status;
