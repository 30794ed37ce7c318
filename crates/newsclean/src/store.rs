//! The output folder.
//!
//! `OUT/<rel>.md` holds accepted pages only, mirroring the input paths. Proposals and reports
//! live apart in `OUT/.newsclean/` (like insta's pending snapshots), so a pending page is never
//! mistaken for an accepted one:
//!
//! * `.newsclean/pending/<rel>.md`: the proposed page;
//! * `.newsclean/pending/<rel>.meta`: the raw path and fingerprints of the raw file and of the
//!   accepted page when the proposal was made (so `accept` refuses a stale proposal);
//! * `.newsclean/reports/<rel>.txt`: the per-page report;
//! * `.newsclean/decisions/<rel>.tsv`: the reviewer's decisions ([`crate::decisions`]), kept
//!   across runs of `clean`.
//!
//! Every write goes to a temporary file in `.newsclean/tmp/` and is renamed into place, so a
//! crash leaves either the old file or the new one, never half of one. The temporary files of
//! a run that died are removed by the next run, which holds the lock ([`Store::lock`]), so
//! none can be in use. No write or delete goes through a symbolic link under the output
//! folder ([`Store::guard`]): a link planted there (`<page>.stories -> /home`) cannot make
//! newsclean write or delete outside it.
//!
//! A proposal is one unit: the page is written first, then its record (`.meta`), which holds
//! the page's own fingerprint. A crash between the two, or a proposal cut short, leaves a
//! record that does not match, and `accept` refuses it ([`Store::fresh_proposal`]).

use crate::decisions::Decisions;
use anyhow::{Context, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const STATE: &str = ".newsclean";

pub use crate::fnv::fingerprint;

pub struct Store {
    pub out: PathBuf,
    /// Names the temporary files of this run apart (the lock keeps other runs out).
    tmp_seq: std::sync::atomic::AtomicU64,
}

/// What a proposal was made from, written beside it (`.newsclean/pending/<page>.meta`).
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The raw file, as an absolute path (so `accept` finds it from any folder).
    pub raw: PathBuf,
    pub raw_fp: String,
    /// The accepted page when the proposal was made (`-`: none).
    pub accepted_fp: String,
    /// The proposed page itself: a proposal cut short or paired with another's record is
    /// refused.
    pub proposal_fp: String,
    /// The reviewer's decisions file when the proposal was made (`-`: none). Decisions made
    /// since win: the proposal is refused until `clean` applies them.
    pub decisions_fp: String,
    /// The rules the proposal was made under (what `reject` records).
    pub rules_fp: String,
}

/// The output folder held by one run ([`Store::lock`]); released when dropped, or when the
/// process ends however it ends (an OS file lock, so a crash leaves no stale lock behind).
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
}

/// Fingerprint of a file's text, or `-` when there is none.
pub fn text_fp(s: Option<&str>) -> String {
    s.map(|t| fingerprint(t.as_bytes())).unwrap_or_else(|| "-".into())
}

impl Store {
    pub fn new(out: &Path) -> Self {
        Store { out: out.to_path_buf(), tmp_seq: std::sync::atomic::AtomicU64::new(0) }
    }

    /// Does the output folder hold newsclean's state? `accept`, `reject` and `review` act on
    /// an output folder `clean` made; a mistyped `--out` must not make an empty one.
    pub fn exists(&self) -> bool {
        self.out.join(STATE).is_dir()
    }

