/* What is heard, over every treebank sentence (issue 11), read at test time from the data
 * directory (../shared/data/ud-persian, never copied):
 *
 *   stem check   every word whose phonemes the ezafe changes changes by the ezafe alone: said
 *                with and without the ezafe stage (--no-ezafe), word for word, a word is the
 *                same or its phonemes without the ezafe + -e (after a consonant) or -je (after a
 *                vowel). Every exception is printed; there must be none.
 *   quote check  wrapping a span of words in « », " ", ( ) or [ ] changes no word that is said,
 *                except an ezafe at the span's edges (on the word before it and on its last
 *                word); and eSpeak's word events, as the timeline keeps them, are one per word
 *                said. The span and the brackets are chosen from the sentence's number.
 *
 * Usage: heard-check DATA_DIR [stem|quotes] [LIMIT]
 * Without the data directory it says so loudly and passes: the checks need the treebanks. */
#include "pipeline.h"
#include "render.h"
#include "synth/synth.h"
#include "ezafe/ezafe.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const treebank_files[] = {
    "perdt-fa_perdt-ud-dev.conllu", "perdt-fa_perdt-ud-test.conllu",
    "seraji-fa_seraji-ud-dev.conllu", "seraji-fa_seraji-ud-test.conllu",
};

typedef struct lines {
    char **s;
    size_t n, cap;
} lines;

static int lines_add(lines *l, const char *text)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        char **s = realloc(l->s, cap * sizeof *s);
        if (!s)
            return -1;
        l->s = s;
        l->cap = cap;
    }
    return (l->s[l->n++] = xstrndup(text, strlen(text))) ? 0 : -1;
}

/* The `# text = ` lines of the treebank files. */
static int read_sentences(const char *dir, lines *out)
{
    for (size_t f = 0; f < sizeof treebank_files / sizeof *treebank_files; f++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, treebank_files[f]);
        FILE *in = fopen(path, "r");
        if (!in) {
            fprintf(stderr, "heard-check: %s: cannot open\n", path);
            return -1;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, in)) > 0) {
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = '\0';
            if (!strncmp(line, "# text = ", 9) && lines_add(out, line + 9)) {
                free(line);
                fclose(in);
                return -1;
            }
        }
        free(line);
        fclose(in);
    }
    return 0;
}

/* ---- what is said, word by word ----------------------------------------------------------- */

/* One word said: its phonemes (pauses taken off) and the written word (by its index among the
 * text's space-separated pieces) that eSpeak's word event put it in. */
typedef struct said_word {
    char *phonemes;
    long piece;
} said_word;

#define MAX_PIECES 512

typedef struct said {
    said_word *w;
    size_t n, cap;
    /* uncut[p]: the boundary between written pieces p and p + 1 is inside a unit that a stage
     * read as a whole (a lexicon name, a number or date): a bracket there changes what it is */
    unsigned char uncut[MAX_PIECES];
    size_t events;       /* word events the timeline keeps */
    size_t unmatched;    /* sentences whose word events did not match their words said */
} said;

static void said_clear(said *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->w[i].phonemes);
    s->n = 0;
    s->events = 0;
    s->unmatched = 0;
    memset(s->uncut, 0, sizeof s->uncut);
}

static int said_add(said *s, const char *ph, size_t len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        said_word *w = realloc(s->w, cap * sizeof *w);
        if (!w)
            return -1;
        s->w = w;
        s->cap = cap;
    }
    s->w[s->n].piece = -1;
    return (s->w[s->n++].phonemes = xstrndup(ph, len)) ? 0 : -1;
}

/* eSpeak's pause mnemonics, longest first: they are not words, and brackets add some. */
static size_t pause_at(const char *p)
{
    static const char *const pauses[] = {"_;_", "_^_", "_::", "_X1", "_:", "_!", "_|", "_"};
    for (size_t k = 0; k < sizeof pauses / sizeof *pauses; k++)
        if (!strncmp(p, pauses[k], strlen(pauses[k])))
            return strlen(pauses[k]);
    return 0;
}

