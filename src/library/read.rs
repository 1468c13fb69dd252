//! Reading a site folder: every file is read, parsed and typed, and every
//! problem is recorded, before anything is linked or checked. `build` and
//! `check` read with it, and so do the commands that edit a site folder
//! (`issue`, `revoke`), which simply ignore what they need not care about.

use super::facts::AwardFacts;
use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::layout;
use crate::util::fs::display_path;
use crate::util::json::json_kind;
use crate::util::jsonpos::{locate, JsonPath, Seg};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// A JSON file read from the site folder (or fetched from the web), with
/// its text while it is kept, so that messages can name lines.
#[derive(Debug)]
pub struct Source {
    /// Path relative to the site folder, `/`-separated.
    pub rel: String,
    /// The file's text; empty once released (`Source::release`).
    text: String,
    /// Where to read a released text again, and its SHA-256 then.
    released: Option<Released>,
}

#[derive(Debug)]
struct Released {
    /// The site folder `rel` is in.
    dir: Arc<Path>,
    digest: [u8; 32],
}

impl Source {
    pub fn new(rel: String, text: String) -> Source {
        Source { rel, text, released: None }
    }

    /// Lets go of the text, keeping its digest: `text` and `value_at` read
    /// the file in `dir` again. Award files are released as soon as they
    /// are read: a large site is mostly awards, and keeping their texts (and
    /// what was parsed from them) for the whole build made its memory grow
    /// with the number of awards.
    pub fn release(&mut self, dir: Arc<Path>) {
        if self.released.is_none() {
            self.released = Some(Released { dir, digest: sha256(&self.text) });
            self.text = String::new();
        }
    }

    /// The text: kept, or read again from the site folder if it is still
    /// what was read and checked (`None` otherwise).
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        let Some(released) = &self.released else { return Some(self.text.as_str().into()) };
        let text = std::fs::read_to_string(released.dir.join(&self.rel)).ok()?;
        (sha256(&text) == released.digest).then_some(text.into())
    }

    /// The line and column of `path` in this file; `None` when a released
    /// text cannot be read again as it was.
    pub fn locate(&self, path: &JsonPath) -> Option<(usize, usize)> {
        self.text().map(|text| locate(&text, path))
    }

    /// The JSON at `at` in this file, parsed again from its text and, with
    /// `reroot` (a site folder's configuration), re-rooted as when it was
    /// read. The checks and the build get an award's JSON this way, one
    /// award at a time, rather than keep every award's parsed JSON. `None`
    /// only when the file changed since it was read.
    pub fn value_at(&self, at: &JsonPath, reroot_to: Option<&Config>) -> Option<Value> {
        let text = self.text()?;
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut value: Value = serde_json::from_str(body).ok()?;
        if let Some(config) = reroot_to.filter(|c| c.base_url != c.source_base_url) {
            reroot(&mut value, config);
        }
        for seg in &at.0 {
            value = match seg {
                Seg::Key(k) => value.as_object_mut()?.shift_remove(k)?,
                Seg::Index(i) => value.as_array_mut().filter(|a| *i < a.len())?.swap_remove(*i),
            };
        }
        Some(value)
    }
}

fn sha256(text: &str) -> [u8; 32] {
    <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()).into()
}

/// An object read from a file (or embedded in another object of a file).
#[derive(Debug)]
pub struct Doc<T> {
    /// Index into `Loaded::sources`.
    pub source: usize,
    /// Where the object stands in its file (root, or `badge` when embedded).
    pub at: JsonPath,
    /// The JSON as written (after re-rooting), for the hosted copy. Only in
    /// part for assertions read from a site folder (`award_json_kept`): the
    /// checks and the build parse it again (`Source::value_at`).
    pub raw: Value,
    pub data: T,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub from: PathBuf,
    /// Output path relative to the output folder, `/`-separated.
    pub to: String,
}

