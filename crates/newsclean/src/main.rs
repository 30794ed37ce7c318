//! The `newsclean` command line. Parsing only: the work is in the library.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use newsclean::commands::{self, CleanOpts, Format, PagesOpts, ReviewConfig, RuleOpts, Selection};
use newsclean::term::ColorChoice;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "newsclean", version, about = "Clean raw text of scanned Chinese newspaper pages into reviewable stories")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, global = true)]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Fmt {
    Md,
    Json,
}

#[derive(Subcommand)]
enum Cmd {
    /// Clean raw pages into pending results (or accepted ones with --accept).
    Clean {
        /// Raw page files or folders of *.txt pages (default: raw); `-` reads one page from
        /// standard input.
        inputs: Vec<PathBuf>,
        /// Output folder: accepted pages, with pending results and reports in OUT/.newsclean/.
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        #[command(flatten)]
        pages: PageArgs,
        /// Write accepted pages directly (for scripts), skipping review.
        #[arg(long, conflicts_with = "check")]
        accept: bool,
        /// Write nothing; exit 1 when any page would change.
        #[arg(long)]
        check: bool,
        /// Output format for standard output: Markdown or JSON (stories, blocks and edits).
        #[arg(long, value_enum, default_value = "md")]
        format: Fmt,
        /// No per-page summary lines and no progress bar.
        #[arg(short, long)]
        quiet: bool,
        /// Stream: JSON Lines records (`{"id": …, "text": …}`, or `"data"` in base64 with an
        /// `"encoding"`) on standard input, one result per record, in order, on standard
        /// output; counters on standard error. For Hadoop Streaming and Spark's `RDD.pipe`.
        #[arg(long, conflicts_with_all = ["accept", "check"])]
        jsonl: bool,
        /// With --accept: also write each story of an accepted page to OUT/<page>.stories/
        /// (NN-<headline>.md, names made safe).
        #[arg(long, requires = "accept")]
        split_stories: bool,
        /// Skip the check that cleaning each result again changes nothing (about twice as
        /// fast; the check only warns).
        #[arg(long)]
        no_verify: bool,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Accept pending results into the output folder.
    Accept {
        /// Pages to accept (stem, relative path or raw file).
        pages: Vec<PathBuf>,
        /// Accept every pending page.
        #[arg(long)]
        all: bool,
        /// With --all: only the pages that need no person (no typo edit, suggestion or
        /// warning, no layout reading below [review] layout_margin); says how many are left.
        #[arg(long, requires = "all")]
        routine: bool,
        /// Also write each story to OUT/<page>.stories/ (NN-<headline>.md, names made safe).
        #[arg(long)]
        split_stories: bool,
        /// No line per page, only the closing count.
        #[arg(short, long)]
        quiet: bool,
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Drop pending results.
    Reject {
        pages: Vec<PathBuf>,
        #[arg(long)]
        all: bool,
        /// No line per page, only the closing count.
        #[arg(short, long)]
        quiet: bool,
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
    },
    /// Print a shell completion script: `newsclean completions bash > /etc/bash_completion.d/newsclean`.
    Completions { shell: clap_complete::Shell },
    /// The configuration: `config --show` prints the effective one, every key documented.
    Config {
        /// Print the effective configuration as a commented newsclean.toml.
        #[arg(long)]
        show: bool,
        /// Config file (default: newsclean.toml in the current folder, if there).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Print the man page (roff): `newsclean man > /usr/local/share/man/man1/newsclean.1`.
    Man,
    /// Where the batch stands: pages by state, edits by rule, and the pending pages that
    /// need a person, riskiest first.
    Status {
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        /// List at most N pages that need a look (0: all).
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Review the pending pages edit by edit in the terminal: accept or reject each typo
    /// correction, a whole page, or every edit of a rule. Without a terminal, print the pending
    /// pages' reports and change nothing.
    Review {
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        #[command(flatten)]
        rules: RulesArgs,
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
    },
    /// Print each page's review report; with --html write a self-contained HTML report per
    /// page (raw text and cleaned stories side by side, every edit highlighted) and print its path.
    Report {
        /// Raw page files or folders of *.txt pages (default: raw).
        inputs: Vec<PathBuf>,
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        #[command(flatten)]
        pages: PageArgs,
        /// Write HTML reports to OUT/.newsclean/reports/<page>.html.
        #[arg(long)]
        html: bool,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Show what `clean` would change against the accepted pages, like `git diff`.
    Diff {
        /// Raw page files or folders of *.txt pages (default: raw).
        inputs: Vec<PathBuf>,
        #[arg(long, default_value = "cleaned")]
        out: PathBuf,
        #[command(flatten)]
        pages: PageArgs,
        /// Exit with 1 when any page would change (0 when none would).
        #[arg(long)]
        exit_code: bool,
        /// A line per page with its lines added and removed, and a total, instead of the diff.
        #[arg(long, conflicts_with = "name_only")]
        stat: bool,
        /// Only the paths of the pages that would change.
        #[arg(long)]
        name_only: bool,
        #[command(flatten)]
        rules: RulesArgs,
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
    },
}

/// How the commands that read raw pages name them: `clean`, `diff` and `report`.
#[derive(clap::Args)]
struct PageArgs {
    /// The archive root: pages are named by their path under it. Recorded in the output folder
    /// on its first run (default then: the one input folder, or the folder holding all inputs)
    /// and used from then on, whatever the current folder or the inputs' spelling.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Name every file passed over (hidden, not *.txt, not a regular file).
    #[arg(short, long)]
    verbose: bool,
}

/// The rules a command cleans with: `clean`, `review`, `diff` and `report` take the same.
#[derive(clap::Args)]
struct RulesArgs {
    /// A corrections file (`wrong<TAB>right[<TAB>context]`, the known errors of your
    /// archive): applied first, it wins over the built-in typo rules. Repeatable.
    #[arg(long, value_name = "FILE")]
    corrections: Vec<PathBuf>,
    /// Config file (default: newsclean.toml in the current folder, if there).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also suggest (never apply) the doubtful replacements of characters of the same
    /// four-corner shape or the same sound (Unihan): more scan errors offered for review.
    #[arg(long)]
    suggest_shapes: bool,
    /// Read invalid UTF-8 bytes as U+FFFD, with a warning and each one in the report, instead
    /// of failing the page.
    #[arg(long)]
    lossy: bool,
}

/// How review picks the pages that need a person: the config file's `[review]`, or the flag.
#[derive(clap::Args)]
struct ReviewArgs {
    /// Config file (default: newsclean.toml in the current folder, if there).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A layout reading with less margin than this over the runner-up needs a person
    /// (default: [review] layout_margin of the config file, else 20).
    #[arg(long, value_name = "M")]
    layout_margin: Option<f32>,
}

impl ReviewArgs {
    fn config(self) -> Result<ReviewConfig, i32> {
        let mut c = commands::review_config(&RuleOpts { config: self.config, ..Default::default() }).map_err(|e| {
            eprintln!("newsclean: {e:#}");
            commands::EXIT_FATAL
        })?;
        if let Some(m) = self.layout_margin {
            c.layout_margin = m;
        }
        Ok(c)
    }
}

impl RulesArgs {
    fn opts(self) -> RuleOpts {
        RuleOpts { corrections: self.corrections, config: self.config, suggest_shapes: self.suggest_shapes, lossy: self.lossy }
    }
}

/// When to colour the output (NO_COLOR is honoured with `auto`).
#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl From<Color> for ColorChoice {
    fn from(c: Color) -> Self {
        match c {
            Color::Auto => ColorChoice::Auto,
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
        }
    }
}

fn main() {
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let code = match cli.cmd {
        Cmd::Clean { inputs, out, pages, accept, check, format, quiet, jsonl, split_stories, no_verify, rules } => commands::clean(&CleanOpts {
            inputs,
            out,
            accept,
            check,
            format: match format {
                Fmt::Md => Format::Md,
                Fmt::Json => Format::Json,
            },
            quiet,
            jsonl,
            split_stories,
            no_verify,
            root: pages.root,
            verbose: pages.verbose,
            rules: rules.opts(),
        }),
        Cmd::Accept { pages, all, routine, split_stories, quiet, out, review } => match review.config() {
            Ok(r) => commands::accept(&out, &Selection { pages, all, routine: routine.then_some(r), quiet }, split_stories),
            Err(code) => code,
        },
        Cmd::Reject { pages, all, quiet, out } => commands::reject(&out, &Selection { pages, all, routine: None, quiet }),
        Cmd::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "newsclean", &mut std::io::stdout());
            commands::EXIT_OK
        }
        Cmd::Config { show, config } => {
            if !show {
                eprintln!("newsclean: config: say what to do (--show prints the effective configuration)");
                commands::EXIT_FATAL
            } else {
                match commands::show_config(&RuleOpts { config, ..Default::default() }) {
                    Ok(t) => {
                        print!("{t}");
                        commands::EXIT_OK
                    }
                    Err(e) => {
                        eprintln!("newsclean: {e:#}");
                        commands::EXIT_FATAL
                    }
                }
            }
        }
        Cmd::Man => match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
            Ok(()) => commands::EXIT_OK,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => commands::EXIT_OK,
            Err(e) => {
                eprintln!("newsclean: cannot write the man page: {e}");
                commands::EXIT_FATAL
            }
        },
        Cmd::Status { out, limit, review } => match review.config() {
            Ok(r) => commands::status(&out, &r, limit),
            Err(code) => code,
        },
        Cmd::Review { out, rules, color } => commands::review(&out, &rules.opts(), color.into()),
        Cmd::Report { inputs, out, pages, html, rules } => commands::report(&PagesOpts { inputs, out, root: pages.root, verbose: pages.verbose }, &rules.opts(), html),
        Cmd::Diff { inputs, out, pages, exit_code, stat, name_only, rules, color } => {
            let show = if stat {
                commands::DiffShow::Stat
            } else if name_only {
                commands::DiffShow::NameOnly
            } else {
                commands::DiffShow::Patch
            };
            commands::diff(&PagesOpts { inputs, out, root: pages.root, verbose: pages.verbose }, &rules.opts(), color.into(), exit_code, show)
        }
    };
    std::process::exit(code);
}
