//! `newsclean review`: go through the pending pages edit by edit, and accept what is right.
//!
//! The typo corrections and suggestions are what a reviewer must look at one by one: each is
//! shown in its raw context with its stage, rule and reason, the change highlighted at the
//! character level. Layout changes (line joins, letter-spacing, story order) come with the
//! page: they are summarised on the page's header and accepted or rejected with it.
//!
//! Keys (shown by `?`):
//!
//! | key | does |
//! |---|---|
//! | `a` / `r` | accept / reject this edit |
//! | `A` | accept this edit and all the remaining edits of the page |
//! | `R` | reject the whole page (not proposed again until its raw text or the rules change) |
//! | `+` / `-` | accept / reject this edit and every remaining edit of its rule, on every page |
//! | `l` | list the page's line joins, and keep one as a paragraph break (type its number, Enter) |
//! | `s` | skip to the next page (it stays pending, with the decisions made so far) |
//! | `q` | quit; every decision so far is kept |
//!
//! Each decision is written to the page's decisions file at once ([`crate::decisions`]), so
//! quitting, a crash or a closed terminal loses nothing. When every reviewable edit of a page is
//! decided, the page is cleaned again with exactly those decisions and written to the output
//! folder, unless its raw file or accepted page changed since `clean` proposed it.
//!
//! The loop reads keys from any source, so tests drive it without a terminal; `main` feeds it
//! key presses from the terminal in raw mode.

use crate::decisions::{Anchor, PageReject, Verdict};
use crate::edit::{Confidence, Edit, Stage};
use crate::pipeline::{Cleaned, Options, clean_bytes_decided};
use crate::rules::RuleId;
use crate::store::Store;
use crate::term::{Palette, pad, printable};
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Characters of raw context shown on each side of an edit.
const SHOWN_CONTEXT: usize = 12;

/// What the reviewer did in a session.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub accepted_pages: usize,
    pub rejected_pages: usize,
    pub skipped_pages: usize,
    pub accepted_edits: usize,
    pub rejected_edits: usize,
    pub quit: bool,
}

/// The edits a reviewer decides one by one: typo corrections and suggestions.
pub fn reviewable(e: &Edit) -> bool {
    e.stage == Stage::Typos
}

enum Outcome {
    Decided,
    Skip,
    RejectPage,
    Quit,
}

pub struct Session<'a> {
    pub store: &'a Store,
    pub options: &'a Options,
    pub pal: Palette,
    /// Verdicts for whole rules (`+` / `-`), for the rest of the session.
    by_rule: HashMap<RuleId, Verdict>,
    pub tally: Tally,
}

impl<'a> Session<'a> {
    pub fn new(store: &'a Store, options: &'a Options, pal: Palette) -> Self {
        Session { store, options, pal, by_rule: HashMap::new(), tally: Tally::default() }
    }

    /// Review every pending page, reading keys from `key` (None: input closed, as `q`).
    pub fn run(&mut self, key: &mut dyn FnMut() -> Option<char>, out: &mut dyn Write) -> Result<()> {
        // (a person reviews at most thousands: the list is made first, to number the pages)
        let pages: Vec<std::path::PathBuf> = self.store.pending().collect();
        if pages.is_empty() {
            writeln!(out, "no pending pages: run `newsclean clean` first")?;
        }
        for (n, rel) in pages.iter().enumerate() {
            writeln!(out, "\n{} {}", self.pal.bold(&format!("page {}/{}:", n + 1, pages.len())), self.pal.bold(&crate::walk::shown(rel)))?;
            match self.page(rel, key, out) {
                Ok(true) => {}
                Ok(false) => {
                    self.tally.quit = true;
                    break;
                }
                // (a stale or unreadable page is reported and left pending; the others go on)
                Err(e) => writeln!(out, "  {} {e:#}", self.pal.bold("not accepted:"))?,
            }
        }
        writeln!(
            out,
            "\nreviewed: {} pages accepted, {} rejected, {} skipped; {} edits accepted, {} rejected{}",
            self.tally.accepted_pages,
            self.tally.rejected_pages,
            self.tally.skipped_pages,
            self.tally.accepted_edits,
            self.tally.rejected_edits,
            if self.tally.quit { " (quit: the rest stays pending)" } else { "" }
        )?;
        Ok(())
    }

