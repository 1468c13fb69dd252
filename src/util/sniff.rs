//! What an image file is, judged by its bytes rather than its name.

use std::io::Read;
use std::path::Path;

/// `png` or `svg` from a file's first bytes, whatever its name says.
pub fn sniff_image(path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    sniff_bytes(&head[..n])
}

/// `png` or `svg` from the first bytes of an image (up to 1 KiB are read).
pub fn sniff_bytes(head: &[u8]) -> Option<&'static str> {
    let head = &head[..head.len().min(1024)];
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let starts_like_xml = text.starts_with("<?xml")
        || text.starts_with("<svg")
        || text.starts_with("<!--")
        || text.starts_with("<!DOCTYPE svg");
    (starts_like_xml && text.contains("<svg")).then_some("svg")
}

/// Width and height of a PNG, from its IHDR chunk.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[12..16] != b"IHDR" {
        return None;
    }
    Some((u32::from_be_bytes(png[16..20].try_into().ok()?), u32::from_be_bytes(png[20..24].try_into().ok()?)))
}

/// Width and height from a PNG file's header.
pub fn png_file_size(path: &Path) -> Option<(u32, u32)> {
    let mut head = [0u8; 24];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).ok()?;
    png_size(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_images_by_bytes() {
        assert_eq!(sniff_bytes(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff_bytes(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), Some("svg"));
        assert_eq!(sniff_bytes(b"<html><svg></svg></html>"), None);
        assert_eq!(sniff_bytes(b"GIF89a"), None);
    }
}
