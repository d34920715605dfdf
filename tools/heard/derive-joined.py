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

ZWNJ = "\u200c"


# Rows read and left out by hand: phrases that read as two words as often («این کار», «یک دست»),
# compounds said with an ezafe inside («تخم‌مرغ» tokhm-e morq,
# «صرف‌نظر» sarf-e nazar: joined, the ezafe stage could not give them theirs), colloquial
# spellings (news never writes them), verbs and infinitives careful text writes apart («پی برد»,
# «اهمیت دادن»), numbers (the normalizer's), and misspellings.
REVIEWED_OUT = set("""
رئیس‌جمهور راه‌حل راه‌حل‌ها راه‌حل‌های راه‌حل‌هایشان راه‌حل‌هایی پشت‌صحنه‌ی جعبه‌ابزار
آب‌مروارید باغ‌وحش بنده‌خدا تخت‌خواب تخت‌خواب‌های تخم‌مرغ تخم‌مرغی تخم‌مرغ‌ها تخم‌مرغ‌هایش
حضرت‌عالی جناب‌عالی خط‌مشی رخت‌خواب صرف‌نظر عرض‌حال قابل‌توجه گل‌محمدی
این‌کار این‌همه یک‌دست یک‌دنده
ستاره‌هاش لب‌هام کفش‌هام چشم‌هات دست‌هاش حرف‌هاش ناخن‌هاش ریه‌هات کلاس‌هات فک‌هام ناصی‌هاش
همه‌شون همه‌مون مرده‌هان پول‌داره پول‌هاتو دیگه‌س پایین‌تره دخترونه‌تره سروکله‌شون خسته‌مون
خفه‌مون ماهگی‌مون پیغام‌هامون چنگ‌تون بدی‌هاشو حرف‌هاتو بچگی‌هامون آشپزخونه‌اس جنازه‌ست
مهمون‌داری همون‌طور کوچیک‌ترش کوچیک‌ترها یه‌جا ایده‌آلم انتخاب‌هام اشتعال‌زاست چی‌کار چی‌کاره
چی‌کارها پرغلغله‌تان جنده‌بازی
اهمیت‌دادن ترجیح‌دادن قطع‌کردن نگاه‌داشتن پی‌بردن دست‌یافتن پی‌برد پی‌بردند ورمی‌آید
هشت‌صد غول‌آسایآن ماتم‌زدهی خشنونت‌بار مناعت‌نایی برهم‌کنشمان
""".split())


def fold(text):
    return text.replace("\u064a", "\u06cc").replace("\u0649", "\u06cc").replace("\u0643", "\u06a9")


def persian_word(text):
    if not text or text[0] == ZWNJ or text[-1] == ZWNJ or ZWNJ + ZWNJ in text:
        return False
    for ch in text:
        cp = ord(ch)
        if ch == ZWNJ:
            continue
        if not 0x0600 <= cp <= 0x06FF or 0x0660 <= cp <= 0x066D or 0x06F0 <= cp <= 0x06F9 \
                or cp in (0x060C, 0x061B, 0x061F, 0x06D4, 0x0640):
            return False
    return True


def read_rules(path):
    rules = {"suffix": {}, "prefix": set(), "stem": set()}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "suffix":
            rules["suffix"][f[1]] = f[2]
        else:
            rules[f[0]].add(f[1])
    return rules


def rules_join(rules, a, b):
    """Whether the rules join word b to word a (as src/clean/spacing.c does)."""
    if a in rules["stem"]:
        return False
    when = rules["suffix"].get(b.split(ZWNJ)[0])
    if when == "word" or (when == "heh" and a.endswith("ه")) or \
            (when == "heh-or-yeh" and (a.endswith("ه") or a.endswith("ی"))):
        return True
    return a in rules["prefix"] and b not in rules["stem"]


def rules_alone(rules, pieces):
    words = list(pieces)
    i = 0
    while i + 1 < len(words):
        if rules_join(rules, words[i], words[i + 1]):
            words[i:i + 2] = [words[i] + ZWNJ + words[i + 1]]
        else:
            i += 1
    return len(words) == 1


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
    for reason, n in why.most_common():
        print(f"derive-joined: {n} rows left out: {reason}", file=sys.stderr)
    print(f"derive-joined: {len(kept)} joined forms kept", file=sys.stderr)
    print("# Spacing repair, known joined forms: where web text writes these words apart, the clean")
    print("# stage joins them with a ZWNJ (and the rules of rules.tsv go on from there). One form a line.")
    print("# Derived by tools/heard/derive-joined.py from final_map_words.csv of GE2PE")
    print("# (https://github.com/Ali-Bahrainian/GE2PE), MIT licence, (c) its authors; each row")
    print("# checked as that script says.")
    for form in sorted(kept):
        print(form)


if __name__ == "__main__":
    main()
