use super::*;
use crate::config::Overrides;

/// `value_at` gives what reading gave: the object at its path, re-rooted
/// to the build's base URL, from a text with or without a byte-order mark.
#[test]
fn value_at_parses_the_text_again_as_read() {
    let overrides = Overrides { base_url: Some("http://127.0.0.1:18950/".into()), output: None, signing_key: None };
    let config =
        Config::parse("base_url = \"https://o.github.io/b/\"", Path::new("."), &overrides, &mut Problems::default())
            .unwrap();
    let text =
        "\u{feff}{\"id\": \"https://o.github.io/b/a.json\", \"badge\": {\"id\": \"https://o.github.io/b/m.json\"}}";
    let source = Source::new("a.json".into(), text.into());
    let root = source.value_at(&JsonPath::root(), Some(&config)).unwrap();
    assert_eq!(root["id"], "http://127.0.0.1:18950/a.json");
    let badge = source.value_at(&JsonPath::root().key("badge"), Some(&config)).unwrap();
    assert_eq!(badge, serde_json::json!({ "id": "http://127.0.0.1:18950/m.json" }));
    assert_eq!(source.value_at(&JsonPath::root().key("nothing"), Some(&config)), None);
}

/// `reads_as_object` names exactly the files the reader reads as objects.
#[test]
fn the_object_files_are_the_ones_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let mut problems = Problems::default();
    let config = Config::load(&dir, &Overrides::default(), &mut problems).unwrap();
    let loaded = read_site(&dir, &config, &mut problems);
    assert!(loaded.sources.len() > 20);
    assert!(loaded.sources.iter().all(|s| reads_as_object(&s.rel)), "every file read");
    for rel in ["issuer.json", "revocations.json", "badges/m1.json", "issuers/x.JSON", "assertions/2026/a.json"] {
        assert!(reads_as_object(rel), "{rel}");
    }
    for rel in
        ["badges/m1.md", "badges/sub/m1.json", "static/x.json", "notes.json", "badges/.hidden.json", "x/issuer.json"]
    {
        assert!(!reads_as_object(rel), "{rel}");
    }
}

/// A released text is read again from the file, and only while the file
/// is what was read: a file changed since gives nothing.
#[test]
fn released_texts_are_read_again_while_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"id\": \"https://o.github.io/b/a.json\"}";
    std::fs::write(dir.path().join("a.json"), text).unwrap();
    let mut source = Source::new("a.json".into(), text.into());
    source.release(dir.path().into());
    assert!(source.text.is_empty());
    let root = source.value_at(&JsonPath::root(), None).unwrap();
    assert_eq!(root["id"], "https://o.github.io/b/a.json");
    assert_eq!(source.locate(&JsonPath::root().key("id")), Some((1, 8)));
    std::fs::write(dir.path().join("a.json"), "{\"id\": \"https://o.github.io/b/z.json\"}").unwrap();
    assert_eq!(source.value_at(&JsonPath::root(), None), None);
    assert_eq!(source.locate(&JsonPath::root().key("id")), None);
}
