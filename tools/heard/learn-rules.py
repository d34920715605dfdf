#!/usr/bin/env python3
"""Learns lexicon/spacing/learned-rules.tsv from the text of PerDT's training split
(../shared/data/ud-persian/perdt-train-tokens.txt, CC BY-SA 4.0): the productive pieces of
compounds, which join words no list knows. Each word written with a ZWNJ is cut down to its
compound as learn-joined.py does; of the compounds of two pieces, a second piece («‌خوار»,
«‌نژاد») becomes a `suffix` rule and a first piece («بازمی‌», «بنی‌») a `prefix` rule when
  - it joins at least MIN_TYPES different words,
  - the text writes it joined to a word at least PRECISION of the times it stands next to one
    (a Persian word that is no `stem` of rules.tsv), joined or apart,
  - it is seldom a word of its own: after (or, a prefix, before) a stem word, a number,
    punctuation or a sentence's edge, where it can be no piece of a compound, at most FREE
    times for each time it is joined,
  - and it is at least two letters, no stem, no light verb's participle, no rule already, and
    not one of the pieces left out by hand (REVIEWED_OUT_PIECES).
A light verb's participle («شده», «کرده»: VERB_PARTS) is a verb after a word more often than not
(«انجام شده است»), but an adjective before some words («آمار استخراج‌شده را»): each word after
which the text writes the participles joined at least CUE_SHARE of the times, seen at least
CUE_SEEN times, is a `participle-cue`, and each participle it writes joined at least once a
`participle`. Each pair the text writes apart at least as often as joined («چوبهٔ دار») is kept apart
(`apart` lines). The treebanks' dev and test sentences, on which `make eval` measures spacing,
are not read.
Usage:
  learn-rules.py PERDT_TRAIN_TOKENS RULES_TSV > lexicon/spacing/learned-rules.tsv
"""
import collections
import sys

from spacing_lists import VERB_PARTS, ZWNJ, compound, persian_word, read_rules, read_tokens

MIN_TYPES = 4
PRECISION = 0.85
FREE = 0.1
CUE_SHARE = 0.75
CUE_SEEN = 10
# Pieces read and left out by hand: words of their own in news, whatever the training text says
# («قلعه» a castle, «قلعهٔ الموت» said with an ezafe; «تله» a trap; «ابی» a name).
REVIEWED_OUT_PIECES = {"قلعه", "تله", "ابی"}


def plain_word(rules, w):
    return persian_word(w) and ZWNJ not in w and w not in rules["stem"]


def learn(rules, tokens, side):
    """The rules for one side (1: suffixes, the second piece; 0: prefixes, the first) and their
    apart pairs, with counts for the report."""
    other = 1 - side
    joined = collections.defaultdict(collections.Counter)
    for t in tokens:
        if ZWNJ in t and persian_word(t):
            c = compound(rules, t.split(ZWNJ))
            if len(c) == 2:
                joined[c[side]][c[other]] += 1
    apart = collections.defaultdict(collections.Counter)
    free = collections.Counter()
    for i, piece in enumerate(tokens):
        if piece not in joined:
            continue
        j = i - 1 if side else i + 1
        neighbour = tokens[j] if 0 <= j < len(tokens) else ""
        if plain_word(rules, neighbour):
            apart[piece][neighbour] += 1
        elif ZWNJ not in neighbour:
            free[piece] += 1
    known = set(rules["suffix"]) if side else rules["prefix"]
    kept, why = [], collections.Counter()
    for piece, words in joined.items():
        n, off = sum(words.values()), sum(apart[piece].values())
        if len(words) < MIN_TYPES:
            why["joins too few words"] += 1
        elif piece in known or piece in rules["stem"] or piece in VERB_PARTS or len(piece) < 2:
            why["a rule, a stem, a participle or one letter"] += 1
        elif piece in REVIEWED_OUT_PIECES:
            why["left out by hand"] += 1
        elif n < PRECISION * (n + off):
            why["written apart too often"] += 1
        elif free[piece] > FREE * n:
            why["a word of its own"] += 1
        else:
            pairs = [(w, piece) if side else (piece, w) for w, k in apart[piece].items() if k >= words[w]]
            kept.append((piece, pairs))
    return kept, why


def learn_participles(rules, tokens):
    """The participles the text joins to a word, and the words after which it joins them."""
    joined, apart, seen = collections.Counter(), collections.Counter(), collections.Counter()
    for i in range(1, len(tokens) - 1):
        t, after = tokens[i], tokens[i + 1]
        pieces = t.split(ZWNJ)
        if len(pieces) >= 2 and pieces[-1] in VERB_PARTS and persian_word(t):
            joined[after] += 1
            seen[pieces[-1]] += 1
        elif t in VERB_PARTS and plain_word(rules, tokens[i - 1]):
            apart[after] += 1
    cues = sorted(w for w in joined if persian_word(w) and joined[w] + apart[w] >= CUE_SEEN and
                  joined[w] >= CUE_SHARE * (joined[w] + apart[w]))
    return sorted(seen), cues


def main():
    tokens = read_tokens(sys.argv[1])
    rules = read_rules(sys.argv[2])
    print("# Spacing repair, rules learned from careful text: the pieces that PerDT's training text")
    print("# joins to many words with a ZWNJ and seldom writes apart or alone (tools/heard/")
    print("# learn-rules.py, make learn-joined), in the format of rules.tsv; `apart` pairs are ones")
    print("# that text writes apart. Computed from the text of PerDT's training split (Rasooli et")
    print("# al.), CC BY-SA 4.0, so this file is shared under CC BY-SA 4.0.")
    for side, kind in ((1, "suffix"), (0, "prefix")):
        kept, why = learn(rules, tokens, side)
        for reason, n in why.most_common():
            print(f"learn-rules: {n} {kind} pieces left out: {reason}", file=sys.stderr)
        print(f"learn-rules: {len(kept)} {kind} rules kept", file=sys.stderr)
        for piece, pairs in sorted(kept):
            print(f"{kind}\t{piece}\tword" if side else f"{kind}\t{piece}")
            for a, b in sorted(pairs):
                print(f"apart\t{a}{ZWNJ}{b}")
    participles, cues = learn_participles(rules, tokens)
    print(f"learn-rules: {len(participles)} participles, {len(cues)} cues", file=sys.stderr)
    for word in participles:
        print(f"participle\t{word}")
    for word in cues:
        print(f"participle-cue\t{word}")


if __name__ == "__main__":
    main()
