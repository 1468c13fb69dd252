//! Open Badges 2.0 objects as serde types.
//!
//! Every form the specification allows deserializes: a badge or issuer as a
//! URL or an embedded object, evidence as a URL, an object or an array of
//! either, criteria and images as a URL or an object, `verify` for
//! `verification`, and a single value wherever an array may stand. Required
//! properties are `Option` so that their absence becomes a clear message from
//! `check` instead of a serde error; unknown and extension properties are
//! kept in `extra`.

mod flags;
pub mod recipient;

pub use flags::{is_external, is_private_evidence, without_accolade_flags, EXTERNAL, PRIVATE, UNLISTED};
use serde::Deserialize;
use serde_json::{Map, Value};

pub type Extra = Map<String, Value>;

pub const OB2_CONTEXT: &str = "https://w3id.org/openbadges/v2";

/// A single value or an array of them (JSON-LD treats both alike).
#[derive(Debug, Clone)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

// The either-or types below are deserialized by hand rather than with
// `#[serde(untagged)]`: an untagged enum buffers its input and reports only
// "data did not match any variant" at its own place, while these visitors
// hand arrays and objects on, so an error names the exact element and key
// (`evidence[0].narrative`, not `evidence`).

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{value, IntoDeserializer, SeqAccess, Visitor};
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a single value or an array of values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(value::MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                T::deserialize(().into_deserializer()).map(OneOrMany::One)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// `Deserialize` for an enum of a string form and an object form.
macro_rules! string_or_object {
    ($name:ident $(<$t:ident>)?, $string:ident, $object:ident, $wrap:expr, $expecting:literal) => {
        impl<'de $(, $t: Deserialize<'de>)?> Deserialize<'de> for $name $(<$t>)? {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(unused_parens)]
                struct V $(<$t>)? (std::marker::PhantomData<($($t)?)>);
                impl<'de $(, $t: Deserialize<'de>)?> serde::de::Visitor<'de> for V $(<$t>)? {
                    type Value = $name $(<$t>)?;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                        Ok($name::$string(v.to_string()))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                        Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map($wrap).map($name::$object)
                    }
                }
                d.deserialize_any(V(std::marker::PhantomData))
            }
        }
    };
}