    /// Hold the output folder for this run: two runs writing the same `cleaned/` would
    /// interleave proposals and decisions. A second run stops at once with a clear error.
    /// Holding it, the run removes the temporary files a run that died left behind.
    pub fn lock(&self) -> Result<Lock> {
        let dir = self.out.join(STATE);
        self.guard(&dir.join("lock"))?;
        fs::create_dir_all(&dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
        let path = dir.join("lock");
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => anyhow::bail!("another newsclean run is writing {} (it holds {}); wait for it to finish", self.out.display(), path.display()),
            Err(fs::TryLockError::Error(e)) => return Err(e).with_context(|| format!("cannot lock {}", path.display())),
        }
        let tmp = self.tmp_dir();
        if let Ok(rd) = fs::read_dir(&tmp) {
            for e in rd.flatten() {
                fs::remove_file(e.path()).with_context(|| format!("cannot remove the stale temporary file {}", e.path().display()))?;
            }
        }
        Ok(Lock { _file: file })
    }

    /// The archive root the output folder's pages are named under, as its first run
    /// recorded it (`.newsclean/root`), if it did.
    pub fn recorded_root(&self) -> Result<Option<PathBuf>> {
        let p = self.out.join(STATE).join("root");
        Ok(read_if_there(&p)?.map(|t| PathBuf::from(t.trim_end_matches('\n'))))
    }

    /// Record the archive root (flushed: every page's name depends on it).
    pub fn record_root(&self, root: &Path) -> Result<()> {
        let mut text = root.as_os_str().to_str().with_context(|| format!("{}: the archive root's path is not UTF-8", root.display()))?.to_string();
        text.push('\n');
        self.write_atomic(&self.out.join(STATE).join("root"), text.as_bytes())
    }

    fn tmp_dir(&self) -> PathBuf {
        self.out.join(STATE).join("tmp")
    }

    /// Refuse a path under the output folder reached through a symbolic link: newsclean writes
    /// and deletes only inside the output folder, whatever was planted in it. (The output
    /// folder itself may be a link: that is the user's choice of where it lives.)
    pub fn guard(&self, path: &Path) -> Result<()> {
        let Ok(rest) = path.strip_prefix(&self.out) else { anyhow::bail!("{}: not inside the output folder {}", path.display(), self.out.display()) };
        let mut at = self.out.clone();
        let parts: Vec<_> = rest.components().collect();
        for (i, c) in parts.iter().enumerate() {
            if !matches!(c, std::path::Component::Normal(_)) {
                anyhow::bail!("{}: not a plain path inside the output folder", path.display());
            }
            at.push(c);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() && i + 1 < parts.len() => {
                    anyhow::bail!("{} is a symbolic link; newsclean does not write through links inside the output folder (remove it: {})", at.display(), path.display())
                }
                Ok(m) if m.file_type().is_symlink() => {
                    // (the file itself: a rename or a delete replaces the link, never what it
                    // points to; a folder we are about to walk is checked by its caller)
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(())
    }

    /// Write a file the user's work lives in (an accepted page, review decisions): a temporary
    /// file, flushed to the disk, renamed into place. A crash or a full disk leaves the old file
    /// or the new one, never a mix.
    pub fn write_atomic(&self, path: &Path, data: &[u8]) -> Result<()> {
        self.write_renamed(path, data, true)
    }

    /// Write a file `clean` can make again (a proposal, its record, a report): renamed into
    /// place like [`Store::write_atomic`], so no reader sees half of it, but not flushed to the
    /// disk first. A crash may lose it or leave it short; a proposal's record holds its
    /// fingerprint, so a short one is refused, and re-running `clean` makes it again. Flushing
    /// three such files per page took more than half of a batch's time.
    pub fn write_derived(&self, path: &Path, data: &[u8]) -> Result<()> {
        self.write_renamed(path, data, false)
    }

    fn write_renamed(&self, path: &Path, data: &[u8], sync: bool) -> Result<()> {
        self.guard(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        // (temporary files live in one folder of their own: the next run removes what a dead
        // run left there, and a page's name, however long, is not part of theirs)
        let seq = self.tmp_seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self.tmp_dir().join(format!("{}-{seq}", std::process::id()));
        fault::step("create");
        let create = |p: &Path| -> std::io::Result<fs::File> {
            match fs::File::create(p) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    fs::create_dir_all(p.parent().unwrap_or(Path::new(".")))?;
                    fs::File::create(p)
                }
                r => r,
            }
        };
        let mut f = create(&tmp).with_context(|| format!("cannot write {} (temporary file {})", path.display(), tmp.display()))?;
        let res = (|| -> std::io::Result<()> {
            f.write_all(data)?;
            fault::step("write");
            if sync {
                f.sync_all()?;
                fault::step("sync");
            }
            drop(f);
            match fs::rename(&tmp, path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    fs::create_dir_all(dir)?;
                    fs::rename(&tmp, path)
                }
                r => r,
            }?;
            fault::step("rename");
            Ok(())
        })();
        if res.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        res.with_context(|| format!("cannot write {}", path.display()))
    }