    /// One page; false when the reviewer quit.
    fn page(&mut self, rel: &Path, key: &mut dyn FnMut() -> Option<char>, out: &mut dyn Write) -> Result<bool> {
        let store = self.store;
        // (checked once: the output folder is locked for the session)
        let (meta, bytes, _) = store.fresh_proposal(rel)?;
        let mut decisions = store.decisions(rel)?;
        let c = clean_bytes_decided(&bytes, self.options, &decisions)?;
        writeln!(out, "  {}", crate::report::summary_line(&c))?;
        writeln!(out, "  {}", self.pal.dim(&layout_summary(&c)))?;
        let items: Vec<&Edit> = c.edits.iter().filter(|e| reviewable(e) && e.confidence != Confidence::Rejected && decisions.verdict(e, &c.raw).is_none()).collect();
        let mut outcome = Outcome::Decided;
        if items.is_empty() {
            // only layout changes (or all decided earlier): the page as a whole
            outcome = loop {
                write!(out, "  no typo edits to decide; accept the page? [a]ccept [R]eject [l]ine joins [s]kip [q]uit ")?;
                out.flush()?;
                match key() {
                    Some('a' | 'A' | 'y') => break Outcome::Decided,
                    Some('l') => {
                        writeln!(out)?;
                        self.pick_join(&c, rel, &mut decisions, key, out)?;
                    }
                    Some('R') => break Outcome::RejectPage,
                    Some('s') => break Outcome::Skip,
                    Some('q') | None => break Outcome::Quit,
                    _ => writeln!(out)?,
                }
            };
            writeln!(out)?;
        }
        let mut rest_of_page: Option<Verdict> = None;
        for (k, e) in items.iter().enumerate() {
            if !matches!(outcome, Outcome::Decided) {
                break;
            }
            let anchor = Anchor::of(e, &c.raw);
            let preset = rest_of_page.or_else(|| self.by_rule.get(&e.rule).copied());
            let verdict = match preset {
                Some(v) => v,
                None => {
                    self.show(e, &c, k + 1, items.len(), out)?;
                    loop {
                        write!(out, "  [a]ccept [r]eject  [A]ccept rest of page  [R]eject page  [+/-] whole rule  [l]ine joins  [s]kip [q]uit [?] ")?;
                        out.flush()?;
                        let got = key();
                        writeln!(out)?;
                        match got {
                            Some('l') => {
                                self.pick_join(&c, rel, &mut decisions, key, out)?;
                                continue;
                            }
                            Some('a' | 'y') => break Verdict::Accept,
                            Some('r' | 'n') => break Verdict::Reject,
                            Some('A') => {
                                rest_of_page = Some(Verdict::Accept);
                                break Verdict::Accept;
                            }
                            Some('+') => {
                                self.by_rule.insert(e.rule, Verdict::Accept);
                                break Verdict::Accept;
                            }
                            Some('-') => {
                                self.by_rule.insert(e.rule, Verdict::Reject);
                                break Verdict::Reject;
                            }
                            Some('R') => {
                                outcome = Outcome::RejectPage;
                                break Verdict::Reject;
                            }
                            Some('s') => {
                                outcome = Outcome::Skip;
                                break Verdict::Reject;
                            }
                            Some('q') | None => {
                                outcome = Outcome::Quit;
                                break Verdict::Reject;
                            }
                            _ => writeln!(out, "{}", HELP)?,
                        }
                    }
                }
            };
            if !matches!(outcome, Outcome::Decided) {
                break;
            }
            decisions.set(anchor, verdict);
            store.write_decisions(rel, &decisions)?;
            match verdict {
                Verdict::Accept => self.tally.accepted_edits += 1,
                Verdict::Reject => self.tally.rejected_edits += 1,
            }
        }
        match outcome {
            Outcome::Quit => Ok(false),
            Outcome::Skip => {
                self.tally.skipped_pages += 1;
                writeln!(out, "  skipped: {} stays pending", crate::walk::shown(rel))?;
                Ok(true)
            }
            Outcome::RejectPage => {
                decisions.page = Some(PageReject { raw_fp: meta.raw_fp.clone(), rules_fp: self.options.rules_fingerprint() });
                store.write_decisions(rel, &decisions)?;
                store.drop_pending(rel)?;
                store.update_record(rel, |r| {
                    r.state = crate::record::State::Rejected;
                    r.key = None;
                })?;
                self.tally.rejected_pages += 1;
                writeln!(out, "  rejected {}: not proposed again until its raw text or the rules change", crate::walk::shown(rel))?;
                Ok(true)
            }
            Outcome::Decided => {
                // the page with exactly the decisions made
                let c = clean_bytes_decided(&bytes, self.options, &decisions)?;
                let replaced = store.accepted(rel)?;
                store.accept_text(rel, &c.markdown)?;
                store.drop_pending(rel)?;
                // (its report says what it replaced, and is settled as `clean --accept` leaves
                // a page, when the result is a fixed point: the next `clean` skips the page)
                let name = crate::walk::shown(&meta.raw);
                let mut report = crate::report::text_report_accepted(&name, &c, replaced.as_deref());
                let unstable = crate::pipeline::not_a_fixed_point(&c.markdown, self.options, &decisions).is_some();
                let key = crate::settled::Key::of(rel, &bytes, &self.options.rules_fingerprint(), store.decisions_text(rel)?.as_deref(), &c.markdown);
                let footer = crate::settled::footer_for(key.clone(), &c, unstable, true, false);
                if let Some(footer) = &footer {
                    report.push_str(footer);
                }
                let warnings = if unstable { vec!["cleaning the result again would change paragraphs".to_string()] } else { vec![] };
                let mut record = crate::record::Record::of(&name, &c, crate::record::State::Accepted, warnings);
                record.key = footer.and(key).map(|k| k.as_str().to_string());
                record.verified = true;
                store.write_derived(&store.report_path(rel), report.as_bytes())?;
                store.write_record(rel, &record)?;
                self.tally.accepted_pages += 1;
                let rejected = c.edits.iter().filter(|e| e.confidence == Confidence::Rejected).count();
                writeln!(
                    out,
                    "  accepted {} ({} typo edits applied, {} rejected)",
                    crate::walk::shown(rel),
                    c.edits.iter().filter(|e| reviewable(e) && e.confidence == Confidence::Applied).count(),
                    rejected
                )?;
                Ok(true)
            }
        }
    }