impl<T> OneOrMany<T> {
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

/// Every value of an optional single-or-array property.
pub fn all<T>(v: &Option<OneOrMany<T>>) -> &[T] {
    v.as_ref().map(OneOrMany::as_slice).unwrap_or(&[])
}

/// A linked object: its id, or the object embedded in place.
#[derive(Debug, Clone)]
pub enum Ref<T> {
    Id(String),
    Embedded(Box<T>),
}
string_or_object!(Ref<T>, Id, Embedded, Box::new, "a URL string or an embedded object");

impl<T: HasId> Ref<T> {
    pub fn id(&self) -> Option<&str> {
        match self {
            Ref::Id(id) => Some(id),
            Ref::Embedded(obj) => obj.id(),
        }
    }
}

pub trait HasId {
    fn id(&self) -> Option<&str>;
}

/// An issuer (or recipient) Profile.
#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub description: Option<String>,
    pub image: Option<Image>,
    /// The issuer's hosting policy.
    pub verification: Option<VerificationObject>,
    #[serde(rename = "revocationList")]
    pub revocation_list: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BadgeClass {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub image: Option<Image>,
    pub criteria: Option<Criteria>,
    pub issuer: Option<Ref<Profile>>,
    pub alignment: Option<OneOrMany<AlignmentObject>>,
    pub tags: Option<OneOrMany<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Assertion {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub recipient: Option<IdentityObject>,
    pub badge: Option<Ref<BadgeClass>>,
    #[serde(alias = "verify")]
    pub verification: Option<VerificationObject>,
    #[serde(rename = "issuedOn")]
    pub issued_on: Option<String>,
    pub expires: Option<String>,
    pub image: Option<Image>,
    pub evidence: Option<OneOrMany<Evidence>>,
    pub narrative: Option<String>,
    pub revoked: Option<bool>,
    #[serde(rename = "revocationReason")]
    pub revocation_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Assertion {
    /// The recipient's name from the `extensions:recipientProfile` extension.
    pub fn recipient_name(&self) -> Option<&str> {
        self.extra.get("extensions:recipientProfile")?.get("name")?.as_str().map(str::trim).filter(|n| !n.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct IdentityObject {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub identity: Option<String>,
    pub hashed: Option<bool>,
    pub salt: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// In an assertion, how it is verified; in a profile, the hosting policy.
#[derive(Debug, Clone, Deserialize)]
pub struct VerificationObject {
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub creator: Option<String>,
    #[serde(rename = "verificationProperty")]
    pub verification_property: Option<String>,
    #[serde(rename = "startsWith")]
    pub starts_with: Option<OneOrMany<String>>,
    #[serde(rename = "allowedOrigins")]
    pub allowed_origins: Option<OneOrMany<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl VerificationObject {
    /// An assertion's verification says it is a signed badge (`SignedBadge`, or the alias `signed`).
    pub fn is_signed(&self) -> bool {
        all(&self.kind).iter().any(|k| k == "SignedBadge" || k == "signed")
    }
}

#[derive(Debug, Clone)]
pub enum Evidence {
    Url(String),
    Object(Box<EvidenceObject>),
}
string_or_object!(Evidence, Url, Object, Box::new, "a URL string or an Evidence object");

#[derive(Debug, Clone, Deserialize)]
pub struct EvidenceObject {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub genre: Option<String>,
    pub audience: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone)]
pub enum Criteria {
    Url(String),
    Object(CriteriaObject),
}
string_or_object!(Criteria, Url, Object, std::convert::identity, "a URL string or a Criteria object");

#[derive(Debug, Clone, Deserialize)]
pub struct CriteriaObject {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub narrative: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An image: a URL (or data URI), or an Image object.
#[derive(Debug, Clone)]
pub enum Image {
    Url(String),
    Object(ImageObject),
}
string_or_object!(Image, Url, Object, std::convert::identity, "a URL string, a data URI or an Image object");

impl Image {
    pub fn url(&self) -> Option<&str> {
        match self {
            Image::Url(u) => Some(u),
            Image::Object(o) => o.id.as_deref(),
        }
    }

    pub fn caption(&self) -> Option<&str> {
        match self {
            Image::Url(_) => None,
            Image::Object(o) => o.caption.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ImageObject {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub caption: Option<String>,
    pub author: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AlignmentObject {
    #[serde(rename = "targetName")]
    pub target_name: Option<String>,
    #[serde(rename = "targetUrl")]
    pub target_url: Option<String>,
    #[serde(rename = "targetDescription")]
    pub target_description: Option<String>,
    #[serde(rename = "targetFramework")]
    pub target_framework: Option<String>,
    #[serde(rename = "targetCode")]
    pub target_code: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RevocationList {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<OneOrMany<String>>,
    pub issuer: Option<String>,
    #[serde(rename = "revokedAssertions")]
    pub revoked_assertions: Option<OneOrMany<RevokedEntry>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An entry of a revocation list: the revoked assertion's id, or an object.
#[derive(Debug, Clone)]
pub enum RevokedEntry {
    Id(String),
    Object(RevokedObject),
}
string_or_object!(
    RevokedEntry,
    Id,
    Object,
    std::convert::identity,
    "an assertion id or an object with `id` and `revocationReason`"
);

#[derive(Debug, Clone, Deserialize)]
pub struct RevokedObject {
    pub id: Option<String>,
    pub uid: Option<String>,
    #[serde(rename = "revocationReason")]
    pub revocation_reason: Option<String>,
    /// accolade's addition: when it was revoked, shown on the award page.
    #[serde(rename = "revokedOn")]
    pub revoked_on: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl RevokedEntry {
    pub fn id(&self) -> Option<&str> {
        match self {
            RevokedEntry::Id(id) => Some(id),
            RevokedEntry::Object(o) => o.id.as_deref(),
        }
    }
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> Option<&str> {
                self.id.as_deref()
            }
        }
    )*};
}
has_id!(Profile, BadgeClass, Assertion, RevocationList);

/// True when a `type` property contains `name`.
pub fn has_type(kind: &Option<OneOrMany<String>>, name: &str) -> bool {
    all(kind).iter().any(|k| k == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: for<'de> Deserialize<'de>>(s: &str) -> T {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn assertion_accepts_every_form() {
        let a: Assertion = parse(
            r#"{"id":"https://a.org/a.json","type":"Assertion","badge":{"id":"https://a.org/b.json","name":"B","issuer":"https://a.org/i.json"},
               "verify":{"type":"hosted"},"evidence":"https://github.com/x","recipient":{"type":"email","hashed":true,"identity":"sha256$00"},
               "issuedOn":"2024-01-01T00:00:00Z","extensions:recipientProfile":{"name":" Zoë "},"foo":1}"#,
        );
        assert!(matches!(a.badge, Some(Ref::Embedded(_))));
        assert_eq!(a.badge.as_ref().unwrap().id(), Some("https://a.org/b.json"));
        assert!(a.verification.is_some());
        assert!(matches!(all(&a.evidence), [Evidence::Url(_)]));
        assert_eq!(a.recipient_name(), Some("Zoë"));
        assert_eq!(a.extra.get("foo"), Some(&Value::from(1)));

        let a: Assertion = parse(
            r#"{"badge":"https://a.org/b.json","evidence":[{"id":"https://x.org","narrative":"n"},"https://y.org"]}"#,
        );
        assert_eq!(all(&a.evidence).len(), 2);
        assert!(matches!(a.badge, Some(Ref::Id(_))));
    }

    #[test]
    fn badge_forms() {
        let b: BadgeClass = parse(
            r#"{"criteria":"https://a.org/c","image":{"id":"data:image/png;base64,AA","caption":"c"},"tags":"one","alignment":{"targetName":"n","targetUrl":"https://a.org"}}"#,
        );
        assert!(matches!(b.criteria, Some(Criteria::Url(_))));
        assert_eq!(b.image.as_ref().unwrap().caption(), Some("c"));
        assert_eq!(all(&b.tags), ["one".to_string()]);
        assert_eq!(all(&b.alignment).len(), 1);
    }

    #[test]
    fn wrong_type_names_the_path() {
        let v: Value = serde_json::from_str(r#"{"recipient":{"hashed":"yes"}}"#).unwrap();
        let e = serde_path_to_error::deserialize::<_, Assertion>(&v).unwrap_err();
        assert_eq!(e.path().to_string(), "recipient.hashed");
    }
}
