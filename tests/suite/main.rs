//! The integration tests, in one binary so that the library and its
//! dependencies (resvg and the rest) are linked once, not once per test file.
//! One module per feature; `common` holds the shared helpers and the output
//! audit. Run one module with its path as the filter, for example
//! `cargo test --test suite hostile::`.

mod common;

mod base_url;
mod build_example;
mod build_output;
mod cache;
mod check_errors;
mod cli;
mod find;
mod forms;
mod fuzz;
mod grades;
mod guide;
mod hostile;
mod incremental;
mod install;
mod issue;
mod keys;
mod kill;
mod languages;
mod layout;
mod listings;
mod ob2_signed;
mod ob3;
mod ob3_bake;
mod rules;
mod search;
mod serve;
mod share;
mod structure;
mod svg_images;
mod template_reference;
mod themes;
mod verify;