/// Everything read from the site folder, not yet linked.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    pub issuers: Vec<Doc<crate::model::Profile>>,
    pub badges: Vec<Doc<crate::model::BadgeClass>>,
    /// Criteria narratives from `badges/<slug>.md`, by badge file stem.
    pub criteria_md: Vec<(String, String)>,
    /// Awards, as far as a build keeps them (the rest is read again).
    pub assertions: Vec<Doc<AwardFacts>>,
    pub revocation_lists: Vec<Doc<crate::model::RevocationList>>,
    /// Open Badges 3.0 credentials (`credentials/*.json`), whole.
    pub credentials: Vec<Doc<Value>>,
    /// Images next to issuer and badge files, and everything in `static/`.
    pub files: Vec<CopiedFile>,
    /// Site templates (`templates/**`), name and text.
    pub templates: Vec<(String, String)>,
    /// Theme files (`theme/**`), by their name below `theme/`.
    pub theme: Vec<CopiedFile>,
    /// Content files that could not be read, parsed or typed. Their problems
    /// are already reported; references to them are not reported again.
    pub failed: Vec<String>,
}

pub const IMAGE_EXTENSIONS: &[&str] = &["png", "svg"];

/// Larger JSON files are refused before they are read: a badge file is a
/// few KiB, and a 50 MB one is a mistake or an attack on the build.
pub const MAX_JSON_BYTES: u64 = 4 * 1024 * 1024;

/// Reads every file of `site_dir` that accolade knows, under `config`.
pub fn read_site(site_dir: &Path, config: &Config, problems: &mut Problems) -> Loaded {
    let mut loaded = Loaded::default();
    let shared_dir: Arc<Path> = site_dir.into();
    let mut reader = Reader { site_dir, shared_dir: shared_dir.clone(), config, problems, loaded: &mut loaded };

    let issuer_file = site_dir.join(layout::ISSUER_FILE);
    if issuer_file.is_file() {
        reader.read_object(&issuer_file, Kind::Issuer);
        // Images beside a top-level issuer.json are its logo and friends.
        for path in reader.files_in(".", false) {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if IMAGE_EXTENSIONS.contains(&ext.as_str()) {
                let to = display_path(site_dir, &path);
                reader.loaded.files.push(CopiedFile { from: path, to });
            }
        }
    }
    for path in reader.files_in(layout::ISSUERS, false) {
        reader.classify(&path, Kind::Issuer);
    }
    for path in reader.files_in(layout::BADGES, false) {
        reader.classify(&path, Kind::Badge);
    }
    // A site has a few issuers and badge classes but may have 100,000
    // awards: their files are read, parsed and typed in parallel, in
    // batches, and joined in file order so that builds stay deterministic.
    let awards = reader.files_in(layout::ASSERTIONS, true);
    let batches: Vec<(Loaded, Problems)> = awards
        .par_chunks(AWARDS_PER_BATCH)
        .map(|batch| {
            let (mut loaded, mut problems) = (Loaded::default(), Problems::default());
            let mut batch_reader = Reader {
                site_dir,
                shared_dir: shared_dir.clone(),
                config,
                problems: &mut problems,
                loaded: &mut loaded,
            };
            for path in batch {
                batch_reader.classify(path, Kind::Assertion);
            }
            (loaded, problems)
        })
        .collect();
    // Room for every batch at once: vectors that double as they grow would
    // hold up to twice the awards for a moment, at 100,000 awards the peak of
    // the build's memory.
    let sources: usize = batches.iter().map(|(b, _)| b.sources.len()).sum();
    let assertions: usize = batches.iter().map(|(b, _)| b.assertions.len()).sum();
    reader.loaded.sources.reserve(sources);
    reader.loaded.assertions.reserve(assertions);
    for (batch, problems) in batches {
        reader.loaded.join_awards(batch);
        reader.problems.0.extend(problems.0);
    }
    for path in reader.files_in(layout::CREDENTIALS, false) {
        reader.classify(&path, Kind::Credential);
    }
    let list_file = site_dir.join(layout::REVOCATIONS_FILE);
    if list_file.is_file() {
        reader.read_object(&list_file, Kind::Revocations);
    }
    for path in reader.files_in(layout::REVOCATIONS, false) {
        reader.classify(&path, Kind::Revocations);
    }
    for path in reader.files_in(layout::STATIC, true) {
        let to = display_path(&site_dir.join(layout::STATIC), &path);
        reader.loaded.files.push(CopiedFile { from: path, to });
    }
    for path in reader.files_in(layout::TEMPLATES, true) {
        let name = display_path(&site_dir.join(layout::TEMPLATES), &path);
        match std::fs::read_to_string(&path) {
            Ok(text) => reader.loaded.templates.push((name, text)),
            Err(e) => reader.problems.push(Problem::error(
                Code::FileRead,
                display_path(site_dir, &path),
                format!("cannot read template: {e}"),
            )),
        }
    }
    for path in reader.files_in(layout::THEME, true) {
        let to = display_path(&site_dir.join(layout::THEME), &path);
        reader.loaded.theme.push(CopiedFile { from: path, to });
    }
    loaded
}