    /// List the page's line joins and let the reviewer keep one as a paragraph break: its
    /// number and Enter (Enter alone goes back). The decision is written at once and holds when
    /// the page is accepted and when `clean` runs again.
    fn pick_join(&mut self, c: &Cleaned, rel: &Path, decisions: &mut crate::decisions::Decisions, key: &mut dyn FnMut() -> Option<char>, out: &mut dyn Write) -> Result<()> {
        let joins: Vec<&Edit> = c.edits.iter().filter(|e| e.rule == RuleId::JoinLines && e.confidence == Confidence::Applied && decisions.verdict(e, &c.raw).is_none()).collect();
        if joins.is_empty() {
            writeln!(out, "  no line joins on this page")?;
            return Ok(());
        }
        for (n, e) in joins.iter().enumerate() {
            let (left, _, right) = crate::report::around(&c.raw, e.offset, e.before.len(), SHOWN_CONTEXT);
            writeln!(out, "  {:>3}. line {:>4}  …{}{}{}…", n + 1, e.line, printable(left), self.pal.del("\n"), printable(right))?;
        }
        write!(out, "  keep which line break (number, Enter; Enter alone: none)? ")?;
        out.flush()?;
        let mut typed = String::new();
        loop {
            match key() {
                Some(d) if d.is_ascii_digit() => {
                    typed.push(d);
                    write!(out, "{d}")?;
                    out.flush()?;
                }
                Some('\n' | '\r') | None => break,
                _ => {}
            }
        }
        writeln!(out)?;
        match typed.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|n| joins.get(n)) {
            Some(e) => {
                decisions.set(Anchor::of(e, &c.raw), Verdict::Reject);
                self.store.write_decisions(rel, decisions)?;
                self.tally.rejected_edits += 1;
                writeln!(out, "  the break at line {} stays: a paragraph ends there when the page is accepted", e.line)?;
            }
            None if typed.is_empty() => {}
            None => writeln!(out, "  no line join {typed}")?,
        }
        Ok(())
    }

    /// One edit in its raw context.
    fn show(&self, e: &Edit, c: &Cleaned, k: usize, n: usize, out: &mut dyn Write) -> Result<()> {
        let p = &self.pal;
        let what = if e.confidence == Confidence::Suggested { "suggested" } else { "applied" };
        writeln!(out, "\n  {} {} {} {} line {}", p.dim(&format!("[{k}/{n}]")), p.stage(e.stage), pad(e.rule.name(), 18), pad(what, 10), e.line)?;
        let (left, _, right) = crate::report::around(&c.raw, e.offset, e.before.len(), SHOWN_CONTEXT);
        writeln!(out, "    …{}{}{}{}…", printable(left), p.del(&e.before), p.ins(&e.after), printable(right))?;
        writeln!(out, "    {}", p.dim(&e.reason))?;
        Ok(())
    }
}

