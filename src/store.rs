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
//! Every write goes to a temporary file in the same folder and is renamed into place, so a
//! crash leaves either the old file or the new one, never half of one.

use crate::decisions::Decisions;
use anyhow::{Context, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const STATE: &str = ".newsclean";

/// FNV-1a, a stable fingerprint for detecting changed files (not for security).
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Write a file the user's work lives in (an accepted page, review decisions): a temporary
/// file, flushed to the disk, renamed into place. A crash or a full disk leaves the old file
/// or the new one, never a mix.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    write_renamed(path, data, true)
}

/// Write a file `clean` can make again (a proposal, its fingerprints, a report): renamed into
/// place like [`write_atomic`], so no reader sees half of it, but not flushed to the disk
/// first. A crash may lose it; re-running `clean` makes it again. Flushing three such files
/// per page took more than half of a batch's time.
pub fn write_derived(path: &Path, data: &[u8]) -> Result<()> {
    write_renamed(path, data, false)
}

fn write_renamed(path: &Path, data: &[u8], sync: bool) -> Result<()> {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", PID.get_or_init(std::process::id)));
    // (the folder is made when the file cannot be: a batch writes three files a page into
    // folders that exist after its first page, and asking first cost two calls a file)
    let create = || -> Result<fs::File> {
        match fs::File::create(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
                Ok(fs::File::create(&tmp)?)
            }
            r => Ok(r?),
        }
    };
    let mut f = create().with_context(|| format!("cannot write {}", path.display()))?;
    let res = (|| -> std::io::Result<()> {
        f.write_all(data)?;
        if sync {
            f.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res.with_context(|| format!("cannot write {}", path.display()))
}

pub struct Store {
    pub out: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub raw: PathBuf,
    pub raw_fp: String,
    pub accepted_fp: String,
}

/// The output folder held by one run ([`Store::lock`]); released when dropped, or when the
/// process ends however it ends (an OS file lock, so a crash leaves no stale lock behind).
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
}

impl Store {
    pub fn new(out: &Path) -> Self {
        Store { out: out.to_path_buf() }
    }

    /// Hold the output folder for this run: two runs writing the same `cleaned/` would
    /// interleave proposals and decisions. A second run stops at once with a clear error.
    pub fn lock(&self) -> Result<Lock> {
        let dir = self.out.join(STATE);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
        let path = dir.join("lock");
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => anyhow::bail!("another newsclean run is writing {} (it holds {}); wait for it to finish", self.out.display(), path.display()),
            Err(fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
        }
    }
    fn with_ext(rel: &Path, ext: &str) -> PathBuf {
        rel.with_extension(ext)
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
    pub fn decisions_path(&self, rel: &Path) -> PathBuf {
        self.out.join(STATE).join("decisions").join(Self::with_ext(rel, "tsv"))
    }
    /// The reviewer's decisions on a page (none when there is no file).
    pub fn decisions(&self, rel: &Path) -> Result<Decisions> {
        self.parse_decisions(rel, self.decisions_text(rel)?.as_deref())
    }
    /// The text of the reviewer's decisions file on a page, if there is one.
    pub fn decisions_text(&self, rel: &Path) -> Result<Option<String>> {
        let p = self.decisions_path(rel);
        match fs::read_to_string(&p) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("{}: cannot read", p.display())),
        }
    }
    /// [`Store::decisions`] from the text [`Store::decisions_text`] read.
    pub fn parse_decisions(&self, rel: &Path, text: Option<&str>) -> Result<Decisions> {
        Ok(text.map(|t| Decisions::parse(t, &self.decisions_path(rel).display().to_string())).transpose()?.unwrap_or_default())
    }
    pub fn write_decisions(&self, rel: &Path, d: &Decisions) -> Result<()> {
        write_atomic(&self.decisions_path(rel), d.to_text().as_bytes())
    }
    pub fn accepted(&self, rel: &Path) -> Option<String> {
        fs::read_to_string(self.accepted_path(rel)).ok()
    }
    pub fn write_pending(&self, rel: &Path, md: &str, meta: &Meta) -> Result<()> {
        // (the fingerprints first: a proposal is never without them)
        let m = format!("raw\t{}\nraw_fp\t{}\naccepted_fp\t{}\n", meta.raw.display(), meta.raw_fp, meta.accepted_fp);
        write_derived(&self.meta_path(rel), m.as_bytes())?;
        write_derived(&self.pending_path(rel), md.as_bytes())
    }
    pub fn read_meta(&self, rel: &Path) -> Option<Meta> {
        let s = fs::read_to_string(self.meta_path(rel)).ok()?;
        let get = |k: &str| s.lines().find_map(|l| l.strip_prefix(&format!("{k}\t")).map(str::to_string));
        Some(Meta { raw: PathBuf::from(get("raw")?), raw_fp: get("raw_fp")?, accepted_fp: get("accepted_fp")? })
    }
    /// A proposal that may still be accepted: its fingerprint record, and the raw bytes it was
    /// made from, unchanged since; the accepted page unchanged too. A proposal without its
    /// record cannot be checked, so it is refused.
    pub fn fresh_proposal(&self, rel: &Path) -> Result<(Meta, Vec<u8>)> {
        let Some(meta) = self.read_meta(rel) else { anyhow::bail!("the proposal has no fingerprint record; re-run `newsclean clean`") };
        let raw = fs::read(&meta.raw).ok().filter(|b| fingerprint(b) == meta.raw_fp);
        let Some(raw) = raw else { anyhow::bail!("the raw file {} changed after this result was proposed; re-run `newsclean clean`", meta.raw.display()) };
        if accepted_fp(&self.accepted(rel)) != meta.accepted_fp {
            anyhow::bail!("the accepted page changed after this result was proposed; re-run `newsclean clean`");
        }
        Ok((meta, raw))
    }

    pub fn drop_pending(&self, rel: &Path) -> Result<bool> {
        let p = self.pending_path(rel);
        let existed = p.exists();
        for f in [p, self.meta_path(rel)] {
            if f.exists() {
                fs::remove_file(&f).with_context(|| format!("cannot remove {}", f.display()))?;
            }
        }
        Ok(existed)
    }
    pub fn accept_text(&self, rel: &Path, md: &str) -> Result<()> {
        write_atomic(&self.accepted_path(rel), md.as_bytes())
    }
    /// Relative paths of all pending pages, sorted.
    /// The pending pages (their relative paths without extension), found as the caller goes:
    /// a folder's entries are read and sorted when the walk enters it, so a million pending
    /// pages are never listed at once.
    pub fn pending(&self) -> impl Iterator<Item = PathBuf> + use<> {
        let root = self.out.join(STATE).join("pending");
        Files::under(&root).filter(|p| p.extension().is_some_and(|e| e == "md")).filter_map(move |p| p.strip_prefix(&root).ok().map(|r| r.with_extension("")))
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
        let mut names = Vec::new();
        for (n, (headline, text)) in split_stories(md).iter().enumerate() {
            let name = story_file_name(n + 1, headline);
            write_atomic(&dir.join(&name), text.as_bytes())?;
            names.push(name);
        }
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && !names.contains(&name) {
                    fs::remove_file(e.path()).with_context(|| format!("cannot remove {}", e.path().display()))?;
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
                Some(p) if p.is_dir() => self.stack.push(Self::entries(&p)),
                Some(p) => return Some(p),
            }
        }
    }
}

/// Fingerprint of an accepted page, or `-` when there is none.
pub fn accepted_fp(s: &Option<String>) -> String {
    s.as_ref().map(|t| fingerprint(t.as_bytes())).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_pages_come_folder_by_folder_in_sorted_order() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::new(d.path());
        for rel in ["b", "a", "m/z", "m/c", "m/n/x", "c"] {
            let meta = Meta { raw: PathBuf::from(format!("raw/{rel}.txt")), raw_fp: "0".into(), accepted_fp: "-".into() };
            store.write_pending(Path::new(rel), "# 标题\n", &meta).unwrap();
        }
        let got: Vec<String> = store.pending().map(|p| p.display().to_string()).collect();
        assert_eq!(got, ["a", "b", "c", "m/c", "m/n/x", "m/z"]);
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
