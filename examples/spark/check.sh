#!/usr/bin/env bash
# Run the Spark example (PySpark in local mode) over the example pages plus a generated batch,
# and check that every cleaned page and report equals what `newsclean clean --accept` writes
# on one machine. Needs Java and `pip install pyspark` (.ci/run installs both).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet --bin newsclean --example make_corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/raw/examples"
cp crates/newsclean/tests/fixtures/raw/*.txt "$work/raw/examples/"
./target/release/examples/make_corpus "$work/raw/generated" 2 >/dev/null
bin=$(pwd)/target/release/newsclean
"$bin" clean "$work/raw" --out "$work/single" --accept -q
python3 examples/spark/clean_with_spark.py "$work/raw" "$work/spark" --newsclean "$bin" --partitions 4
# a report without its `## Settled` part (and the blank line before it)
unsettled() { python3 -c 'import sys; t = sys.stdin.read(); k = t.find("\n\n## Settled\n"); sys.stdout.write(t if k < 0 else t[:k + 1])'; }
pages=$(cd "$work/single" && find . -name '*.md' -not -path './.newsclean/*' | sort)
n=0
for p in $pages; do
    cmp -s "$work/single/$p" "$work/spark/$p" || { echo "differs: $p"; diff <(head -c 400 "$work/single/$p") <(head -c 400 "$work/spark/$p") || true; exit 1; }
    r=".newsclean/reports/${p%.md}.txt"
    # (the report's first line names the page: a path on one machine, the relative id in
    # Spark; and only one machine's report ends with the key that lets its next run skip the
    # page, `## Settled`, which names the binary and the page's path there)
    cmp -s <(tail -n +2 "$work/single/$r" | unsettled) <(tail -n +2 "$work/spark/$r") || { echo "report differs: $r"; diff <(tail -n +2 "$work/single/$r" | unsettled) <(tail -n +2 "$work/spark/$r") | head -20; exit 1; }
    n=$((n + 1))
done
extra=$(cd "$work/spark" && find . -name '*.md' -not -path './.newsclean/*' | wc -l)
[ "$extra" -eq "$n" ] || { echo "spark wrote $extra pages, one machine $n"; exit 1; }
[ ! -s "$work/spark/.newsclean/errors.jsonl" ] || { echo "errors:"; cat "$work/spark/.newsclean/errors.jsonl"; exit 1; }
echo "spark: $n pages and reports identical to the single-machine run"
