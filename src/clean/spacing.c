/* Spacing repair: the files' syntax and the joining (see spacing.h). */
#include "spacing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ZWNJ_UTF8 "\xE2\x80\x8C"
#define ZWNJ 0x200Cu
#define MAX_JOINED_PIECES 4

static const char *const after_names[AFTER_KINDS] = {"word", "heh", "heh-or-yeh"};

void spacing_rules_init(spacing_rules *r)
{
    memset(r, 0, sizeof *r);
    sb_init(&r->scratch);
}

void spacing_rules_free(spacing_rules *r)
{
    for (int k = 0; k < AFTER_KINDS; k++)
        key_set_free(&r->suffix[k]);
    key_set_free(&r->prefix);
    key_set_free(&r->stem);
    key_set_free(&r->joined);
    key_set_free(&r->apart);
    key_set_free(&r->participle);
    key_set_free(&r->participle_cue);
    key_set_free(&r->heads);
    for (size_t i = 0; i < r->naffixes; i++) {
        free(r->affixes[i].piece);
        free(r->affixes[i].after_consonant);
        free(r->affixes[i].after_vowel);
    }
    free(r->affixes);
    free(r->joinable);
    sb_free(&r->scratch);
    memset(r, 0, sizeof *r);
}

/* A letter of the Arabic script as Persian writes words (digits and punctuation are not). */
static int is_persian_letter(uint32_t cp)
{
    if (cp < 0x0600 || cp > 0x06FF)
        return 0;
    return !(cp >= 0x0660 && cp <= 0x066D) && !(cp >= 0x06F0 && cp <= 0x06F9) && cp != 0x060C &&
           cp != 0x061B && cp != 0x061F && cp != 0x06D4 && cp != 0x0640;
}

/* Persian letters (and their marks), a ZWNJ only between them; *pieces counts the ZWNJ-parts. */
static int is_persian_word(const char *text, size_t n, size_t *pieces)
{
    size_t parts = 1;
    int after_letter = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(text + i, n - i, &cp);
        if (cp == ZWNJ) {
            if (!after_letter)
                return 0;
            parts++;
            after_letter = 0;
        } else if (is_persian_letter(cp)) {
            after_letter = 1;
        } else {
            return 0;
        }
    }
    if (pieces)
        *pieces = parts;
    return n > 0 && after_letter;
}

/* ---- the files ---------------------------------------------------------------------------- */

typedef struct reader {
    FILE *f;
    const char *name;
    unsigned line;
    char *buf;
    size_t cap;
    long bad;
    spacing_report_fn report;
    void *ctx;
} reader;

/* The next line that is not blank or a comment, without its line end; NULL at the end. */
static char *next_line(reader *rd, size_t *len)
{
    ssize_t got;
    while ((got = getline(&rd->buf, &rd->cap, rd->f)) >= 0) {
        rd->line++;
        char *p = rd->buf;
        size_t n = (size_t)got;
        if (rd->line == 1 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
            p += 3;
            n -= 3;
        }
        while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
            p[--n] = '\0';
        if (n == 0 || p[0] == '#')
            continue;
        *len = n;
        return p;
    }
    return NULL;
}

static void bad_line(reader *rd, const char *why)
{
    rd->bad++;
    if (rd->report)
        rd->report(rd->ctx, rd->name, rd->line, why);
}

/* "[[phonemes]]" without its brackets, or NULL when the field is not one. */
static char *phonemes_field(const char *f)
{
    size_t n = strlen(f);
    if (n < 5 || memcmp(f, "[[", 2) || memcmp(f + n - 2, "]]", 2) || memchr(f + 2, '[', n - 4) ||
        memchr(f + 2, ']', n - 4) || memchr(f + 2, ' ', n - 4))
        return NULL;
    char *p = malloc(n - 3);
    if (p) {
        memcpy(p, f + 2, n - 4);
        p[n - 4] = '\0';
    }
    return p;
}

/* The fields after an affix's piece (and WHEN): [[phonemes]] [[after a vowel]] and `joined`.
 * Returns 0, or -1 when out of memory; a bad field is a bad line. */
