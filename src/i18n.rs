//! Interface strings in the site's language: the bundled translation files
//! (`locales/*.toml`, built in), a site's own `locales/<language>.toml` over
//! them, and English under both, so a page never shows a missing string.
//! Badge content (names, descriptions, criteria) is shown as issued.
//!
//! A file is TOML tables of strings: `[award] issued_on = "Issued on"`.
//! A string's key is `table.key`; `{name}` marks a placeholder, filled in
//! and escaped by `Strings::format` (and by `tr()` in templates).

use crate::diag::{Code, Problem, Problems};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use time::OffsetDateTime;

/// The languages accolade ships, by BCP 47 primary tag. English first: it
/// is the reference every other file is checked against.
pub const BUNDLED: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en.toml")),
    ("es", include_str!("../locales/es.toml")),
    ("fr", include_str!("../locales/fr.toml")),
    ("ar", include_str!("../locales/ar.toml")),
];

/// Where a site's own translation files are, in the site folder.
pub const SITE_LOCALES: &str = crate::layout::LOCALES;
/// The table of the strings the page scripts use; the rest are the pages'.
pub const SCRIPT_TABLE: &str = "js";
/// Tables the page scripts get besides their own: how to write dates and numbers.
const SCRIPT_SHARED: &[&str] = &["meta", "date", "number"];
/// Plural forms, in the order `plural_form` returns them.
const PLURAL_FORMS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// Tables of strings, by table and key.
type Tables = BTreeMap<String, BTreeMap<String, String>>;

/// The interface strings of one site.
#[derive(Debug, Clone)]
pub struct Strings {
    /// The configured language (`language` in accolade.toml).
    pub language: String,
    tables: Tables,
}

impl Default for Strings {
    fn default() -> Strings {
        Strings::bundled("en")
    }
}

impl Strings {
    /// The strings of `language`: English, the bundled file of the
    /// language (by its primary tag, so `es-MX` gets `es`), then the site's
    /// `locales/<language>.toml`. What is missing or unknown is a warning.
    pub fn load(language: &str, site_dir: &Path, problems: &mut Problems) -> Strings {
        let mut strings = Strings::bundled(language);
        let file = site_dir.join(SITE_LOCALES).join(format!("{language}.toml"));
        let shown = format!("{SITE_LOCALES}/{language}.toml");
        let own = if file.is_file() {
            match std::fs::read_to_string(&file).map_err(|e| e.to_string()).and_then(|t| parse(&t)) {
                Ok(t) => Some(t),
                Err(e) => {
                    problems.push(Problem::error(Code::LocaleSyntax, &shown, format!("cannot read translation: {e}")));
                    return strings;
                }
            }
        } else {
            None
        };
        let bundled = bundled_file(language).is_some();
        if !bundled && own.is_none() {
            let names: Vec<&str> = BUNDLED.iter().map(|(l, _)| *l).collect();
            problems.push(
                Problem::warning(
                    Code::LocaleMissing,
                    crate::layout::CONFIG_FILE,
                    format!("no translation for language `{language}`: the pages are in English"),
                )
                .help(format!(
                    "accolade has {}; translate the pages in {shown} (a copy of a bundled file, e.g. locales/en.toml in accolade's source)",
                    names.join(", ")
                )),
            );
        }
        let Some(own) = own else { return strings };
        let english = &strings_of("en");
        let unknown: Vec<String> = keys(&own).filter(|k| lookup(english, k).is_none()).collect();
        if !unknown.is_empty() {
            problems.push(
                Problem::warning(
                    Code::LocaleUnknown,
                    &shown,
                    format!("{} unknown key{} ignored: {}", unknown.len(), s(unknown.len()), some(&unknown)),
                )
                .help("the keys are those of accolade's locales/en.toml"),
            );
        }
        if !bundled {
            let missing: Vec<String> = keys(english).filter(|k| lookup(&own, k).is_none()).collect();
            if !missing.is_empty() {
                problems.push(
                    Problem::warning(
                        Code::LocaleMissing,
                        &shown,
                        format!(
                            "{} key{} not translated, shown in English: {}",
                            missing.len(),
                            s(missing.len()),
                            some(&missing)
                        ),
                    )
                    .help("copy them from accolade's locales/en.toml and translate them"),
                );
            }
        }
        for (table, entries) in own {
            for (key, text) in entries {
                if lookup(english, &format!("{table}.{key}")).is_some() {
                    strings.tables.entry(table.clone()).or_default().insert(key, text);
                }
            }
        }
        strings
    }

