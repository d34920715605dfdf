/* Reading the homograph list from the sense lines of lexicon files: every field checked, every
 * problem reported with its file and line, like the lexicon's own lines. */
#include "list.h"
#include "../lexicon/entry.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int hg_list_init(hg_list *l)
{
    memset(l, 0, sizeof *l);
    lex_key_init(&l->scratch);
    return key_builder_init(&l->kb);
}

void hg_list_free(hg_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        hg_homograph *h = &l->words[i];
        for (size_t k = 0; k < h->nsenses; k++) {
            free(h->senses[k].phonemes);
            free(h->senses[k].upos);
            free(h->senses[k].lemma);
        }
        free(h->key);
        free(h->written);
    }
    free(l->words);
    free(l->slots);
    for (size_t i = 0; i < l->nrules; i++)
        free(l->rules[i].key);
    free(l->rules);
    free(l->rule_slots);
    key_set_free(&l->first_pieces);
    lexicon_file_list_free(&l->files);
    key_builder_free(&l->kb);
    lex_key_free(&l->scratch);
    sb_free(&l->msg);
    memset(l, 0, sizeof *l);
}

int hg_list_use_espeak_phonemes(hg_list *l, const char *espeak_data_dir, const char **why)
{
    l->check_phonemes = phoneme_set_load(&l->phonemes, espeak_data_dir, PHONEME_TABLE_FA, why) == 0;
    return l->check_phonemes ? 0 : -1;
}

const char *hg_list_file_name(const hg_list *l, unsigned file)
{
    return file < l->files.n ? l->files.paths[file] : "?";
}

/* ---- lookup --------------------------------------------------------------------------------- */

static size_t word_slot(const hg_list *l, const char *key, size_t len)
{
    size_t mask = l->nslots - 1;
    for (size_t i = (size_t)lex_hash(key, len) & mask;; i = (i + 1) & mask) {
        long at = l->slots[i];
        if (at < 0 || (l->words[at].keylen == len && !memcmp(l->words[at].key, key, len)))
            return i;
    }
}

const hg_homograph *hg_list_find(const hg_list *l, const char *key, size_t keylen)
{
    if (!l->nslots)
        return NULL;
    long at = l->slots[word_slot(l, key, keylen)];
    return at < 0 ? NULL : &l->words[at];
}

const hg_homograph *hg_list_lookup(hg_list *l, const char *written)
{
    const char *why;
    if (key_from_written(&l->kb, written, &l->scratch, &why))
        return NULL;
    return hg_list_find(l, l->scratch.key.s ? l->scratch.key.s : "", l->scratch.key.len);
}

#define HEAD_BYTES 64

int hg_list_may_be(const hg_list *l, const char *text, size_t len)
{
    if (!l->n)
        return 0;
    char buf[HEAD_BYTES];
    const char *head;
    size_t n = lex_key_head(text, len, 64, buf, sizeof buf, &head);
    return n != 0 && n != LEX_KEY_HEAD_TOO_LONG && key_set_has(&l->first_pieces, head, n);
}

static size_t rule_slot(const hg_list *l, const char *key, size_t len)
{
    size_t mask = l->nrule_slots - 1;
    for (size_t i = (size_t)lex_hash(key, len) & mask;; i = (i + 1) & mask) {
        long at = l->rule_slots[i];
        if (at < 0 || (l->rules[at].keylen == len && !memcmp(l->rules[at].key, key, len)))
            return i;
    }
}

long hg_list_rules_of(const hg_list *l, const char *key, size_t keylen)
{
    return l->nrule_slots ? l->rule_slots[rule_slot(l, key, keylen)] : -1;
}

int hg_rule_is_live(const hg_list *l, const hg_rule *r)
{
    const hg_homograph *h = &l->words[r->homograph];
    return r->sense < h->nsenses && h->senses[r->sense].file == r->file;
}

long hg_sense_index(const hg_homograph *h, const char *name)
{
    for (size_t k = 0; k < h->nsenses; k++)
        if (!strcmp(h->senses[k].name, name))
            return (long)k;
    return -1;
}

/* ---- growing the tables ----------------------------------------------------------------------- */

/* Doubles a slot table once it is half full; `key_of` gives the key of an entry. */
static int grow_slots(long **slots, size_t *nslots, size_t used, void *tab,
                      const char *(*key_of)(void *tab, long i, size_t *len))
{
    if (2 * (used + 1) <= *nslots)
        return 0;
    size_t n = *nslots ? 2 * *nslots : 64;
    long *s = malloc(n * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++)
        s[i] = -1;
    for (size_t i = 0; i < *nslots; i++) {
        long at = (*slots)[i];
        if (at < 0)
            continue;
        size_t len;
        const char *key = key_of(tab, at, &len);
        size_t j = (size_t)lex_hash(key, len) & (n - 1);
        while (s[j] >= 0)
            j = (j + 1) & (n - 1);
        s[j] = at;
    }
    free(*slots);
    *slots = s;
    *nslots = n;
    return 0;
}

