//! accolade turns issued Open Badges 2.0 files into a static, verifiable
//! website. The library reads a site folder into a checked model
//! ([`Site::load`]) and writes it out ([`Site::build`]); it never prints.
//!
//! Modules, leaves first; each uses only modules above it in this list
//! (`tests/suite/structure.rs` checks that there is no cycle):
//!
//! - `util`: text classes, HTML escaping, atomic writes, hashing, URLs,
//!   dates, JSON positions, image sniffing. Knows nothing of badges.
//! - `layout`: every folder name of a site and every path a build writes.
//! - `diag`: problems (file, line:column, JSON path, help) and their codes.
//! - `config`: `accolade.toml`, read strictly.
//! - `model`: the Open Badges 2.0 objects as serde types; accolade's own
//!   flags; recipients' emails hashed and matched.
//! - `library`: reading a site folder (the one reader of build, check and
//!   the editing commands) and linking its objects by id.
//! - `check`: the rules, per object and over the site, in a site folder or
//!   on fetched badges (`Mode`); the per-award verification report.
//! - `art`: badge images as PNG, baking, share images, QR codes.
//! - `i18n`: the interface strings in the site's language (`locales/*.toml`).
//! - `render`: templates, theme files, Markdown and the views pages get.
//! - `site`: `Site`, a folder read, linked and checked, ready to build.
//! - `build`: pages and hosted JSON, written through one staged output.
//! - `remote`: fetching a badge published anywhere and checking it.
//! - `serve`: the preview server of `accolade serve`: safe paths, the live
//!   reload script, watching the site folder.
//! - `edit`: `init`, `issue` (and grade reports), `revoke`, `find`, `new badge`
//!   and `move` (to a new base URL).
//!
//! The command line (`main.rs`, `cli.rs`, `cmd/`) is a thin binary over this.

pub mod art;
pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod edit;
pub mod i18n;
pub mod layout;
pub mod library;
pub mod model;
pub mod ob3;
pub mod remote;
pub mod render;
pub mod serve;
pub mod sign;
pub mod site;
pub mod themes;
pub mod util;

pub use config::Overrides;
pub use diag::{Code, Problem, Problems, Severity, SiteErrors};
pub use site::Site;
pub use util::progress::{Phase, Progress, Silent};
