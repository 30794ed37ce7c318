"""newsclean as the map step of Apache Spark.

    python3 examples/spark/clean_with_spark.py RAW_DIR OUT_DIR [--newsclean BIN] [--master local[2]]

Every raw page of RAW_DIR (``*.txt``, in subfolders too) becomes one JSON Lines record; Spark
pipes each partition through one ``newsclean clean --jsonl`` process (``RDD.pipe``, the same
interface as Hadoop Streaming) and every partition writes its pages: ``OUT_DIR/<rel>.md`` (the
cleaned page, as ``newsclean clean --accept`` writes it) and ``OUT_DIR/.newsclean/reports/<rel>.txt``
(the per-page report). Pages that fail are listed in ``OUT_DIR/.newsclean/errors.jsonl`` and
make the job exit with 3, as ``clean`` does.

Raw bytes travel base64-encoded, so a page in GB18030 or with a BOM is detected by newsclean
exactly as when it reads the file. Each newsclean process gets one thread (``-j 1``): Spark
runs one task per core. On a cluster, RAW_DIR and OUT_DIR are paths every executor can reach
(a shared file system), and the binary is shipped with ``--files`` (see the README).
"""

import argparse
import base64
import json
import os
import sys


def records(kv, root):
    """(path, bytes) from binaryFiles -> one JSON line, the id being the path relative to root."""
    path, data = kv
    path = path[len("file:"):] if path.startswith("file:") else path
    rel = os.path.relpath(path, root)
    return json.dumps({"id": rel, "data": base64.b64encode(data).decode("ascii")})


def write_partition(lines, out_dir):
    """Write the pages of one partition; yield the error records."""
    for line in lines:
        r = json.loads(line)
        if "error" in r:
            yield line
            continue
        stem = os.path.splitext(r["id"])[0]
        for path, text in (
            (os.path.join(out_dir, stem + ".md"), r["markdown"]),
            (os.path.join(out_dir, ".newsclean", "reports", stem + ".txt"), r["report"]),
        ):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = path + ".tmp%d" % os.getpid()
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)  # atomic, as newsclean writes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw")
    ap.add_argument("out")
    ap.add_argument("--newsclean", default="newsclean", help="the newsclean binary on every executor")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=0, help="default: Spark's")
    a = ap.parse_args()

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master(a.master).appName("newsclean").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    root = os.path.abspath(a.raw)
    files = sc.binaryFiles(root + "/**/*.txt" if any(os.path.isdir(os.path.join(root, d)) for d in os.listdir(root)) else root + "/*.txt")
    if a.partitions:
        files = files.repartition(a.partitions)
    out_dir = os.path.abspath(a.out)
    results = files.map(lambda kv: records(kv, root)).pipe(a.newsclean + " clean --jsonl -j 1")
    errors = results.mapPartitions(lambda it: write_partition(it, out_dir)).collect()
    spark.stop()
    os.makedirs(os.path.join(out_dir, ".newsclean"), exist_ok=True)
    with open(os.path.join(out_dir, ".newsclean", "errors.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(e + "\n" for e in errors)
    for e in errors:
        r = json.loads(e)
        print("newsclean: %s: %s" % (r.get("id"), r.get("error")), file=sys.stderr)
    sys.exit(3 if errors else 0)


if __name__ == "__main__":
    main()