/// Whether `read_site` reads the file at `rel` (`/`-separated, in the site
/// folder) as an object file: `issuer.json` and `revocations.json` at the
/// top, the JSON files of `issuers/`, `badges/` and `revocations/`, and every
/// JSON file below `assertions/`, hidden files aside. Their texts are looked
/// at for private keys as they are read (`read_json`); the check of the
/// rest of the folder leaves them out.
pub fn reads_as_object(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let is_json = Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json || name.starts_with('.') {
        return false;
    }
    match rel.split_once('/') {
        None => rel == layout::ISSUER_FILE || rel == layout::REVOCATIONS_FILE,
        Some((folder, rest)) => {
            folder == layout::ASSERTIONS
                || [layout::ISSUERS, layout::BADGES, layout::REVOCATIONS, layout::CREDENTIALS].contains(&folder)
                    && !rest.contains('/')
        }
    }
}

/// Award files read by one parallel task.
const AWARDS_PER_BATCH: usize = 256;

impl Loaded {
    /// Appends what a batch of award files gave: their texts, assertions,
    /// and failed files. An assertion's `source` is renumbered to where its
    /// text now is.
    fn join_awards(&mut self, batch: Loaded) {
        let offset = self.sources.len();
        self.sources.extend(batch.sources);
        self.assertions.extend(batch.assertions.into_iter().map(|doc| Doc { source: doc.source + offset, ..doc }));
        self.failed.extend(batch.failed);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issuer,
    Badge,
    Assertion,
    Revocations,
    Credential,
}

struct Reader<'a> {
    site_dir: &'a Path,
    /// `site_dir`, for the award files' `Source::release`.
    shared_dir: Arc<Path>,
    config: &'a Config,
    problems: &'a mut Problems,
    loaded: &'a mut Loaded,
}

