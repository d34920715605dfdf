/* Reading phontab and matching mnemonics as eSpeak NG 1.51's EncodePhonemes() does. */
#include "phonemes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* phontab layout (eSpeak NG synthdata.c LoadPhData): a byte with the number of tables and 3 bytes
 * of padding; per table a byte of phoneme count, a byte "includes" (1-based index of the table it
 * extends, 0 for none), 2 bytes of padding, a 32-byte name and that many 16-byte PHONEME_TABs:
 * mnemonic (4 bytes, first character in the low byte), flags (4), program (2), code (1), type (1),
 * and 4 bytes we do not need. */
enum {
    TAB_HEADER = 4, TAB_NAME = 32, PH_SIZE = 16, PH_CODE = 10, PH_TYPE = 11,
    PH_TYPE_INVALID = 15, MAX_TABLES = 150, PHONTAB_MAX_BYTES = 1 << 20,
};

typedef struct table_ref {
    size_t at;          /* offset of the first PHONEME_TAB */
    unsigned nph, includes;
    char name[TAB_NAME + 1];
} table_ref;

static unsigned char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = malloc(PHONTAB_MAX_BYTES);
    size_t n = buf ? fread(buf, 1, PHONTAB_MAX_BYTES, f) : 0;
    int too_big = buf && n == PHONTAB_MAX_BYTES && fgetc(f) != EOF;
    fclose(f);
    if (!buf || n == 0 || too_big) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Indexes the tables; returns their number, or -1 when the layout does not add up. */
static int index_tables(const unsigned char *d, size_t len, table_ref *refs)
{
    if (len < TAB_HEADER)
        return -1;
    int ntab = d[0];
    if (ntab > MAX_TABLES)
        return -1;
    size_t p = TAB_HEADER;
    for (int i = 0; i < ntab; i++) {
        if (p + 4 + TAB_NAME > len)
            return -1;
        refs[i].nph = d[p];
        refs[i].includes = d[p + 1];
        memcpy(refs[i].name, d + p + 4, TAB_NAME);
        refs[i].name[TAB_NAME] = '\0';
        p += 4 + TAB_NAME;
        refs[i].at = p;
        p += (size_t)refs[i].nph * PH_SIZE;
        if (p > len || refs[i].includes > (unsigned)ntab)
            return -1;
    }
    return p == len ? ntab : -1; /* the tables fill the file exactly: the layout is understood */
}

/* Adds table i's phonemes over those of the tables it includes, as SetUpPhonemeTable does. */
static void add_table(phoneme_set *ps, const unsigned char *d, const table_ref *refs, int i, int depth)
{
    if (refs[i].includes > 0 && depth < MAX_TABLES)
        add_table(ps, d, refs, (int)refs[i].includes - 1, depth + 1);
    for (unsigned k = 0; k < refs[i].nph; k++) {
        const unsigned char *ph = d + refs[i].at + (size_t)k * PH_SIZE;
        unsigned code = ph[PH_CODE];
        memcpy(ps->name[code], ph, 4);
        ps->name[code][4] = '\0';
        ps->type[code] = ph[PH_TYPE];
        if (ph[PH_TYPE] == PH_TYPE_INVALID)
            ps->name[code][0] = '\0'; /* "not defined for this language" */
        if (code + 1 > ps->n)
            ps->n = code + 1;
    }
}

/* Groups the codes by their mnemonic's first character (a counting sort), so that a check looks
 * only at the mnemonics that can match. */
static void index_by_first(phoneme_set *ps)
{
    unsigned short count[129] = {0};
    for (size_t code = 1; code < ps->n; code++)
        if (ps->name[code][0] && (unsigned char)ps->name[code][0] < 128)
            count[(unsigned char)ps->name[code][0] + 1]++;
    for (int c = 0; c < 128; c++)
        count[c + 1] += count[c];
    memcpy(ps->first, count, sizeof ps->first);
    for (size_t code = 1; code < ps->n; code++)
        if (ps->name[code][0] && (unsigned char)ps->name[code][0] < 128)
            ps->by_first[count[(unsigned char)ps->name[code][0]]++] = (unsigned char)code;
}

