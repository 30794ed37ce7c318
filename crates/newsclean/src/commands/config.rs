//! The rules a run cleans with: the config file (`newsclean.toml`), corrections files and
//! typo options, and the copy of them an output folder keeps so that a run from elsewhere
//! cleans with the same rules.

use crate::pipeline::Options;
use crate::stages::corrections::CorrectionsError;
use crate::store::{Store, fingerprint};
use crate::walk::{resolve, shown};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The config file, `newsclean.toml`:
///
/// ```toml
/// [typos]
/// corrections = ["corrections.tsv"]   # relative to the config file's folder
/// suggest_shapes = true               # also suggest four-corner and same-sound replacements
///
/// [review]
/// layout_margin = 20.0                # a layout reading with less margin needs a person
/// ```
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    typos: TyposConfig,
    #[serde(default)]
    review: ReviewConfig,
}

/// How review picks the pages that need a person (`status`, `accept --routine`, `review`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// A page with a layout reading whose margin over the runner-up is below this needs a
    /// look (the decoder's units, as the reasons of `join-lines` edits give them).
    #[serde(default = "default_margin")]
    pub layout_margin: f32,
}

/// The default [`ReviewConfig::layout_margin`]: on 2,000 generated pages it flags the pages
/// whose layout the decoder was closest to reading otherwise (see `docs/measuring.md`).
pub const DEFAULT_LAYOUT_MARGIN: f32 = 20.0;

fn default_margin() -> f32 {
    DEFAULT_LAYOUT_MARGIN
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { layout_margin: DEFAULT_LAYOUT_MARGIN }
    }
}

/// The config file a run reads: `--config`, else `newsclean.toml` in the current folder.
fn config_path(opts: &RuleOpts) -> Option<PathBuf> {
    opts.config.clone().or_else(|| Some(PathBuf::from("newsclean.toml")).filter(|p| p.is_file()))
}

/// Read and parse a config file; errors give its path, line and column.
fn read_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read the config file", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        // (where: the line and column of the error's start)
        let at = e.span().map(|r| {
            let before = &text[..r.start.min(text.len())];
            format!(":{}:{}", before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
        });
        anyhow::anyhow!("{}{}: {}", shown(path), at.unwrap_or_default(), e.message())
    })
}

/// The effective configuration as a commented `newsclean.toml`: every key with what it does
/// and the value this run would use (`newsclean config --show`). Parses back to the same.
pub fn show(opts: &RuleOpts) -> Result<String> {
    let path = config_path(opts);
    let cfg = path.as_deref().map(read_config).transpose()?.unwrap_or_default();
    let from = path.as_deref().map_or("no config file: the defaults".to_string(), |p| format!("from {}", shown(p)));
    let list: Vec<String> = cfg.typos.corrections.iter().map(|p| format!("{:?}", p.display().to_string())).collect();
    Ok(format!(
        "# newsclean's configuration ({from}).\n\
         # Read from --config FILE, else newsclean.toml in the current folder.\n\
         \n\
         [typos]\n\
         # Corrections files (wrong<TAB>right[<TAB>context]), relative to the config file's folder:\n\
         # applied first, they win over the built-in typo rules; --corrections adds more.\n\
         corrections = [{}]\n\
         # Also suggest (never apply) replacements of the same four-corner shape or sound.\n\
         suggest_shapes = {}\n\
         \n\
         [review]\n\
         # A layout reading whose margin over the runner-up is below this needs a person\n\
         # (`status`, `accept --all --routine`); the decoder's units, as join-lines reasons give them.\n\
         layout_margin = {:?}\n",
        list.join(", "),
        cfg.typos.suggest_shapes || opts.suggest_shapes,
        cfg.review.layout_margin
    ))
}

