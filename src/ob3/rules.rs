//! The rules an Open Badges 3.0 credential must follow (1EdTech OB 3.0
//! §B.1 data model, the VC Data Model, and accolade's own for credentials
//! it signs), each a problem at the credential's file, line and JSON path.
//! The 1EdTech JSON Schema is checked too (`schema`); these rules say in
//! plain words what matters most and what the schema cannot: dates with
//! time zones, the issuer's DID, the key, the status entry and the proof.

use super::{types, valid_from, valid_until, VC1_CONTEXT, VC2_CONTEXT};
use crate::config::Config;
use crate::diag::{Code, Problem, Problems};
use crate::library::{problem_at, Credential, Library};
use crate::sign::did;
use crate::sign::key::PublicKey;
use crate::util::dates;
use crate::util::jsonpos::JsonPath;
use serde_json::Value;
use time::OffsetDateTime;

/// Finds the public key of a verification method (a DID URL), or says why not.
pub type KeyFinder<'a> = dyn Fn(&str) -> Result<PublicKey, String> + Sync + 'a;

/// The keys a site folder's check can know without the web: the site's own
/// (`[signing] public_key`, as its DID document will publish it) and any
/// `did:key`.
pub fn site_keys(config: &Config) -> impl Fn(&str) -> Result<PublicKey, String> + Sync + '_ {
    move |method: &str| {
        let of = did::did_of(method);
        if config.did.as_deref() == Some(of) && method == did::key_id(of) {
            return config.public_key.clone().ok_or_else(|| "the site has no [signing] public_key".to_string());
        }
        if of.starts_with("did:key:") {
            return did::did_key(method);
        }
        Err(format!("`{method}` is another issuer's key; it is looked up on the web, which a build does not do"))
    }
}

/// Checks every credential of a site folder (`config`) or fetched for
/// `accolade verify` (`config` `None`), finding keys with `keys`.
pub fn check_credentials(
    library: &Library,
    config: Option<&Config>,
    keys: &KeyFinder<'_>,
    now: OffsetDateTime,
    problems: &mut Problems,
) {
    for credential in &library.credentials {
        let mut c = Checker { library, credential, problems: &mut *problems };
        c.check(config, keys, now);
    }
}

struct Checker<'a> {
    library: &'a Library,
    credential: &'a Credential,
    problems: &'a mut Problems,
}

/// A URI as OB 3.0 ids are: a web URL, a `urn:` or a DID.
fn is_uri(id: &str) -> bool {
    crate::util::urls::is_iri(id)
        || (id.starts_with("did:") || id.starts_with("urn:"))
            && id.len() > 8
            && !id.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The place a JSON pointer (`/credentialSubject/identifier/0`) names in `v`.
fn path_of_pointer(v: &Value, pointer: &str) -> JsonPath {
    let mut at = JsonPath::root();
    let mut here = Some(v);
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        match (here, segment.parse::<usize>()) {
            (Some(Value::Array(items)), Ok(i)) => {
                at = at.index(i);
                here = items.get(i);
            }
            _ => {
                here = here.and_then(|h| h.get(&segment));
                at = at.key(&segment);
            }
        }
    }
    at
}

fn path(parts: &[&str]) -> JsonPath {
    parts.iter().fold(JsonPath::root(), |p, k| p.key(k))
}

