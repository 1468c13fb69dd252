//! Escaping text for HTML and XML.

/// Escapes text for HTML text and quoted attribute values. Unlike tera's
/// default it leaves `/` alone, so URLs in pages stay readable.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are invalid in XML and parse errors in HTML
            // (`text.control` warns about them); pages leave them out.
            c if super::text::is_control_text(c) => {}
            c => out.push(c),
        }
    }
    out
}
