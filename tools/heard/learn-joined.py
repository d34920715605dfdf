#!/usr/bin/env python3
"""Learns lexicon/spacing/learned.tsv from the text of PerDT's training split
(../shared/data/ud-persian/perdt-train-tokens.txt, CC BY-SA 4.0): the compounds careful text
writes with a ZWNJ and that the rules of lexicon/spacing/rules.tsv and the hand-checked lists do
not join already. A word of that text with a ZWNJ is cut down to its compound: the pieces the
rules join (a plural, a personal ending after ه, the prefix می) are taken off its ends, so
«رشته‌کوه‌های» teaches «رشته‌کوه». A compound is kept when
  - it has two to four pieces, every one a word of Persian letters, none a word the rules keep
    apart (a `stem`), and it does not end in «که», «است» or a light verb's participle (VERB_PARTS),
  - the text writes it joined more often than as the same words apart (a singleton joined once
    and never apart is kept: careful text's spelling is the evidence),
  - it is not one of the forms left out by hand (spacing_lists.REVIEWED_OUT),
  - and neither the rules alone nor a hand-checked list (the LIST arguments) join it already.
The treebanks' dev and test sentences, on which `make eval` measures spacing, are not read.
Usage:
  learn-joined.py PERDT_TRAIN_TOKENS RULES_TSV[,RULES_TSV...] [LIST...] > lexicon/spacing/learned.tsv
"""
import collections
import sys

from spacing_lists import (REVIEWED_OUT, VERB_PARTS, ZWNJ, compound, persian_word, read_rules, read_tokens, rules_alone,
                           write_list)


def read_list(path):
    return {line.strip() for line in open(path, encoding="utf-8") if line.strip() and not line.startswith("#")}


def main():
    tokens = read_tokens(sys.argv[1])
    rule_files = sys.argv[2].split(",")
    rules = read_rules(*rule_files)
    listed = set().union(*(read_list(path) for path in sys.argv[3:]))
    joined = collections.Counter()
    for t in tokens:
        if ZWNJ in t and persian_word(t):
            c = compound(rules, t.split(ZWNJ))
            if 2 <= len(c) <= 4:
                joined[c] += 1
    apart = collections.Counter()
    for n in {len(c) for c in joined}:
        for i in range(len(tokens) - n + 1):
            words = tuple(tokens[i:i + n])
            if words in joined:
                apart[words] += 1
    why = collections.Counter()
    kept = []
    for pieces, n in joined.items():
        form = ZWNJ.join(pieces)
        if apart[pieces] >= n:
            why["written apart as often"] += 1
        elif pieces[-1] in VERB_PARTS:
            why["a participle of a light verb"] += 1
        elif any(p in rules["stem"] for p in pieces) or pieces[-1] in ("که", "است"):
            why["a word the rules keep apart"] += 1
        elif form in REVIEWED_OUT:
            why["left out by hand"] += 1
        elif form in listed:
            why["in a hand-checked list"] += 1
        elif rules_alone(rules, pieces):
            why["the rules join it already"] += 1
        else:
            kept.append(form)
    write_list("learn-joined", "compounds left out", why, kept, [
        "Spacing repair, joined forms learned from careful text: compounds that PerDT's training",
        "text writes with a ZWNJ more often than apart (tools/heard/learn-joined.py, make",
        "learn-joined). Computed from the text of PerDT's training split (Rasooli et al.),",
        "CC BY-SA 4.0, so this file is shared under CC BY-SA 4.0. One form a line."])


if __name__ == "__main__":
    main()
