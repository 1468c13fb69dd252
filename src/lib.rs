//! accolade turns issued Open Badges 2.0 files into a static, verifiable
//! website. The library loads a site folder into a checked model
//! ([`Site::load`]) and writes it out ([`Site::build`]); it never prints.
//!
//! Modules, in the order data flows through them:
//! `config` → `load` (files to typed `model` objects) → `site` (linked) →
//! `validate` (rules, per-award checks) → `render` (views, templates,
//! `markdown`, `qr`) → `build` (pages and hosted JSON) → `output` (safe writes).

pub mod artwork;
pub mod bake;
pub mod build;
pub mod config;
pub mod dates;
pub mod diag;
pub mod grades;
pub mod images;
pub mod init;
pub mod issue;
pub mod jsonpos;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod qr;
pub mod remote;
pub mod render;
pub mod revoke;
pub mod share;
pub mod site;
pub mod urls;
pub mod validate;
pub mod verify;

pub use config::Overrides;
pub use diag::{Problem, Problems, Severity, SiteErrors};
pub use site::Site;
