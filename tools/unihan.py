"""Shared readers for the data generators: Unihan properties and character frequencies."""
import bz2, collections


def props(unihan_dir, name, key):
    """One Unihan property (`key`) from the file `name`: character -> value."""
    out = {}
    with bz2.open(f"{unihan_dir}/{name}", "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("U+"):
                cp, k, v = line.rstrip("\n").split("\t")
                if k == key:
                    out[chr(int(cp[2:], 16))] = v
    return out


def char_freq(jieba_dict):
    """How often each character occurs in jieba's dictionary, weighted by word frequency."""
    freq = collections.Counter()
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                for c in parts[0]:
                    freq[c] += int(parts[1])
    return freq


def common_chars(top):
    """The `top` most frequent CJK ideographs of jieba's dictionary (data/jieba/dict.txt)."""
    import os
    freq = char_freq(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "newsclean_core", "data", "jieba", "dict.txt"))
    return [c for c, _ in freq.most_common() if "\u4e00" <= c <= "\u9fff"][:top]
