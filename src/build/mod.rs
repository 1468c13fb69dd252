//! `Site::build`: renders every page and hosted JSON file of a loaded site
//! and swaps the finished folder into place. Every path comes from `layout`.

mod credentials;
pub mod fingerprint;
pub mod hosted;
pub mod output;
mod search;

use crate::art::raster::Fonts;
use crate::art::Artwork;
use crate::check::published_images;
use crate::check::svg::{clean_svg, SvgRefusal};
use crate::layout::{self, award as award_files};
use crate::library::Award;
use crate::render::share::share_view;
use crate::render::theme::{FONT_BOLD, FONT_REGULAR};
use crate::render::views::{pager, Views};
use crate::render::{page_context, root_from};
use crate::site::Site;
use crate::util::json::{pretty, published};
use crate::util::progress::{Phase, Progress, Silent};
use crate::util::sniff::sniff_bytes;
use anyhow::{anyhow, Context as _, Result};
use fingerprint::Reuse;
use hosted::{hosted_assertion, merge_criteria, padded_revocation_list, revocation_lists, with_context};
use output::{BuildStats, Output};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const RECIPIENT_PROFILE_SCHEMA: &str = include_str!("../../themes/default/recipientProfile-schema.json");

/// How many awards the gallery lists as recent.
const RECENT_AWARDS: usize = 12;
/// How many awards the Atom feed carries.
const FEED_AWARDS: usize = 50;

impl Site {
    /// Writes the site to `config.output`, replacing the previous output only
    /// when everything was written.
    pub fn build(&self) -> Result<BuildStats> {
        self.build_with(&Silent)
    }

    /// As `build`, reporting its phases and each award rendered to `progress`.
    pub fn build_with(&self, progress: &dyn Progress) -> Result<BuildStats> {
        self.build_reusing(progress, &Reuse::default())
    }

    /// As `build_with`, taking the files of the awards `reuse` says are
    /// unchanged from the previous output instead of rendering them.
    pub fn build_reusing(&self, progress: &dyn Progress, reuse: &Reuse) -> Result<BuildStats> {
        progress.phase(Phase::Rendering, self.library.awards.len());
        let out = Output::begin(&self.config.output, &self.library.dir)?;
        let fonts = Fonts::new(&[self.theme.file(FONT_REGULAR), self.theme.file(FONT_BOLD)]);
        let art = Artwork::for_site(&self.library, &self.config, self.renderer.strings.clone(), fonts);
        // Drawing the images took tens of MiB, freed now, on the worker
        // threads' heaps: give it back before the pages are rendered.
        crate::util::mem::release_freed();
        let views = Views::new(&self.library, &self.config, &self.renderer.strings, self.now, &self.reports);
        let reused = AtomicUsize::new(0);
        let b = Builder { site: self, lib: &self.library, out: &out, views, art, progress, reuse, reused: &reused };
        b.static_files()?;
        b.hosted_json()?;
        b.credentials()?;
        // The site's own pages (lists, sitemap, feed, site report) are made
        // one after another while the award pages render in parallel, so
        // that no core waits for them.
        let (awards, site_pages) = rayon::join(|| b.award_pages(), || b.site_pages());
        awards?;
        site_pages?;
        progress.phase(Phase::Writing, 0);
        let cache = b.art.cache;
        let mut stats = out.finish()?;
        // Only a build that succeeded bounds the cache to what it used (awards
        // taken from the previous output mark theirs): a failed one may not
        // have looked everything up.
        cache.prune();
        stats.cache = cache.stats();
        stats.reused_awards = reused.load(Ordering::Relaxed);
        Ok(stats)
    }
}

struct Builder<'a> {
    site: &'a Site,
    reuse: &'a Reuse,
    /// Awards taken from the previous output.
    reused: &'a AtomicUsize,
    lib: &'a crate::library::Library,
    out: &'a Output,
    art: Artwork,
    views: Views<'a>,
    progress: &'a dyn Progress,
}