static const char *word_key(void *tab, long i, size_t *len)
{
    hg_list *l = tab;
    *len = l->words[i].keylen;
    return l->words[i].key;
}

static const char *rule_key(void *tab, long i, size_t *len)
{
    hg_list *l = tab;
    *len = l->rules[i].keylen;
    return l->rules[i].key;
}

/* The homograph of key k (added when new): its index, or -1 when out of memory. */
static long homograph_of(hg_list *l, const lex_key *k, const char *written)
{
    if (grow_slots(&l->slots, &l->nslots, l->n, l, word_key))
        return -1;
    size_t slot = word_slot(l, k->key.s, k->key.len);
    if (l->slots[slot] >= 0)
        return l->slots[slot];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        hg_homograph *w = realloc(l->words, cap * sizeof *w);
        if (!w)
            return -1;
        l->words = w;
        l->cap = cap;
    }
    hg_homograph *h = &l->words[l->n];
    memset(h, 0, sizeof *h);
    h->key = xstrndup(k->key.s, k->key.len);
    h->keylen = k->key.len;
    h->written = xstrndup(written, strlen(written));
    size_t first = strcspn(h->key ? h->key : "", " ");
    if (!h->key || !h->written || key_set_add(&l->first_pieces, h->key, first)) {
        free(h->key);
        free(h->written);
        return -1;
    }
    l->slots[slot] = (long)l->n;
    return (long)l->n++;
}

static int add_rule(hg_list *l, const char *key, size_t len, unsigned homograph, unsigned sense,
                    unsigned file, int kind)
{
    if (grow_slots(&l->rule_slots, &l->nrule_slots, l->nrules, l, rule_key))
        return -1;
    if (l->nrules == l->rcap) {
        size_t cap = l->rcap ? 2 * l->rcap : 64;
        hg_rule *r = realloc(l->rules, cap * sizeof *r);
        if (!r)
            return -1;
        l->rules = r;
        l->rcap = cap;
    }
    hg_rule *r = &l->rules[l->nrules];
    if (!(r->key = xstrndup(key, len)))
        return -1;
    r->keylen = len;
    r->homograph = homograph;
    r->sense = sense;
    r->file = file;
    r->kind = (unsigned char)kind;
    size_t slot = rule_slot(l, key, len);
    r->next = l->rule_slots[slot]; /* the newest first: a later file's rule is tried first */
    l->rule_slots[slot] = (long)l->nrules++;
    return 0;
}

/* ---- reading a sense line --------------------------------------------------------------------- */

typedef struct loader {
    hg_list *l;
    unsigned file;
    lex_report_fn report;
    void *ctx;
    long bad;
    int oom;
} loader;

/* The fields of a sense line, pointing into it. */
typedef struct sense_fields {
    const char *name;
    char *after, *before, *cue, *upos, *lemma;
    int is_default, rare;
} sense_fields;

static long bad_line(loader *ld, unsigned line, const char *fmt, ...) RAVI_PRINTF(3, 4);
static long bad_line(loader *ld, unsigned line, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    ld->bad++;
    ld->report(ld->ctx, hg_list_file_name(ld->l, ld->file), line, 1, why);
    return -1;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '?' || c == '_' || c == '-';
}

static char *trim_field(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* A comment starts at a # at the field's start or after a blank. Returns 1 when one was cut. */
static int cut_comment(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return 1;
        }
    return 0;
}

static long parse_field(loader *ld, unsigned line, char *field, sense_fields *sf)
{
    static const struct { const char *prefix; size_t off; } lists[] = {
        {"after:", offsetof(sense_fields, after)},   {"before:", offsetof(sense_fields, before)},
        {"cue:", offsetof(sense_fields, cue)},       {"upos:", offsetof(sense_fields, upos)},
        {"lemma:", offsetof(sense_fields, lemma)},
    };
    if (!strcmp(field, "default") || !strcmp(field, "rare")) {
        *(field[0] == 'd' ? &sf->is_default : &sf->rare) = 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        size_t n = strlen(lists[i].prefix);
        if (strncmp(field, lists[i].prefix, n))
            continue;
        char *value = trim_field(field + n);
        if (!*value)
            return bad_line(ld, line, "empty '%s' field", lists[i].prefix);
        *(char **)((char *)sf + lists[i].off) = value;
        return 0;
    }
    return bad_line(ld, line, "unknown field '%s' (expected after:, before:, cue:, default, rare, upos: or lemma:)",
                    field);
}

