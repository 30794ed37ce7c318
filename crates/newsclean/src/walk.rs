//! The pages named on the command line, found one at a time, and the one name each page has.
//!
//! **One identity per page.** A page is named by its raw file's path relative to the archive
//! root, the folder its output folder records on its first run (`OUT/.newsclean/root`, or
//! `--root`), with the file name kept whole but for `.txt`: `raw/1949.10.01.txt` is the page
//! `1949.10.01`, written as `1949.10.01.md`, and `raw/x/1.txt` is `x/1` whether the run was
//! given `raw`, `raw/x`, `./raw/x/1.txt` or an absolute path, from whatever folder. Paths are
//! resolved (`..`, links) before they are compared, so two spellings of one file are one
//! page and two files are never one page. A run whose input lies outside the root, whose
//! output lies inside its input, or whose input lies inside its output is refused before it
//! writes anything: each of those would write a page where another lives.
//!
//! An archive holds millions of pages. Listing them all before cleaning the first held two
//! paths per page for the whole run: about 260 bytes a page, 57 MB at 200,000 pages and a
//! quarter of a gigabyte at a million, which broke the promise that memory does not grow with
//! the batch. So the commands walk their inputs as they go ([`Walk`]), and memory is bounded by
//! the largest folder listing instead: each folder's entries are read and sorted when the walk
//! enters it, so pages come in the same order on every run and on every file system. (One
//! folder of 200,000 one-line pages: 57 MB peak before, 20 MB now, most of it that folder's
//! listing; 20,000 pages: 7 MB. `diff` and `report` held every page's result until the end,
//! and now print each page in its turn too: [`crate::ordered`].)
//!
//! Before any work, [`Walk::survey`] walks everything once without keeping it: it counts the
//! pages for the progress bar and the files passed over. Reading a folder's entries is cheap
//! next to cleaning its pages; the survey reads no file and asks the file system about links
//! only. A folder that cannot be read is one failure of the run, named, not the end of it.

use anyhow::{Context, Result, bail};
use std::path::{Component, Path, PathBuf};

/// A raw page to clean: where it is and its name, the page's identity in the output folder.
#[derive(Debug, Clone)]
pub struct Job {
    /// The raw file as the user spelled it (for messages).
    pub raw: PathBuf,
    /// The raw file, resolved: absolute, with its folders' links resolved.
    pub abs: PathBuf,
    /// The page's name: its path under the archive root, without `.txt`.
    pub rel: PathBuf,
}

impl Job {
    /// The raw file's name for messages, made safe for a terminal ([`shown`]).
    pub fn name(&self) -> String {
        shown(&self.raw)
    }
}

/// A path for a message or a line of output: control characters (an escape sequence, a
/// newline that would split the line) and bidirectional overrides in a file name are shown
/// as `\u{..}` escapes, bytes that are not UTF-8 as U+FFFD, so a name can neither drive the
/// terminal nor forge a line.
pub fn shown(p: &Path) -> String {
    let s = p.to_string_lossy();
    if !s.chars().any(needs_escape) {
        return s.into_owned();
    }
    s.chars().map(|c| if needs_escape(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// A path made absolute with `.` and `..` taken out and the links of its existing part
/// resolved: what is compared to tell where a file is, whatever its spelling.
pub fn resolve(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().context("cannot read the current folder")?.join(p) };
    // (the longest existing prefix is resolved by the file system; the rest, not there yet,
    // by hand)
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(c) = at.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return Ok(out);
        }
        match (at.parent(), at.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                at = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// A file given by name, resolved: its folder's links resolved, its own name kept (a page
/// that is a link to another file is a page of its own name).
fn resolve_file(p: &Path) -> Result<PathBuf> {
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => Ok(resolve(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })?.join(name)),
        _ => resolve(p),
    }
}

/// The page name of the raw file `abs` under `root`: its path there, `.txt` taken off.
pub fn page_name(root: &Path, abs: &Path) -> Option<PathBuf> {
    let rel = abs.strip_prefix(root).ok()?;
    let name = rel.file_name()?.as_encoded_bytes();
    match name.strip_suffix(b".txt") {
        Some(stem) if !stem.is_empty() => {
            // SAFETY: cut before an ASCII suffix, as `OsStr::from_encoded_bytes_unchecked`
            // allows (a file name need not be UTF-8, and keeps its bytes)
            let stem = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(stem) };
            Some(rel.with_file_name(stem))
        }
        _ => Some(rel.to_path_buf()),
    }
}