/// The review settings of the config file (defaults without one).
pub fn review_config(opts: &RuleOpts) -> Result<ReviewConfig> {
    Ok(config_path(opts).map(|p| read_config(&p)).transpose()?.map(|c| c.review).unwrap_or_default())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TyposConfig {
    #[serde(default)]
    corrections: Vec<PathBuf>,
    #[serde(default)]
    suggest_shapes: bool,
}

/// The rules a command runs with: the config file, corrections files and typo options.
/// `clean`, `review` and `diff` take the same, so that they agree on what a page becomes.
#[derive(Debug, Clone, Default)]
pub struct RuleOpts {
    /// Corrections files given on the command line (after those of the config file).
    pub corrections: Vec<PathBuf>,
    /// The config file: `--config`, else `newsclean.toml` in the current folder if there.
    pub config: Option<PathBuf>,
    /// Also suggest corrections from the four-corner shape and same-sound pairs.
    pub suggest_shapes: bool,
    /// Read invalid UTF-8 as U+FFFD, with a warning, instead of failing the page.
    pub lossy: bool,
}

/// The run's options from the config file and the command line; errors name the file.
pub fn load_options(opts: &RuleOpts) -> Result<Options> {
    load_options_from(opts, None).map(|(o, _)| o)
}

/// The folder of an output folder's recorded configuration.
fn recorded_config_dir(store: &Store) -> PathBuf {
    store.out.join(crate::store::STATE).join("config")
}

/// The run's options, and the corrections files they were read from. With an output folder:
/// when the run names no config file and no corrections, and there is no `newsclean.toml`
/// in the current folder, the configuration the output folder recorded ([`record_config`])
/// is used, so a run from another folder cleans with the same rules.
pub(crate) fn load_options_from(opts: &RuleOpts, store: Option<&Store>) -> Result<(Options, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut shapes = opts.suggest_shapes;
    let mut config = config_path(opts);
    if let (None, true, Some(store)) = (&config, opts.corrections.is_empty(), store) {
        let rec = recorded_config_dir(store).join("newsclean.toml");
        if rec.is_file() {
            config = Some(rec);
        }
    }
    if let Some(path) = config {
        let cfg = read_config(&path)?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        files.extend(cfg.typos.corrections.iter().map(|f| base.join(f)));
        shapes |= cfg.typos.suggest_shapes;
    }
    files.extend(opts.corrections.iter().cloned());
    let mut o = Options { suggest_shapes: shapes, lossy: opts.lossy, ..Options::default() };
    for f in &files {
        // (the core parses; reading files is the command line's)
        let file = f.display().to_string();
        let text = std::fs::read_to_string(f).map_err(|source| CorrectionsError::Read { file: file.clone(), source })?;
        o.corrections.parse(&text, &file)?;
    }
    Ok((o, files))
}

/// Record in the output folder the configuration a run cleaned it with: a copy of each
/// corrections file, named by its content's fingerprint, and a `newsclean.toml` that lists
/// them (`.newsclean/config/`). A run that finds no configuration of its own uses it
/// ([`load_options_from`]); one whose rules differ is told so before it changes a page.
pub(crate) fn record_config(store: &Store, options: &Options, files: &[PathBuf]) -> Result<()> {
    let dir = recorded_config_dir(store);
    let recorded = dir.join("newsclean.toml");
    let previous = if recorded.is_file() {
        load_options_from(&RuleOpts { config: Some(recorded.clone()), lossy: options.lossy, ..Default::default() }, None).ok().map(|(o, _)| o.rules_fingerprint())
    } else {
        None
    };
    if files.first().is_some_and(|f| f.starts_with(&dir)) {
        // (the run used the recorded configuration itself)
        return Ok(());
    }
    if previous.as_deref().is_some_and(|p| p != options.rules_fingerprint()) {
        eprintln!("newsclean: note: these rules differ from the configuration {} was cleaned with (recorded in {}); the pages they change are cleaned again", shown(&store.out), shown(&recorded));
    }
    if files.is_empty() && !options.suggest_shapes {
        return Ok(());
    }
    let mut names = Vec::new();
    let mut origins = String::new();
    for f in files {
        let text = std::fs::read(f).with_context(|| format!("{}: cannot read", shown(f)))?;
        let name = format!("corrections-{}.tsv", fingerprint(&text));
        store.write_atomic(&dir.join(&name), &text)?;
        origins.push_str(&format!("# {name}: a copy of {}\n", shown(&resolve(f).unwrap_or_else(|_| f.clone()))));
        names.push(format!("{name:?}"));
    }
    let toml = format!(
        "# The configuration this output folder was last cleaned with, recorded by newsclean.\n{origins}[typos]\ncorrections = [{}]\nsuggest_shapes = {}\n",
        names.join(", "),
        options.suggest_shapes
    );
    store.write_atomic(&recorded, toml.as_bytes())
}
