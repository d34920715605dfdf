#include "affixed.h"

#include <string.h>

/* A stem shorter than this is no homograph read inside a word: bytes (two Persian letters), and
 * after a suffix written joined, without a ZWNJ (three: «قدرت» is no «قدر» + «ت», «تنها» no «تن» +
 * «ها»). */
#define MIN_STEM 4
#define MIN_JOINED_STEM 6

/* Which senses a word with these affixes may mean: after a verb prefix only the verb senses (none
 * when the word has none: «ب» + «رد» is no verb). ب and ن written joined are cut before a word
 * with a verb sense too («نکرد», «نمرد», «بکش», «برود»): a word that is itself on the list
 * («نشست», «نبرد») was found whole first, and on PerDT's training text every word the cut
 * reaches so is the verb («بکند», «برود», «بدهم», «ببرید», «نشوید»). */
static unsigned senses_for(const hg_homograph *h, const spacing_affix *prefix)
{
    unsigned all = (1u << h->nsenses) - 1, verbs = 0;
    if (!prefix)
        return all;
    for (size_t k = 0; k < h->nsenses; k++)
        if (h->senses[k].is_verb)
            verbs |= 1u << k;
    return verbs;
}

/* The suffix that key[0..len) ends with: after a space (a ZWNJ) any of them, joined those that
 * may be written so. Tries the longest first; *stem_end is where the stem ends. */
static const spacing_affix *suffix_of(const spacing_rules *a, const char *key, size_t start, size_t len,
                                      size_t *stem_end)
{
    const spacing_affix *best = NULL;
    for (size_t i = 0; i < a->naffixes; i++) {
        const spacing_affix *x = &a->affixes[i];
        size_t n = x->len;
        if (x->is_prefix || n >= len - start || memcmp(key + len - n, x->piece, n) ||
            (best && best->len >= n))
            continue;
        size_t end = len - n;
        if (key[end - 1] == ' ' && end - 1 - start >= MIN_STEM) {
            best = x;
            *stem_end = end - 1;
        } else if (x->joined && key[end - 1] != ' ' && end - start >= MIN_JOINED_STEM) {
            best = x;
            *stem_end = end;
        }
    }
    return best;
}

static int try_stem(const hg_list *l, const char *key, size_t start, size_t end, const spacing_affix *prefix,
                    const spacing_affix *suffix, hg_affixed *out)
{
    const hg_homograph *h = hg_list_find(l, key + start, end - start);
    if (!h)
        return 0;
    unsigned senses = senses_for(h, prefix);
    if (!senses)
        return 0;
    *out = (hg_affixed){h, prefix, suffix, senses};
    return 1;
}

int hg_find_affixed(const hg_list *l, const spacing_rules *a, const char *key, size_t len, hg_affixed *out)
{
    const hg_homograph *h = hg_list_find(l, key, len);
    if (h) {
        *out = (hg_affixed){h, NULL, NULL, (1u << h->nsenses) - 1};
        return 1;
    }
    if (!a)
        return 0;
    size_t stem_end = len;
    const spacing_affix *suffix = suffix_of(a, key, 0, len, &stem_end);
    if (suffix && try_stem(l, key, 0, stem_end, NULL, suffix, out))
        return 1;
    /* a prefix, then maybe a suffix too: «نمی‌خنداندشان» */
    for (size_t i = 0; i < a->naffixes; i++) {
        const spacing_affix *p = &a->affixes[i];
        size_t n = p->len;
        if (!p->is_prefix || n + MIN_STEM > len || memcmp(key, p->piece, n))
            continue;
        int apart = key[n] == ' ';
        if (!apart && !p->joined)
            continue;
        size_t start = n + (size_t)apart;
        if (len - start < MIN_STEM)
            continue;
        if (try_stem(l, key, start, len, p, NULL, out))
            return 1;
        size_t end = len;
        const spacing_affix *s = suffix_of(a, key, start, len, &end);
        if (s && try_stem(l, key, start, end, p, s, out))
            return 1;
    }
    return 0;
}

int hg_may_be_affixed(const hg_list *l, const spacing_rules *a, const char *text, size_t len)
{
    /* the word alone, or a suffix after a ZWNJ: the stem is the first piece, which it tests */
    if (hg_list_may_be(l, text, len))
        return 1;
    if (!a || !a->naffixes || len < MIN_STEM + 2)
        return 0;
    if (!a->prefix_second_byte[(unsigned char)text[1]] && !a->joined_suffix_last_byte[(unsigned char)text[len - 1]])
        return 0; /* most words */
    /* a suffix after a ZWNJ was the first test's */
    for (size_t i = 0; i < a->njoinable; i++) {
        const spacing_affix *x = &a->affixes[a->joinable[i]];
        size_t n = x->len;
        if (n + MIN_STEM > len)
            continue;
        if (x->is_prefix && text[0] == x->piece[0] && !memcmp(text, x->piece, n)) {
            int zwnj = !memcmp(text + n, "\xE2\x80\x8C", len - n >= 3 ? 3 : len - n);
            if ((zwnj || x->joined) && hg_list_may_be(l, text + n + (zwnj ? 3 : 0), len - n - (zwnj ? 3 : 0)))
                return 1;
        } else if (!x->is_prefix && text[len - 1] == x->piece[n - 1] && !memcmp(text + len - n, x->piece, n) &&
                   hg_list_may_be(l, text, len - n)) {
            return 1;
        }
    }
    return 0;
}

static int ends_in_vowel(const char *ph)
{
    size_t n = strlen(ph);
    while (n > 0 && strchr("',:", ph[n - 1]))
        n--; /* length and stress marks */
    return n > 0 && strchr("aeiouAEO@", ph[n - 1]);
}

int hg_affixed_phonemes(const hg_affixed *a, const char *sense_phonemes, strbuf *out)
{
    sb_reset(out);
    const spacing_affix *s = a->suffix;
    const char *after = !s ? "" : s->after_vowel && ends_in_vowel(sense_phonemes) ? s->after_vowel : s->after_consonant;
    return sb_printf(out, "%s%s%s", a->prefix ? a->prefix->after_consonant : "", sense_phonemes, after);
}

hg_own_affixes hg_affixed_own(const hg_affixed *a)
{
    return (hg_own_affixes){a->prefix ? a->prefix->piece : NULL, a->suffix ? a->suffix->piece : NULL};
}