impl Reader<'_> {
    /// The regular files of a subfolder, sorted so builds are deterministic.
    /// Links are skipped with a warning: following them could read (and
    /// publish) files from outside the site folder.
    fn files_in(&mut self, sub: &str, recursive: bool) -> Vec<PathBuf> {
        let dir = self.site_dir.join(sub);
        if sub != "." && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            self.problems.push(
                Problem::warning(Code::FileSymlink, format!("{sub}/"), "symbolic link skipped: the folder is a link")
                    .help("a linked folder could publish files from outside the site; copy the files in instead"),
            );
            return Vec::new();
        }
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let walker =
            WalkDir::new(&dir).min_depth(1).max_depth(if recursive { usize::MAX } else { 1 }).sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_symlink() => self.problems.push(
                    Problem::warning(Code::FileSymlink, display_path(self.site_dir, e.path()), "symbolic link skipped")
                        .help("copy the file into the site folder instead of linking to it"),
                ),
                Ok(e) if e.file_type().is_file() => {
                    let hidden = e.file_name().to_string_lossy().starts_with('.');
                    if !hidden || sub == layout::STATIC {
                        out.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(e) => self.problems.push(Problem::error(
                    Code::FileRead,
                    e.path().map(|p| display_path(self.site_dir, p)).unwrap_or_else(|| sub.to_string()),
                    format!("cannot read: {e}"),
                )),
            }
        }
        out
    }

    /// Sorts a file of a content folder by its extension.
    fn classify(&mut self, path: &Path, kind: Kind) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "json" => self.read_object(path, kind),
            "jwt" if kind == Kind::Credential => self.read_vc_jwt(path),
            "md" if kind == Kind::Badge => match std::fs::read_to_string(path) {
                Ok(text) => {
                    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    self.loaded.criteria_md.push((stem, text));
                }
                Err(e) => self.problems.push(Problem::error(
                    Code::FileRead,
                    display_path(self.site_dir, path),
                    format!("cannot read criteria: {e}"),
                )),
            },
            e if IMAGE_EXTENSIONS.contains(&e) && matches!(kind, Kind::Badge | Kind::Issuer) => {
                let to = display_path(self.site_dir, path);
                self.loaded.files.push(CopiedFile { from: path.to_path_buf(), to });
            }
            _ => self.problems.push(
                Problem::warning(
                    Code::FileUnknown,
                    display_path(self.site_dir, path),
                    "file ignored: not JSON, Markdown criteria or a PNG/SVG image",
                )
                .help("put other files for the site in `static/`"),
            ),
        }
    }

    fn read_object(&mut self, path: &Path, kind: Kind) {
        let rel = display_path(self.site_dir, path);
        let errors_before = self.problems.error_count();
        self.read_typed_object(path, rel.clone(), kind);
        if self.problems.error_count() > errors_before {
            self.loaded.failed.push(rel);
        }
    }

    fn read_typed_object(&mut self, path: &Path, rel: String, kind: Kind) {
        let Some((text, value)) = self.read_json(path, &rel) else { return };
        let source = self.loaded.sources.len();
        self.loaded.sources.push(Source::new(rel.clone(), text));
        let expected = match kind {
            Kind::Issuer => "an Issuer Profile",
            Kind::Badge => "a BadgeClass",
            Kind::Assertion => "an Assertion",
            Kind::Revocations => "a RevocationList",
            Kind::Credential => "an Open Badges 3.0 credential",
        };
        if !value.is_object() {
            self.problems.push(
                Problem::error(
                    Code::JsonType,
                    rel,
                    format!("expected {expected} (a JSON object), found {}", json_kind(&value)),
                )
                .at(1, 1),
            );
            return;
        }
        let at = JsonPath::root();
        match kind {
            Kind::Issuer => {
                if let Some(doc) = self.typed(source, at, value) {
                    self.loaded.issuers.push(doc);
                }
            }
            Kind::Badge => {
                if let Some(doc) = self.typed(source, at, value) {
                    self.loaded.badges.push(doc);
                }
            }
            Kind::Assertion => {
                if let Some(doc) = self.typed::<crate::model::Assertion>(source, at, value) {
                    let facts = AwardFacts::of(&doc.data);
                    self.loaded.assertions.push(Doc {
                        source: doc.source,
                        at: doc.at,
                        raw: award_json_kept(doc.raw),
                        data: facts,
                    });
                }
                // Read again when a message names a line or a step needs
                // the whole award.
                self.loaded.sources[source].release(self.shared_dir.clone());
            }
            Kind::Revocations => {
                if let Some(doc) = self.typed(source, at, value) {
                    self.loaded.revocation_lists.push(doc);
                }
            }
            // Kept as JSON: its checks (`ob3::rules`) read it by path, and
            // signing needs it exactly as written.
            Kind::Credential => self.loaded.credentials.push(Doc { source, at, raw: Value::Null, data: value }),
        }
    }

    /// A credential signed as a VC-JWT (`credentials/<name>.jwt`): hosted as
    /// it is, so it is not re-rooted; its credential (the payload, or its
    /// `vc` claim for VC 1.1) is what the checks and the page read, the
    /// token is kept in `raw`.
    fn read_vc_jwt(&mut self, path: &Path) {
        let rel = display_path(self.site_dir, path);
        let text = match std::fs::read(path) {
            Ok(bytes) if bytes.len() as u64 <= MAX_JSON_BYTES => String::from_utf8_lossy(&bytes).trim().to_string(),
            Ok(_) => {
                self.problems.push(Problem::error(Code::FileSize, rel.clone(), "the VC-JWT is over 4 MiB"));
                return self.loaded.failed.push(rel);
            }
            Err(e) => {
                self.problems.push(Problem::error(Code::FileRead, rel.clone(), format!("cannot read: {e}")));
                return self.loaded.failed.push(rel);
            }
        };
        let credential = crate::sign::jwt::jws_payload_unverified(&text).map(|payload| match payload.get("vc") {
            Some(vc) if vc.is_object() => vc.clone(),
            _ => payload,
        });
        match credential {
            Ok(credential) if credential.is_object() => {
                let source = self.loaded.sources.len();
                let pretty = serde_json::to_string_pretty(&credential).unwrap_or_default();
                self.loaded.sources.push(Source::new(rel, pretty));
                let token = Value::String(text);
                self.loaded.credentials.push(Doc { source, at: JsonPath::root(), raw: token, data: credential });
            }
            Ok(_) | Err(_) => {
                let why = credential.err().unwrap_or_else(|| "its payload is not a JSON object".into());
                self.problems.push(
                    Problem::error(Code::JsonSyntax, rel.clone(), format!("not a VC-JWT: {why}"))
                        .help("a .jwt file in credentials/ is a compact JWS whose payload is the credential"),
                );
                self.loaded.failed.push(rel);
            }
        }
    }

    /// Reads and parses a JSON file, re-rooting every URL under the source
    /// `base_url` to the build's.
    fn read_json(&mut self, path: &Path, rel: &str) -> Option<(String, Value)> {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_JSON_BYTES {
            self.problems.push(
                Problem::error(
                    Code::FileSize,
                    rel,
                    format!("the file is {} MiB; a badge file is a few KiB", size / 1024 / 1024),
                )
                .help(format!(
                    "files over {} MiB are refused; check that this is the right file",
                    MAX_JSON_BYTES / 1024 / 1024
                )),
            );
            return None;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.problems.push(Problem::error(Code::FileRead, rel, format!("cannot read: {e}")));
                return None;
            }
        };
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            self.problems.push(
                Problem::error(Code::JsonUtf8, rel, "the file is UTF-16 (it starts with a UTF-16 byte order mark)")
                    .at(1, 1)
                    .help("save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"),
            );
            return None;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let ok = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
                let (line, col) = crate::util::jsonpos::line_col(ok, ok.len());
                self.problems.push(
                    Problem::error(Code::JsonUtf8, rel, "the file is not valid UTF-8")
                        .at(line, col)
                        .help("save the file as UTF-8"),
                );
                return None;
            }
        };
        if crate::sign::key::holds_private_key(&text) {
            self.problems.push(crate::sign::key::private_key_problem(rel.to_string()));
            return None;
        }
        // A byte-order mark is legal in UTF-8 files but not in JSON; editors
        // on Windows add it, so accept it rather than fail on an invisible character.
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut value: Value = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(e) => {
                let msg = e.to_string();
                let mut msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                if msg == "trailing comma" {
                    msg.push_str(": JSON allows no comma before `}` or `]`");
                }
                self.problems.push(
                    Problem::error(Code::JsonSyntax, rel, format!("invalid JSON: {msg}"))
                        .at(e.line(), e.column())
                        .help("fix the JSON syntax; a JSON linter or `python3 -m json.tool FILE` shows the same place"),
                );
                return None;
            }
        };
        // serde_json keeps numbers as written (its `arbitrary_precision`,
        // which the signing crates turn on), so a number no reader can hold
        // is refused here rather than by the parser.
        if let Some(path) = number_out_of_range(&value, JsonPath::root()) {
            let (line, col) = locate(body, &path);
            self.problems.push(
                Problem::error(Code::JsonSyntax, rel, "invalid JSON: number out of range")
                    .at(line, col)
                    .help("write the number within the range of a 64-bit floating-point number"),
            );
            return None;
        }
        for (key, line, col) in crate::util::jsonpos::duplicate_keys(body) {
            self.problems.push(
                Problem::error(Code::JsonDuplicate, rel, format!("key `{key}` appears twice in the same object"))
                    .at(line, col)
                    .help("keep one: JSON readers disagree on which value wins, so verifiers could see another award than the page"),
            );
        }
        if self.config.base_url != self.config.source_base_url {
            reroot(&mut value, self.config);
        }
        Some((text, value))
    }

    fn typed<T: DeserializeOwned>(&mut self, source: usize, at: JsonPath, raw: Value) -> Option<Doc<T>> {
        typed_at(&self.loaded.sources, source, at, raw, self.problems)
    }
}

