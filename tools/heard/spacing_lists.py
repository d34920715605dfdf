"""What the spacing list tools (derive-joined.py, learn-joined.py) share: Persian letters, Arabic
letters folded, and the rules of lexicon/spacing/rules.tsv applied as src/clean/spacing.c applies
them, so that a list holds only the joined forms the rules do not make themselves."""

ZWNJ = "\u200c"

# Joined forms read and left out by hand, whatever a list says: phrases that read as two words as
# often («این کار», «یک دست»), compounds said with an ezafe inside («تخم‌مرغ» tokhm-e morq,
# «صرف‌نظر» sarf-e nazar: joined, the ezafe stage could not give them theirs), colloquial
# spellings (news never writes them), verbs and infinitives careful text writes apart («پی برد»,
# «اهمیت دادن»), numbers (the normalizer's), and misspellings; of the forms learned from PerDT,
# those whose two words are common alone and read as a phrase as often («یک زبان», «ایران بخش»).
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
هیچ‌هیچ این‌جهانی یک‌زبان یک‌رنگ ایران‌بخش ایران‌دوست دانش‌آموزش
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


def read_rules(*paths):
    """The rules of rules.tsv files (the hand-written one, learned-rules.tsv) together."""
    rules = {"suffix": {}, "prefix": set(), "stem": set(), "apart": set()}
    for line in (line for path in paths for line in open(path, encoding="utf-8")):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "suffix":
            rules["suffix"][f[1]] = f[2]
        elif f[0] in rules:
            rules[f[0]].add(f[1])  # affix-prefix, affix-suffix: the homograph stage's, never joined
    return rules


def rules_join(rules, a, b):
    """Whether the rules join word b to word a (as src/clean/spacing.c does)."""
    if a in rules["stem"] or a + ZWNJ + b.split(ZWNJ)[0] in rules["apart"]:
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


def write_list(tool, left_out, why, kept, header):
    """Counts the rows left out by reason on standard error, then prints the header's comment
    lines and the kept forms, sorted, to standard output."""
    import sys
    for reason, n in why.most_common():
        print(f"{tool}: {n} {left_out}: {reason}", file=sys.stderr)
    print(f"{tool}: {len(kept)} joined forms kept", file=sys.stderr)
    for line in header:
        print("# " + line)
    for form in sorted(kept):
        print(form)


# Participles of the light verbs: PerDT joins «استخراج‌شده» as an adjective, but news writes the
# passive and compound verbs apart («نوشته شده‌اند», «انجام شده است»), and joined they would read
# as one adjective (one stress, an ezafe before them).
VERB_PARTS = set("""
شده شدهٔ نشده نشدهٔ کرده کردهٔ نکرده نکردهٔ گرفته گرفتهٔ داده دادهٔ یافته یافتهٔ
""".split())


def compound(rules, pieces):
    """The pieces of a written word left when the rules' affixes are taken off its ends."""
    p = list(pieces)
    while len(p) >= 2 and p[-1] not in rules["prefix"] and rules_join(rules, p[-2], p[-1]):
        p.pop()
    while len(p) >= 2 and p[0] in rules["prefix"] and p[1] not in rules["stem"]:
        p.pop(0)
    return tuple(p)


def read_tokens(path):
    """The text's words: PerDT writes a compound verb as one token with a space («شده است»)."""
    return [word for line in open(path, encoding="utf-8") for word in (fold(line).split() or [""])]