/// The archive root a first run records when none is given: the one folder given, or the
/// folder of the one file, or the deepest folder that holds all the inputs.
pub fn default_root(inputs: &[PathBuf]) -> Result<PathBuf> {
    let mut root: Option<PathBuf> = None;
    for inp in inputs {
        let dir = if inp.is_dir() { resolve(inp)? } else { resolve_file(inp)?.parent().map(Path::to_path_buf).unwrap_or_default() };
        root = Some(match root {
            None => dir,
            Some(r) => {
                let mut common = PathBuf::new();
                for (a, b) in r.components().zip(dir.components()) {
                    if a != b {
                        break;
                    }
                    common.push(a);
                }
                common
            }
        });
    }
    root.context("no input given")
}

/// An input folder being walked, one level of it.
struct Level {
    /// The input this level is under.
    input: usize,
    entries: std::vec::IntoIter<PathBuf>,
}

/// An input as given: a folder to walk, or one file.
enum Input {
    /// As spelled, and resolved.
    Dir {
        path: PathBuf,
        abs: PathBuf,
    },
    File(Job),
}

/// The pages of the inputs, in order: the inputs as given; in a folder, its entries sorted by
/// name, each subfolder's pages where the subfolder sorts. Hidden entries are passed over; a
/// page is a file (or a link to one) named `*.txt`.
pub struct Walk {
    inputs: Vec<Input>,
    root: PathBuf,
    next_input: usize,
    stack: Vec<Level>,
    /// Say so on standard error when a link leads nowhere or an entry is no file (not while
    /// surveying); with `verbose`, every file passed over.
    warn: bool,
    verbose: bool,
    /// Files passed over: hidden, not `*.txt`, links to nothing, FIFOs and devices.
    skipped: usize,
}

/// What [`Walk::survey`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    pub pages: usize,
    /// Files passed over (hidden, not `*.txt`, not a regular file).
    pub skipped: usize,
    /// Folders that could not be read (each is a failure of the run when walked).
    pub unreadable: usize,
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn is_txt(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "txt")
}

impl Walk {
    /// The walk of `inputs`, pages named under `root`, for a run writing to `out_dir`. Fails
    /// on an input that is neither a file nor a folder, on an input outside the root, on an
    /// input given twice (one inside another), and when the output and an input overlap.
    pub fn new(inputs: &[PathBuf], out_dir: &Path, root: &Path) -> Result<Walk> {
        let out = resolve(out_dir)?;
        let mut list = Vec::new();
        let mut resolved: Vec<(PathBuf, &PathBuf)> = Vec::new();
        for inp in inputs {
            let abs = if inp.is_dir() {
                resolve(inp)?
            } else if inp.is_file() {
                resolve_file(inp)?
            } else if inp.exists() {
                bail!("{}: not a file or a folder (a FIFO or a device?); give raw page files or folders of them", shown(inp));
            } else {
                bail!("{}: no such file or folder", shown(inp));
            };
            if out.starts_with(&abs) && inp.is_dir() {
                bail!(
                    "{}: the output folder {} is inside this input folder, so its pages and reports would be read as raw pages; give an --out outside it (raw files are never written to)",
                    shown(inp),
                    shown(out_dir)
                );
            }
            if abs.starts_with(&out) {
                bail!("{}: this input is inside the output folder {}, so its own results would overwrite it; give the raw pages, or another --out", shown(inp), shown(out_dir));
            }
            if !abs.starts_with(root) {
                bail!(
                    "{}: outside the archive root {} whose pages {} holds (pages are named by their path under it); give pages under it, or clean these into another --out",
                    shown(inp),
                    shown(root),
                    shown(out_dir)
                );
            }
            for (other, spelled) in &resolved {
                if abs.starts_with(other) || other.starts_with(&abs) {
                    bail!("{} and {} overlap (one is inside the other, or they are one); give each page once", shown(spelled), shown(inp));
                }
            }
            resolved.push((abs.clone(), inp));
            if inp.is_dir() {
                list.push(Input::Dir { path: inp.clone(), abs });
            } else {
                let rel = page_name(root, &abs).with_context(|| format!("{}: not a page under {}", shown(inp), shown(root)))?;
                list.push(Input::File(Job { raw: inp.clone(), abs, rel }));
            }
        }
        Ok(Walk { inputs: list, root: root.to_path_buf(), next_input: 0, stack: Vec::new(), warn: true, verbose: false, skipped: 0 })
    }

    /// Name every file passed over on standard error.
    pub fn verbose(mut self, on: bool) -> Self {
        self.verbose = on;
        self
    }

