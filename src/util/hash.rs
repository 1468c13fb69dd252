//! Digests, random tokens and base64, each written once.

use sha2::{Digest, Sha256};

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    // By table: a no-change rebuild of 100,000 awards writes 100,000 digests
    // into its fingerprint, and a `format!` per byte was a fifth of it.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    text
}

/// The 32 bytes a 64-digit hex string (a SHA-256) stands for.
pub fn unhex32(text: &str) -> Option<[u8; 32]> {
    let digits = text.as_bytes();
    // `from_str_radix` alone would also take a sign ("+1").
    if digits.len() != 64 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(bytes)
}

/// Hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Hex MD5 of a text (Open Badges allows `md5$` identity hashes).
pub fn md5_hex(text: &str) -> String {
    hex(&md5::Md5::digest(text.as_bytes()))
}

/// The first 12 hex digits of a text's SHA-256: a short stable name.
pub fn short_hash(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes())[..6])
}

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> anyhow::Result<()> {
    getrandom::fill(buf).map_err(|e| anyhow::anyhow!("no secure random numbers: {e}"))
}

/// Hex of `n` bytes from the operating system's CSPRNG.
pub fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; n];
    random_bytes(&mut buf)?;
    Ok(hex(&buf))
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn digests() {
        assert_eq!(short_hash("a").len(), 12);
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(random_hex(16).unwrap().len(), 32);
    }

    #[test]
    fn hex_of_a_digest_reads_back() {
        let digest: [u8; 32] = Sha256::digest(b"x").into();
        assert_eq!(unhex32(&hex(&digest)), Some(digest));
        assert_eq!(unhex32(&"0".repeat(63)), None);
        assert_eq!(unhex32(&format!("{}g", "0".repeat(63))), None);
        assert_eq!(unhex32(&format!("{}+1", "0".repeat(62))), None);
    }
}
