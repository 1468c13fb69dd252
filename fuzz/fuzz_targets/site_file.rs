//! One file of the hostile-input fixture replaced by the fuzzer's bytes:
//! the first byte picks the file, the rest is its content. The site is
//! loaded: read, parsed, typed, linked and checked, which is where input is
//! taken apart (the templates, which are not input, are not parsed each
//! time). Any panic is a finding. Rendering is fuzzed by
//! `tests/suite/fuzz.rs` (proptest) with the output audit: under libFuzzer's
//! coverage instrumentation the image rasteriser makes a build take a
//! second, which leaves too few executions to matter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FILES: &[&str] = &[
    "assertions/ada-skill.json",
    "badges/skill.json",
    "issuers/acme.json",
    "revocations.json",
    "badges/skill.svg",
    "badges/skill.md",
    "accolade.toml",
    "assertions/bob-skill.json",
];

struct Sandbox {
    _dir: tempfile::TempDir,
    site: PathBuf,
    out: PathBuf,
}

fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile"), &site);
        let out = dir.path().join("public");
        Sandbox { _dir: dir, site, out }
    })
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else { return };
    let sb = sandbox();
    let file = sb.site.join(FILES[pick as usize % FILES.len()]);
    let original = std::fs::read(&file).unwrap();
    std::fs::write(&file, content).unwrap();
    let overrides = accolade::Overrides { base_url: None, output: Some(sb.out.clone()) };
    let mut problems = accolade::Problems::default();
    if let Some((config, loaded)) = accolade::load::load(&sb.site, &overrides, &mut problems) {
        let now = accolade::dates::build_time();
        let _ = accolade::Site::assemble(&sb.site, config, loaded, now, &Default::default(), &mut problems);
    }
    // Every message must print, control characters and all.
    for p in problems.iter() {
        let _ = p.to_string();
    }
    std::fs::write(&file, original).unwrap();
});