static int affix_fields(spacing_rules *r, reader *rd, const char *piece, int is_prefix, int joins,
                        char **field, size_t n)
{
    spacing_affix a = {NULL, strlen(piece), is_prefix, 0, joins, NULL, NULL, rd->line};
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        if (!strcmp(field[i], "joined"))
            a.joined = 1;
        else if (field[i][0] != '[')
            bad = 1;
        else if (a.after_vowel || !(*(a.after_consonant ? &a.after_vowel : &a.after_consonant) = phonemes_field(field[i])))
            bad = 1;
    }
    if (bad || (!joins && !a.after_consonant)) {
        free(a.after_consonant);
        free(a.after_vowel);
        bad_line(rd, "an affix's fields are [[phonemes]], [[phonemes after a vowel]] and joined");
        return 0;
    }
    if (!a.after_consonant)
        return 0; /* said by no stage: only the spacing repair's */
    if (r->naffixes == r->affixes_cap) {
        size_t cap = r->affixes_cap ? 2 * r->affixes_cap : 32;
        spacing_affix *m = realloc(r->affixes, cap * sizeof *m);
        if (!m)
            goto nomem;
        r->affixes = m;
        r->affixes_cap = cap;
    }
    if (!(a.piece = strdup(piece)))
        goto nomem;
    if (is_prefix || a.joined) {
        size_t *j = realloc(r->joinable, (r->njoinable + 1) * sizeof *j);
        if (!j) {
            free(a.piece);
            goto nomem;
        }
        r->joinable = j;
        r->joinable[r->njoinable++] = r->naffixes;
    }
    if (is_prefix && a.len > 1)
        r->prefix_second_byte[(unsigned char)piece[1]] = 1;
    if (!is_prefix && a.joined)
        r->joined_suffix_last_byte[(unsigned char)piece[a.len - 1]] = 1;
    r->affixes[r->naffixes++] = a;
    return 0;
nomem:
    free(a.after_consonant);
    free(a.after_vowel);
    return -1;
}

#define MAX_RULE_FIELDS 7

/* One line of rules.tsv: suffix PIECE WHEN [AFFIX...] | prefix PIECE [AFFIX...] | affix-suffix
 * PIECE AFFIX... | affix-prefix PIECE AFFIX... | stem WORD | apart FORM | participle WORD |
 * participle-cue WORD. Returns 0, or -1 when out of memory. */
static int rule_line(spacing_rules *r, reader *rd, char *line, size_t n)
{
    char *field[MAX_RULE_FIELDS + 1] = {line};
    size_t nfields = 1;
    for (size_t i = 0; i < n && nfields <= MAX_RULE_FIELDS; i++)
        if (line[i] == '\t') {
            line[i] = '\0';
            field[nfields++] = line + i + 1;
        }
    if (nfields > MAX_RULE_FIELDS) {
        bad_line(rd, "too many fields: expected KIND<TAB>WORD[<TAB>WHEN][<TAB>[[phonemes]]...]");
        return 0;
    }
    const char *kind = field[0], *word = field[1];
    if (!word || !is_persian_word(word, strlen(word), NULL)) {
        bad_line(rd, word ? "the word must be Persian letters" : "expected KIND<TAB>WORD[<TAB>WHEN]");
        return 0;
    }
    if (!strcmp(kind, "suffix")) {
        for (int k = 0; nfields > 2 && k < AFTER_KINDS; k++)
            if (!strcmp(field[2], after_names[k]))
                return key_set_add(&r->suffix[k], word, strlen(word)) ||
                       affix_fields(r, rd, word, 0, 1, field + 3, nfields - 3);
        bad_line(rd, "a suffix needs WHEN: word, heh or heh-or-yeh");
        return 0;
    }
    if (!strcmp(kind, "prefix"))
        return key_set_add(&r->prefix, word, strlen(word)) || affix_fields(r, rd, word, 1, 1, field + 2, nfields - 2);
    if (!strcmp(kind, "affix-prefix") || !strcmp(kind, "affix-suffix"))
        return affix_fields(r, rd, word, kind[6] == 'p', 0, field + 2, nfields - 2);
    if (nfields > 2) {
        bad_line(rd, "only an affix takes more fields");
        return 0;
    }
    if (!strcmp(kind, "stem"))
        return key_set_add(&r->stem, word, strlen(word));
    if (!strcmp(kind, "participle")) {
        r->participle_last_byte[(unsigned char)word[strlen(word) - 1]] = 1;
        return key_set_add(&r->participle, word, strlen(word));
    }
    if (!strcmp(kind, "participle-cue"))
        return key_set_add(&r->participle_cue, word, strlen(word));
    if (!strcmp(kind, "apart")) {
        size_t pieces = 0;
        if (!is_persian_word(word, strlen(word), &pieces) || pieces != 2) {
            bad_line(rd, "apart takes one form of two pieces with a ZWNJ between them");
            return 0;
        }
        return key_set_add(&r->apart, word, strlen(word));
    }
    bad_line(rd, "unknown kind: expected suffix, prefix, affix-suffix, affix-prefix, stem, apart, "
                 "participle or participle-cue");
    return 0;
}

