//! Markdown from badge files (criteria, narratives, descriptions) to HTML
//! that is safe to put in a page: raw HTML is shown as text, and only
//! http, https and mailto links survive. Images are replaced by their alt
//! text, since a page must load nothing from other hosts.

use crate::util::urls;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn to_html(markdown: &str) -> String {
    let cleaned: String;
    let markdown = if markdown.chars().any(crate::util::text::is_control_text) {
        cleaned = markdown.chars().filter(|&c| !crate::util::text::is_control_text(c)).collect();
        cleaned.as_str()
    } else {
        markdown
    };
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // One entry per open link: whether it was kept, so its end tag matches.
    let mut links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let keep = urls::is_safe_link(&dest_url);
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Text(t) if in_image > 0 => Some(Event::Text(t)),
        Event::FootnoteReference(name) => Some(Event::Text(CowStr::from(format!("[^{name}]")))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The text of `markdown`'s paragraphs and list items (headings left out),
/// as plain words, cut to `max_chars`: an excerpt that stands for the whole.
pub fn plain_excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => text.push(' '),
            _ => {}
        }
        if text.len() > max_chars * 4 {
            break;
        }
    }
    cut_words(&text.split_whitespace().collect::<Vec<_>>().join(" "), max_chars)
}

/// `text` if it has at most `max_chars` characters, else its start, ending
/// on a whole word when there is one to end on, and `…`.
fn cut_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '.']))
}

/// The first paragraph of a Markdown text as plain text, for descriptions in
/// `<meta>` tags and lists.
pub fn plain_summary(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if !text.is_empty() => break,
            _ => {}
        }
    }
    cut_words(&text.split_whitespace().collect::<Vec<_>>().join(" "), max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        assert_eq!(to_html("*a* [b](https://x.org)"), "<p><em>a</em> <a href=\"https://x.org\">b</a></p>\n");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = to_html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn unsafe_links_lose_their_href() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](//evil.example/)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let out = to_html(md);
            assert!(!out.contains("href"), "{md} -> {out}");
        }
        assert!(to_html("[mail](mailto:a@b.org)").contains("href=\"mailto:a@b.org\""));
    }

    #[test]
    fn nested_link_bookkeeping_stays_balanced() {
        let out = to_html("[ok](https://a.org) [bad](javascript:x) [ok2](https://b.org)");
        assert_eq!(out.matches("<a ").count(), 2);
        assert_eq!(out.matches("</a>").count(), 2);
    }

    #[test]
    fn images_become_their_alt_text() {
        let out = to_html("![a tracking pixel](https://evil.example/p.gif)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("a tracking pixel"), "{out}");
    }

    #[test]
    fn summary() {
        assert_eq!(plain_summary("# Title\n\nFirst *para* here.\n\nSecond.", 100), "Title");
        assert_eq!(plain_summary("First *para*\nhere.\n\nSecond.", 100), "First para here.");
        assert_eq!(plain_summary("abcdefghij", 5), "abcd…");
        assert_eq!(plain_summary("one two three four", 12), "one two…");
    }

    #[test]
    fn excerpts_skip_headings_and_span_blocks() {
        let md = "# Criteria\n\nTo earn it:\n\n- open a *pull request*\n- write `docs`\n\nThen ask.";
        assert_eq!(plain_excerpt(md, 100), "To earn it: open a pull request write docs Then ask.");
        assert_eq!(plain_excerpt(md, 20), "To earn it: open a…");
    }
}
