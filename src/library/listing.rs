//! What the site's lists show: the awards a visitor may see in the gallery,
//! the feed and a badge class's earner pages, and every page the sitemap
//! names. The build writes these lists and the collision check plans their
//! files from the same functions, so the two cannot disagree.

use super::{Award, Library};
use crate::config::Config;
use crate::layout;

impl Award {
    /// Shown in lists: not revoked and not marked unlisted.
    pub fn is_listed(&self) -> bool {
        self.revoked.is_none() && !self.doc.data.is_unlisted()
    }
}

/// Newest first; ties by page, so that the output is stable.
fn newest_first(awards: &mut [&Award]) {
    awards.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then_with(|| a.place.page.cmp(&b.place.page)));
}

impl Library {
    /// Every listed award of a known badge class, newest first (the gallery's
    /// recent awards, the feed).
    pub fn listed_awards(&self) -> Vec<&Award> {
        let mut awards: Vec<&Award> = self.awards.iter().filter(|a| a.is_listed() && a.badge.is_some()).collect();
        newest_first(&mut awards);
        awards
    }

    /// The listed awards of `badges[badge]`, newest first (its earner pages).
    pub fn listed_awards_of(&self, badge: usize) -> Vec<&Award> {
        let mut awards: Vec<&Award> =
            self.badges[badge].awards.iter().map(|&a| &self.awards[a]).filter(|a| a.is_listed()).collect();
        newest_first(&mut awards);
        awards
    }

    /// The page folders of `badges[badge]`'s earner list, its own page first.
    /// Earners are listed by name only with `[gallery] list_earners`;
    /// otherwise the page shows a count and there is one page.
    pub fn earner_pages(&self, badge: usize, config: &Config) -> Vec<String> {
        let first = &self.badges[badge].place.page;
        let pages = match config.list_earners {
            true => layout::page_count(self.listed_awards_of(badge).len(), config.earners_per_page),
            false => 1,
        };
        (1..=pages).map(|n| layout::list_page(first, n)).collect()
    }

    /// Every page the sitemap names: the home and verify pages, the issuers',
    /// the badge classes' (every earner page), the awards not marked
    /// unlisted, and the credentials not revoked.
    pub fn sitemap_pages(&self, config: &Config) -> Vec<String> {
        let mut pages: Vec<String> = vec![layout::HOME_PAGE.to_string(), layout::VERIFY_PAGE.to_string()];
        pages.extend(self.issuers.iter().map(|i| i.place.page.clone()));
        pages.extend((0..self.badges.len()).flat_map(|b| self.earner_pages(b, config)));
        pages.extend(self.awards.iter().filter(|a| !a.doc.data.is_unlisted()).map(|a| a.place.page.clone()));
        // Open Badges 3.0 credentials' pages, but the revoked ones (their
        // pages say noindex, as revoked awards' do).
        pages.extend(self.credentials.iter().filter(|c| c.revoked.is_none()).map(|c| c.place.page.clone()));
        pages
    }

    /// The numbered sitemap files a build writes besides `sitemap.xml`: none
    /// while every URL fits in one file, else one per `sitemap_urls_per_file`.
    pub fn sitemap_parts(&self, config: &Config) -> Vec<String> {
        sitemap_parts_of(self.sitemap_pages(config).len(), config)
    }
}

/// As `Library::sitemap_parts`, for a sitemap of `urls` URLs.
pub fn sitemap_parts_of(urls: usize, config: &Config) -> Vec<String> {
    if urls <= config.sitemap_urls_per_file {
        return Vec::new();
    }
    (1..=layout::page_count(urls, config.sitemap_urls_per_file)).map(layout::sitemap_part).collect()
}