/* Splits "sense:NAME<TAB>field..." into sf. Returns 0, or -1 after reporting. */
static long parse_fields(loader *ld, unsigned line, char *text, sense_fields *sf)
{
    memset(sf, 0, sizeof *sf);
    int ended = 0;
    for (char *field = text; field && !ended;) {
        char *tab = strchr(field, '\t');
        if (tab)
            *tab = '\0';
        ended = cut_comment(field);
        char *f = trim_field(field);
        field = tab ? tab + 1 : NULL;
        if (!*f)
            continue;
        if (!sf->name) { /* the first field: lex_parse_line saw that it starts "sense:" */
            const char *name = f + 6;
            size_t n = strlen(name);
            if (n == 0 || n > HG_MAX_NAME)
                return bad_line(ld, line, "a sense name has 1 to 32 characters: '%s'", f);
            for (size_t i = 0; i < n; i++)
                if (!is_name_char(name[i]))
                    return bad_line(ld, line, "a sense name is ASCII letters, digits, ? _ - : '%s'", f);
            sf->name = name;
            continue;
        }
        if (parse_field(ld, line, f, sf))
            return -1;
    }
    return 0;
}

/* The written form is one word, as the reader cuts text into tokens. */
static int is_one_word(key_builder *kb, const char *written)
{
    segmenter_start(&kb->sg, written, strlen(written), 0, 1);
    int r = segmenter_next(&kb->sg, &kb->sent);
    return r > 0 && kb->sent.n == 1 && kb->sent.tok[0].kind == TOK_WORD &&
           segmenter_next(&kb->sg, &kb->sent) == 0;
}

/* The key of one word of a rule or of the written form into l->scratch. Returns 0, or -1 after
 * reporting (or when out of memory). */
static long key_of_word(loader *ld, unsigned line, const char *word)
{
    const char *why;
    if (!is_one_word(&ld->l->kb, word))
        return bad_line(ld, line, "'%s' is not one word as Ravi reads words (letters, no space or punctuation)", word);
    if (key_from_written(&ld->l->kb, word, &ld->l->scratch, &why)) {
        if (!why) {
            ld->oom = 1;
            return -1;
        }
        return bad_line(ld, line, "%s", why);
    }
    return 0;
}

static long add_rules(loader *ld, unsigned line, char *words, unsigned homograph, unsigned sense, int kind)
{
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (key_of_word(ld, line, w))
            return -1;
        if (add_rule(ld->l, ld->l->scratch.key.s, ld->l->scratch.key.len, homograph, sense, ld->file, kind)) {
            ld->oom = 1;
            return -1;
        }
    }
    return 0;
}

static int check_phonemes(loader *ld, unsigned line, const char *ph)
{
    const char *badp;
    size_t badlen;
    if (!ld->l->check_phonemes || !phoneme_set_check(&ld->l->phonemes, ph, &badp, &badlen))
        return 0;
    char piece[16];
    snprintf(piece, sizeof piece, "%.*s", (int)(badlen < 15 ? badlen : 15), badp);
    bad_line(ld, line, "unknown phoneme '%s': eSpeak NG's Persian table has no such name and would "
             "drop it with the rest of the word", piece);
    return -1;
}

static char *copy_or_null(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *c = xstrndup(s, strlen(s));
    *oom |= c == NULL;
    return c;
}

/* 1 when every word class in `upos` (space-separated) is a verb's, VERB or AUX: worked out once,
 * as the sense is read, for the stage and the affix cut that ask for each word. */
static int upos_is_verb(const char *upos)
{
    const char *p = upos;
    if (!p || !*p)
        return 0;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (!((n == 4 && !strncmp(p, "VERB", 4)) || (n == 3 && !strncmp(p, "AUX", 3))))
            return 0;
        p += n;
        p += strspn(p, " ");
    }
    return 1;
}