    /// English, read once: the command line's words.
    pub fn english() -> &'static Strings {
        static ENGLISH: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(Strings::default)
    }

    /// The bundled strings of `language` over English (English alone when
    /// it has no bundled file).
    pub fn bundled(language: &str) -> Strings {
        let mut tables = strings_of("en");
        if let Some(text) = bundled_file(language).filter(|_| primary(language) != "en") {
            for (table, entries) in parse(text).unwrap_or_default() {
                tables.entry(table).or_default().extend(entries);
            }
        }
        Strings { language: language.to_string(), tables }
    }

    /// The string at `table.key`, or the key itself when there is none (a
    /// typo in a site template shows, rather than vanishing).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        lookup(&self.tables, key).unwrap_or(key)
    }

    /// The string at `key` with its `{placeholders}` filled in from `args`,
    /// as plain text (escape it for a page). A `{n}` of a count is written
    /// with the language's digit grouping; a key with plural forms
    /// (`key_one`, `key_other`…) takes the one for `n`.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let text = self.plural_of(key, args.iter().find(|(k, _)| *k == "n").and_then(|(_, v)| v.parse().ok()));
        fill(text, |name| args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    /// The text of `key`, in the plural form for `n` when it has them.
    fn plural_of<'s>(&'s self, key: &'s str, n: Option<u64>) -> &'s str {
        let Some(n) = n else { return self.get(key) };
        let form = PLURAL_FORMS[plural_form(&self.language, n)];
        lookup(&self.tables, &format!("{key}_{form}"))
            .or_else(|| lookup(&self.tables, &format!("{key}_other")))
            .unwrap_or_else(|| self.get(key))
    }

    /// Whether the language is written right to left.
    pub fn rtl(&self) -> bool {
        self.get("meta.direction") == "rtl"
    }

    /// `dir` of the page: `rtl` or `ltr`.
    pub fn direction(&self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// A date in the language's long style, in UTC (a page reads the same everywhere).
    pub fn date(&self, t: OffsetDateTime) -> String {
        let t = t.to_offset(time::UtcOffset::UTC);
        let month = self.get_owned(&format!("date.month_{}", u8::from(t.month())));
        crate::util::dates::long(t, self.get("date.format"), &month)
    }

    fn get_owned(&self, key: &str) -> String {
        self.get(key).to_string()
    }

    /// A count with the language's digit grouping: 1,234 / 1.234 / 1 234.
    pub fn number(&self, n: u64) -> String {
        group_digits(n, self.get("number.group"))
    }

    /// The tables the pages get as `t` (`{{ t.award.issued_on }}`): all but
    /// the scripts' own.
    pub fn page_tables(&self) -> BTreeMap<&str, &BTreeMap<String, String>> {
        self.tables.iter().filter(|(t, _)| *t != SCRIPT_TABLE).map(|(t, e)| (t.as_str(), e)).collect()
    }

    /// What the page scripts get, once per site: their strings, the date
    /// and number style, and the language, as JSON.
    pub fn script_json(&self) -> String {
        #[derive(Serialize)]
        struct ForScript<'a> {
            language: &'a str,
            strings: BTreeMap<String, &'a str>,
        }
        let strings = self
            .tables
            .iter()
            .filter(|(t, _)| *t == SCRIPT_TABLE || SCRIPT_SHARED.contains(&t.as_str()))
            .flat_map(|(t, entries)| {
                entries.iter().map(move |(k, v)| {
                    let key = if t == SCRIPT_TABLE { k.clone() } else { format!("{t}.{k}") };
                    (key, v.as_str())
                })
            })
            .collect();
        let json = serde_json::to_string(&ForScript { language: &self.language, strings }).unwrap_or_default();
        // The JSON is put in a script file: `</` could end a `<script>`
        // element if a page inlined it, so it is never written as such.
        json.replace("</", "<\\/")
    }
}

/// The script file line that hands the page scripts their strings.
pub fn script_prelude(strings: &Strings) -> String {
    format!("var ACCOLADE_STRINGS = {};\n", strings.script_json())
}

/// A language's own name ("Español") when accolade ships it, else its tag.
pub fn language_name(language: &str) -> String {
    match bundled_file(language) {
        Some(_) => Strings::bundled(language).get("meta.name").to_string(),
        None => language.to_string(),
    }
}

