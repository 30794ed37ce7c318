# Copied from the team's shared scorer (shared/eval/score.py) so that tools/measure.py runs
# where shared/ is not beside the work tree; keep the two in step. Same authors and terms as
# that file (the project's own code).
#!/usr/bin/env python3
"""Score cleaned pages against gold pages (both in the format of docs/format.md).

usage: score.py GOLD_DIR OUT_DIR [--typos TSV] [--json] [--quiet]

For every GOLD_DIR/<stem>.md it reads OUT_DIR/<stem>.md (a missing file scores zero) and prints,
per page and in total:
  cer        character error rate of the whole page text against gold (lower is better)
  lost/added non-space characters missing from / extra in the output, as multisets
  para P/R   exact paragraph matches (a paragraph is right only if every character is right)
  stories    gold stories recovered exactly: right headline, all of its paragraphs, nothing else
  order      share of neighbouring gold paragraphs that keep their order in the output
  spaced     letter-spacing left in body text: CJK-space-CJK or CJK-space-digit not in gold
  heads      headings/bylines whose phrase spaces survived (gold has a space, output has the same line)
  typos      typo corrections from TSV found in the output (and the wrong text gone)
Needs rapidfuzz (pip install rapidfuzz).
"""
import collections
import json
import os
import re
import sys

from rapidfuzz.distance import Levenshtein
from rapidfuzz import fuzz

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SPACED = re.compile(rf"[{CJK}] +[{CJK}0-9]|[0-9] +[{CJK}]")
KINDS = (("### ", "section"), ("## ", "deck"), ("# ", "headline"), ("> ", "caption"))


def parse(text):
    """Return a list of stories; a story is a list of (kind, text) blocks."""
    stories = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        kind = "paragraph"
        for marker, name in KINDS:
            if line.startswith(marker) or line == marker.strip():
                kind, line = name, line[len(marker):].strip()
                break
        if kind == "headline" or not stories:
            stories.append([])
        stories[-1].append((kind, line))
    return stories


def page_text(stories):
    return "\n".join(t for s in stories for _, t in s)


def nonspace(text):
    return collections.Counter(c for c in text if not c.isspace())


def align(gold_paras, out_paras):
    """Map each gold paragraph index to an output paragraph index (exact first, then fuzzy >= 80)."""
    by_text = collections.defaultdict(list)
    for j, (_, t) in enumerate(out_paras):
        by_text[t].append(j)
    used, mapping, exact = set(), {}, 0
    for i, (_, t) in enumerate(gold_paras):
        for j in by_text.get(t, []):
            if j not in used:
                used.add(j)
                mapping[i] = j
                exact += 1
                break
    for i, (_, t) in enumerate(gold_paras):
        if i in mapping:
            continue
        best, best_j = 80.0, None
        for j, (_, u) in enumerate(out_paras):
            if j in used or abs(len(u) - len(t)) > max(len(t), len(u)) * 0.5:
                continue
            r = fuzz.ratio(t, u)
            if r >= best:
                best, best_j = r, j
        if best_j is not None:
            used.add(best_j)
            mapping[i] = best_j
    return mapping, exact


def flatten(stories, kinds):
    """[(story_index, (kind, text))] for blocks of the given kinds."""
    return [(si, b) for si, s in enumerate(stories) for b in s if b[0] in kinds]


