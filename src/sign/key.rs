//! Ed25519 keys for signing Open Badges 3.0 credentials, and how they are
//! written: as Multikey strings (`publicKeyMultibase` `z6Mk…`,
//! `secretKeyMultibase` `z3u2…`: multibase base58btc of a multicodec prefix
//! and the 32 key bytes), the form Data Integrity proofs and DID documents
//! name keys in. The key file `accolade keygen` writes is a Multikey key
//! pair as JSON, as `@digitalbazaar/ed25519-multikey` exports one.
//!
//! The cryptography is ed25519-dalek's; this module only encodes.

use crate::diag::{Code, Problem};
use ed25519_dalek::{Signer, Verifier};
use serde_json::{json, Value};

/// Multicodec `ed25519-pub` (0xed) as a varint.
const PUBLIC_PREFIX: [u8; 2] = [0xed, 0x01];
/// Multicodec `ed25519-priv` (0x1300) as a varint.
const SECRET_PREFIX: [u8; 2] = [0x80, 0x26];

/// An issuer's signing key.
pub struct SigningKey(ed25519_dalek::SigningKey);

/// Shows the public key only: a secret must not reach a log.
impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "SigningKey(public {})", self.public().multibase())
    }
}

/// A public key, to verify with.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl SigningKey {
    /// A new key from the system's random source.
    pub fn generate() -> anyhow::Result<SigningKey> {
        let mut seed = [0u8; 32];
        crate::util::hash::random_bytes(&mut seed)?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed)))
    }

    /// The key of these 32 secret bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(&bytes))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// For the cryptosuite (`proof`).
    pub(super) fn dalek(&self) -> &ed25519_dalek::SigningKey {
        &self.0
    }

    /// The 32 secret bytes, for JOSE signing (`jwt`).
    pub(super) fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The key as `secretKeyMultibase`.
    pub fn secret_multibase(&self) -> String {
        multibase(SECRET_PREFIX, &self.0.to_bytes())
    }

    /// The key file: the key pair as a Multikey JSON object.
    pub fn to_key_file(&self) -> String {
        let pair = json!({
            "@context": "https://w3id.org/security/multikey/v1",
            "type": "Multikey",
            "publicKeyMultibase": self.public().multibase(),
            "secretKeyMultibase": self.secret_multibase(),
        });
        format!("{}\n", serde_json::to_string_pretty(&pair).unwrap_or_default())
    }

    /// Reads a key file (`to_key_file`), or a bare `secretKeyMultibase`
    /// (as a CI secret may hold it). A file whose public key is not the
    /// secret key's is refused: it was edited or mixed up.
    pub fn from_key_file(text: &str) -> Result<SigningKey, String> {
        let text = text.trim();
        let (secret, public) = if text.starts_with('{') {
            let v: Value = serde_json::from_str(text).map_err(|e| format!("the key file is not JSON: {e}"))?;
            let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let secret = field("secretKeyMultibase").ok_or("the key file has no `secretKeyMultibase`")?;
            (secret, field("publicKeyMultibase"))
        } else {
            (text.to_string(), None)
        };
        let bytes = decode(&secret, SECRET_PREFIX).map_err(|why| format!("`secretKeyMultibase` {why}"))?;
        let key = SigningKey(ed25519_dalek::SigningKey::from_bytes(&bytes));
        match public {
            Some(p) if p != key.public().multibase() => {
                Err("the key file's `publicKeyMultibase` is not its secret key's public key".into())
            }
            _ => Ok(key),
        }
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl PublicKey {
    /// The key as `publicKeyMultibase` (`z6Mk…`).
    pub fn multibase(&self) -> String {
        multibase(PUBLIC_PREFIX, self.0.as_bytes())
    }

    /// The 32 bytes of the key (for a JOSE `EdDSA` check).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Reads a `publicKeyMultibase`.
    pub fn from_multibase(text: &str) -> Result<PublicKey, String> {
        let bytes = decode(text, PUBLIC_PREFIX)?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| "is not an Ed25519 public key".into())
    }

    /// For the cryptosuite (`proof`).
    pub(super) fn dalek(&self) -> &ed25519_dalek::VerifyingKey {
        &self.0
    }

    /// Whether `signature` is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else { return false };
        self.0.verify(message, &signature).is_ok()
    }
}

/// `z` and the base58btc of `prefix` followed by `bytes`.
fn multibase(prefix: [u8; 2], bytes: &[u8; 32]) -> String {
    let mut raw = prefix.to_vec();
    raw.extend_from_slice(bytes);
    format!("z{}", bs58::encode(raw).into_string())
}

/// The 32 key bytes of a multibase Multikey string with `prefix`.
fn decode(text: &str, prefix: [u8; 2]) -> Result<[u8; 32], String> {
    let base58 = text.strip_prefix('z').ok_or("is not multibase base58btc (it must start with `z`)")?;
    let raw = bs58::decode(base58).into_vec().map_err(|_| "is not valid base58")?;
    match raw.strip_prefix(&prefix[..]).map(<[u8; 32]>::try_from) {
        Some(Ok(bytes)) => Ok(bytes),
        _ => Err("is not an Ed25519 key of the expected kind".into()),
    }
}