/* Splits a trace line into words without their pauses (a word of pauses alone is none). */
static int add_words(said *s, const char *trace)
{
    char word[1024];
    size_t n = 0;
    for (const char *p = trace;; ) {
        size_t k = *p ? pause_at(p) : 0;
        if (k) {
            p += k;
            continue;
        }
        if (*p == ' ' || !*p) {
            if (n && said_add(s, word, n))
                return -1;
            n = 0;
            if (!*p)
                return 0;
            p++;
            continue;
        }
        if (n + 1 < sizeof word)
            word[n++] = *p;
        p++;
    }
}

/* Word events as the timeline keeps them: on a word token, one per token. */
typedef struct events {
    const sentence *s;
    const render_map *map;
    long last_token;
    long *token_of; /* token of each kept event */
    size_t n, cap;
} events;

static void on_word(void *ctx, size_t text_position, uint64_t sample)
{
    events *e = ctx;
    (void)sample;
    long tok = render_word_at(e->s, e->map, text_position);
    if (tok < 0 || tok < e->last_token)
        return;
    e->last_token = tok;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        long *t = realloc(e->token_of, cap * sizeof *t);
        if (!t)
            return;
        e->token_of = t;
        e->cap = cap;
    }
    e->token_of[e->n++] = tok;
}

/* The index of the space-separated piece of `text` that byte `at` falls in. */
static long piece_of(const char *text, size_t at)
{
    long piece = 0;
    for (size_t i = 0; i < at && text[i]; i++)
        if (text[i] == ' ' && text[i + 1] != ' ')
            piece++;
    return piece;
}

static void mark_units(const char *text, const sentence *s, said *out)
{
    for (size_t i = 0; i < s->n; i++) {
        const token *t = &s->tok[i];
        long first = piece_of(text, (size_t)t->src_start);
        long last = piece_of(text, t->src_end > t->src_start ? (size_t)t->src_end - 1 : (size_t)t->src_start);
        for (long p = first; p < last && p < MAX_PIECES; p++)
            out->uncut[p] = 1;
        int number = t->kind == TOK_NUMBER || t->kind == TOK_NUM_CONJ || (t->flags & TOKF_GENERATED);
        if (number && first > 0 && first - 1 < MAX_PIECES)
            out->uncut[first - 1] = 1;
        if (number && last >= 0 && last < MAX_PIECES)
            out->uncut[last] = 1;
        if (i + 1 < s->n && (t->flags & TOKF_LEXICON) && (s->tok[i + 1].flags & TOKF_LEXICON) && last >= 0 &&
            last < MAX_PIECES)
            out->uncut[last] = 1;
    }
}

static size_t read_differs; /* sentences whose phonemes read differ from those said */

/* Says text through p (opened with opt) and appends its words said to out, each with its written
 * piece. heard = 0: the phonemes of eSpeak's translation alone (synth_phonemes_read), without
 * word events or pieces; heard = 1: those of the synthesis, and the read ones must be the same. */
