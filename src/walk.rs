//! The pages named on the command line, found one at a time.
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
//! pages for the progress bar and finds the problems that must stop a run before its first
//! write (an unreadable folder, two pages that would be written to the same place). Reading a
//! folder's entries is cheap next to cleaning its pages; the survey reads no file and asks the
//! file system about links only.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A raw page to clean: where it is and where its results go, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Job {
    pub raw: PathBuf,
    pub rel: PathBuf,
}

/// An input folder being walked, one level of it.
struct Level {
    /// The input folder this level is under, and the prefix of its pages' `rel`.
    root: usize,
    entries: std::vec::IntoIter<PathBuf>,
}

/// An input as given: a folder to walk, or one file.
enum Input {
    Dir { path: PathBuf, prefix: PathBuf },
    File(Job),
}

/// The pages of the inputs, in order: the inputs as given; in a folder, its entries sorted by
/// name, each subfolder's pages where the subfolder sorts. Hidden entries and the output
/// folder are passed over; a page is a file (or a link to one) named `*.txt`.
pub struct Walk {
    inputs: Vec<Input>,
    next_input: usize,
    stack: Vec<Level>,
    /// The output folder, resolved (when it exists): never walked into.
    out_dir: Option<PathBuf>,
    /// Say so on standard error when a link leads nowhere (not while surveying).
    warn: bool,
}

/// What [`Walk::survey`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    pub pages: usize,
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn is_txt(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "txt")
}

/// Are two paths the same file or folder?
pub fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