    /// Remove a file of the output folder (a stale proposal, a story file); true when it was
    /// there.
    pub fn remove(&self, path: &Path) -> Result<bool> {
        self.guard(path)?;
        fault::step("remove");
        match fs::remove_file(path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }

    /// `<rel>.<ext>`: the page's name kept whole (`1949.10.01` → `1949.10.01.md`), as every
    /// file of a page is named.
    pub fn with_ext(rel: &Path, ext: &str) -> PathBuf {
        let mut s = rel.as_os_str().to_owned();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
    pub fn accepted_path(&self, rel: &Path) -> PathBuf {
        self.out.join(Self::with_ext(rel, "md"))
    }
    pub fn pending_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("pending").join(Self::with_ext(rel, "md"))
    }
    fn meta_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("pending").join(Self::with_ext(rel, "meta"))
    }
    pub fn report_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("reports").join(Self::with_ext(rel, "txt"))
    }
    /// The page's record ([`crate::record`]): its report as data.
    pub fn record_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("reports").join(Self::with_ext(rel, "json"))
    }
    /// The page's record, if it has one of this version.
    pub fn record(&self, rel: &Path) -> Option<crate::record::Record> {
        crate::record::Record::parse(&std::fs::read_to_string(self.record_path(rel)).ok()?)
    }
    pub fn write_record(&self, rel: &Path, r: &crate::record::Record) -> Result<()> {
        self.write_derived(&self.record_path(rel), r.to_json().as_bytes())
    }
    /// Change the page's record, if it has one.
    pub fn update_record(&self, rel: &Path, f: impl FnOnce(&mut crate::record::Record)) -> Result<()> {
        match self.record(rel) {
            Some(mut r) => {
                f(&mut r);
                self.write_record(rel, &r)
            }
            None => Ok(()),
        }
    }
    pub fn html_report_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("reports").join(Self::with_ext(rel, "html"))
    }
    pub fn decisions_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("decisions").join(Self::with_ext(rel, "tsv"))
    }
    /// The reviewer's decisions on a page (none when there is no file).
    pub fn decisions(&self, rel: &Path) -> Result<Decisions> {
        self.parse_decisions(rel, self.decisions_text(rel)?.as_deref())
    }
    /// The text of the reviewer's decisions file on a page, if there is one.
    pub fn decisions_text(&self, rel: &Path) -> Result<Option<String>> {
        read_if_there(&self.decisions_path(rel))
    }
    /// [`Store::decisions`] from the text [`Store::decisions_text`] read.
    pub fn parse_decisions(&self, rel: &Path, text: Option<&str>) -> Result<Decisions> {
        Ok(text.map(|t| Decisions::parse(t, &self.decisions_path(rel).display().to_string())).transpose()?.unwrap_or_default())
    }
    pub fn write_decisions(&self, rel: &Path, d: &Decisions) -> Result<()> {
        self.write_atomic(&self.decisions_path(rel), d.to_text().as_bytes())
    }
    /// The accepted page, `None` when there is none. A page that is there but cannot be read
    /// is an error, never taken for a missing one (that would replace it).
    pub fn accepted(&self, rel: &Path) -> Result<Option<String>> {
        read_if_there(&self.accepted_path(rel))
    }
    /// Write a proposal: the page, then its record with the page's fingerprint. (Neither is
    /// flushed: a crash can lose either or cut it short, and the record then does not match.)
    pub fn write_pending(&self, rel: &Path, md: &str, meta: &Meta) -> Result<()> {
        let meta = Meta { proposal_fp: fingerprint(md.as_bytes()), ..meta.clone() };
        let m = format!(
            "raw\t{}\nraw_fp\t{}\naccepted_fp\t{}\nproposal_fp\t{}\ndecisions_fp\t{}\nrules_fp\t{}\n",
            meta.raw.display(),
            meta.raw_fp,
            meta.accepted_fp,
            meta.proposal_fp,
            meta.decisions_fp,
            meta.rules_fp
        );
        self.write_derived(&self.pending_path(rel), md.as_bytes())?;
        self.write_derived(&self.meta_path(rel), m.as_bytes())
    }
    pub fn read_meta(&self, rel: &Path) -> Option<Meta> {
        let s = fs::read_to_string(self.meta_path(rel)).ok()?;
        let get = |k: &str| s.lines().find_map(|l| l.strip_prefix(&format!("{k}\t")).map(str::to_string));
        Some(Meta {
            raw: PathBuf::from(get("raw")?),
            raw_fp: get("raw_fp")?,
            accepted_fp: get("accepted_fp")?,
            proposal_fp: get("proposal_fp")?,
            decisions_fp: get("decisions_fp")?,
            rules_fp: get("rules_fp")?,
        })
    }
    /// A proposal that may still be accepted, checked whole: its record, the proposed page
    /// that record fingerprints, and the raw bytes it was made from, unchanged since; the
    /// accepted page unchanged too. Returns the record, the raw bytes and the proposed page.
    /// A proposal without a matching record cannot be checked, so it is refused.
    pub fn fresh_proposal(&self, rel: &Path) -> Result<(Meta, Vec<u8>, String)> {
        let Some(meta) = self.read_meta(rel) else { anyhow::bail!("the proposal has no complete fingerprint record (made by an older newsclean, or cut short by a crash); re-run `newsclean clean`") };
        let md = match fs::read_to_string(self.pending_path(rel)) {
            Ok(md) if fingerprint(md.as_bytes()) == meta.proposal_fp => md,
            Ok(_) => anyhow::bail!("the proposed page does not match its fingerprint record (cut short by a crash?); re-run `newsclean clean`"),
            Err(e) => return Err(e).with_context(|| format!("{}: cannot read the proposal; re-run `newsclean clean`", self.pending_path(rel).display())),
        };
        let raw = fs::read(&meta.raw).ok().filter(|b| fingerprint(b) == meta.raw_fp);
        let Some(raw) = raw else { anyhow::bail!("the raw file {} changed after this result was proposed; re-run `newsclean clean`", meta.raw.display()) };
        if text_fp(self.accepted(rel)?.as_deref()) != meta.accepted_fp {
            anyhow::bail!("the accepted page changed after this result was proposed; re-run `newsclean clean`");
        }
        Ok((meta, raw, md))
    }

    /// Did the reviewer decide on the page after its proposal was made? Then the proposal does
    /// not hold their decisions, and accepting it would undo them.
    pub fn decided_since(&self, rel: &Path, meta: &Meta) -> Result<bool> {
        Ok(text_fp(self.decisions_text(rel)?.as_deref()) != meta.decisions_fp)
    }

    pub fn drop_pending(&self, rel: &Path) -> Result<bool> {
        // (the page first: a record left alone is never listed as pending, and the next
        // proposal replaces it; a page left without its record would be refused)
        let had = self.remove(&self.pending_path(rel))?;
        self.remove(&self.meta_path(rel))?;
        Ok(had)
    }
    pub fn accept_text(&self, rel: &Path, md: &str) -> Result<()> {
        self.write_atomic(&self.accepted_path(rel), md.as_bytes())
    }
    /// The pages that have a record ([`crate::record`]), with it, found as the caller goes.
    pub fn records(&self) -> impl Iterator<Item = (PathBuf, crate::record::Record)> + use<> {
        let root = self.out.join(STATE).join("reports");
        Files::under(&root).filter_map(move |p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".json")?.to_string();
            let rel = p.strip_prefix(&root).ok()?.with_file_name(name);
            let r = crate::record::Record::parse(&fs::read_to_string(&p).ok()?)?;
            Some((rel, r))
        })
    }
    /// The pending pages (their names, without `.md`), found as the caller goes: a folder's
    /// entries are read and sorted when the walk enters it, so a million pending pages are
    /// never listed at once.
    pub fn pending(&self) -> impl Iterator<Item = PathBuf> + use<> {
        let root = self.out.join(STATE).join("pending");
        Files::under(&root).filter_map(move |p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".md")?.to_string();
            let rel = p.strip_prefix(&root).ok()?.with_file_name(name);
            Some(rel)
        })
    }
}

