#!/usr/bin/env python3
"""Derives lexicon/spacing/joined.tsv from GE2PE's final_map_words.csv (MIT, see
../shared/data/ge2pe/LICENSE.GE2PE.txt): the joined forms the rules of lexicon/spacing/rules.tsv
do not make themselves. Each row is checked, and a row is kept only when
  - the correction only turns spaces, or nothing, into ZWNJs (no spelling change, nothing split
    apart): «آب بندهای» and «آببندهای» both tell that «آب‌بندهای» is written joined,
  - every piece is a word of Persian letters (Arabic ي ك folded),
  - no piece is a word the rules keep apart (a `stem`: «به این», «که ای»), and the form does not
    end in «که» or «است» (conjunctions and the copula stay words),
  - the same written form is never corrected two ways,
  - the rules alone would not join it already,
  - and it is not one of the rows read and left out by hand (REVIEWED_OUT below).
Rejected rows are counted by reason on standard error. Usage:
  derive-joined.py FINAL_MAP_WORDS_CSV RULES_TSV > lexicon/spacing/joined.tsv
"""
import collections
import csv
import sys

from spacing_lists import REVIEWED_OUT, ZWNJ, fold, persian_word, read_rules, rules_alone, write_list



def main():
    rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
    rules = read_rules(sys.argv[2])
    corrections = collections.defaultdict(set)
    for original, corrected in rows:
        corrections[fold(original)].add(fold(corrected))
    why = collections.Counter()
    kept = set()
    for original, corrected in rows:
        original, corrected = fold(original), fold(corrected)
        pieces = corrected.split(ZWNJ)
        if len(pieces) < 2 or " " in corrected or original.replace(" ", "") != corrected.replace(ZWNJ, ""):
            why["not only spaces (or nothing) made ZWNJs"] += 1
        elif not all(persian_word(p) for p in pieces):
            why["not Persian letters"] += 1
        elif any(p in rules["stem"] for p in pieces) or pieces[-1] in ("که", "است"):
            why["a word the rules keep apart"] += 1
        elif corrected in REVIEWED_OUT:
            why["left out by hand (an ezafe inside, colloquial, a verb written apart, a number, misspelt)"] += 1
        elif len(corrections[original]) > 1 or any(c != corrected and c.replace(ZWNJ, "") == corrected.replace(ZWNJ, "")
                                                   for c in corrections[corrected.replace(ZWNJ, " ")]):
            why["corrected two ways"] += 1
        elif rules_alone(rules, pieces):
            why["the rules join it already"] += 1
        elif len(corrected.split(ZWNJ)) > 4:
            why["more than four pieces"] += 1
        else:
            kept.add(corrected)
    write_list("derive-joined", "rows left out", why, kept, [
        "Spacing repair, known joined forms: where web text writes these words apart, the clean",
        "stage joins them with a ZWNJ (and the rules of rules.tsv go on from there). One form a line.",
        "Derived by tools/heard/derive-joined.py from final_map_words.csv of GE2PE",
        "(https://github.com/Ali-Bahrainian/GE2PE), MIT licence, (c) its authors; each row",
        "checked as that script says."])


if __name__ == "__main__":
    main()