static int say(pipeline *p, const ravi_config *opt, const char *text, said *out, int heard)
{
    if (pipeline_start_text(p, text, strlen(text)))
        return -1;
    strbuf speech, trace;
    sb_init(&speech);
    sb_init(&trace);
    render_map map = {0};
    sentence *s;
    int r, rc = 0;
    while (rc == 0 && (r = pipeline_next(p, &s)) > 0) {
        sb_reset(&speech);
        sb_reset(&trace);
        events ev = {s, &map, -1, NULL, 0, 0};
        synth_callbacks cb = {NULL, on_word, &ev};
        size_t first = out->n;
        rc = render_speech(s, opt, &speech, &map);
        if (rc == 0 && !heard) {
            rc = synth_phonemes_read(speech.s ? speech.s : "", &trace) || add_words(out, trace.s ? trace.s : "");
            continue;
        }
        rc = rc || synth_phonemes_heard(speech.s ? speech.s : "", 0, 0, &cb, &trace, NULL) ||
             add_words(out, trace.s ? trace.s : "");
        if (rc == 0) {
            strbuf read;
            sb_init(&read);
            rc = synth_phonemes_read(speech.s ? speech.s : "", &read);
            if (rc == 0 && strcmp(read.s ? read.s : "", trace.s ? trace.s : "")) {
                read_differs++;
                fprintf(stderr, "read and said differ:\n  said: %s\n  read: %s\n", trace.s, read.s);
            }
            sb_free(&read);
        }
        size_t words = out->n - first;
        mark_units(text, s, out);
        out->events += ev.n;
        if (ev.n == words) /* event k is word k: it tells which written piece each word is */
            for (size_t k = 0; k < words; k++)
                out->w[first + k].piece = piece_of(text, (size_t)s->tok[ev.token_of[k]].src_start);
        else
            out->unmatched++;
        free(ev.token_of);
    }
    if (r < 0)
        rc = -1;
    sb_free(&speech);
    sb_free(&trace);
    render_map_free(&map);
    return rc;
}

/* ---- the comparisons ---------------------------------------------------------------------- */

static const phoneme_set *table;

/* 1 when `with` is `without` and the ezafe that its last sound takes. Stress and length marks
 * eSpeak may print are compared as they are. */
static int differs_by_ezafe(const char *without, const char *with)
{
    size_t a = strlen(without), b = strlen(with);
    if (b <= a || strncmp(with, without, a))
        return 0;
    const char *added = with + a;
    int glide = ezafe_needs_glide(table, without);
    return glide >= 0 && !strcmp(added, glide ? "je" : "e");
}

typedef struct tally {
    size_t sentences, words, changed, exceptions;
} tally;

static void print_words(const char *label, const said *s)
{
    fprintf(stderr, "  %s", label);
    for (size_t i = 0; i < s->n; i++)
        fprintf(stderr, " %s", s->w[i].phonemes);
    fputc('\n', stderr);
}

static void stem_check(const lines *text, size_t limit, tally *t)
{
    ravi_config with, without;
    ravi_config_init(&with);
    with.data_dir = ".";
    without = with;
    without.ezafe = 0;
    said a = {0}, b = {0};
    pipeline pa, pb;
    if (pipeline_open(&pa, &with, NULL) || pipeline_open(&pb, &without, NULL)) {
        t->exceptions++;
        return;
    }
    for (size_t i = 0; i < text->n && i < limit; i++) {
        said_clear(&a);
        said_clear(&b);
        if (say(&pa, &with, text->s[i], &a, 0) || say(&pb, &without, text->s[i], &b, 0)) {
            fprintf(stderr, "stem check: cannot say: %s\n", text->s[i]);
            t->exceptions++;
            continue;
        }
        t->sentences++;
        int bad = a.n != b.n;
        for (size_t k = 0; !bad && k < a.n; k++) {
            if (!strcmp(a.w[k].phonemes, b.w[k].phonemes))
                continue;
            if (differs_by_ezafe(b.w[k].phonemes, a.w[k].phonemes)) {
                t->changed++;
                continue;
            }
            fprintf(stderr, "stem check: word %zu is %s with the ezafe, %s without\n", k,
                    a.w[k].phonemes, b.w[k].phonemes);
            bad = 1;
        }
        t->words += b.n;
        if (bad) {
            t->exceptions++;
            fprintf(stderr, "stem check: %s\n", text->s[i]);
            print_words("with:   ", &a);
            print_words("without:", &b);
        }
    }
    said_clear(&a);
    said_clear(&b);
    free(a.w);
    free(b.w);
    pipeline_close(&pa);
    pipeline_close(&pb);
}