fn bundled_file(language: &str) -> Option<&'static str> {
    let primary = primary(language);
    BUNDLED.iter().find(|(l, _)| l.eq_ignore_ascii_case(primary)).map(|(_, text)| *text)
}

fn primary(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

fn strings_of(language: &str) -> Tables {
    bundled_file(language).and_then(|t| parse(t).ok()).unwrap_or_default()
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Keys listed in a warning: all of a few, the first of many (a language
/// begun from scratch lacks hundreds, and the warning is read on a terminal).
fn some(keys: &[String]) -> String {
    const LISTED: usize = 30;
    match keys.len().checked_sub(LISTED) {
        Some(more) if more > 0 => format!("{} … and {more} more", keys[..LISTED].join(", ")),
        _ => keys.join(", "),
    }
}

/// Every key of `tables`, as `table.key`.
fn keys(tables: &Tables) -> impl Iterator<Item = String> + '_ {
    tables.iter().flat_map(|(t, entries)| entries.keys().map(move |k| format!("{t}.{k}")))
}

fn lookup<'t>(tables: &'t Tables, key: &str) -> Option<&'t str> {
    let (table, key) = key.split_once('.')?;
    tables.get(table)?.get(key).map(String::as_str)
}

/// A translation file: tables of strings, nothing else.
fn parse(text: &str) -> Result<Tables, String> {
    let value: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let mut tables = Tables::new();
    for (table, entries) in value {
        let toml::Value::Table(entries) = entries else {
            return Err(format!("`{table}` is not a table of strings; write `[{table}]` and the strings below it"));
        };
        for (key, text) in entries {
            let toml::Value::String(text) = text else {
                return Err(format!("`{table}.{key}` is not a string"));
            };
            tables.entry(table.clone()).or_default().insert(key, text);
        }
    }
    Ok(tables)
}

pub use crate::util::text::fill;

/// The CLDR plural category of `n` (an index into `PLURAL_FORMS`) for the
/// languages accolade ships; other languages use English's rule.
fn plural_form(language: &str, n: u64) -> usize {
    let (zero, one, two, few, many, other) = (0, 1, 2, 3, 4, 5);
    match primary(language) {
        "fr" => {
            if n <= 1 {
                one
            } else {
                other
            }
        }
        "ar" => match (n, n % 100) {
            (0, _) => zero,
            (1, _) => one,
            (2, _) => two,
            (_, 3..=10) => few,
            (_, 11..=99) => many,
            _ => other,
        },
        _ => {
            if n == 1 {
                one
            } else {
                other
            }
        }
    }
}

fn group_digits(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// `tr(key="award.awarded_to", name=…)` in templates: the string with its
/// placeholders filled in, as plain text. It is not marked safe, so the
/// page escapes all of it, translation and arguments alike: neither a
/// translation nor a name from a badge can add markup to a page (and it
/// can be handed to a macro, which escapes it once, as it prints it).
pub struct Tr(pub std::sync::Arc<Strings>);

impl tera::Function for Tr {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or("tr() needs key=\"table.name\"")?;
        let n = args.get("n").and_then(tera::Value::as_u64);
        let filled = fill(self.0.plural_of(key, n), |name| {
            Some(match args.get(name)? {
                tera::Value::String(s) => s.clone(),
                tera::Value::Number(n) => match n.as_u64() {
                    Some(n) => self.0.number(n),
                    None => n.to_string(),
                },
                tera::Value::Null => String::new(),
                other => other.to_string(),
            })
        });
        Ok(tera::Value::String(filled))
    }
}

/// `tr_parts(key="award.published")` in templates: the string cut at its
/// placeholders, as `{arg, text}` items in order (`arg` empty for text), for a sentence
/// whose parts are links or other markup that the template writes itself
/// (each text is escaped as usual when the template prints it).
pub struct TrParts(pub std::sync::Arc<Strings>);

impl tera::Function for TrParts {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or("tr_parts() needs key=\"table.name\"")?;
        Ok(tera::Value::Array(parts(self.0.get(key))))
    }
}

fn parts(text: &str) -> Vec<tera::Value> {
    use serde_json::json;
    // Placeholders become a marker no translation contains, then the text
    // is cut at the markers.
    const MARK: char = '\u{0}';
    let marked = fill(text, |name| Some(format!("{MARK}{name}{MARK}")));
    marked
        .split(MARK)
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| {
            // Both fields in each item, so `{% if p.arg %}` reads either.
            if i % 2 == 1 {
                json!({ "arg": piece, "text": "" })
            } else {
                json!({ "arg": "", "text": piece })
            }
        })
        .collect()
}

