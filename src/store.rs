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
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let res = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
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

impl Store {
    pub fn new(out: &Path) -> Self {
        Store { out: out.to_path_buf() }
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
        let p = self.decisions_path(rel);
        match fs::read_to_string(&p) {
            Ok(t) => Ok(Decisions::parse(&t, &p.display().to_string())?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Decisions::default()),
            Err(e) => Err(e).with_context(|| format!("{}: cannot read", p.display())),
        }
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
    pub fn pending(&self) -> Vec<PathBuf> {
        let root = self.out.join(STATE).join("pending");
        let mut v = Vec::new();
        walk(&root, &mut |p| {
            if p.extension().is_some_and(|e| e == "md") {
                if let Ok(rel) = p.strip_prefix(&root) {
                    v.push(rel.with_extension(""));
                }
            }
        });
        v.sort();
        v
    }
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
}

/// Fingerprint of an accepted page, or `-` when there is none.
pub fn accepted_fp(s: &Option<String>) -> String {
    s.as_ref().map(|t| fingerprint(t.as_bytes())).unwrap_or_else(|| "-".into())
}