/// Of an assertion's JSON, what is read without parsing it again from the
/// file's text (`Source::value_at`): an embedded badge class, which linking
/// types, and accolade's `external` flag, which `rebase` and the id rules read.
/// Awards are most of a large site, and keeping each one's whole parsed JSON
/// was half of a build's memory.
fn award_json_kept(raw: Value) -> Value {
    let Value::Object(mut map) = raw else { return Value::Null };
    let kept: serde_json::Map<String, Value> = ["badge", crate::model::EXTERNAL]
        .into_iter()
        .filter_map(|key| Some((key.to_string(), map.shift_remove(key)?)))
        // A badge given by its id is in the facts already.
        .filter(|(key, value)| key != "badge" || value.is_object())
        .collect();
    if kept.is_empty() {
        Value::Null
    } else {
        Value::Object(kept)
    }
}

/// Typed view of a JSON value that sits inside an already-read file.
pub fn typed_at<T: DeserializeOwned>(
    sources: &[Source],
    source: usize,
    at: JsonPath,
    raw: Value,
    problems: &mut Problems,
) -> Option<Doc<T>> {
    match serde_path_to_error::deserialize::<_, T>(&raw) {
        Ok(data) => Some(Doc { source, at, raw, data }),
        Err(e) => {
            let path = at.join_serde(e.path());
            let src = &sources[source];
            problems.push(
                Problem::error(Code::JsonType, src.rel.clone(), e.inner().to_string())
                    .at_place(src.locate(&path))
                    .path(path.to_string())
                    .help("see the Open Badges 2.0 specification for the property's type"),
            );
            None
        }
    }
}

/// Where in `value` (its path from `at`) a number is beyond what a 64-bit
/// float holds, if one is.
fn number_out_of_range(value: &Value, at: JsonPath) -> Option<JsonPath> {
    match value {
        Value::Number(n) => n.as_f64().is_none_or(|f| !f.is_finite()).then_some(at),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| number_out_of_range(v, at.index(i))),
        Value::Object(map) => map.iter().find_map(|(k, v)| number_out_of_range(v, at.key(k))),
        _ => None,
    }
}

/// Rewrites every string that starts with the source `base_url`, so the same
/// files build production, staging and `http://127.0.0.1:PORT/` sites that all
/// verify. Iterative, so deeply nested input cannot overflow the stack.
pub fn reroot(value: &mut Value, config: &Config) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                if let Some(new) = config.reroot(s) {
                    *s = new;
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
