//! Open Badges 3.0 baking: a credential the build signs (Data Integrity JSON
//! and VC-JWT), baked into the badge's SVG and PNG with `accolade bake`,
//! read back unchanged with `accolade unbake` and verified from the image
//! with `accolade verify`, against the site served on 127.0.0.1.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn accolade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accolade")).args(args).output().unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The first free port of 18970-18979, the range this test may use.
fn listener() -> std::net::TcpListener {
    (18970..=18979)
        .find_map(|port| std::net::TcpListener::bind(("127.0.0.1", port)).ok())
        .expect("a free port in 18970-18979")
}

#[test]
fn a_credential_baked_into_svg_and_png_reads_back_and_verifies() {
    let listener = listener();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    // The example site, also publishing each credential as a VC-JWT.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&example_site(), &site);
    let config = std::fs::read_to_string(site.join("accolade.toml")).unwrap();
    assert!(config.contains("\n[signing]\n"));
    std::fs::write(site.join("accolade.toml"), config.replace("\n[signing]\n", "\n[signing]\nvc_jwt = true\n"))
        .unwrap();
    let (_site, _out_tmp, out) = build(&site, Some(&base));
    serve(out.clone(), listener);

    let json = out.join("credentials/bm9u626h3m.json");
    let jwt = out.join("credentials/bm9u626h3m.jwt");
    let credential: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(credential.get("proof").is_some(), "the build signs the credential");
    let svg = out.join("badges/course-completion.svg");
    let png = out.join("badges/course-completion/image.png");
    let baked_dir = tmp.path().join("baked");
    std::fs::create_dir(&baked_dir).unwrap();

    for (image, file) in [(&svg, &json), (&png, &json), (&svg, &jwt), (&png, &jwt)] {
        let what = format!("{} into {}", file.display(), image.display());
        let ext = image.extension().unwrap().to_str().unwrap();
        let baked = baked_dir.join(format!("{}.{ext}", file.extension().unwrap().to_str().unwrap()));
        let done = accolade(&["bake", s(image), s(file), "-o", s(&baked)]);
        assert!(done.status.success(), "{what}: {}", String::from_utf8_lossy(&done.stderr));

        let done = accolade(&["unbake", s(&baked)]);
        assert!(done.status.success(), "{what}: {}", String::from_utf8_lossy(&done.stderr));
        let unbaked = String::from_utf8(done.stdout).unwrap();
        let original = std::fs::read_to_string(file).unwrap();
        // The credential comes back exactly as the site publishes it.
        assert_eq!(unbaked.trim(), original.trim(), "{what}");
        if *file == json {
            assert_eq!(serde_json::from_str::<Value>(&unbaked).unwrap(), credential, "{what}");
        }

        let done = accolade(&["verify", s(&baked), "--format", "json"]);
        let report: Value = serde_json::from_slice(&done.stdout)
            .unwrap_or_else(|_| panic!("{what}: {}", String::from_utf8_lossy(&done.stderr)));
        assert!(done.status.success(), "{what}: {report:#}");
        assert_eq!(report["format"], "ob3", "{what}");
        assert_eq!(report["verdict"], "valid", "{what}: {report:#}");

        // A badge image is baked once: baking it again is refused.
        let again = baked_dir.join(format!("again.{ext}"));
        let done = accolade(&["bake", s(&baked), s(&json), "-o", s(&again)]);
        assert!(!done.status.success(), "{what} baked twice");
        assert!(String::from_utf8_lossy(&done.stderr).contains("already carries an Open Badges 3.0 credential"));
        assert!(!again.exists());
    }
}
