//! Revocation by W3C Bitstring Status List v1.0
//! (<https://www.w3.org/TR/vc-bitstring-status-list/>).
//!
//! Every signed credential carries a `credentialStatus` entry pointing at one
//! bit of a shared list; the site publishes that list as a signed
//! `BitstringStatusListCredential`. A set bit means "revoked". One list covers
//! many credentials, so a verifier fetching it does not tell the issuer which
//! credential it is checking (the spec's "group privacy").
//!
//! This module only builds and reads the list and the entries; signing is
//! done by the caller, like for the credentials.

use std::collections::HashSet;
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::GzDecoder;
use flate2::Compression;
use flate2::GzBuilder;
use serde_json::{json, Value};

/// The spec's minimum list length (16 KB of bits): smaller lists give too
/// little group privacy, and verifiers must refuse them
/// (STATUS_LIST_LENGTH_ERROR).
pub const MIN_ENTRIES: usize = 131_072;

/// The largest list `decode` expands, in bytes (16 MiB, i.e. 134 million
/// entries, a thousand times the default). The compressed text comes from
/// the network; without a cap a small "gzip bomb" could exhaust memory.
const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

/// The only status purpose accolade issues and accepts.
const PURPOSE: &str = "revocation";
/// Entry types: the current one, and the older VC Status List 2021 name,
/// which has the same fields and bit layout.
const ENTRY_TYPE: &str = "BitstringStatusListEntry";
const OLD_ENTRY_TYPE: &str = "StatusList2021Entry";
/// The VCDM 2.0 context; it defines all the status list terms.
const CONTEXT_V2: &str = "https://www.w3.org/ns/credentials/v2";

/// gzip header's OS byte: 255 = "unknown" (RFC 1952). Fixed, together with
/// mtime 0, so a rebuild writes byte-identical lists on any machine.
const GZIP_OS_UNKNOWN: u8 = 255;

/// A status bitstring. Bit `i` is bit `7 - i % 8` of byte `i / 8`, i.e. index
/// 0 is the most significant bit of the first byte ("left-most bit", as the
/// spec says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: Vec<u8>,
}

impl StatusList {
    /// An all-clear list of at least `entries` entries, rounded up to whole
    /// bytes and never below [`MIN_ENTRIES`].
    pub fn new(entries: usize) -> StatusList {
        let entries = entries.max(MIN_ENTRIES);
        StatusList { bits: vec![0; entries.div_ceil(8)] }
    }

    /// The number of entries (always a multiple of 8).
    pub fn len(&self) -> usize {
        self.bits.len() * 8
    }

    /// Never true: a list has at least [`MIN_ENTRIES`] entries. (Here because
    /// clippy asks for it beside `len`.)
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The byte holding `index` and the mask of its bit, or None past the end.
    fn position(&self, index: u64) -> Option<(usize, u8)> {
        let index = usize::try_from(index).ok()?;
        let byte = index / 8;
        (byte < self.bits.len()).then(|| (byte, 0x80 >> (index % 8)))
    }

    /// Set (revoked) or clear entry `index`.
    pub fn set(&mut self, index: u64, revoked: bool) -> Result<(), String> {
        let Some((byte, mask)) = self.position(index) else {
            return Err(format!("status list index {index} is outside the list, which has {} entries", self.len()));
        };
        if revoked {
            self.bits[byte] |= mask;
        } else {
            self.bits[byte] &= !mask;
        }
        Ok(())
    }

    /// Whether entry `index` is set; None when the list has no such entry
    /// (the spec's RANGE_ERROR: the caller must not treat it as "valid").
    pub fn get(&self, index: u64) -> Option<bool> {
        let (byte, mask) = self.position(index)?;
        Some(self.bits[byte] & mask != 0)
    }