impl Walk {
    /// The walk of `inputs` for a run writing to `out_dir`. Fails on an input that is neither a
    /// file nor a folder, and on the output folder given as an input.
    pub fn new(inputs: &[PathBuf], out_dir: &Path) -> Result<Walk> {
        let dirs = inputs.iter().filter(|p| p.is_dir()).count();
        let mut list = Vec::new();
        for inp in inputs {
            if inp.is_dir() {
                if same_path(inp, out_dir) {
                    bail!("{}: the output folder is the input folder; give another --out (raw files are never written to)", inp.display());
                }
                // (with several folders, each one's pages go under its name)
                let prefix = if dirs > 1 { inp.file_name().map(PathBuf::from).unwrap_or_default() } else { PathBuf::new() };
                list.push(Input::Dir { path: inp.clone(), prefix });
            } else if inp.is_file() {
                let name = inp.file_stem().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("page"));
                list.push(Input::File(Job { raw: inp.clone(), rel: name }));
            } else {
                bail!("{}: no such file or folder", inp.display());
            }
        }
        Ok(Walk { inputs: list, next_input: 0, stack: Vec::new(), out_dir: out_dir.canonicalize().ok(), warn: true })
    }

    /// Walk every input once, keeping nothing but counts: the number of pages, or the first
    /// problem that must stop the run before it writes anything.
    pub fn survey(inputs: &[PathBuf], out_dir: &Path) -> Result<Survey> {
        let mut walk = Walk::new(inputs, out_dir)?;
        walk.warn = false;
        // Two pages are written to the same place only when two inputs give them the same
        // `rel`: files given by name (their stems), folders given with the same name, or, with
        // one folder, a file given by name and a page at the top of the folder. Only those
        // `rel`s are remembered, not every page's.
        let has_files = walk.inputs.iter().any(|i| matches!(i, Input::File(_)));
        let mut prefixes: HashMap<PathBuf, usize> = HashMap::new();
        for i in &walk.inputs {
            if let Input::Dir { prefix, .. } = i {
                *prefixes.entry(prefix.clone()).or_default() += 1;
            }
        }
        let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut pages = 0;
        for job in walk {
            let job = job?;
            pages += 1;
            // (a folder with no name, `..`, has the empty prefix, which every `rel` starts with)
            let shared = prefixes.iter().any(|(p, &n)| n > 1 && job.rel.starts_with(p));
            let top_level = job.rel.components().count() == 1;
            if shared || (top_level && has_files) {
                if let Some(prev) = seen.insert(job.rel.clone(), job.raw.clone()) {
                    bail!("{} and {} would both be written as {}.md; clean them into different --out folders", prev.display(), job.raw.display(), job.rel.display());
                }
            }
        }
        Ok(Survey { pages })
    }

    /// The next page of the folder being walked (`None` when no folder is being walked).
    fn next_in_folder(&mut self) -> Option<Result<Job>> {
        while let Some(level) = self.stack.last_mut() {
            let Some(p) = level.entries.next() else {
                self.stack.pop();
                continue;
            };
            let root = level.root;
            match self.page_or_folder(root, p) {
                Ok(Some(job)) => return Some(Ok(job)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }

    /// Read a folder's entries, sorted, onto the stack.
    fn enter(&mut self, root: usize, dir: &Path) -> Result<()> {
        let rd = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read folder", dir.display()))?;
        let mut entries = Vec::new();
        for e in rd {
            let e = e.with_context(|| format!("{}: cannot read folder", dir.display()))?;
            entries.push(e.path());
        }
        entries.sort();
        self.stack.push(Level { root, entries: entries.into_iter() });
        Ok(())
    }

    /// What entry `p` of a folder under input `root` is: a page, a folder (entered), or
    /// nothing to clean.
    fn page_or_folder(&mut self, root: usize, p: PathBuf) -> Result<Option<Job>> {
        if is_hidden(&p) {
            return Ok(None);
        }
        let ft = std::fs::symlink_metadata(&p).with_context(|| format!("{}: cannot read", p.display()))?.file_type();
        if ft.is_dir() {
            // (only a folder can be the output folder)
            if self.out_dir.as_ref().is_none_or(|o| p.canonicalize().ok().as_ref() != Some(o)) {
                self.enter(root, &p)?;
            }
            return Ok(None);
        }
        if !is_txt(&p) {
            return Ok(None);
        }
        if ft.is_symlink() && !p.is_file() {
            // (a link to nothing is said, not silently passed over)
            if self.warn && !p.exists() {
                eprintln!("newsclean: {}: a link to a file that does not exist; skipped", p.display());
            }
            return Ok(None);
        }
        if !ft.is_file() && !ft.is_symlink() {
            return Ok(None);
        }
        let Input::Dir { path, prefix } = &self.inputs[root] else { unreachable!("only folders are walked") };
        let rel = prefix.join(p.strip_prefix(path).unwrap_or(&p)).with_extension("");
        Ok(Some(Job { raw: p, rel }))
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
                Input::Dir { path, .. } => {
                    let path = path.clone();
                    if let Err(e) = self.enter(i, &path) {
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

    fn rels(inputs: &[PathBuf], out: &Path) -> Vec<String> {
        Walk::new(inputs, out).unwrap().map(|j| j.unwrap().rel.display().to_string()).collect()
    }

    #[test]
    fn pages_in_sorted_order_with_subfolders_in_place() {
        let d = tempfile::tempdir().unwrap();
        let raw = d.path().join("raw");
        for f in ["b.txt", "a.txt", "m/z.txt", "m/c.txt", "m/n/x.txt", "c.md", ".hidden.txt", ".h/y.txt", "z.txt"] {
            let p = raw.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let out = raw.join("out");
        std::fs::create_dir_all(out.join("inside")).unwrap();
        std::fs::write(out.join("inside/p.txt"), "x").unwrap();
        assert_eq!(rels(&[raw.clone()], &out), ["a", "b", "m/c", "m/n/x", "m/z", "z"]);
        assert_eq!(Walk::survey(&[raw.clone()], &out).unwrap(), Survey { pages: 6 });
        // files given by name come where they are given
        let f = raw.join("m/c.txt");
        assert_eq!(rels(&[f.clone(), raw.join("m")], &out), ["c", "c", "n/x", "z"]);
        // ... and one that would be written where a page of the folder is, is refused
        let err = Walk::survey(&[f, raw.join("m")], &out).unwrap_err().to_string();
        assert!(err.contains("would both be written as c.md"), "{err}");
    }

    #[test]
    fn folders_of_one_name_clash_only_on_one_page() {
        let d = tempfile::tempdir().unwrap();
        for f in ["2020/raw/a.txt", "2021/raw/b.txt", "2022/raw/a.txt"] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let out = d.path().join("out");
        let (a, b, c) = (d.path().join("2020/raw"), d.path().join("2021/raw"), d.path().join("2022/raw"));
        assert_eq!(Walk::survey(&[a.clone(), b.clone()], &out).unwrap().pages, 2);
        // folders with no name of their own share the empty one
        let dots = [a.join("../../2020/raw/.."), c.join("../../2022/raw/..")];
        let err = Walk::survey(&dots, &out).unwrap_err().to_string();
        assert!(err.contains("would both be written as raw/a.md"), "{err}");
        let err = Walk::survey(&[a, b, c], &out).unwrap_err().to_string();
        assert!(err.contains("would both be written as raw/a.md"), "{err}");
    }
}