impl Checker<'_> {
    fn push(&mut self, at: JsonPath, p: Problem) {
        self.problems.push(problem_at(&self.library.sources, &self.credential.doc, &at, p));
    }

    fn error(&mut self, code: Code, at: &[&str], message: impl Into<String>, help: &str) {
        let p = Problem::error(code, "", message).help(help);
        self.push(path(at), p);
    }

    fn check(&mut self, config: Option<&Config>, keys: &KeyFinder<'_>, now: OffsetDateTime) {
        let v = &self.credential.doc.data;
        self.schema(v);
        self.context(v);
        let typed = types(v).collect::<Vec<_>>();
        if !typed.contains(&"VerifiableCredential")
            || !typed.iter().any(|t| *t == "OpenBadgeCredential" || *t == "AchievementCredential")
        {
            self.error(
                Code::Type,
                &["type"],
                "`type` must include `VerifiableCredential` and `OpenBadgeCredential`",
                "write \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"]",
            );
        }
        match v.get("id").and_then(Value::as_str) {
            Some(id) if is_uri(id) => {}
            _ => self.error(
                Code::IdIri,
                &["id"],
                "the credential needs an `id`, a URI",
                "accolade issue --format ob3 writes it: the credential's URL on this site",
            ),
        }
        let issuer = self.issuer(v);
        self.dates(v, now);
        self.subject(v);
        if let Some(config) = config {
            self.status(v, config);
        }
        if let Some(token) = self.credential.jwt() {
            return self.jwt_proof(token, issuer.as_deref(), keys);
        }
        match (v.get("proof"), config) {
            (Some(proof), _) => self.proof(v, proof, issuer.as_deref(), keys),
            (None, Some(config)) => self.signed_at_build(issuer.as_deref(), config),
            (None, None) => self.error(
                Code::CredentialProof,
                &[],
                "the credential is not signed (it has no `proof`)",
                "a credential is verified by its proof; ask the issuer for the signed credential",
            ),
        }
    }

    /// The 1EdTech JSON Schema of the credential's kind and VC version.
    /// Of the sets OB 3.0 allows as a single value ("compacted": `type`,
    /// `proof`, `credentialSchema`, `termsOfUse`; its serialization rules),
    /// the schema wants `proof`, `credentialSchema` and `termsOfUse` as
    /// arrays: they are checked as one-item arrays.
    fn schema(&mut self, v: &Value) {
        let mut expanded = v.clone();
        for key in ["proof", "credentialSchema", "termsOfUse"] {
            if let Some(one) = expanded.get_mut(key).filter(|p| p.is_object()) {
                *one = Value::Array(vec![one.take()]);
            }
        }
        for problem in super::schema::schema_problems(&expanded) {
            let at = path_of_pointer(v, &problem.path);
            let p = Problem::error(Code::CredentialSchema, "", problem.message)
                .help("1EdTech's Open Badges 3.0 JSON Schema (src/ob3/schemas) requires it; verifiers check it too");
            self.push(at, p);
        }
    }

    /// `@context`: the VC base context first, then the Open Badges 3.0 one.
    fn context(&mut self, v: &Value) {
        let contexts: Vec<&str> = match v.get("@context") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !matches!(contexts.first(), Some(&VC2_CONTEXT | &VC1_CONTEXT)) {
            self.error(
                Code::Context,
                &["@context"],
                format!("`@context` must be a list starting with `{VC2_CONTEXT}`"),
                "the Verifiable Credentials context comes first, then the Open Badges 3.0 one",
            );
        } else if !contexts.iter().skip(1).any(|c| super::is_ob3_context(c)) {
            self.error(
                Code::Context,
                &["@context"],
                "`@context` names no Open Badges 3.0 context",
                &format!("add `{}` after the first", super::OB3_CONTEXT),
            );
        }
    }

    /// The issuer: a Profile object with an id (1EdTech's validator refuses
    /// an issuer given only by its URI). Gives its id.
    fn issuer(&mut self, v: &Value) -> Option<String> {
        let Some(issuer) = v.get("issuer").filter(|i| i.is_object()) else {
            self.error(
                Code::Required,
                &["issuer"],
                "the credential needs an `issuer` object (a Profile with `id`, `type` and `name`)",
                "write \"issuer\": {\"id\": \"did:web:…\", \"type\": [\"Profile\"], \"name\": \"…\"}",
            );
            return None;
        };
        if !types(issuer).any(|t| t == "Profile") {
            self.error(
                Code::Type,
                &["issuer", "type"],
                "the issuer's `type` must include `Profile`",
                "write \"type\": [\"Profile\"]",
            );
        }
        let id = issuer.get("id").and_then(Value::as_str).filter(|i| is_uri(i));
        if id.is_none() {
            self.error(
                Code::Required,
                &["issuer", "id"],
                "the issuer needs an `id` (a DID or URL)",
                "write the site's DID",
            );
        }
        id.map(str::to_string)
    }

    fn dates(&mut self, v: &Value, now: OffsetDateTime) {
        let v2 = v.get("@context").and_then(|c| c.get(0)).and_then(Value::as_str) == Some(VC2_CONTEXT);
        let (from_key, until_key) = if v2 { ("validFrom", "validUntil") } else { ("issuanceDate", "expirationDate") };
        let from = match valid_from(v) {
            None => {
                self.error(
                    Code::Required,
                    &[from_key],
                    format!("the credential needs `{from_key}`, when it starts to be valid"),
                    "write a date-time with a time zone, e.g. 2026-03-14T16:00:00Z",
                );
                None
            }
            Some(s) => self.date(from_key, s),
        };
        let until = valid_until(v).and_then(|s| self.date(until_key, s));
        if let (Some(from), Some(until)) = (from, until) {
            if until <= from {
                self.error(
                    Code::DateOrder,
                    &[until_key],
                    format!("`{until_key}` is not after `{from_key}`"),
                    "fix one of the dates",
                );
            }
        }
        if from.is_some_and(|f| f > now + time::Duration::days(1)) {
            let p = Problem::warning(
                Code::DateFuture,
                "",
                format!("`{from_key}` is in the future: verifiers say the credential is not valid yet"),
            )
            .help("check the date");
            self.push(path(&[from_key]), p);
        }
    }

    fn date(&mut self, key: &str, s: &str) -> Option<OffsetDateTime> {
        match dates::parse(s) {
            Ok(t) => Some(t),
            Err(why) => {
                let code = if why.contains("time zone") { Code::DateTimezone } else { Code::DateFormat };
                self.error(code, &[key], why, "OB 3.0 dates are date-times with a time zone (DateTimeZ)");
                None
            }
        }
    }

    /// `credentialSubject`: an AchievementSubject naming its earner (by
    /// `id` or a hashed `identifier`) and the achievement.
    fn subject(&mut self, v: &Value) {
        let Some(subject) = v.get("credentialSubject").filter(|s| s.is_object()) else {
            self.error(
                Code::Required,
                &["credentialSubject"],
                "the credential needs a `credentialSubject` object",
                "see accolade issue --format ob3",
            );
            return;
        };
        if !types(subject).any(|t| t == "AchievementSubject") {
            self.error(
                Code::Type,
                &["credentialSubject", "type"],
                "`credentialSubject.type` must include `AchievementSubject`",
                "write \"type\": [\"AchievementSubject\"]",
            );
        }
        let identifiers = subject.get("identifier").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        if subject.get("id").is_none() && identifiers.is_empty() {
            self.error(
                Code::Required,
                &["credentialSubject"],
                "the subject names no earner: it needs an `id` or an `identifier`",
                "accolade issue --format ob3 writes a hashed email identifier",
            );
        }
        for (i, identity) in identifiers.iter().enumerate() {
            self.identity(identity, i);
        }
        self.achievement(subject.get("achievement"));
    }

    /// An IdentityObject. An email in plain text would be published on the
    /// award's page and in its JSON: refused, as for 2.0 awards.
    fn identity(&mut self, identity: &Value, i: usize) {
        let at = JsonPath::root().key("credentialSubject").key("identifier").index(i);
        let hashed = identity.get("hashed").and_then(Value::as_bool);
        let kind = identity.get("identityType").and_then(Value::as_str).unwrap_or("");
        let hash = identity.get("identityHash").and_then(Value::as_str);
        if hashed.is_none() || hash.is_none() || kind.is_empty() {
            let p = Problem::error(
                Code::Required,
                "",
                "an IdentityObject needs `hashed`, `identityHash` and `identityType`",
            )
            .help("accolade issue --format ob3 writes them");
            self.push(at, p);
            return;
        }
        if hashed == Some(false) && kind == "emailAddress" {
            let p = Problem::error(Code::RecipientPlaintext, "", "the earner's email is in plain text; it would be published")
                .help("hash it: \"hashed\": true, \"identityHash\": \"sha256$…\" with a \"salt\" (accolade issue --format ob3 does)");
            self.push(at.key("hashed"), p);
        }
        if hashed == Some(true) {
            let hex = hash.and_then(|h| h.strip_prefix("sha256$")).unwrap_or("");
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                let p = Problem::error(Code::RecipientHash, "", "`identityHash` must be `sha256$` and 64 hex digits")
                    .help("hash the email with its salt: sha256$ + hex(sha256(email + salt))");
                self.push(at.key("identityHash"), p);
            }
        }
    }

    fn achievement(&mut self, achievement: Option<&Value>) {
        let base = ["credentialSubject", "achievement"];
        let Some(a) = achievement.filter(|a| a.is_object()) else {
            self.error(
                Code::Required,
                &base,
                "the subject needs an `achievement` object",
                "see accolade issue --format ob3",
            );
            return;
        };
        if !types(a).any(|t| t == "Achievement") {
            self.error(
                Code::Type,
                &["credentialSubject", "achievement", "type"],
                "the achievement's `type` must include `Achievement`",
                "write \"type\": [\"Achievement\"]",
            );
        }
        for key in ["id", "name", "description"] {
            if a.get(key).and_then(Value::as_str).is_none_or(|s| s.trim().is_empty()) {
                self.error(
                    Code::Required,
                    &["credentialSubject", "achievement", key],
                    format!("the achievement needs `{key}`"),
                    "the achievement says what was earned; accolade issue --format ob3 copies it from the badge class",
                );
            }
        }
        let criteria = a.get("criteria");
        if !criteria.is_some_and(|c| c.get("id").is_some() || c.get("narrative").is_some()) {
            self.error(
                Code::Required,
                &["credentialSubject", "achievement", "criteria"],
                "the achievement needs `criteria` with a `narrative` or an `id`",
                "write what an earner did, e.g. \"criteria\": {\"narrative\": \"…\"}",
            );
        }
    }

    /// A status entry of a credential this site issues points at its list.
    fn status(&mut self, v: &Value, config: &Config) {
        let Some(entry) = v.get("credentialStatus") else { return };
        match crate::sign::status::entry_index(entry) {
            Err(why) => self.error(
                Code::CredentialStatus,
                &["credentialStatus"],
                why,
                "accolade issue --format ob3 writes the entry",
            ),
            Ok((list, index)) => {
                let ours = config.url(crate::layout::STATUS_LIST);
                if !self.credential.is_signed() && list != ours {
                    self.error(
                        Code::CredentialStatus,
                        &["credentialStatus", "statusListCredential"],
                        format!("the status list `{list}` is not this site's (`{ours}`)"),
                        "a credential the site signs is revoked through the site's own list",
                    );
                }
                if index as usize >= crate::sign::status::MIN_ENTRIES && list == ours {
                    self.error(
                        Code::CredentialStatus,
                        &["credentialStatus", "statusListIndex"],
                        format!(
                            "index {index} is past the end of the list ({} entries)",
                            crate::sign::status::MIN_ENTRIES
                        ),
                        "accolade issue --format ob3 picks a free index",
                    );
                }
            }
        }
    }

    /// A credential the build signs: issued by the site's DID, with a key to sign.
    fn signed_at_build(&mut self, issuer: Option<&str>, config: &Config) {
        let v = &self.credential.doc.data;
        if v.get("@context").and_then(|c| c.get(0)).and_then(Value::as_str) == Some(VC1_CONTEXT) {
            self.error(
                Code::CredentialProof,
                &["@context"],
                "a VC Data Model 1.1 credential: accolade signs VC 2.0 credentials only (1.1 ones it reads and verifies when already signed)",
                &format!("start @context with `{VC2_CONTEXT}`, with `validFrom`/`validUntil` for the dates, as `accolade issue --format ob3` writes"),
            );
        }
        let did = config.did.as_deref().unwrap_or("");
        if let Some(issuer) = issuer.filter(|i| *i != did) {
            self.error(
                Code::CredentialIssuer,
                &["issuer", "id"],
                format!("the credential is to be signed by this site, whose DID is `{did}`, but names the issuer `{issuer}`"),
                "write the site's DID as issuer.id, or add the credential signed by its issuer",
            );
        }
        if config.public_key.is_none() {
            let p = Problem::error(Code::CredentialProof, "", "the credential is to be signed at build, but the site has no key")
                .help("run `accolade keygen -o KEYFILE --site .` (outside the site folder); it adds [signing] public_key to accolade.toml");
            self.push(JsonPath::root(), p);
        }
    }

    /// A VC-JWT's signature, verified with the key its `kid` names, which
    /// must be the issuer's (Ed25519 keys: the site's own, or a did:key).
    fn jwt_proof(&mut self, token: &str, issuer: Option<&str>, keys: &KeyFinder<'_>) {
        let header = crate::sign::jwt::jwt_header(token).unwrap_or_default();
        let kid = header.get("kid").and_then(Value::as_str).unwrap_or("");
        if issuer.is_some_and(|i| did::did_of(kid) != i) {
            let why = format!("the VC-JWT's key `{kid}` is not the issuer's (`{}`)", issuer.unwrap_or(""));
            return self.error(Code::CredentialProof, &[], why, "a credential must be signed with a key of its issuer");
        }
        match keys(kid) {
            Ok(public) => {
                let key = crate::sign::jwt::JwtKey::Ed25519(public.to_bytes());
                if let Err(why) = crate::sign::jwt::verify_vc_jwt(token, &key) {
                    let why = format!("the VC-JWT does not verify: {why}");
                    self.error(
                        Code::CredentialProof,
                        &[],
                        why,
                        "the token was changed after it was signed, or signed with another key",
                    );
                }
            }
            Err(why) => {
                let p = Problem::warning(Code::CredentialProof, "", format!("the VC-JWT was not verified: {why}"))
                    .help("`accolade verify` on the published token looks the key up");
                self.push(JsonPath::root(), p);
            }
        }
    }

    /// A signed credential's proof, verified with the key it names, which
    /// must be the issuer's.
    fn proof(&mut self, v: &Value, proof: &Value, issuer: Option<&str>, keys: &KeyFinder<'_>) {
        let proof = match proof {
            Value::Array(items) => items.first().unwrap_or(&Value::Null),
            p => p,
        };
        let method = proof.get("verificationMethod").and_then(Value::as_str).unwrap_or("");
        if let Some(issuer) = issuer.filter(|i| did::did_of(method) != *i) {
            self.error(
                Code::CredentialProof,
                &["proof", "verificationMethod"],
                format!("the proof's key `{method}` is not the issuer's (`{issuer}`)"),
                "a credential must be signed with a key of its issuer",
            );
            return;
        }
        let public = match keys(method) {
            Ok(public) => public,
            Err(why) => {
                let p = Problem::warning(Code::CredentialProof, "", format!("the proof was not verified: {why}"))
                    .help("`accolade verify` on the published credential looks the key up");
                self.push(path(&["proof"]), p);
                return;
            }
        };
        if let Err(why) = crate::sign::proof::verify_any(v, &public, method, did::did_of(method)) {
            self.error(
                Code::CredentialProof,
                &["proof"],
                why,
                "the credential was changed after it was signed, or signed with another key",
            );
        }
    }
}