/* One line of spacing-joined.tsv: a joined form, ZWNJ between its pieces. */
static int joined_line(spacing_rules *r, reader *rd, const char *line, size_t n)
{
    size_t pieces = 0;
    if (!is_persian_word(line, n, &pieces) || pieces < 2) {
        bad_line(rd, "expected one word of Persian letters with a ZWNJ between its pieces");
        return 0;
    }
    if (pieces > MAX_JOINED_PIECES) {
        bad_line(rd, "too many pieces (at most 4)");
        return 0;
    }
    if (pieces > r->max_pieces)
        r->max_pieces = pieces;
    const char *z = memchr(line, ZWNJ_UTF8[0], n); /* 0xE2 is in no Persian letter */
    return key_set_add(&r->joined, line, n) || key_set_add(&r->heads, line, (size_t)(z - line));
}

static long load(spacing_rules *r, FILE *f, const char *name, spacing_report_fn report, void *ctx,
                 int (*fn)(spacing_rules *, reader *, char *, size_t))
{
    reader rd = {f, name, 0, NULL, 0, 0, report, ctx};
    char *line;
    size_t n;
    while ((line = next_line(&rd, &n)))
        if (fn(r, &rd, line, n)) {
            free(rd.buf);
            if (report)
                report(ctx, name, 0, "out of memory");
            return -1;
        }
    free(rd.buf);
    if (ferror(f)) {
        if (report)
            report(ctx, name, 0, "read error");
        return -1;
    }
    return rd.bad;
}

static int joined_line_fn(spacing_rules *r, reader *rd, char *line, size_t n)
{
    return joined_line(r, rd, line, n);
}

long spacing_load_rules(spacing_rules *r, FILE *f, const char *name, spacing_report_fn report, void *ctx)
{
    return load(r, f, name, report, ctx, rule_line);
}

long spacing_load_joined(spacing_rules *r, FILE *f, const char *name, spacing_report_fn report, void *ctx)
{
    return load(r, f, name, report, ctx, joined_line_fn);
}

static void report_error(void *ctx, const char *file, unsigned line, const char *why)
{
    diag *d = ctx;
    if (line)
        diag_fail(d, RAVI_E_DATA, "%s:%u: %s", file, line, why);
    else
        diag_fail(d, RAVI_E_DATA, "%s: %s", file, why);
}

static int load_file(spacing_rules *r, const char *data_dir, const char *file, int joined, diag *d)
{
    strbuf path;
    sb_init(&path);
    if (sb_printf(&path, "%s/lexicon/spacing/%s", data_dir, file))
        return diag_nomem(d);
    FILE *f = fopen(path.s, "r");
    if (!f) {
        /* a data directory without them (a test's, an older install's) repairs nothing, as one
         * without lexicon files reads no lexicon; one that has them and cannot read them stops */
        int missing = errno == ENOENT;
        if (!missing)
            diag_fail(d, RAVI_E_DATA, "%s: cannot read the spacing rules: %s", path.s, strerror(errno));
        sb_free(&path);
        return missing ? 0 : -1;
    }
    long bad = joined ? spacing_load_joined(r, f, path.s, report_error, d)
                      : spacing_load_rules(r, f, path.s, report_error, d);
    fclose(f);
    sb_free(&path);
    return bad == 0 ? 0 : -1;
}