    /// Walk every input once, keeping nothing but counts. Fails only where [`Walk::new`]
    /// does: a folder that cannot be read is counted, and the run names it when it gets there.
    pub fn survey(inputs: &[PathBuf], out_dir: &Path, root: &Path) -> Result<Survey> {
        let mut walk = Walk::new(inputs, out_dir, root)?;
        walk.warn = false;
        let (mut pages, mut unreadable) = (0, 0);
        for job in walk.by_ref() {
            match job {
                Ok(_) => pages += 1,
                Err(_) => unreadable += 1,
            }
        }
        Ok(Survey { pages, skipped: walk.skipped, unreadable })
    }

    /// The next page of the folder being walked (`None` when no folder is being walked).
    fn next_in_folder(&mut self) -> Option<Result<Job>> {
        while let Some(level) = self.stack.last_mut() {
            let Some(p) = level.entries.next() else {
                self.stack.pop();
                continue;
            };
            let input = level.input;
            match self.page_or_folder(input, p) {
                Ok(Some(job)) => return Some(Ok(job)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }

    /// Read a folder's entries, sorted, onto the stack.
    fn enter(&mut self, input: usize, dir: &Path) -> Result<()> {
        let shown_dir = || shown(&self.spelled(input, dir));
        let rd = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read folder; its pages were not cleaned", shown_dir()))?;
        let mut entries = Vec::new();
        for e in rd {
            let e = e.with_context(|| format!("{}: cannot read folder; its pages were not cleaned", shown_dir()))?;
            entries.push(e.path());
        }
        entries.sort();
        self.stack.push(Level { input, entries: entries.into_iter() });
        Ok(())
    }

    /// A resolved path under input `input` as the user spelled that input.
    fn spelled(&self, input: usize, p: &Path) -> PathBuf {
        match &self.inputs[input] {
            Input::Dir { path, abs } => p.strip_prefix(abs).map(|r| if r.as_os_str().is_empty() { path.clone() } else { path.join(r) }).unwrap_or_else(|_| p.to_path_buf()),
            Input::File(job) => job.raw.clone(),
        }
    }

    fn pass_over(&mut self, input: usize, p: &Path, why: &str, always: bool) {
        self.skipped += 1;
        if self.warn && (always || self.verbose) {
            eprintln!("newsclean: {}: {why}; skipped", shown(&self.spelled(input, p)));
        }
    }

    /// What entry `p` of a folder under input `input` is: a page, a folder (entered), or
    /// nothing to clean.
    fn page_or_folder(&mut self, input: usize, p: PathBuf) -> Result<Option<Job>> {
        if is_hidden(&p) {
            // (`.newsclean`, editors' files: not worth a word without --verbose)
            self.pass_over(input, &p, "hidden", false);
            return Ok(None);
        }
        let ft = std::fs::symlink_metadata(&p).with_context(|| format!("{}: cannot read", shown(&self.spelled(input, &p))))?.file_type();
        if ft.is_dir() {
            self.enter(input, &p)?;
            return Ok(None);
        }
        if !is_txt(&p) {
            self.pass_over(input, &p, "not a *.txt page", false);
            return Ok(None);
        }
        if ft.is_symlink() && !p.is_file() {
            // (a link to nothing, or to a folder or a FIFO, is said, not silently passed over)
            let why = if p.exists() { "a link to something that is not a regular file" } else { "a link to a file that does not exist" };
            self.pass_over(input, &p, why, true);
            return Ok(None);
        }
        if !ft.is_file() && !ft.is_symlink() {
            self.pass_over(input, &p, "not a regular file (a FIFO, socket or device)", true);
            return Ok(None);
        }
        let raw = self.spelled(input, &p);
        let rel = page_name(&self.root, &p).with_context(|| format!("{}: not under the archive root", shown(&raw)))?;
        Ok(Some(Job { raw, abs: p, rel }))
    }
}

impl Iterator for Walk {
    type Item = Result<Job>;

    /// The next page: of the next input, a file given by name or a page of a folder.
    fn next(&mut self) -> Option<Result<Job>> {
        loop {
            // (the folder being walked first; then the next input)
            if let Some(r) = self.next_in_folder() {
                return Some(r);
            }
            let i = self.next_input;
            let input = self.inputs.get(i)?;
            self.next_input += 1;
            match input {
                Input::File(job) => return Some(Ok(job.clone())),
                Input::Dir { abs, .. } => {
                    let abs = abs.clone();
                    if let Err(e) = self.enter(i, &abs) {
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(inputs: &[PathBuf], out: &Path, root: &Path) -> Vec<String> {
        Walk::new(inputs, out, &resolve(root).unwrap()).unwrap().map(|j| j.unwrap().rel.display().to_string()).collect()
    }

    fn tree(root: &Path, files: &[&str]) {
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
    }

    #[test]
    fn pages_in_sorted_order_with_subfolders_in_place() {
        let d = tempfile::tempdir().unwrap();
        let raw = d.path().join("raw");
        tree(&raw, &["b.txt", "a.txt", "m/z.txt", "m/c.txt", "m/n/x.txt", "c.md", ".hidden.txt", ".h/y.txt", "z.txt", "1949.10.01.txt", "1949.10.02.txt"]);
        let out = d.path().join("out");
        assert_eq!(rels(std::slice::from_ref(&raw), &out, &raw), ["1949.10.01", "1949.10.02", "a", "b", "m/c", "m/n/x", "m/z", "z"]);
        let root = resolve(&raw).unwrap();
        assert_eq!(Walk::survey(std::slice::from_ref(&raw), &out, &root).unwrap(), Survey { pages: 8, skipped: 3, unreadable: 0 });
        // files given by name come where they are given, named under the root
        assert_eq!(rels(&[raw.join("m/c.txt"), raw.join("a.txt")], &out, &raw), ["m/c", "a"]);
        // ... and one given twice is refused
        let err = Walk::new(&[raw.join("m/c.txt"), raw.join("m")], &out, &root).err().unwrap().to_string();
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn every_spelling_of_a_page_is_one_name() {
        let d = tempfile::tempdir().unwrap();
        let raw = d.path().join("raw");
        tree(&raw, &["x/1.txt", "y/1.txt"]);
        let out = d.path().join("out");
        for spelled in [raw.join("x/1.txt"), raw.join("x/../x/1.txt"), raw.join("./x/./1.txt"), raw.join("y/../x/1.txt")] {
            assert_eq!(rels(std::slice::from_ref(&spelled), &out, &raw), ["x/1"], "{}", spelled.display());
        }
        assert_eq!(rels(&[raw.join("x")], &out, &raw), ["x/1"]);
        assert_eq!(rels(&[raw.join("y")], &out, &raw), ["y/1"]);
        // a folder's name no longer depends on how many were given
        assert_eq!(rels(&[raw.join("x"), raw.join("y")], &out, &raw), ["x/1", "y/1"]);
    }

    #[test]
    fn overlapping_output_and_outside_inputs_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let raw = d.path().join("raw");
        tree(&raw, &["x/1.txt", "p.txt"]);
        tree(d.path(), &["other/2.txt", "out/.newsclean/reports/p.txt"]);
        let root = resolve(&raw).unwrap();
        let err = |inputs: &[PathBuf], out: &Path| Walk::new(inputs, out, &root).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err(std::slice::from_ref(&raw), &raw.join("cleaned")).contains("is inside this input folder"));
        assert!(err(std::slice::from_ref(&raw), &raw).contains("is inside this input folder"));
        assert!(err(&[raw.join("p.txt")], &raw).contains("inside the output folder"));
        let out = d.path().join("out");
        assert!(err(&[out.join(".newsclean/reports")], &out).contains("inside the output folder"));
        assert!(err(&[d.path().join("other")], &out).contains("outside the archive root"));
        assert_eq!(err(&[raw.join("x")], &out), "");
    }

    #[test]
    fn the_default_root_holds_every_input() {
        let d = tempfile::tempdir().unwrap();
        tree(d.path(), &["a/raw/1.txt", "b/raw/2.txt"]);
        let base = resolve(d.path()).unwrap();
        assert_eq!(default_root(&[d.path().join("a/raw")]).unwrap(), base.join("a/raw"));
        assert_eq!(default_root(&[d.path().join("a/raw/1.txt")]).unwrap(), base.join("a/raw"));
        assert_eq!(default_root(&[d.path().join("a/raw"), d.path().join("b/raw/2.txt")]).unwrap(), base);
    }

    #[test]
    fn names_cannot_drive_the_terminal() {
        assert_eq!(shown(Path::new("raw/a.txt")), "raw/a.txt");
        let s = shown(Path::new("raw/\u{1b}[31mred\n.txt"));
        assert!(!s.contains('\u{1b}') && !s.contains('\n'), "{s}");
        assert!(s.contains("\\u{1b}"), "{s}");
    }
}