/// A file's text, `None` when it is not there; any other failure is an error naming it.
fn read_if_there(p: &Path) -> Result<Option<String>> {
    match fs::read_to_string(p) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", p.display())),
    }
}

/// Crash points for the tests that kill a run at every write step
/// (`NEWSCLEAN_CRASH_AT=N` aborts the process at the Nth step: creating a temporary file,
/// after writing it, after flushing it, after renaming it into place, before a delete).
/// Unset, it costs one load of a flag per step.
pub mod fault {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};

    static AT: OnceLock<Option<u64>> = OnceLock::new();
    static N: AtomicU64 = AtomicU64::new(0);

    pub fn step(_what: &str) {
        let at = AT.get_or_init(|| std::env::var("NEWSCLEAN_CRASH_AT").ok().and_then(|v| v.parse().ok()));
        if let Some(at) = at
            && N.fetch_add(1, Ordering::SeqCst) + 1 == *at
        {
            // (as `kill -9` would: no destructors, no flushing)
            std::process::abort();
        }
    }
}

/// The longest story file name, in characters of the headline.
const STORY_NAME: usize = 40;

/// A file name for story `n` of a page made from its headline: `03-卫健委开展义诊.md`.
///
/// Headlines are page text, and page text can hold anything: `/`, `..`, control characters,
/// a device name, a thousand characters. Only letters and digits of any script are kept (runs
/// of anything else become one `-`), the name is cut to [`STORY_NAME`] characters, and the
/// story's number goes first, so the name can never be a path, hidden, reserved or empty.
pub fn story_file_name(n: usize, headline: &str) -> String {
    let mut slug = String::new();
    for c in headline.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(STORY_NAME).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() { format!("{n:02}.md") } else { format!("{n:02}-{slug}.md") }
}

