//! Open Badges 3.0 in the output: the site's DID document, each credential
//! signed (or as signed by its issuer) at `credentials/<name>.json` with its
//! page, and the signed status list of revoked credentials.
//!
//! Signing is deterministic: the same input and key give the same bytes on
//! any machine, so a rebuild (a GitHub Actions run from a clean clone
//! included, which has no previous output to copy from) never changes a
//! credential a learner already holds in a wallet. Ed25519 signatures are
//! deterministic; the proof's `created` is the credential's `validFrom`
//! (when it was issued, so when the issuer vouched for it), or the build's
//! time for one dated in the future. The status list's dates are those of
//! its latest revocation. A credential whose body and key are those of the
//! previous output keeps that proof without signing again.

use super::Builder;
use crate::layout;
use crate::library::Credential;
use crate::sign::did;
use crate::sign::key::SigningKey;
use crate::sign::status::{self, StatusList};
use crate::util::dates;
use crate::util::json::published;
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use serde_json::{json, Value};

/// A previous credential larger than this is not looked at (ours are a few KiB).
const MAX_PREVIOUS: u64 = 1024 * 1024;

impl Builder<'_> {
    /// The DID document, every credential and its page, and the status list.
    pub(super) fn credentials(&self) -> Result<()> {
        let config = &self.site.config;
        let (Some(did), Some(public)) = (config.did.as_deref(), config.public_key.as_ref()) else {
            return self.credential_pages();
        };
        let doc = did::document(did, public);
        self.out.write(did::document_path(&config.base_url), &published(&doc))?;
        if self.lib.credentials.is_empty() {
            return Ok(());
        }
        // The list is signed with the site's key. Without one (every
        // credential signed already), it is made only when a credential
        // names it, and then the key is asked for.
        let list_url = config.url(layout::STATUS_LIST);
        let named = self.lib.credentials.iter().any(|c| {
            c.doc
                .data
                .get("credentialStatus")
                .and_then(|e| status::entry_index(e).ok())
                .is_some_and(|(url, _)| url == list_url)
        });
        if self.site.signing_key.is_some() || named {
            self.status_list(did)?;
        }
        self.credential_pages()
    }

    fn credential_pages(&self) -> Result<()> {
        self.lib.credentials.par_iter().enumerate().try_for_each(|(index, credential)| {
            if let Some(token) = credential.jwt() {
                // A VC-JWT is published as it is, beside its page.
                self.out.write(&credential.jwt_path(), token.as_bytes())?;
                return self.credential_page(index, &credential.doc.data, true);
            }
            let Some(json) = &credential.place.json else { return Ok(()) };
            let signed = if credential.is_signed() {
                credential.doc.data.clone()
            } else {
                self.sign_credential(credential, json)?
            };
            self.out.write(json, &published(&signed))?;
            let jwt = self.site.config.vc_jwt && !credential.is_signed();
            if jwt {
                self.vc_jwt(credential, json)?;
            }
            self.credential_page(index, &signed, jwt)
        })
    }

    fn key(&self) -> Result<&SigningKey> {
        self.site
            .signing_key
            .as_deref()
            .ok_or_else(|| anyhow!("Open Badges 3.0 credentials to sign and no signing key: {}", crate::ob3::GIVE_KEY))
    }

    /// `body` signed with the site's key, or the previous output's copy of
    /// it when that is `body` with a proof by the same key.
    fn sign_with_site_key(&self, body: &Value, previous_path: &str, created: &str) -> Result<Value> {
        let key = self.key()?;
        let did = self.site.config.did.as_deref().unwrap_or_default();
        let method = did::key_id(did);
        if let Some(previous) = self.out.previous_json(previous_path, MAX_PREVIOUS) {
            if same_body_and_key(&previous, body, &method) {
                return Ok(previous);
            }
        }
        let mut signed = crate::sign::proof::sign(body, key, &method, did, created)
            .map_err(|why| anyhow!("cannot sign `{previous_path}`: {why}"))?;
        // A list of proofs, as 1EdTech's JSON Schema wants it (a single
        // proof object is valid JSON-LD but fails the schema).
        if let Some(proof) = signed.get_mut("proof").filter(|p| p.is_object()) {
            *proof = Value::Array(vec![proof.take()]);
        }
        Ok(signed)
    }

    fn sign_credential(&self, credential: &Credential, json: &str) -> Result<Value> {
        let mut body = credential.doc.data.clone();
        if let Value::Object(map) = &mut body {
            map.shift_remove("proof");
        }
        let created = self.not_after_now(crate::ob3::valid_from(&body).and_then(|d| dates::parse(d).ok()));
        self.sign_with_site_key(&body, json, &created)
    }

    /// `t` (a date of the input) as the date of a proof, unless it is after
    /// the build's time or missing: then the build's time.
    fn not_after_now(&self, t: Option<time::OffsetDateTime>) -> String {
        dates::iso(t.filter(|t| *t <= self.site.now).unwrap_or(self.site.now))
    }

    /// The credential as a VC-JWT (EdDSA) beside its JSON: the credential is
    /// the payload (VC Data Model 2.0), signed with the site's key.
    fn vc_jwt(&self, credential: &Credential, json: &str) -> Result<()> {
        let mut body = credential.doc.data.clone();
        if let Value::Object(map) = &mut body {
            map.shift_remove("proof");
        }
        let did = self.site.config.did.as_deref().unwrap_or_default();
        let token = self
            .key()?
            .sign_vc_jwt(&body, &did::key_id(did))
            .map_err(|why| anyhow!("cannot sign `{json}` as a VC-JWT: {why}"))?;
        self.out.write(&layout::vc_jwt_of(json), token.as_bytes())
    }

    /// The list of revoked credentials: each credential of the site with an
    /// entry in the site's list and a line in its revocation list sets its bit.
    fn status_list(&self, did: &str) -> Result<()> {
        let config = &self.site.config;
        let list_url = config.url(layout::STATUS_LIST);
        let mut list = StatusList::new(status::MIN_ENTRIES);
        for credential in self.lib.credentials.iter().filter(|c| c.revoked.is_some()) {
            let entry = credential.doc.data.get("credentialStatus");
            if let Some((url, index)) = entry.and_then(|e| status::entry_index(e).ok()) {
                if url == list_url {
                    list.set(index, true).map_err(|why| anyhow!("{}: {why}", layout::STATUS_LIST))?;
                }
            }
        }
        // The issuer as its DID alone: the list's only context is the VC one,
        // which does not define an OB `Profile`.
        let issuer = json!(did);
        // The list is dated by its latest revocation (or its first
        // credential while none is revoked): its bytes change only with it.
        let revoked_on = self.lib.credentials.iter().filter_map(|c| c.revoked.as_ref()?.revoked_on).max();
        let first_issued =
            self.lib.credentials.iter().filter_map(|c| dates::parse(crate::ob3::valid_from(&c.doc.data)?).ok()).min();
        let since = self.not_after_now(revoked_on.or(first_issued));
        let body = status::list_credential(&list_url, &issuer, &since, &list);
        let signed = self.sign_with_site_key(&body, layout::STATUS_LIST, &since)?;
        self.out.write(layout::STATUS_LIST, &published(&signed))
    }

    fn credential_page(&self, index: usize, signed: &Value, jwt: bool) -> Result<()> {
        let credential = &self.lib.credentials[index];
        let page = &credential.place.page;
        let root = crate::render::root_from(page);
        let mut ctx = self.context(&root, page);
        let (award, badge) = self.views.credential(index, signed, &root);
        ctx.insert("award", &award);
        ctx.insert("badge", &badge);
        let mut ob3 = self.views.ob3(signed);
        if let Some(token) = credential.jwt() {
            let header = crate::sign::jwt::jwt_header(token).unwrap_or_default();
            let alg = header.get("alg").and_then(Value::as_str).unwrap_or("?");
            ob3.proof_type = Some(format!("a VC-JWT ({alg})"));
            ob3.proof_key = header.get("kid").and_then(Value::as_str).map(str::to_string);
        }
        ob3.jwt = match (credential.jwt(), credential.place.json.as_deref()) {
            (Some(_), _) => Some(format!("{root}{}", credential.jwt_path())),
            (None, Some(j)) if jwt => Some(format!("{root}{}", layout::vc_jwt_of(j))),
            _ => None,
        };
        ctx.insert("ob3", &ob3);
        ctx.insert("report_file", &false);
        if credential.revoked.is_none() {
            let card = credential
                .badge
                .filter(|&b| self.art.badge_cards[b].is_some())
                .map(|b| layout::in_page(&self.lib.badges[b].place.page, layout::BADGE_CARD));
            let share = crate::render::share::credential_share(
                &self.site.config,
                &self.site.renderer.strings,
                credential,
                signed,
                card.as_deref(),
            );
            // The JSON-LD block is data, but the page's CSP names its hash.
            let digest = <sha2::Sha256 as sha2::Digest>::digest(share.json_ld.as_bytes());
            ctx.insert("csp_script_hash", &crate::util::hash::base64(&digest));
            ctx.insert("share", &share);
        }
        self.page(page, "award.html", &ctx)
    }
}

/// Whether `previous` is `body` with a proof by `method` (and nothing else).
fn same_body_and_key(previous: &Value, body: &Value, method: &str) -> bool {
    let Value::Object(map) = previous else { return false };
    let proof = match map.get("proof") {
        Some(Value::Array(proofs)) if proofs.len() == 1 => proofs.first(),
        _ => None,
    };
    let by_method = proof.and_then(|p| p.get("verificationMethod")).and_then(Value::as_str) == Some(method);
    let mut rest = map.clone();
    rest.shift_remove("proof");
    by_method && &Value::Object(rest) == body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_previous_proof_is_kept_only_for_the_same_body_and_key() {
        let body = json!({"id": "x", "name": "A"});
        let previous = json!({"id": "x", "name": "A", "proof": [{"verificationMethod": "did:web:a#key-1"}]});
        assert!(same_body_and_key(&previous, &body, "did:web:a#key-1"));
        assert!(!same_body_and_key(&previous, &body, "did:web:b#key-1"));
        assert!(!same_body_and_key(&previous, &json!({"id": "x", "name": "B"}), "did:web:a#key-1"));
        assert!(!same_body_and_key(&json!({"id": "x", "name": "A"}), &body, "did:web:a#key-1"));
    }
}