impl Builder<'_> {
    fn page(&self, page: &str, template: &str, ctx: &tera::Context) -> Result<()> {
        let html = crate::util::html::strip_indentation(&self.site.renderer.render(template, ctx)?);
        self.out.write(&layout::page_file(page), html.as_bytes())
    }

    /// A fresh context with what every page gets.
    fn context(&self, root: &str, page: &str) -> tera::Context {
        page_context(&self.site.config, &self.site.renderer, root, page)
    }

    fn static_files(&self) -> Result<()> {
        for (path, bytes) in self.site.theme.published(&self.site.renderer.strings) {
            self.out.write(path, &bytes)?;
        }
        self.out.write(layout::NOJEKYLL, b"")?;
        if let Some(cname) = &self.site.config.cname {
            self.out.write(layout::CNAME, format!("{cname}\n").as_bytes())?;
        }
        // The recipientProfile extension's context and schema, hosted here
        // because verifiers fetch them and the 1EdTech validator fails the
        // whole award when they cannot be fetched (OPEN-BADGES.md §1.10).
        let context = json!({
            "@context": {
                "obi": "https://w3id.org/openbadges#",
                "extensions": "https://w3id.org/openbadges/extensions#"
            },
            "obi:validation": [{
                "obi:validatesType": "extensions:RecipientProfile",
                "obi:validationSchema": self.site.config.url(layout::RECIPIENT_PROFILE_SCHEMA)
            }]
        });
        self.out.write(layout::RECIPIENT_PROFILE_CONTEXT, &pretty(&context))?;
        self.out.write(layout::RECIPIENT_PROFILE_SCHEMA, RECIPIENT_PROFILE_SCHEMA.as_bytes())?;
        let images = published_images(self.lib, &self.site.config);
        for f in &self.lib.files {
            if images.contains(f.to.as_str()) {
                self.image(&f.from, &f.to)?;
            } else {
                self.out.copy(&f.from, &f.to)?;
            }
        }
        Ok(())
    }

    /// An image the site publishes: an SVG is written re-serialised through
    /// the allowlist (never the author's bytes), anything else as it is. The
    /// checks refuse an SVG the allowlist cannot take; should one get here,
    /// the build stops rather than publish it.
    fn image(&self, from: &std::path::Path, rel: &str) -> Result<()> {
        let bytes = std::fs::read(from).with_context(|| format!("cannot read `{}`", from.display()))?;
        if sniff_bytes(&bytes) != Some("svg") {
            return self.out.write(rel, &bytes);
        }
        match clean_svg(&bytes) {
            Ok(clean) => self.out.write(rel, clean.svg.as_bytes()),
            Err(SvgRefusal::Malformed(why) | SvgRefusal::Unsafe(why)) => {
                Err(anyhow!("`{rel}` is not published: {why}"))
            }
        }
    }

    fn hosted_json(&self) -> Result<()> {
        for issuer in &self.lib.issuers {
            if let Some(path) = &issuer.place.json {
                self.out.write(path, &published(&with_context(&issuer.doc.raw)))?;
            }
        }
        for badge in &self.lib.badges {
            if let Some(path) = &badge.place.json {
                let mut raw = with_context(&badge.doc.raw);
                if let Some(md) = &badge.criteria_md {
                    merge_criteria(&mut raw, md, &self.site.config.url(&format!("{}#criteria", badge.place.page)));
                }
                self.out.write(path, &published(&raw))?;
            }
        }
        // The awards' hosted JSON is written with their pages, in parallel.
        for (path, list) in revocation_lists(self.lib, &self.site.config) {
            self.out.write(&path, &published(&padded_revocation_list(&list)))?;
        }
        Ok(())
    }

    fn index(&self) -> Result<()> {
        let mut ctx = self.context("./", "");
        let issuers: Vec<_> = (0..self.lib.issuers.len()).map(|i| self.views.issuer(i, "./")).collect();
        let badges: Vec<_> = (0..self.lib.badges.len()).map(|b| self.views.badge(b, "./", false)).collect();
        let recent: Vec<_> = self
            .lib
            .listed_awards()
            .into_iter()
            .take(RECENT_AWARDS)
            .map(|a| {
                let badge = self.views.badge(a.badge.unwrap_or_default(), "./", false);
                json!({
                    "earner": self.views.earner(a),
                    "badge_name": badge.name,
                    "badge_image": badge.image,
                })
            })
            .collect();
        ctx.insert("issuers", &issuers);
        ctx.insert("badges", &badges);
        ctx.insert("recent", &recent);
        ctx.insert("award_count", &self.lib.awards.iter().filter(|a| a.revoked.is_none()).count());
        self.page(layout::HOME_PAGE, "index.html", &ctx)
    }

    /// `feed.xml`: an Atom feed of the newest awards. Earner names appear only
    /// when the gallery lists earners; `updated` is the newest award's date,
    /// not the build time, so an unchanged site gives an unchanged feed.
    fn feed(&self) -> Result<()> {
        let config = &self.site.config;
        let awards: Vec<&Award> = self.lib.listed_awards().into_iter().take(FEED_AWARDS).collect();
        let entries: Vec<Value> = awards
            .iter()
            .map(|a| {
                let badge = self.views.badge(a.badge.unwrap_or_default(), "./", true);
                let earner = self.views.earner(a);
                let strings = &self.site.renderer.strings;
                let title = match earner.name.filter(|_| config.list_earners) {
                    Some(name) => strings.format("feed.earned", &[("name", name), ("badge", badge.name)]),
                    None => strings.format("feed.awarded", &[("badge", badge.name)]),
                };
                json!({
                    "title": title,
                    "url": config.url(&a.place.page),
                    "issued_on": earner.issued_on_iso,
                    "issuer": badge.issuer.as_ref().map(|i| i.name),
                    "summary": badge.summary,
                })
            })
            .collect();
        let updated = awards
            .first()
            .and_then(|a| a.issued_on)
            .map(crate::util::dates::iso)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let mut ctx = self.context("./", layout::FEED);
        ctx.insert("feed_url", &config.url(layout::FEED));
        ctx.insert("site_url", &config.url(""));
        ctx.insert("updated", &updated);
        ctx.insert("entries", &entries);
        self.out.write(layout::FEED, self.site.renderer.render("feed.xml", &ctx)?.as_bytes())
    }

    fn issuer_pages(&self) -> Result<()> {
        for (index, issuer) in self.lib.issuers.iter().enumerate() {
            let root = root_from(&issuer.place.page);
            let mut ctx = self.context(&root, &issuer.place.page);
            let badges: Vec<_> = issuer.badges.iter().map(|&b| self.views.badge(b, &root, false)).collect();
            ctx.insert("issuer", &self.views.issuer(index, &root));
            ctx.insert("badges", &badges);
            if let Some(png) = &self.art.issuers[index].png {
                let image = layout::in_page(&issuer.place.page, layout::OG_IMAGE);
                self.out.write(&image, png)?;
                ctx.insert("og_image", &self.site.config.url(&image));
            }
            self.page(&issuer.place.page, "issuer.html", &ctx)?;
        }
        Ok(())
    }

    /// A badge class's page and, with `list_earners`, its earners split over
    /// pages of `earners_per_page` (`badges/m1/`, `badges/m1/page/2/` …), so
    /// that no page grows with the number of awards.
    fn badge_pages(&self) -> Result<()> {
        let config = &self.site.config;
        for (index, badge) in self.lib.badges.iter().enumerate() {
            let og_image = match &self.art.badges[index].png {
                Some(png) => {
                    let image = layout::in_page(&badge.place.page, layout::OG_IMAGE);
                    self.out.write(&image, png)?;
                    Some(config.url(&image))
                }
                None => None,
            };
            let awards = self.lib.listed_awards_of(index);
            let pages = self.lib.earner_pages(index, config);
            // Without earner names there is one page, which shows a count.
            let per_page = if pages.len() > 1 { config.earners_per_page } else { awards.len().max(1) };
            for (n, page) in pages.iter().enumerate() {
                let root = root_from(page);
                let mut ctx = self.context(&root, page);
                let on_page = awards.chunks(per_page).nth(n).unwrap_or_default();
                let earners: Vec<_> = on_page.iter().map(|a| self.views.earner(a)).collect();
                ctx.insert("badge", &self.views.badge(index, &root, true));
                ctx.insert("earners", &earners);
                ctx.insert("pager", &pager(&pages, n, &root, awards.len(), per_page));
                if let Some(url) = &og_image {
                    ctx.insert("og_image", url);
                }
                self.page(page, "badge.html", &ctx)?;
            }
            if let Some(card) = &self.art.badge_cards[index] {
                self.out.write(&layout::in_page(&badge.place.page, layout::BADGE_CARD), card)?;
            }
        }
        Ok(())
    }

    /// Every page but the award pages, with the sitemap, feed and site report.
    fn site_pages(&self) -> Result<()> {
        self.index()?;
        self.issuer_pages()?;
        self.badge_pages()?;
        self.site_files()?;
        self.out.write(layout::SEARCH_INDEX, &search::search_index(self.lib, &self.site.config))?;
        self.feed()
    }

    /// Award pages are independent of each other, so they render in parallel.
    fn award_pages(&self) -> Result<()> {
        (0..self.lib.awards.len()).into_par_iter().try_for_each(|index| {
            self.award_page(index)?;
            self.progress.advance(1);
            Ok(())
        })
    }

    fn award_page(&self, index: usize) -> Result<()> {
        let award = &self.lib.awards[index];
        let page = &award.place.page;
        if self.reuse.unchanged(index, page) && self.keep_award(award)? {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        // The site keeps only the award's facts: the rest is read again here.
        let whole = self.lib.whole_or_err(award, &self.site.config)?;
        // The award's hosted JSON, written here with its page (in parallel),
        // and kept for baking.
        let hosted = match &award.place.json {
            Some(path) => {
                let page_url = self.site.config.url(page);
                let bytes = published(&hosted_assertion(&whole, &page_url));
                self.out.write(path, &bytes)?;
                Some(bytes)
            }
            None => None,
        };
        let root = root_from(page);
        let mut ctx = self.context(&root, page);
        let view = self.views.award(index, &whole, &root);
        let badge_view = award.badge.map(|b| self.views.badge(b, &root, true));
        // The report is in the page and in the site's report; its own file
        // per award only when asked for (`[per_award_files] reports`).
        if self.site.config.per_award_files.reports {
            let checks = self.site.reports[index].checks();
            let report = crate::check::report::award_report(&self.site.config, award, &checks);
            self.out.write(&layout::in_page(page, award_files::REPORT), &pretty(&serde_json::to_value(&report)?))?;
        }
        ctx.insert("report_file", &self.site.config.per_award_files.reports);
        ctx.insert("award", &view);
        ctx.insert("badge", &badge_view);
        if award.revoked.is_none() && award.place.json.is_some() {
            let hosted = hosted.as_deref().map(String::from_utf8_lossy).unwrap_or_default();
            let files = self
                .art
                .award_files(self.lib, award, hosted.trim_end())
                .map_err(|e| anyhow!("cannot make the shared images of `{page}`: {e}"))?;
            for (path, bytes) in &files.files {
                self.out.write(path, bytes)?;
            }
            let share = share_view(self.lib, &self.site.config, &self.site.renderer.strings, award, &files);
            // The JSON-LD block is data, but the page's CSP names its hash so
            // that nothing inline runs or validates without being listed.
            let digest = <sha2::Sha256 as sha2::Digest>::digest(share.json_ld.as_bytes());
            ctx.insert("csp_script_hash", &crate::util::hash::base64(&digest));
            ctx.insert("share", &share);
        }
        self.page(page, "award.html", &ctx)
    }

    /// Takes an unchanged award's files from the previous output: its hosted
    /// JSON, its page and whatever else the previous build wrote in the
    /// page's folder. False (render it) when the previous output lacks its
    /// JSON or page.
    fn keep_award(&self, award: &Award) -> Result<bool> {
        let page = &award.place.page;
        let json_kept = match &award.place.json {
            Some(path) => self.out.keep_previous(path)?,
            None => true,
        };
        if !json_kept || !self.out.keep_previous(&layout::page_file(page))? {
            return Ok(false);
        }
        for file in layout::award_page_files().iter().skip(1) {
            self.out.keep_previous(&layout::in_page(page, file))?;
        }
        self.art.keep_award_card(self.lib, award);
        Ok(true)
    }

    fn site_files(&self) -> Result<()> {
        let base = &self.site.config;
        let ctx = self.context(&base.base_path(), layout::NOT_FOUND);
        self.out.write(layout::NOT_FOUND, self.site.renderer.render("404.html", &ctx)?.as_bytes())?;
        let mut verify = self.context(&root_from(layout::VERIFY_PAGE), layout::VERIFY_PAGE);
        // verify/ checks anyone's badge: it names this site's own issuers so
        // that a verdict on someone else's badge says it is not theirs.
        let own: Vec<Value> = self
            .lib
            .issuers
            .iter()
            .filter(|i| i.place.json.is_some())
            .filter_map(|i| Some(json!({ "id": i.doc.data.id.as_deref()?, "name": i.doc.data.name.as_deref()? })))
            .collect();
        verify.insert("own_issuers", &own);
        verify.insert("checks", crate::check::report::CHECKS);
        self.page(layout::VERIFY_PAGE, "verify.html", &verify)?;
        let embed = self.context(&root_from(layout::EMBED_PAGE), layout::EMBED_PAGE);
        self.page(layout::EMBED_PAGE, "card.html", &embed)?;
        self.sitemap()?;
        self.out.write(layout::ROBOTS, self.site.renderer.render("robots.txt", &ctx)?.as_bytes())?;
        let report = crate::check::report::site_report(self.lib, base, self.site.now, &self.site.reports);
        self.out.write(layout::SITE_REPORT, &report)?;
        Ok(())
    }

    /// `sitemap.xml`: every listed page's URL, or, above `[sitemap]
    /// urls_per_file`, an index of the numbered files (`sitemap-1.xml` …)
    /// that hold them, as the sitemaps protocol allows 50,000 URLs a file.
    fn sitemap(&self) -> Result<()> {
        let config = &self.site.config;
        let pages = self.lib.sitemap_pages(config);
        let parts = crate::library::sitemap_parts_of(pages.len(), config);
        // Each file's URLs are made as it is written: at 100,000 awards, all
        // of them at once in the template's context were the build's peak.
        let urls = |pages: &[String]| -> Vec<String> { pages.iter().map(|p| config.url(p)).collect() };
        let write = |path: &str, urls: &[String], sitemaps: &[String]| -> Result<()> {
            let mut ctx = self.context("./", path);
            ctx.insert("urls", urls);
            ctx.insert("sitemaps", sitemaps);
            self.out.write(path, self.site.renderer.render("sitemap.xml", &ctx)?.as_bytes())
        };
        if parts.is_empty() {
            return write(layout::SITEMAP, &urls(&pages), &[]);
        }
        for (part, pages) in parts.iter().zip(pages.chunks(config.sitemap_urls_per_file)) {
            write(part, &urls(pages), &[])?;
        }
        let sitemaps: Vec<String> = parts.iter().map(|p| config.url(p)).collect();
        write(layout::SITEMAP, &[], &sitemaps)
    }
}
