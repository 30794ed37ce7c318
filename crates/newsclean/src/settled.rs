//! Re-runs skip settled pages.
//!
//! An archive is cleaned again and again: when new pages arrive in its folders, in CI on
//! every change, after a review. Most of its pages are then settled: the accepted page is
//! what `clean` makes of the raw text, and cleaning it again would only say "unchanged" and
//! write the same report. So, like ruff's cache, the record of a settled page
//! ([`crate::record`], written with its report) holds a key of everything its result depends
//! on ([`Key`]), and a later run that computes the same key reads the page's raw file, its
//! accepted page and its record, and skips the cleaning. The text report ends with the same
//! key for the reader, but nothing parses it back. A page with a warning (not a fixed point,
//! invalid bytes read lossily) gets no key and is never skipped: its warning is said on every
//! run.

use crate::rules::RuleId;
use crate::store::fingerprint;

/// What the result of cleaning a page depends on, as one fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(String);

/// The heading of the part of a report that holds the key.
const HEADING: &str = "## Settled";

impl Key {
    /// The key of a page: its identity (its name under the archive root, [`crate::walk`]),
    /// its raw bytes, the rules ([`crate::pipeline::Options::rules_fingerprint`]: version,
    /// data, corrections and options), its review decisions, its accepted page, and the
    /// newsclean binary itself, by its contents (a rebuilt binary may clean differently under
    /// the same version; a copy of one cleans the same). Nothing in it depends on a path's
    /// spelling or a file's time. `None` when the binary cannot be read: then nothing is
    /// skipped.
    pub fn of(page: &std::path::Path, raw: &[u8], rules: &str, decisions: Option<&str>, accepted: &str) -> Option<Key> {
        let exe = binary()?;
        let page = page.to_string_lossy();
        let parts = [&*page, &fingerprint(raw), rules, &decisions.map_or("-".into(), |d| fingerprint(d.as_bytes())), &fingerprint(accepted.as_bytes()), exe];
        Some(Key(fingerprint(parts.join("\n").as_bytes())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The end of the report of a settled page; of a `pending` one, settled once accepted.
    pub fn footer(&self, verified: bool, pending: bool) -> String {
        let checked = if verified { "; cleaning the result again changes nothing" } else { "" };
        let when = if pending { "Once this page is accepted, `newsclean clean` skips it" } else { "`newsclean clean` skips this page" };
        format!("\n{HEADING}\n  key {}: the raw text, rules and decisions of this report, with its page accepted{checked}.\n  {when} while they stay so.\n", self.0)
    }
}

/// The end of the report of `c` for `key` ([`Key::footer`]), unless the page has a warning
/// that every run must say again: its result is not a fixed point (`unstable`), or invalid
/// bytes were read lossily. `verified`: the fixed point was checked.
pub fn footer_for(key: Option<Key>, c: &crate::pipeline::Cleaned, unstable: bool, verified: bool, pending: bool) -> Option<String> {
    let lossy = c.edits.iter().any(|e| e.rule == RuleId::InvalidBytes);
    key.filter(|_| !unstable && !lossy).map(|k| k.footer(verified, pending))
}

/// A pending page's report once the page is accepted: its key's sentence says it holds now.
pub fn as_accepted(report: &str) -> String {
    report.replacen("Once this page is accepted, `newsclean clean` skips it", "`newsclean clean` skips this page", 1)
}

/// The binary's build, by the fingerprint of its contents (read once a run: a few
/// milliseconds), so that a `cp` of the binary, or a `touch`, keeps every key.
fn binary() -> Option<&'static str> {
    static EXE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    EXE.get_or_init(|| {
        let bytes = std::fs::read(std::env::current_exe().ok()?).ok()?;
        Some(format!("{} {}", bytes.len(), fingerprint(&bytes)))
    })
    .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_everything_the_result_depends_on() {
        let k = Key::of(std::path::Path::new("a"), b"text", "rules", None, "page").unwrap();
        assert_eq!(Key::of(std::path::Path::new("a"), b"text", "rules", None, "page"), Some(k.clone()));
        for other in [
            Key::of(std::path::Path::new("b"), b"text", "rules", None, "page"),
            Key::of(std::path::Path::new("a"), b"text.", "rules", None, "page"),
            Key::of(std::path::Path::new("a"), b"text", "rules2", None, "page"),
            Key::of(std::path::Path::new("a"), b"text", "rules", Some(""), "page"),
            Key::of(std::path::Path::new("a"), b"text", "rules", None, "page\n"),
        ] {
            assert_ne!(other, Some(k.clone()));
        }
    }

    #[test]
    fn a_page_with_a_warning_gets_no_key() {
        let k = Key::of(std::path::Path::new("a"), b"text", "rules", None, "page");
        let fine = crate::pipeline::clean_str("本报讯 今天天气很好。\n").unwrap();
        assert!(footer_for(k.clone(), &fine, false, true, false).is_some_and(|f| f.contains("changes nothing")));
        assert!(footer_for(k.clone(), &fine, false, false, false).is_some_and(|f| !f.contains("changes nothing")));
        // (its result is not a fixed point; invalid bytes were read lossily)
        assert_eq!(footer_for(k.clone(), &fine, true, true, false), None);
        let opts = crate::pipeline::Options { lossy: true, ..Default::default() };
        let lossy = crate::pipeline::clean_bytes_with(b"\xE6\x9C\xAC\xFF\xE6\x8A\xA5\n", &opts).unwrap();
        assert_eq!(footer_for(k, &lossy, false, true, false), None);
    }
}