const HELP: &str = "  a accept · r reject · A accept this and the rest of the page · R reject the page · + accept all of this rule · - reject all of this rule · l list line joins, keep one as a paragraph break · s skip page · q quit";

/// The layout edits of a page in one line: `reflow join-lines ×120, spacing trim ×4`.
fn layout_summary(c: &Cleaned) -> String {
    let mut counts: Vec<((Stage, RuleId), usize)> = Vec::new();
    for e in c.edits.iter().filter(|e| !reviewable(e) && e.confidence == Confidence::Applied) {
        match counts.iter_mut().find(|(k, _)| *k == (e.stage, e.rule)) {
            Some((_, n)) => *n += 1,
            None => counts.push(((e.stage, e.rule), 1)),
        }
    }
    if counts.is_empty() {
        return "layout: no changes".to_string();
    }
    let parts: Vec<String> = counts.iter().map(|((s, r), n)| format!("{} {r} ×{n}", s.name())).collect();
    format!("layout (accepted with the page): {}", parts.join(", "))
}

/// Run `f` with key presses from the terminal in raw mode (one key, no Enter) and an output
/// that turns `\n` into `\r\n`, as raw mode needs. The terminal is restored however `f` ends.
pub fn in_terminal<T>(f: impl FnOnce(&mut dyn FnMut() -> Option<char>, &mut dyn Write) -> Result<T>) -> Result<T> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = disable_raw_mode();
        }
    }
    enable_raw_mode().context("cannot put the terminal in raw mode")?;
    let _restore = Restore;
    let mut key = || loop {
        match read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => return Some('q'),
                KeyCode::Char(c) => return Some(c),
                KeyCode::Enter => return Some('\n'),
                KeyCode::Esc => return Some('q'),
                _ => {}
            },
            Ok(_) => {}
            Err(_) => return None,
        }
    };
    let mut out = CrLf(std::io::stdout().lock());
    f(&mut key, &mut out)
}

/// A writer for raw mode: `\n` becomes `\r\n`.
struct CrLf<W: Write>(W);

impl<W: Write> Write for CrLf<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for part in buf.split_inclusive(|&b| b == b'\n') {
            match part.strip_suffix(b"\n") {
                Some(line) => {
                    self.0.write_all(line)?;
                    self.0.write_all(b"\r\n")?;
                }
                None => self.0.write_all(part)?,
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