/// The stories of a cleaned page: each starts at its `# ` headline.
pub fn split_stories(md: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for block in md.split("\n\n") {
        match block.strip_prefix("# ") {
            Some(h) => out.push((h.trim().to_string(), format!("{}\n", block.trim_end()))),
            None => match out.last_mut() {
                Some((_, body)) => {
                    body.push('\n');
                    body.push_str(block.trim_end());
                    body.push('\n');
                }
                None => out.push((String::new(), format!("{}\n", block.trim_end()))),
            },
        }
    }
    out
}

impl Store {
    /// The folder of an accepted page's stories, one file each: `OUT/<rel>.stories/`.
    pub fn stories_dir(&self, rel: &Path) -> PathBuf {
        self.out.join(Self::with_ext(rel, "stories"))
    }

    /// Write an accepted page's stories as files of their own (`--split-stories`), and remove
    /// the story files an earlier version of the page had and this one has not.
    pub fn write_stories(&self, rel: &Path, md: &str) -> Result<()> {
        let dir = self.stories_dir(rel);
        // (the folder itself must not be a link: its stale story files are deleted below)
        self.guard(&dir.join("x"))?;
        if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            anyhow::bail!("{} is not a folder (a link or a file); newsclean writes story files only into a folder of its own (remove it)", dir.display());
        }
        let mut names = Vec::new();
        for (n, (headline, text)) in split_stories(md).iter().enumerate() {
            let name = story_file_name(n + 1, headline);
            self.write_atomic(&dir.join(&name), text.as_bytes())?;
            names.push(name);
        }
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && !names.contains(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
                    self.remove(&e.path())?;
                }
            }
        }
        Ok(())
    }
}

