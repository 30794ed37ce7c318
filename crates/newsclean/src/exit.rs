//! newsclean's exit statuses, the contract with scripts and CI (README: "Exit codes").

/// Done, and (with `--check` or `diff --exit-code`) nothing would change.
pub const EXIT_OK: i32 = 0;
/// `--check` or `diff --exit-code`: some page would change.
pub const EXIT_CHANGES: i32 = 1;
/// Nothing done: bad usage, configuration or output folder.
pub const EXIT_FATAL: i32 = 2;
/// Some pages failed (each named on standard error); the others were done.
pub const EXIT_SOME_FAILED: i32 = 3;