int spacing_rules_load_defaults(spacing_rules *r, const char *data_dir, diag *d)
{
    /* the hand-checked lists, the one learned from careful text, the team's */
    static const char *const lists[] = {"joined.tsv", "learned.tsv", "news.tsv"};
    if (load_file(r, data_dir, "rules.tsv", 0, d) || load_file(r, data_dir, "learned-rules.tsv", 0, d))
        return -1;
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (load_file(r, data_dir, lists[i], 1, d))
            return -1;
    return 0;
}

int spacing_rules_load_affixes(spacing_rules *r, const char *data_dir, diag *d)
{
    return load_file(r, data_dir, "rules.tsv", 0, d);
}

const spacing_affix *spacing_affix_find(const spacing_rules *r, const char *text, size_t n, int is_prefix)
{
    for (size_t i = 0; i < r->naffixes; i++)
        if (r->affixes[i].is_prefix == is_prefix && r->affixes[i].len == n &&
            !memcmp(r->affixes[i].piece, text, n))
            return &r->affixes[i];
    return NULL;
}

/* ---- joining ------------------------------------------------------------------------------ */

static int word_token(const token *t) { return t->kind == TOK_WORD && is_persian_word(t->text, t->len, NULL); }

static int ends_in(const token *t, const char *utf8)
{
    size_t n = strlen(utf8);
    return t->len >= n && !memcmp(t->text + t->len - n, utf8, n);
}

/* The bytes of a word's first ZWNJ-part: «گذاری» of «گذاری‌ها». */
static size_t first_part(const token *t)
{
    const char *z = strstr(t->text, ZWNJ_UTF8);
    return z ? (size_t)(z - t->text) : t->len;
}

static int suffix_joins(const spacing_rules *r, const token *before, const token *piece)
{
    if (key_set_has(&r->stem, before->text, before->len))
        return 0;
    int heh = ends_in(before, "\xD9\x87"), yeh = ends_in(before, "\xDB\x8C");
    size_t n = first_part(piece); /* «کتاب هایم»، «سرمایه گذاری‌ها» */
    return key_set_has(&r->suffix[AFTER_WORD], piece->text, n) ||
           (heh && key_set_has(&r->suffix[AFTER_HEH], piece->text, n)) ||
           ((heh || yeh) && key_set_has(&r->suffix[AFTER_HEH_OR_YEH], piece->text, n));
}

/* A light verb's participle after a word, an adjective where a cue follows it («آمار استخراج شده
 * را»), a verb elsewhere («انجام شده است»). */
static int participle_joins(const spacing_rules *r, const sentence *s, size_t i)
{
    const token *before = &s->tok[i], *piece = &s->tok[i + 1];
    if (i + 2 >= s->n || !key_set_has(&r->participle, piece->text, piece->len) ||
        key_set_has(&r->stem, before->text, before->len))
        return 0;
    const token *cue = &s->tok[i + 2];
    return cue->kind == TOK_WORD && key_set_has(&r->participle_cue, cue->text, cue->len);
}

static int prefix_joins(const spacing_rules *r, const token *prefix, const token *word)
{
    return key_set_has(&r->prefix, prefix->text, prefix->len) &&
           !key_set_has(&r->stem, word->text, word->len);
}

/* How many of the tokens from i on (at most `most`) are words written apart: Persian words, a
 * space before each but the first. */
static size_t written_apart(const sentence *s, size_t i, size_t most)
{
    size_t k = i;
    for (; k < s->n && k - i < most; k++)
        if (!word_token(&s->tok[k]) || (k > i && !(s->tok[k].flags & TOKF_SPACE_BEFORE)))
            break;
    return k - i;
}