/* Stores sense sf of homograph h: a new one, or over the same name from an earlier file. */
static long store_sense(loader *ld, unsigned line, hg_homograph *h, const sense_fields *sf,
                        const char *ph, long *index)
{
    long k = hg_sense_index(h, sf->name);
    if (k >= 0 && h->senses[k].file == ld->file) {
        return bad_line(ld, line, "sense %s of «%s» already given on line %u of this file", sf->name,
                        h->written, h->senses[k].line);
    }
    if (k < 0) {
        if (h->nsenses == HG_MAX_SENSES)
            return bad_line(ld, line, "more than %d senses of «%s»", HG_MAX_SENSES, h->written);
        k = (long)h->nsenses++;
        memset(&h->senses[k], 0, sizeof h->senses[k]);
        snprintf(h->senses[k].name, sizeof h->senses[k].name, "%s", sf->name);
    } else { /* a note, not an error: that is how a user file corrects a shipped sense */
        sb_reset(&ld->l->msg);
        ld->oom |= sb_printf(&ld->l->msg, "overrides sense %s of %s:%u ([[%s]])", h->senses[k].name,
                             hg_list_file_name(ld->l, h->senses[k].file), h->senses[k].line,
                             h->senses[k].phonemes) != 0;
        ld->report(ld->ctx, hg_list_file_name(ld->l, ld->file), line, 0,
                   ld->l->msg.s ? ld->l->msg.s : "overrides a sense");
    }
    hg_sense *s = &h->senses[k];
    free(s->phonemes);
    free(s->upos);
    free(s->lemma);
    int oom = 0;
    s->phonemes = copy_or_null(ph, &oom);
    s->upos = copy_or_null(sf->upos, &oom);
    s->lemma = copy_or_null(sf->lemma, &oom);
    s->file = ld->file;
    s->line = line;
    s->rare = sf->rare;
    s->is_verb = upos_is_verb(s->upos);
    if (oom) {
        ld->oom = 1;
        return -1;
    }
    if (sf->is_default)
        h->default_sense = (size_t)k;
    *index = k;
    return 0;
}

static long add_sense(loader *ld, unsigned line, const lex_line *ll)
{
    sense_fields sf;
    if (parse_fields(ld, line, ll->sense, &sf))
        return -1;
    if (!ll->is_phonemes)
        return bad_line(ld, line, "a homograph sense is said in eSpeak phonemes: [[...]], not '%s'", ll->pron);
    if (strchr(ll->pron, ' '))
        return bad_line(ld, line, "a homograph sense is one word: [[%s]] has a space", ll->pron);
    if (check_phonemes(ld, line, ll->pron) || key_of_word(ld, line, ll->written))
        return -1;
    long h = homograph_of(ld->l, &ld->l->scratch, ll->written);
    if (h < 0) {
        ld->oom = 1;
        return -1;
    }
    long k = 0;
    if (store_sense(ld, line, &ld->l->words[h], &sf, ll->pron, &k))
        return -1;
    if ((sf.after && add_rules(ld, line, sf.after, (unsigned)h, (unsigned)k, HG_RULE_AFTER)) ||
        (sf.before && add_rules(ld, line, sf.before, (unsigned)h, (unsigned)k, HG_RULE_BEFORE)) ||
        (sf.cue && add_rules(ld, line, sf.cue, (unsigned)h, (unsigned)k, HG_RULE_CUE)))
        return -1;
    return 0;
}

static int add_line(void *ctx, char *text, size_t len, unsigned line)
{
    loader *ld = ctx;
    char why[256];
    lex_line ll;
    /* lines that are not senses, and bad lines, are the lexicon's to report */
    if (lex_parse_line(text, len, &ll, why, sizeof why) != LINE_ENTRY || !ll.sense)
        return 0;
    add_sense(ld, line, &ll);
    return ld->oom ? -1 : 0;
}

long hg_list_load_stream(hg_list *l, FILE *f, const char *name, lex_report_fn report, void *ctx)
{
    loader ld = {l, (unsigned)l->files.n, report, ctx, 0, 0};
    if (lexicon_file_list_add(&l->files, name)) {
        report(ctx, name, 0, 1, "out of memory");
        return -1;
    }
    int rc = lex_for_each_line(f, add_line, &ld);
    if (rc) {
        report(ctx, name, 0, 1, rc == LEX_READ_ERROR ? "read error" : "out of memory");
        return -1;
    }
    return ld.bad;
}

long hg_list_load_file(hg_list *l, const char *path, lex_report_fn report, void *ctx)
{
    FILE *f = lex_open_file(path);
    if (!f) {
        report(ctx, path, 0, 1, strerror(errno));
        return -1;
    }
    long r = hg_list_load_stream(l, f, path, report, ctx);
    fclose(f);
    return r;
}

static long load_into_list(void *l, const char *path, lex_report_fn report, void *ctx)
{
    return hg_list_load_file(l, path, report, ctx);
}

long hg_list_load_defaults(hg_list *l, const ravi_config *cfg, lex_report_fn report, void *ctx)
{
    return lexicon_load_each_default(cfg, load_into_list, l, report, ctx);
}