def score_page(gold_md, out_md, typos):
    g, o = parse(gold_md), parse(out_md)
    gt, ot = page_text(g), page_text(o)
    r = {}
    r["cer"] = Levenshtein.distance(gt, ot) / max(1, len(gt))
    gc, oc = nonspace(gt), nonspace(ot)
    r["lost"] = sum((gc - oc).values())
    r["added"] = sum((oc - gc).values())

    body = ("paragraph", "caption")
    gp, op = flatten(g, body), flatten(o, body)
    # story membership is judged on real body text, not on short bylines and labels
    gp = [x for x in gp if len(x[1][1]) > 8]
    op = [x for x in op if len(x[1][1]) > 8]
    mapping, exact = align([b for _, b in gp], [b for _, b in op])
    r["para_gold"], r["para_out"], r["para_exact"] = len(gp), len(op), exact
    r["para_p"] = exact / max(1, len(op))
    r["para_r"] = exact / max(1, len(gp))

    # stories: each gold story must map to one output story holding all and only its paragraphs
    ok = 0
    owner = collections.defaultdict(set)  # output story -> gold stories that landed in it
    for gi, gs in enumerate(g):
        for idx, (si, _) in enumerate(gp):
            if si == gi and idx in mapping:
                owner[op[mapping[idx]][0]].add(gi)
    for gi, gs in enumerate(g):
        idxs = [idx for idx, (si, _) in enumerate(gp) if si == gi]
        targets = {op[mapping[i]][0] for i in idxs if i in mapping}
        if len(targets) != 1 or len([i for i in idxs if i in mapping]) != len(idxs):
            continue
        (oi,) = targets
        out_story_paras = [j for j, (si, _) in enumerate(op) if si == oi]
        mine = {mapping[i] for i in idxs}
        g_head = next((t for k, t in gs if k == "headline"), None)
        o_head = next((t for k, t in o[oi] if k == "headline"), None)
        if owner[oi] == {gi} and set(out_story_paras) == mine and g_head == o_head:
            ok += 1
    r["stories_gold"], r["stories_out"], r["stories_ok"] = len(g), len(o), ok

    # reading order of neighbouring gold paragraphs
    pairs = kept = 0
    for a in range(len(gp) - 1):
        if gp[a][0] == gp[a + 1][0] and a in mapping and a + 1 in mapping:
            pairs += 1
            ja, jb = mapping[a], mapping[a + 1]
            if op[ja][0] == op[jb][0] and ja < jb:
                kept += 1
    r["order"] = kept / max(1, pairs)

    r["spaced"] = max(0, sum(len(SPACED.findall(t)) for _, (_, t) in op)
                      - sum(len(SPACED.findall(t)) for _, (_, t) in gp))
    heads_g = [t for _, (k, t) in flatten(g, ("headline", "deck", "section", "paragraph"))
               if " " in t and (k != "paragraph" or len(t) <= 24)]
    out_lines = collections.Counter(t for s in o for _, t in s)
    r["heads_gold"] = len(heads_g)
    r["heads_ok"] = sum(1 for t in heads_g if out_lines[t] > 0)

    flat = re.sub(r"\s+", "", ot)
    fixed = 0
    for wrong, right in typos:
        w, rt = re.sub(r"\s+", "", wrong), re.sub(r"\s+", "", right)
        if rt in flat and w not in flat:
            fixed += 1
    r["typos_gold"], r["typos_fixed"] = len(typos), fixed
    return r


def load_typos(path):
    typos = collections.defaultdict(list)
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3 and not line.startswith("#"):
                typos[cols[0]].append((cols[1], cols[2]))
    return typos


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 2:
        print(__doc__)
        return 2
    gold_dir, out_dir = args[0], args[1]
    typos_path = None
    if "--typos" in argv:
        typos_path = argv[argv.index("--typos") + 1]
        args = [a for a in args if a != typos_path]
    typos = load_typos(typos_path)
    rows = {}
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".md"):
            continue
        stem = name[:-3]
        gold = open(os.path.join(gold_dir, name), encoding="utf-8").read()
        out_path = os.path.join(out_dir, name)
        out = open(out_path, encoding="utf-8").read() if os.path.exists(out_path) else ""
        rows[stem] = score_page(gold, out, typos.get(stem, []))
    tot = collections.Counter()
    for r in rows.values():
        for k, v in r.items():
            if k not in ("cer", "para_p", "para_r", "order"):
                tot[k] += v
    glen = sum(len(page_text(parse(open(os.path.join(gold_dir, s + ".md"), encoding="utf-8").read())))
               for s in rows)
    total = dict(tot)
    total["cer"] = sum(r["cer"] * len(page_text(parse(open(os.path.join(gold_dir, s + ".md"),
                       encoding="utf-8").read()))) for s, r in rows.items()) / max(1, glen)
    total["para_p"] = tot["para_exact"] / max(1, tot["para_out"])
    total["para_r"] = tot["para_exact"] / max(1, tot["para_gold"])
    total["order"] = sum(r["order"] for r in rows.values()) / max(1, len(rows))
    if "--json" in argv:
        print(json.dumps({"pages": rows, "total": total}, ensure_ascii=False, indent=1))
        return 0
    hdr = f"{'page':<28}{'cer':>7}{'lost':>6}{'added':>6}{'paraP':>7}{'paraR':>7}{'stories':>9}{'order':>7}{'spaced':>7}{'heads':>7}{'typos':>7}"
    if "--quiet" not in argv:
        print(hdr)
        for stem, r in rows.items():
            print(f"{stem:<28}{r['cer']:>7.3f}{r['lost']:>6}{r['added']:>6}{r['para_p']:>7.2f}{r['para_r']:>7.2f}"
                  f"{str(r['stories_ok'])+'/'+str(r['stories_gold']):>9}{r['order']:>7.2f}{r['spaced']:>7}"
                  f"{str(r['heads_ok'])+'/'+str(r['heads_gold']):>7}{str(r['typos_fixed'])+'/'+str(r['typos_gold']):>7}")
    t = total
    print(f"{'TOTAL':<28}{t['cer']:>7.3f}{t['lost']:>6}{t['added']:>6}{t['para_p']:>7.2f}{t['para_r']:>7.2f}"
          f"{str(t['stories_ok'])+'/'+str(t['stories_gold']):>9}{t['order']:>7.2f}{t['spaced']:>7}"
          f"{str(t['heads_ok'])+'/'+str(t['heads_gold']):>7}{str(t['typos_fixed'])+'/'+str(t['typos_gold']):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