/* The words [i, i + count) joined with ZWNJ into r->scratch; the last one only up to its first
 * ZWNJ when `head` (a known form followed by more pieces: «سرمایه‌گذاری» in «سرمایه گذاری‌ها»).
 * Returns 0 or -1. */
static int joined_text(spacing_rules *r, const sentence *s, size_t i, size_t count, int head)
{
    sb_reset(&r->scratch);
    for (size_t k = i; k < i + count; k++) {
        size_t n = head && k + 1 == i + count ? first_part(&s->tok[k]) : s->tok[k].len;
        if ((k > i && sb_puts(&r->scratch, ZWNJ_UTF8)) || sb_append(&r->scratch, s->tok[k].text, n))
            return -1;
    }
    return 0;
}

/* Whether word i might join the word after it: a cheap test on the words' bytes that most pairs
 * fail (their first pieces start no known form, no prefix, no suffix), before the words are
 * decoded and the joined forms built. */
static int may_join(const spacing_rules *r, const sentence *s, size_t i)
{
    const token *a = &s->tok[i], *b = &s->tok[i + 1];
    if (a->kind != TOK_WORD || b->kind != TOK_WORD || !(b->flags & TOKF_SPACE_BEFORE))
        return 0;
    size_t nb = first_part(b);
    return key_set_has(&r->heads, a->text, first_part(a)) || key_set_has(&r->prefix, a->text, a->len) ||
           key_set_has(&r->suffix[AFTER_WORD], b->text, nb) ||
           (b->len && r->participle_last_byte[(unsigned char)b->text[b->len - 1]] && i + 2 < s->n &&
            key_set_has(&r->participle, b->text, b->len)) ||
           key_set_has(&r->suffix[AFTER_HEH], b->text, nb) ||
           key_set_has(&r->suffix[AFTER_HEH_OR_YEH], b->text, nb);
}

/* How many words starting at i join into one (0: none). -1 when out of memory. */
static long joins_at(spacing_rules *r, const sentence *s, size_t i)
{
    if (!may_join(r, s, i))
        return 0;
    size_t apart = written_apart(s, i, r->max_pieces > 2 ? r->max_pieces : 2);
    for (size_t count = apart < r->max_pieces ? apart : r->max_pieces; count >= 2; count--) {
        /* the last word's head only when it has more pieces than its head */
        int heads = first_part(&s->tok[i + count - 1]) < s->tok[i + count - 1].len ? 2 : 1;
        for (int head = 0; head < heads; head++) {
            if (joined_text(r, s, i, count, head))
                return -1;
            if (key_set_has(&r->joined, r->scratch.s, r->scratch.len))
                return head && joined_text(r, s, i, count, 0) ? -1 : (long)count;
        }
    }
    if (apart < 2)
        return 0;
    if (!suffix_joins(r, &s->tok[i], &s->tok[i + 1]) && !prefix_joins(r, &s->tok[i], &s->tok[i + 1]) &&
        !participle_joins(r, s, i))
        return 0;
    /* a pair careful text writes apart («چوبه دار»), with the second word's own suffixes too */
    if (joined_text(r, s, i, 2, 1))
        return -1;
    if (key_set_has(&r->apart, r->scratch.s, r->scratch.len))
        return 0;
    return joined_text(r, s, i, 2, 0) ? -1 : 2;
}

int spacing_repair(spacing_rules *r, sentence *s)
{
    for (size_t i = 0; i + 1 < s->n;) {
        long count = joins_at(r, s, i);
        if (count < 0)
            return -1;
        if (count == 0) {
            i++;
            continue;
        }
        const char *text = r->scratch.s;
        size_t len = r->scratch.len;
        if (sentence_replace_sized(s, i, (size_t)count, &text, &len, NULL, 1))
            return -1;
        s->tok[i].flags &= ~TOKF_GENERATED; /* the written words themselves, joined */
        /* stays at i: the joined word may take another piece («می شده اند») */
    }
    return 0;
}
