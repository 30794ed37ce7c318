//! The command line as a user types it: each `tests/cmd/*.md` file is a session of commands
//! with their output and exit status (trycmd), run in a copy of its `.in/` folder and checked
//! against its `.out/` folder. `TRYCMD=overwrite cargo test --test cli_cases` rewrites the
//! expected output after a deliberate change; read the diff before committing it.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.md").case("tests/cmd/*.toml");
}