    /// The `encodedList` text: GZIP, then multibase base64url without
    /// padding ('u' prefix). The same list always gives the same text.
    pub fn encode(&self) -> String {
        let mut gz = GzBuilder::new().mtime(0).operating_system(GZIP_OS_UNKNOWN).write(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        let compressed = gz.write_all(&self.bits).and_then(|()| gz.finish()).unwrap_or_default();
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// Read an `encodedList`. Accepts the 'u' multibase prefix or none, and
    /// '=' padding, as lists made for VC Status List 2021 may have them.
    /// Refuses lists shorter than [`MIN_ENTRIES`] and lists that expand past
    /// 16 MiB.
    pub fn decode(text: &str) -> Result<StatusList, String> {
        let text = text.trim();
        let unprefixed = text.strip_prefix('u').unwrap_or(text);
        let base64 = unprefixed.trim_end_matches('=');
        if base64.is_empty() {
            return Err("the status list (encodedList) is empty".to_string());
        }
        let compressed = URL_SAFE_NO_PAD
            .decode(base64)
            .map_err(|e| format!("the status list (encodedList) is not valid multibase base64url text: {e}"))?;
        let bits = gunzip_capped(&compressed, MAX_EXPANDED_BYTES)?;
        let list = StatusList { bits };
        if list.len() < MIN_ENTRIES {
            return Err(format!(
                "the status list has {} entries; the minimum is {MIN_ENTRIES}, so it gives too little privacy and is refused",
                list.len()
            ));
        }
        Ok(list)
    }
}

/// Expand GZIP data, refusing output longer than `cap` bytes. Reading stops
/// just past the cap, so a bomb costs at most `cap` bytes of memory.
fn gunzip_capped(compressed: &[u8], cap: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    // Read one byte past the cap to tell "exactly at the cap" from "over".
    GzDecoder::new(compressed)
        .take(cap as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the status list (encodedList) is not valid GZIP data: {e}"))?;
    if out.len() > cap {
        return Err(format!(
            "the status list (encodedList) expands to more than {} MiB; refusing it",
            cap / (1024 * 1024)
        ));
    }
    Ok(out)
}

/// The unsigned `BitstringStatusListCredential` published at `list_url`.
pub fn list_credential(list_url: &str, issuer: &Value, valid_from: &str, list: &StatusList) -> Value {
    json!({
        "@context": [CONTEXT_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{list_url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": list.encode(),
        },
    })
}

/// The `credentialStatus` of a credential whose revocation bit is `index` of
/// the list at `list_url`.
pub fn entry(list_url: &str, index: u64) -> Value {
    json!({
        "id": format!("{list_url}#{index}"),
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        // The spec wants a base-10 string (arbitrary size integers).
        "statusListIndex": index.to_string(),
        "statusListCredential": list_url,
    })
}

/// Read a `credentialStatus` entry back: the list's URL and the index.
pub fn entry_index(entry: &Value) -> Result<(String, u64), String> {
    let Some(object) = entry.as_object() else {
        return Err("credentialStatus is not a JSON object".to_string());
    };
    let field = |name: &str| object.get(name);
    match field("type").and_then(Value::as_str) {
        Some(ENTRY_TYPE | OLD_ENTRY_TYPE) => {}
        Some(other) => {
            return Err(format!(
                "credentialStatus has type \"{other}\"; only {ENTRY_TYPE} (or {OLD_ENTRY_TYPE}) is understood"
            ));
        }
        None => return Err("credentialStatus has no \"type\" string".to_string()),
    }
    match field("statusPurpose").and_then(Value::as_str) {
        Some(PURPOSE) => {}
        Some(other) => {
            return Err(format!("credentialStatus has statusPurpose \"{other}\"; only \"{PURPOSE}\" is supported"));
        }
        None => return Err("credentialStatus has no \"statusPurpose\" string".to_string()),
    }
    // One bit per entry is all we read; a wider entry would be misread.
    if let Some(size) = field("statusSize") {
        if size.as_u64() != Some(1) {
            return Err(format!(
                "credentialStatus has statusSize {size}; only 1 (one bit per credential) is supported"
            ));
        }
    }
    let index = match field("statusListIndex") {
        // Only plain decimal digits: u64's parser would also take "+5".
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let Some(index) = index else {
        return Err(format!(
            "credentialStatus has no usable statusListIndex (a non-negative whole number, written in base 10): {}",
            field("statusListIndex").unwrap_or(&Value::Null)
        ));
    };
    match field("statusListCredential").and_then(Value::as_str) {
        Some(url) if !url.is_empty() => Ok((url.to_string(), index)),
        _ => Err("credentialStatus has no \"statusListCredential\" URL".to_string()),
    }
}

/// A random index below `entries` that is not in `used`.
///
/// Random, not sequential: the spec says implementations SHOULD assign
/// indexes randomly so that "inferences — such as the recency of the
/// assignment or the size of the group — cannot be easily drawn from that
/// position" (section "BitstringStatusListEntry", statusListIndex), and its
/// Privacy Considerations ("Decoy Values") advise to "allocate status list
/// entry indexes randomly". Sequential indexes would reveal issue order and
/// how many badges were issued.
pub fn pick_free_index(used: &HashSet<u64>, entries: usize) -> Result<u64, String> {
    let total = entries as u64;
    let taken = used.iter().filter(|&&i| i < total).count() as u64;
    let free = total - taken;
    if free == 0 {
        return Err(format!("the status list is full: all {entries} entries are in use"));
    }
    // Mostly empty: draw until a free one comes up (few tries). Mostly full:
    // draw the rank among the free ones and walk to it, so the time stays
    // bounded. Both are uniform over the free indexes.
    if free * 4 >= total {
        loop {
            let candidate = random_below(total)?;
            if !used.contains(&candidate) {
                return Ok(candidate);
            }
        }
    }
    let rank = random_below(free)?;
    (0..total)
        .filter(|i| !used.contains(i))
        .nth(rank as usize)
        .ok_or_else(|| "internal error: no free status list index found".to_string())
}

/// A uniform random number in `0..n` (n > 0), without modulo bias.
fn random_below(n: u64) -> Result<u64, String> {
    // Values at or above the largest multiple of n would favour small results.
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let x = getrandom::u64().map_err(|e| format!("could not get random numbers from the system: {e}"))?;
        if x < zone {
            return Ok(x % n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;

    /// The example `encodedList` of the spec's "Example
    /// BitstringStatusListCredential" (w3c/vc-bitstring-status-list,
    /// index.html): 131,072 clear entries.
    const SPEC_EXAMPLE: &str = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    const LIST: &str = "https://org.github.io/badges/status/revocation.json";

    fn gzip_base64(data: &[u8]) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(data).unwrap();
        URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
    }

    #[test]
    fn spec_example_is_all_clear() {
        let list = StatusList::decode(SPEC_EXAMPLE).unwrap();
        assert_eq!(list.len(), MIN_ENTRIES);
        assert!(list.bits.iter().all(|&b| b == 0));
        assert_eq!(list, StatusList::new(MIN_ENTRIES));
        assert_eq!(list.get(0), Some(false));
        assert_eq!(list.get(131_071), Some(false));
        assert_eq!(list.get(131_072), None);
    }

    #[test]
    fn new_rounds_up_to_bytes_and_the_minimum() {
        assert_eq!(StatusList::new(0).len(), MIN_ENTRIES);
        assert_eq!(StatusList::new(10).len(), MIN_ENTRIES);
        assert_eq!(StatusList::new(MIN_ENTRIES + 1).len(), MIN_ENTRIES + 8);
        assert_eq!(StatusList::new(MIN_ENTRIES + 8).len(), MIN_ENTRIES + 8);
        assert!(!StatusList::new(0).is_empty());
    }

    #[test]
    fn bit_order_is_most_significant_first() {
        let mut list = StatusList::new(MIN_ENTRIES);
        list.set(0, true).unwrap();
        assert_eq!(list.bits[0], 0x80);
        list.set(7, true).unwrap();
        assert_eq!(list.bits[0], 0x81);
        list.set(8, true).unwrap();
        assert_eq!(list.bits[1], 0x80);
        list.set(131_071, true).unwrap();
        assert_eq!(list.bits[16_383], 0x01);
        assert_eq!(list.bits.iter().filter(|&&b| b != 0).count(), 3);

        let back = StatusList::decode(&list.encode()).unwrap();
        assert_eq!(back, list);
        for i in 0..MIN_ENTRIES as u64 {
            let expected = matches!(i, 0 | 7 | 8 | 131_071);
            assert_eq!(back.get(i), Some(expected), "entry {i}");
        }

        list.set(7, false).unwrap();
        assert_eq!(list.bits[0], 0x80);
        assert_eq!(list.get(7), Some(false));
    }

    #[test]
    fn out_of_range_is_refused_not_a_panic() {
        let mut list = StatusList::new(MIN_ENTRIES);
        assert_eq!(list.get(MIN_ENTRIES as u64), None);
        assert_eq!(list.get(u64::MAX), None);
        let err = list.set(MIN_ENTRIES as u64, true).unwrap_err();
        assert!(err.contains("outside the list"), "{err}");
        assert!(list.set(u64::MAX, true).is_err());
        assert_eq!(list, StatusList::new(MIN_ENTRIES));
    }

    #[test]
    fn encode_is_deterministic_multibase_gzip() {
        let mut list = StatusList::new(MIN_ENTRIES);
        list.set(5, true).unwrap();
        let a = list.encode();
        let b = list.clone().encode();
        assert_eq!(a, b);
        assert!(a.starts_with("uH4sI"), "{a}");
        assert!(!a.contains('=') && !a.contains('+') && !a.contains('/'));
        let gz = URL_SAFE_NO_PAD.decode(&a[1..]).unwrap();
        assert_eq!(&gz[..4], &[0x1f, 0x8b, 8, 0], "gzip magic, deflate, no flags");
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "mtime 0");
        assert_eq!(gz[9], GZIP_OS_UNKNOWN);
        // The all-clear list stays small (the spec's example is 51 bytes).
        assert!(StatusList::new(MIN_ENTRIES).encode().len() < 100);
    }

    #[test]
    fn decode_tolerates_no_prefix_and_padding() {
        let expected = StatusList::new(MIN_ENTRIES);
        let bare = &SPEC_EXAMPLE[1..];
        assert_eq!(StatusList::decode(bare).unwrap(), expected);
        let padded = format!("{bare}==");
        assert_eq!(StatusList::decode(&padded).unwrap(), expected);
        assert_eq!(StatusList::decode(&format!("u{bare}=")).unwrap(), expected);
    }

    #[test]
    fn hostile_lists_are_errors() {
        let cases = [
            ("", "empty"),
            ("u", "empty"),
            ("u!!!!", "base64url"),
            ("uH4s*IAAA", "base64url"),
            ("zH4sIAAAA", "base64url"),
            // base64url of "hello": not gzip.
            ("uaGVsbG8", "GZIP"),
            // The spec example cut short: truncated gzip.
            (&SPEC_EXAMPLE[..31], "GZIP"),
        ];
        for (text, says) in cases {
            let err = StatusList::decode(text).unwrap_err();
            assert!(err.contains(says), "{text:?}: {err}");
        }
        // A valid gzip of a list below the minimum length.
        let short = format!("u{}", gzip_base64(&[0; 100]));
        let err = StatusList::decode(&short).unwrap_err();
        assert!(err.contains("minimum"), "{err}");
    }

    #[test]
    fn gzip_bomb_is_refused() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..17 {
            gz.write_all(&chunk).unwrap();
        }
        let bomb = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
        assert!(bomb.len() < 100_000, "a bomb is small: {}", bomb.len());
        let err = StatusList::decode(&bomb).unwrap_err();
        assert!(err.contains("more than 16 MiB"), "{err}");

        // Exactly at the cap is still accepted.
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        for _ in 0..16 {
            gz.write_all(&chunk).unwrap();
        }
        let at_cap = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
        assert_eq!(StatusList::decode(&at_cap).unwrap().len(), 16 * 1024 * 1024 * 8);
    }

    #[test]
    fn expansion_stops_at_the_cap() {
        // 4 MiB of zeros, cut in half: valid for well over 1 MiB, then
        // broken. Stopping at a 1 MiB cap never reaches the break; reading
        // on (into memory) would report the broken GZIP instead.
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![0u8; 4 * 1024 * 1024]).unwrap();
        let bomb = gz.finish().unwrap();
        let cut = &bomb[..bomb.len() / 2];
        let err = gunzip_capped(cut, 1024 * 1024).unwrap_err();
        assert!(err.contains("more than 1 MiB"), "{err}");
        assert!(gunzip_capped(cut, 8 * 1024 * 1024).unwrap_err().contains("GZIP"));
    }

    #[test]
    fn entry_round_trips() {
        let e = entry(LIST, 94_567);
        assert_eq!(
            e,
            json!({
                "id": format!("{LIST}#94567"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "94567",
                "statusListCredential": LIST,
            })
        );
        assert_eq!(entry_index(&e).unwrap(), (LIST.to_string(), 94_567));
        assert_eq!(entry_index(&entry(LIST, 0)).unwrap().1, 0);
        assert_eq!(entry_index(&entry(LIST, u64::MAX)).unwrap().1, u64::MAX);
    }

    #[test]
    fn entry_index_reads_older_and_numeric_forms() {
        let mut e = entry(LIST, 12);
        e["statusListIndex"] = json!(12);
        e["type"] = json!("StatusList2021Entry");
        assert_eq!(entry_index(&e).unwrap(), (LIST.to_string(), 12));
        e["statusSize"] = json!(1);
        assert_eq!(entry_index(&e).unwrap().1, 12);
    }

    #[test]
    fn entry_index_refuses_what_it_cannot_read() {
        let bad = |field: &str, value: Value, says: &str| {
            let mut e = entry(LIST, 3);
            if value.is_null() {
                e.as_object_mut().unwrap().remove(field);
            } else {
                e[field] = value;
            }
            let err = entry_index(&e).unwrap_err();
            assert!(err.contains(says), "{field}: {err}");
        };
        bad("statusPurpose", json!("suspension"), "only \"revocation\"");
        bad("statusPurpose", Value::Null, "statusPurpose");
        bad("type", json!("RevocationList2020Status"), "only BitstringStatusListEntry");
        bad("type", Value::Null, "type");
        bad("statusSize", json!(2), "statusSize");
        bad("statusListCredential", Value::Null, "statusListCredential");
        bad("statusListCredential", json!(""), "statusListCredential");
        for index in [
            json!("-1"),
            json!("+1"),
            json!(" 1"),
            json!("1.0"),
            json!("0x10"),
            json!(""),
            json!("18446744073709551616"),
            json!(-1),
            json!(1.5),
            json!([1]),
            Value::Null,
        ] {
            bad("statusListIndex", index, "statusListIndex");
        }
        assert!(entry_index(&json!("x")).is_err());
    }

    #[test]
    fn list_credential_has_the_agreed_shape() {
        let mut list = StatusList::new(MIN_ENTRIES);
        list.set(42, true).unwrap();
        let issuer = json!({"id": "did:web:org.github.io:badges", "type": ["Profile"]});
        let vc = list_credential(LIST, &issuer, "2026-12-03T00:00:00Z", &list);
        assert_eq!(
            vc,
            json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "id": LIST,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": issuer,
                "validFrom": "2026-12-03T00:00:00Z",
                "credentialSubject": {
                    "id": format!("{LIST}#list"),
                    "type": "BitstringStatusList",
                    "statusPurpose": "revocation",
                    "encodedList": list.encode(),
                },
            })
        );
        let keys: Vec<&str> = vc.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys[0], "@context", "key order kept (preserve_order)");
        let encoded = vc["credentialSubject"]["encodedList"].as_str().unwrap();
        assert_eq!(StatusList::decode(encoded).unwrap().get(42), Some(true));
    }

    #[test]
    fn free_index_is_random_unused_and_full_is_an_error() {
        let empty = HashSet::new();
        let picks: HashSet<u64> = (0..20).map(|_| pick_free_index(&empty, MIN_ENTRIES).unwrap()).collect();
        assert!(picks.iter().all(|&i| i < MIN_ENTRIES as u64));
        // 20 draws from 131,072 all equal: chance about 1e-97.
        assert!(picks.len() > 1, "{picks:?}");

        // Small list so "full" is cheap to reach; only 5 stays free.
        let used: HashSet<u64> = (0..64).filter(|&i| i != 5).collect();
        for _ in 0..10 {
            assert_eq!(pick_free_index(&used, 64), Ok(5));
        }
        // Half full: the drawing path; never a used one.
        let half: HashSet<u64> = (0..64).filter(|i| i % 2 == 0).collect();
        for _ in 0..100 {
            let i = pick_free_index(&half, 64).unwrap();
            assert!(i % 2 == 1 && i < 64, "{i}");
        }
        let all: HashSet<u64> = (0..64).collect();
        let err = pick_free_index(&all, 64).unwrap_err();
        assert!(err.contains("full"), "{err}");
        assert!(pick_free_index(&HashSet::new(), 0).is_err());
        // Indexes beyond the list do not count as taking room.
        let beyond: HashSet<u64> = (64..200).collect();
        assert!(pick_free_index(&beyond, 64).unwrap() < 64);
    }
}