static const char *const opening[] = {"«", "\"", "(", "["};
static const char *const closing[] = {"»", "\"", ")", "]"};

/* Punctuation at the end of a piece stays outside the closing bracket: «...» گفت. */
static size_t trailing_punct(const char *piece, size_t n)
{
    static const char *const marks[] = {".", "،", "؛", ":", "!", "؟", "?", ","};
    size_t end = n;
    for (int again = 1; again && end > 0;) {
        again = 0;
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
            size_t m = strlen(marks[k]);
            if (end > m && !memcmp(piece + end - m, marks[k], m)) {
                end -= m;
                again = 1;
            }
        }
    }
    return n - end;
}

/* The text with pieces [first, first + count) wrapped in brackets of kind `kind`. */
static char *wrap(const char *text, size_t first, size_t count, size_t kind, strbuf *b)
{
    sb_reset(b);
    size_t piece = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        if (piece == first)
            sb_puts(b, opening[kind]);
        if (piece == first + count - 1) {
            size_t tail = trailing_punct(p, n);
            sb_append(b, p, n - tail);
            sb_puts(b, closing[kind]);
            sb_append(b, p + n - tail, tail);
        } else {
            sb_append(b, p, n);
        }
        p += n;
        while (*p == ' ')
            sb_putc(b, *p++);
        piece++;
    }
    return b->s;
}

static size_t count_pieces(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        n++;
        p += strcspn(p, " ");
    }
    return n;
}

/* The words said for one written piece. */
static size_t words_of_piece(const said *s, long piece, size_t *first)
{
    size_t n = 0;
    *first = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->w[i].piece == piece) {
            if (!n)
                *first = i;
            n++;
        }
    return n;
}

/* Compares the words said for each written piece; an ezafe may come or go on the last word of
 * the pieces in `edges`. Returns 0 when alike. */
static int same_pieces(const said *a, const said *b, size_t pieces, const long *edges, size_t nedges,
                       size_t *ezafe_edges)
{
    for (size_t piece = 0; piece < pieces; piece++) {
        size_t fa, fb, na = words_of_piece(a, (long)piece, &fa), nb = words_of_piece(b, (long)piece, &fb);
        if (na != nb)
            return -1;
        for (size_t k = 0; k < na; k++) {
            const char *x = a->w[fa + k].phonemes, *y = b->w[fb + k].phonemes;
            if (!strcmp(x, y))
                continue;
            int edge = 0;
            for (size_t e = 0; e < nedges; e++)
                edge |= edges[e] == (long)piece && k == na - 1;
            if (edge && (differs_by_ezafe(x, y) || differs_by_ezafe(y, x))) {
                (*ezafe_edges)++;
                continue;
            }
            return -1;
        }
    }
    return 0;
}

/* A span of pieces whose edges cut no unit, chosen by the hash h. Returns 0, or -1 when none. */
static int pick_span(const said *a, size_t pieces, uint32_t h, size_t *first, size_t *count)
{
    size_t open[MAX_PIECES], nopen = 0;
    for (size_t p = 0; p < pieces && p < MAX_PIECES; p++)
        if (p == 0 || !a->uncut[p - 1])
            open[nopen++] = p;
    for (size_t tries = 0; tries < nopen; tries++) {
        size_t start = open[(h + tries) % nopen], want = 1 + (h >> 20) % 5, end = start;
        while (end < pieces && end - start < want) {
            end++;
            while (end < pieces && end < MAX_PIECES && a->uncut[end - 1])
                end++;
        }
        if (end > start && end <= pieces) {
            *first = start;
            *count = end - start;
            return 0;
        }
    }
    return -1;
}