/// The files under a folder, depth first, each folder's entries in sorted order.
struct Files {
    /// The entries still to visit of each folder entered.
    stack: Vec<std::vec::IntoIter<PathBuf>>,
}

impl Files {
    fn under(dir: &Path) -> Self {
        Files { stack: vec![Self::entries(dir)] }
    }
    fn entries(dir: &Path) -> std::vec::IntoIter<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        v.sort();
        v.into_iter()
    }
}

impl Iterator for Files {
    type Item = PathBuf;
    fn next(&mut self) -> Option<PathBuf> {
        loop {
            match self.stack.last_mut()?.next() {
                None => drop(self.stack.pop()),
                // (a link is not followed: everything under the output folder is its own)
                Some(p) if fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) => self.stack.push(Self::entries(&p)),
                Some(p) => return Some(p),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_pages_come_folder_by_folder_in_sorted_order() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::new(d.path());
        for rel in ["b", "a", "m/z", "m/c", "m/n/x", "c", "1949.10.01", "1949.10.02"] {
            let meta = Meta { raw: PathBuf::from(format!("raw/{rel}.txt")), raw_fp: "0".into(), accepted_fp: "-".into(), proposal_fp: String::new(), decisions_fp: "-".into(), rules_fp: "r".into() };
            store.write_pending(Path::new(rel), "# 标题\n", &meta).unwrap();
        }
        let got: Vec<String> = store.pending().map(|p| p.display().to_string()).collect();
        assert_eq!(got, ["1949.10.01", "1949.10.02", "a", "b", "c", "m/c", "m/n/x", "m/z"]);
    }

    #[test]
    fn story_names_stay_inside_the_folder() {
        let long = "很".repeat(300);
        for (h, want) in [
            ("卫健委开展“我为群众办实事”义诊", "01-卫健委开展-我为群众办实事-义诊.md"),
            ("../../etc/passwd", "01-etc-passwd.md"),
            ("a/b\\c:d*?\"<>|", "01-a-b-c-d.md"),
            ("CON", "01-CON.md"),
            ("\0\u{7}\u{202e}x", "01-x.md"),
            (".hidden", "01-hidden.md"),
            ("   ", "01.md"),
            ("", "01.md"),
        ] {
            assert_eq!(story_file_name(1, h), want, "{h:?}");
        }
        let n = story_file_name(12, &long);
        assert_eq!(n.chars().count(), "12-".len() + STORY_NAME + ".md".len());
        for h in ["../x", "/", "..", "\\\\server\\share", &long] {
            let n = story_file_name(3, h);
            assert!(!n.contains('/') && !n.contains('\\') && !n.starts_with('.') && n.len() < 200, "{n}");
            assert_eq!(Path::new(&n).components().count(), 1);
        }
    }

    #[test]
    fn a_page_splits_at_its_headlines() {
        let md = "# 甲\n\n## 副题\n\n正文一。\n\n# 乙\n\n> 图片说明\n\n正文二。\n";
        let s = split_stories(md);
        assert_eq!(s, vec![("甲".into(), "# 甲\n\n## 副题\n\n正文一。\n".into()), ("乙".into(), "# 乙\n\n> 图片说明\n\n正文二。\n".into())]);
    }
}