/// Writes `key`'s key file to `path`, readable by its owner only. Refuses a
/// path inside the site folder `site_dir` (from which everything may be
/// published) and an existing file (an earlier key would be lost).
pub fn write_key_file(key: &SigningKey, path: &std::path::Path, site_dir: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::Context;
    refuse_inside_site(path, site_dir)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| match path.exists() {
        true => format!("`{}` exists; keygen does not replace a key (give another file)", path.display()),
        false => format!("cannot write `{}`", path.display()),
    })?;
    std::io::Write::write_all(&mut file, key.to_key_file().as_bytes())
        .with_context(|| format!("cannot write `{}`", path.display()))
}

/// An error when a key file at `path` would be inside the site folder
/// `site_dir`, from which everything may be published.
pub fn refuse_inside_site(path: &std::path::Path, site_dir: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::{bail, Context};
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let folder = parent.canonicalize().with_context(|| format!("no folder `{}`", parent.display()))?;
    if site_dir.canonicalize().is_ok_and(|site| folder.starts_with(site)) {
        bail!(
            "`{}` is inside the site folder `{}`, from which everything may be published; write the key outside it (e.g. `-o ~/keys/badges.key`) or print it for a CI secret (no -o)",
            path.display(),
            site_dir.display()
        );
    }
    Ok(())
}

/// Reads the key file at `path` (from `keygen`), refusing one inside the
/// site folder `site_dir`, from which it could be published.
pub fn read_key_file(path: &std::path::Path, site_dir: &std::path::Path) -> Result<SigningKey, String> {
    if let (Ok(key), Ok(site)) = (path.canonicalize(), site_dir.canonicalize()) {
        if key.starts_with(&site) {
            return Err(format!(
                "the signing key {} is inside the site folder, where it could be published; move it out",
                path.display()
            ));
        }
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read the signing key {}: {e}", path.display()))?;
    SigningKey::from_key_file(&text).map_err(|why| format!("the signing key in {}: {why}", path.display()))
}

/// Whether a file's text holds a private key: a PEM private key, a
/// Multikey `secretKeyMultibase`, or a JWK with its private part `d`. Such
/// a file must never be in a site folder, from which everything may be
/// published.
pub fn holds_private_key(text: &str) -> bool {
    text.contains("PRIVATE KEY-----")
        || text.contains("secretKeyMultibase")
        || (text.contains("\"d\"") && text.contains("\"kty\""))
}

/// The problem of a site file `rel` that holds a private key.
pub fn private_key_problem(rel: String) -> Problem {
    Problem::error(Code::FilePrivateKey, rel, "this file holds a private key, and everything in the site folder may be published")
        .help("move it out of the site folder and out of its git history, and treat the key as known to others: make a new one with `accolade keygen -o FILE` outside the folder, or keep it in a CI secret")
}

impl SigningKey {
    /// `credential` as a VC-JWT (EdDSA) with the key id `kid`.
    pub fn sign_vc_jwt(&self, credential: &serde_json::Value, kid: &str) -> Result<String, String> {
        super::jwt::sign_vc_jwt(credential, &self.secret_bytes(), kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key pair of the W3C Data Integrity EdDSA Cryptosuites' examples
    /// (vc-di-eddsa, "Representation: eddsa-rdfc-2022").
    const SPEC_SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    const SPEC_PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn the_specifications_key_pair_reads_and_writes_back() {
        let key = SigningKey::from_key_file(SPEC_SECRET).unwrap();
        assert_eq!(key.public().multibase(), SPEC_PUBLIC);
        assert_eq!(key.secret_multibase(), SPEC_SECRET);
        assert_eq!(PublicKey::from_multibase(SPEC_PUBLIC).unwrap(), key.public());
    }

    #[test]
    fn a_generated_key_signs_and_its_file_reads_back() {
        let key = SigningKey::generate().unwrap();
        let file = key.to_key_file();
        assert!(holds_private_key(&file));
        let again = SigningKey::from_key_file(&file).unwrap();
        assert_eq!(again.public(), key.public());
        let signature = again.sign(b"message");
        assert!(key.public().verifies(b"message", &signature));
        assert!(!key.public().verifies(b"messagE", &signature));
        assert!(!SigningKey::generate().unwrap().public().verifies(b"message", &signature));
        assert_ne!(SigningKey::generate().unwrap().public(), key.public(), "keys are random");
    }

    #[test]
    fn wrong_keys_are_refused_with_a_reason() {
        assert!(PublicKey::from_multibase(&SPEC_PUBLIC[1..]).unwrap_err().contains("start with `z`"));
        assert!(PublicKey::from_multibase("z0OIl").unwrap_err().contains("base58"));
        // A secret key where a public one belongs, and the other way round.
        assert!(PublicKey::from_multibase(SPEC_SECRET).is_err());
        assert!(SigningKey::from_key_file(SPEC_PUBLIC).is_err());
        let mixed = format!(
            "{{\"secretKeyMultibase\": \"{SPEC_SECRET}\", \"publicKeyMultibase\": \"{}\"}}",
            SigningKey::generate().unwrap().public().multibase()
        );
        assert!(SigningKey::from_key_file(&mixed).unwrap_err().contains("not its secret key's"));
    }

    #[test]
    fn private_keys_are_recognised_in_any_usual_form() {
        assert!(holds_private_key("-----BEGIN PRIVATE KEY-----\nMC4C…\n-----END PRIVATE KEY-----"));
        assert!(holds_private_key("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assert!(holds_private_key(r#"{"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}"#));
        assert!(!holds_private_key(r#"{"kty":"OKP","crv":"Ed25519","x":"…"}"#));
        assert!(!holds_private_key(&format!("{{\"publicKeyMultibase\": \"{SPEC_PUBLIC}\"}}")));
    }
}