/// `{{ count | num }}`: a count with the language's digit grouping.
pub struct Num(pub std::sync::Arc<Strings>);

impl tera::Filter for Num {
    fn filter(&self, value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        Ok(tera::Value::String(match value.as_u64() {
            Some(n) => self.0.number(n),
            None => value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(language: &str) -> Vec<String> {
        keys(&parse(bundled_file(language).unwrap()).unwrap()).collect()
    }

    #[test]
    fn every_bundled_language_has_every_english_key_and_no_other() {
        let english = keys_of("en");
        for (language, _) in &BUNDLED[1..] {
            let theirs = keys_of(language);
            let missing: Vec<_> = english.iter().filter(|k| !theirs.contains(k)).collect();
            let extra: Vec<_> = theirs.iter().filter(|k| !english.contains(k) && !is_extra_plural(k)).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(extra.is_empty(), "{language} has unknown keys {extra:?}");
        }
    }

    /// Plural forms a language has and English does not (Arabic's `_two`…).
    fn is_extra_plural(key: &str) -> bool {
        PLURAL_FORMS.iter().any(|f| key.ends_with(&format!("_{f}")))
    }

    #[test]
    fn bundled_placeholders_match_english() {
        let placeholders = |t: &str| {
            let mut names: Vec<String> = Vec::new();
            fill(t, |n| {
                names.push(n.to_string());
                None
            });
            names.sort();
            names
        };
        let english = Strings::bundled("en");
        for (language, _) in &BUNDLED[1..] {
            let theirs = parse(bundled_file(language).unwrap()).unwrap();
            for key in keys(&theirs) {
                let base = PLURAL_FORMS.iter().find_map(|f| key.strip_suffix(&format!("_{f}"))).unwrap_or(&key);
                let english_text = lookup(&english.tables, &key)
                    .or_else(|| lookup(&english.tables, &format!("{base}_other")))
                    .unwrap_or_default();
                let mine = placeholders(lookup(&theirs, &key).unwrap());
                let want = placeholders(english_text);
                // A plural form may leave the count out ("one award").
                let mine_with_n: Vec<_> = want.iter().filter(|w| *w != "n" || mine.contains(w)).cloned().collect();
                assert_eq!(mine, mine_with_n, "{language} {key}");
            }
        }
    }

    #[test]
    fn language_falls_back_to_english_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut ps = Problems::default();
        let de = Strings::load("de", dir.path(), &mut ps);
        assert_eq!(de.get("award.issued_on"), "Issued on");
        assert_eq!(ps.iter().map(|p| p.code).collect::<Vec<_>>(), [Code::LocaleMissing]);
        let mut ps = Problems::default();
        let mx = Strings::load("es-MX", dir.path(), &mut ps);
        assert_eq!(mx.get("award.issued_on"), "Emitida el");
        assert!(ps.0.is_empty());
    }

    #[test]
    fn site_file_overrides_and_warns_once_per_kind() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(SITE_LOCALES)).unwrap();
        // German with two keys: the rest are missing; one key is unknown.
        std::fs::write(
            dir.path().join("locales/de.toml"),
            "[award]\nissued_on = \"Ausgestellt am\"\nexpires = \"Läuft ab\"\nno_such = \"x\"\n",
        )
        .unwrap();
        let mut ps = Problems::default();
        let de = Strings::load("de", dir.path(), &mut ps);
        assert_eq!(de.get("award.issued_on"), "Ausgestellt am");
        assert_eq!(de.get("award.recipient"), "Recipient");
        let found: Vec<_> = ps.iter().map(|p| (p.code, p.file.as_str())).collect();
        assert_eq!(found, [(Code::LocaleUnknown, "locales/de.toml"), (Code::LocaleMissing, "locales/de.toml")]);
        assert!(ps.0[0].message.contains("award.no_such"));
        // Hundreds missing: the first are named, the rest counted.
        let missing = &ps.0[1].message;
        assert!(missing.contains("award.a_badge") && !missing.contains("award.issued_on"), "{missing}");
        assert!(missing.contains(" more") && !missing.contains("verify.what_intro"), "{missing}");
        // Spanish with one string changed: nothing is missing.
        std::fs::write(dir.path().join("locales/es.toml"), "[award]\nissued_on = \"Otorgada el\"\n").unwrap();
        let mut ps = Problems::default();
        let es = Strings::load("es", dir.path(), &mut ps);
        assert_eq!((es.get("award.issued_on"), es.get("award.expires")), ("Otorgada el", "Vence"));
        assert!(ps.0.is_empty(), "{ps:?}");
        // A broken file is an error.
        std::fs::write(dir.path().join("locales/es.toml"), "[award]\nissued_on = 3\n").unwrap();
        let mut ps = Problems::default();
        Strings::load("es", dir.path(), &mut ps);
        assert!(ps.has_errors());
    }

    fn render(strings: Strings, template: &str) -> String {
        let mut ps = Problems::default();
        let templates = [("x.html".to_string(), template.to_string())];
        let r = crate::render::Renderer::new(&crate::themes::BUNDLED[0], &templates, strings.into(), &mut ps).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("name", "<b>Amara</b> & co");
        ctx.insert("t", r.page_strings());
        r.render("x.html", &ctx).unwrap()
    }

    #[test]
    fn placeholders_are_filled_and_escaped() {
        let page = render(Strings::bundled("en"), r#"{{ tr(key="award.awarded_to", name=name) }}"#);
        assert_eq!(page, "Awarded to &lt;b&gt;Amara&lt;/b&gt; &amp; co");
        // A translation's own markup is escaped too.
        let mut hostile = Strings::bundled("en");
        hostile.tables.get_mut("award").unwrap().insert("awarded_to".into(), "<script>{name}".into());
        let page = render(hostile, r#"{{ tr(key="award.awarded_to", name=name) }}|{{ t.award.awarded_to }}"#);
        assert!(!page.contains("<script>") && !page.contains("<b>"), "{page}");
        // Counts are grouped and take their plural form.
        let counts = r#"{{ tr(key="site.awards", n=1234) }}; {{ tr(key="site.awards", n=1) }}; {{ 1234567 | num }}"#;
        assert_eq!(render(Strings::bundled("en"), counts), "1,234 awards; 1 award; 1,234,567");
        assert_eq!(render(Strings::bundled("es"), counts), "1.234 concesiones; 1 concesión; 1.234.567");
    }

    #[test]
    fn parts_cut_at_placeholders() {
        let got = parts("Awarded to {name}, by {issuer}.");
        assert_eq!(
            serde_json::Value::Array(got),
            serde_json::json!([
                {"arg": "", "text": "Awarded to "},
                {"arg": "name", "text": ""},
                {"arg": "", "text": ", by "},
                {"arg": "issuer", "text": ""},
                {"arg": "", "text": "."}
            ])
        );
        assert_eq!(parts("{a}{b}").len(), 2);
    }

    #[test]
    fn numbers_and_dates_follow_the_language() {
        let t = crate::util::dates::parse("2026-12-02T10:00:00Z").unwrap();
        let cases = [
            ("en", "1,234,567", "2 December 2026"),
            ("es", "1.234.567", "2 de diciembre de 2026"),
            ("fr", "1\u{202f}234\u{202f}567", "2 décembre 2026"),
            ("ar", "1,234,567", "2 ديسمبر 2026"),
        ];
        for (language, number, date) in cases {
            let s = Strings::bundled(language);
            assert_eq!((s.number(1_234_567).as_str(), s.date(t).as_str()), (number, date), "{language}");
        }
        assert_eq!(Strings::bundled("en").number(999), "999");
        assert!(Strings::bundled("ar").rtl() && !Strings::bundled("fr").rtl());
    }

    #[test]
    fn plural_rules() {
        let forms = |l: &str| [0, 1, 2, 5, 11, 100].map(|n| PLURAL_FORMS[plural_form(l, n)]);
        assert_eq!(forms("en"), ["other", "one", "other", "other", "other", "other"]);
        assert_eq!(forms("fr"), ["one", "one", "other", "other", "other", "other"]);
        assert_eq!(forms("ar"), ["zero", "one", "two", "few", "many", "other"]);
    }

    #[test]
    fn script_strings_cannot_close_a_script_element() {
        let mut s = Strings::bundled("en");
        s.tables.entry(SCRIPT_TABLE.into()).or_default().insert("x".into(), "</script>".into());
        assert!(!script_prelude(&s).contains("</"));
    }
}