static void quote_check(const lines *text, size_t limit, tally *t)
{
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = ".";
    said a = {0}, b = {0};
    strbuf wrapped;
    sb_init(&wrapped);
    size_t ezafe_edges = 0, nevents = 0, unmatched = 0;
    pipeline p;
    if (pipeline_open(&p, &opt, NULL)) {
        t->exceptions++;
        return;
    }
    for (size_t i = 0; i < text->n && i < limit; i++) {
        size_t pieces = count_pieces(text->s[i]);
        if (pieces == 0 || strchr(text->s[i], '\t') || strstr(text->s[i], "  "))
            continue;
        said_clear(&a);
        said_clear(&b);
        if (say(&p, &opt, text->s[i], &a, 1)) {
            fprintf(stderr, "quote check: cannot say: %s\n", text->s[i]);
            t->exceptions++;
            continue;
        }
        size_t first, count, kind = i % 4;
        if (pick_span(&a, pieces, (uint32_t)i * 2654435761u, &first, &count))
            continue; /* one unit from end to end */
        if (say(&p, &opt, wrap(text->s[i], first, count, kind, &wrapped), &b, 1)) {
            fprintf(stderr, "quote check: cannot say: %s\n", text->s[i]);
            t->exceptions++;
            continue;
        }
        t->sentences++;
        t->words += b.n;
        nevents += b.events;
        unmatched += a.unmatched + b.unmatched;
        long edges[2] = {(long)first - 1, (long)(first + count - 1)};
        if (a.unmatched || b.unmatched || same_pieces(&a, &b, pieces, edges, 2, &ezafe_edges)) {
            t->exceptions++;
            fprintf(stderr, "quote check: %s\n  wrapped: %s\n", text->s[i], wrapped.s);
            if (a.unmatched || b.unmatched)
                fprintf(stderr, "  word events: %zu for %zu words said\n", b.events, b.n);
            print_words("plain:  ", &a);
            print_words("wrapped:", &b);
        }
    }
    t->changed = ezafe_edges;
    said_clear(&a);
    said_clear(&b);
    free(a.w);
    free(b.w);
    sb_free(&wrapped);
    pipeline_close(&p);
    printf("quote check: %zu word events for %zu words said in the wrapped sentences; %zu sentences "
           "whose events and words differ; %zu whose phonemes read differ from those said\n", nevents,
           t->words, unmatched, read_differs);
    t->exceptions += read_differs;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: heard-check DATA_DIR [stem|quotes] [LIMIT]\n");
        return 2;
    }
    struct stat st;
    if (stat(argv[1], &st) || !S_ISDIR(st.st_mode)) {
        printf("heard-check: SKIPPED: no treebank directory %s: the stem and quote checks did NOT run\n",
               argv[1]);
        fprintf(stderr, "heard-check: SKIPPED: no treebank directory %s (see ../shared/data/README.md)\n",
                argv[1]);
        return 0;
    }
    const char *which = argc > 2 ? argv[2] : "both";
    size_t limit = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : (size_t)-1;
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-heard", 1);
    lines text = {0};
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = ".";
    if (read_sentences(argv[1], &text) || synth_open("fa", opt.data_dir, NULL) < 0 || !(table = synth_phoneme_set())) {
        fprintf(stderr, "heard-check: cannot start\n");
        return 1;
    }
    int failed = 0;
    if (strcmp(which, "quotes")) {
        tally t = {0};
        stem_check(&text, limit, &t);
        printf("stem check: %zu sentences, %zu words said, %zu changed by the ezafe alone, %zu exceptions\n",
               t.sentences, t.words, t.changed, t.exceptions);
        failed |= t.exceptions > 0;
    }
    if (strcmp(which, "stem")) {
        tally t = {0};
        quote_check(&text, limit, &t);
        printf("quote check: %zu sentences, %zu words said, %zu ezafes changed at a span's edge, %zu "
               "exceptions\n", t.sentences, t.words, t.changed, t.exceptions);
        failed |= t.exceptions > 0;
    }
    synth_close();
    for (size_t i = 0; i < text.n; i++)
        free(text.s[i]);
    free(text.s);
    return failed;
}
