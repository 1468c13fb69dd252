//! Leaf helpers with no knowledge of badges or sites: text classes, colours, HTML
//! escaping, atomic file writes, hashing, a content-addressed cache, URLs,
//! dates, JSON positions and image sniffing. Nothing here refers to another module of the crate.

pub mod cache;
pub mod color;
pub mod dates;
pub mod fs;
pub mod hash;
pub mod html;
pub mod json;
pub mod jsonpos;
pub mod mem;
pub mod progress;
pub mod sniff;
pub mod text;
pub mod urls;
pub mod xml;