int phoneme_set_load(phoneme_set *ps, const char *data_dir, const char *table, const char **why)
{
    memset(ps, 0, sizeof *ps);
    char path[4096];
    if (snprintf(path, sizeof path, "%s/phontab", data_dir) >= (int)sizeof path) {
        *why = "eSpeak NG's data path is too long";
        return -1;
    }
    size_t len = 0;
    unsigned char *d = read_whole(path, &len);
    if (!d) {
        *why = "cannot read eSpeak NG's phoneme table (phontab)";
        return -1;
    }
    table_ref refs[MAX_TABLES];
    int ntab = index_tables(d, len, refs), found = -1;
    for (int i = 0; i < ntab && found < 0; i++)
        if (!strcmp(refs[i].name, table))
            found = i;
    if (found >= 0) {
        add_table(ps, d, refs, found, 0);
        index_by_first(ps);
    }
    free(d);
    if (ntab < 0 || found < 0) {
        *why = ntab < 0 ? "eSpeak NG's phontab has a layout this Ravi does not know"
                        : "eSpeak NG's phontab has no Persian (fa) table";
        return -1;
    }
    return 0;
}

/* Length of the longest mnemonic that starts `p` (at most 4 characters, none of them blank),
 * or 0 when none does. */
static size_t longest_mnemonic(const phoneme_set *ps, const char *p)
{
    size_t best = 0;
    unsigned char c = (unsigned char)p[0];
    if (c >= 128)
        return 0;
    for (unsigned i = ps->first[c]; i < ps->first[c + 1]; i++) {
        const char *m = ps->name[ps->by_first[i]];
        size_t k = 0;
        while (k < 4 && (unsigned char)p[k] > ' ' && p[k] == m[k])
            k++;
        if (k > best && (k == 4 || m[k] == '\0'))
            best = k;
    }
    return best;
}

/* The code of the mnemonic of length k at p (one exists: longest_mnemonic found it). */
static unsigned char code_of(const phoneme_set *ps, const char *p, size_t k)
{
    unsigned char c = (unsigned char)p[0];
    for (unsigned i = ps->first[c]; i < ps->first[c + 1]; i++) {
        const char *m = ps->name[ps->by_first[i]];
        if (strlen(m) == k && !memcmp(m, p, k))
            return ps->by_first[i];
    }
    return 0;
}

/* Cuts ph into mnemonics as eSpeak reads them, calling fn with each code; stops at the first
 * unknown piece and returns -1 (with it in *bad, *badlen), else 0. */
static int each_mnemonic(const phoneme_set *ps, const char *ph, const char **bad, size_t *badlen,
                         void (*fn)(void *ctx, unsigned char code), void *ctx)
{
    const char *p = ph;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (p[0] == '|' && p[1] != '|') { /* a lone | only separates mnemonics */
            p++;
            continue;
        }
        size_t k = longest_mnemonic(ps, p);
        if (!k) {
            *bad = p;
            *badlen = 1;
            while (((unsigned char)p[*badlen] & 0xC0) == 0x80)
                (*badlen)++;
            return -1;
        }
        if (fn)
            fn(ctx, code_of(ps, p, k));
        p += k;
    }
    return 0;
}

int phoneme_set_check(const phoneme_set *ps, const char *ph, const char **bad, size_t *badlen)
{
    return each_mnemonic(ps, ph, bad, badlen, NULL, NULL);
}

typedef struct sounds_tail {
    const phoneme_set *ps;
    unsigned char last, before;
} sounds_tail;

static void keep_sound(void *ctx, unsigned char code)
{
    sounds_tail *t = ctx;
    unsigned type = t->ps->type[code];
    if (type == PHONEME_TYPE_PAUSE || type == PHONEME_TYPE_STRESS || type == PHONEME_TYPE_VIRTUAL)
        return;
    t->before = t->last;
    t->last = code;
}

int phoneme_set_last_sounds(const phoneme_set *ps, const char *ph, unsigned char *last,
                            unsigned char *before)
{
    sounds_tail t = {ps, 0, 0};
    const char *bad;
    size_t badlen;
    int rc = each_mnemonic(ps, ph, &bad, &badlen, keep_sound, &t);
    *last = t.last;
    *before = t.before;
    return rc;
}

int phoneme_set_is_vowel(const phoneme_set *ps, unsigned char code)
{
    return code != 0 && ps->type[code] == PHONEME_TYPE_VOWEL;
}
