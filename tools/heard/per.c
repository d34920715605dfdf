/* heard-per: the phoneme error rate of Ravi against GE2PE's Homograph_test.csv gold, glottal
 * stops left out on both sides, and its errors broken down by cause (issue 11).
 *   heard-per HOMOGRAPH_CSV RAVI_DATA_DIR [-v]
 * Each row is read by the front end in this process and said by eSpeak NG (the phonemes of
 * `ravi phonemes`, as eSpeak's mnemonics); word events tell which of Ravi's words each word said
 * belongs to. Mnemonics map onto the gold's alphabet (A→a, a→/, S→$, tS→c, dZ→j, Z→;, q→q,
 * j→y; stress, length and pauses dropped). The error is the edit distance between whole
 * sentences over the gold's length; every edit is put down to one cause, by the Ravi word and the
 * gold word it falls on:
 *   homograph        the gold word is the row's homograph (its trailing 2)
 *   ezafe decision   at the end of a word where Ravi said an ezafe and the gold has none, or the
 *                    other way round (the gold's trailing 1)
 *   lexicon          a word Ravi said from its lexicon
 *   normalisation    a word the normalizer made (numbers, abbreviations)
 *   eSpeak           any other word: eSpeak NG's reading of it (letter-to-sound)
 * Homograph_test is a development set for the ezafe and this rate; it is held out only for
 * homographs (see ../shared/data/README.md). -v prints each sentence with its errors, -e each
 * edit (cause, Ravi's word, the gold word). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ezafe/ezafe.h"
#include "pipeline.h"
#include "render.h"
#include "synth/synth.h"
#include "util.h"

#define MAX_PHONES 4096

enum cause { C_HOMOGRAPH, C_EZAFE, C_LEXICON, C_NORMAL, C_ESPEAK, C_UNKNOWN, C_COUNT };
static const char *const cause_names[C_COUNT] = {
    "homograph", "ezafe decision", "lexicon", "normalisation", "eSpeak letter-to-sound", "not placed",
};

/* A phoneme of one side, with the word it belongs to. */
typedef struct phone {
    char sym;
    int word;  /* gold word, or Ravi word (index into the sentence's said words) */
    int tail;  /* 1 when it is in its word's ezafe (its last one or two phonemes) */
} phone;

typedef struct side {
    phone p[MAX_PHONES];
    size_t n;
} side;

/* What each word Ravi said was, by its token. */
typedef struct said_word {
    unsigned flags;
    int ezafe;       /* the ezafe was said on it */
    int known;       /* 0: not placed (word events and words said disagreed) */
} said_word;

typedef struct said {
    said_word w[512];
    size_t n;
} said;

/* ---- the gold ----------------------------------------------------------------------------- */

typedef struct gold_word {
    int ezafe, homograph;
} gold_word;

static int gold_sym(char c) { return (c >= 'a' && c <= 'z') || c == '/' || c == '$' || c == ';'; }

/* Gold phonemes (glottal stops '@' left out), words and their marks. */
static void read_gold(const char *g, side *out, gold_word *words, size_t *nwords)
{
    out->n = 0;
    *nwords = 0;
    for (const char *p = g; *p;) {
        while (*p == ' ' || *p == '|')
            p++;
        if (!*p || *p == '\n' || *p == '\r')
            break;
        size_t w = (*nwords)++, first = out->n;
        words[w].ezafe = words[w].homograph = 0;
        for (; *p && *p != ' ' && *p != '\n' && *p != '\r'; p++) {
            if (*p == '1')
                words[w].ezafe = 1;
            else if (*p == '2')
                words[w].homograph = 1;
            else if (gold_sym(*p) && out->n < MAX_PHONES)
                out->p[out->n++] = (phone){*p, (int)w, 0};
        }
        if (words[w].ezafe && out->n > first) { /* -e, or -ye after a vowel */
            out->p[out->n - 1].tail = 1;
            if (out->n - first >= 2 && out->p[out->n - 1].sym == 'e' && out->p[out->n - 2].sym == 'y')
                out->p[out->n - 2].tail = 1;
        }
        if (*nwords >= 512)
            break;
    }
}

/* ---- Ravi's phonemes ---------------------------------------------------------------------- */

/* An eSpeak mnemonic of the Persian table as gold symbols ("" for none). */
static const char *gold_of(const char *m)
{
    static const struct { const char *m, *g; } map[] = {
        {"A", "a"}, {"a", "/"}, {"S", "$"}, {"tS", "c"}, {"dZ", "j"}, {"Z", ";"}, {"j", "y"},
        {"R", "r"}, {"R2", "r"}, {"R3", "r"}, {"?", ""}, {"eI", "ey"}, {"oU", "ow"}, {"@", "e"},
        {"N", "n"}, {"Q", "q"},
    };
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (!strcmp(m, map[k].m))
            return map[k].g;
    return m[0] >= 'a' && m[0] <= 'z' && !m[1] ? m : "";
}

typedef struct reading {
    side *out;
    int word;
    const phoneme_set *ps;
} reading;

static void add_mnemonic(reading *r, unsigned char code)
{
    unsigned type = r->ps->type[code];
    if (type == PHONEME_TYPE_PAUSE || type == PHONEME_TYPE_STRESS || type == PHONEME_TYPE_VIRTUAL)
        return;
    for (const char *g = gold_of(r->ps->name[code]); *g && r->out->n < MAX_PHONES; g++)
        r->out->p[r->out->n++] = (phone){*g, r->word, 0};
}

/* Appends one word of the trace: Persian mnemonics through the table, another language's
 * ("(en)...(fa)") by its letters. */
static void add_said_word(const phoneme_set *ps, const char *w, size_t n, int word, side *out)
{
    reading r = {out, word, ps};
    int other = 0;
    for (size_t i = 0; i < n;) {
        if (w[i] == '(') {
            other = strncmp(w + i, "(fa)", 4) != 0;
            while (i < n && w[i] != ')')
                i++;
            i++;
            continue;
        }
        if (other) {
            if (w[i] >= 'a' && w[i] <= 'z' && out->n < MAX_PHONES)
                out->p[out->n++] = (phone){w[i], word, 0};
            i++;
            continue;
        }
        size_t best = 0;
        unsigned char code = 0;
        for (size_t c = 1; c < ps->n; c++) {
            size_t k = strlen(ps->name[c]);
            if (k > best && k <= n - i && !memcmp(w + i, ps->name[c], k)) {
                best = k;
                code = (unsigned char)c;
            }
        }
        if (!best) {
            i++;
            continue;
        }
        add_mnemonic(&r, code);
        i += best;
    }
}

/* Word events, kept as the timeline keeps them, one per word said. */
typedef struct events {
    const sentence *s;
    const render_map *map;
    long tok[512];
    size_t n;
} events;

static void on_word(void *ctx, size_t text_position, uint64_t sample)
{
    events *e = ctx;
    (void)sample;
    long t = render_word_at(e->s, e->map, text_position);
    if (t >= 0 && e->n < 512 && (!e->n || t >= e->tok[e->n - 1]))
        e->tok[e->n++] = t;
}

static int says_ezafe(const token *t)
{
    return (t->flags & TOKF_EZAFE) || ezafe_is_written_sized(t->text, t->len);
}

/* Marks the ezafe phonemes at the end of each word said with one. */
static void mark_tails(side *r, const said *sw)
{
    for (size_t i = 0; i < r->n; i++) {
        int w = r->p[i].word;
        int last = i + 1 == r->n || r->p[i + 1].word != w;
        if (!last || w < 0 || !sw->w[w].ezafe)
            continue;
        r->p[i].tail = 1;
        if (r->p[i].sym == 'e' && i > 0 && r->p[i - 1].word == w && r->p[i - 1].sym == 'y')
            r->p[i - 1].tail = 1;
    }
}

static int say(pipeline *p, const ravi_config *opt, const phoneme_set *ps, const char *text, side *r,
               said *sw)
{
    r->n = 0;
    sw->n = 0;
    strbuf speech, trace;
    sb_init(&speech);
    sb_init(&trace);
    render_map map = {0};
    sentence *s;
    int rc = pipeline_start_text(p, text, strlen(text)), got = 0;
    while (rc == 0 && (got = pipeline_next(p, &s)) > 0) {
        sb_reset(&speech);
        sb_reset(&trace);
        events ev = {s, &map, {0}, 0};
        synth_callbacks cb = {NULL, on_word, &ev};
        rc = render_speech(s, opt, &speech, &map) ||
             synth_phonemes_heard(speech.s ? speech.s : "", 0, 0, &cb, &trace, NULL);
        /* the words said: the trace's, pauses aside */
        size_t first = sw->n, k = 0;
        for (const char *w = trace.s ? trace.s : ""; *w;) {
            size_t n = strcspn(w, " ");
            int sound = 0;
            for (size_t i = 0; i < n; i++)
                sound |= w[i] != '_' && w[i] != ':' && w[i] != '!' && w[i] != ';' && w[i] != '|' && w[i] != '^';
            if (sound && sw->n < 512) {
                said_word *x = &sw->w[sw->n];
                x->known = 0;
                if (k < ev.n) {
                    const token *t = &s->tok[ev.tok[k]];
                    x->flags = t->flags | (t->phonemes ? TOKF_LEXICON : 0) |
                               (t->kind == TOK_NUMBER ? TOKF_GENERATED : 0);
                    x->ezafe = says_ezafe(t);
                    x->known = 1;
                }
                add_said_word(ps, w, n, (int)sw->n, r);
                sw->n++;
                k++;
            }
            w += n;
            while (*w == ' ')
                w++;
        }
        if (k != ev.n) /* events and words said disagree: the sentence's words are not placed */
            for (size_t i = first; i < sw->n; i++)
                sw->w[i].known = 0;
    }
    if (got < 0)
        rc = -1;
    mark_tails(r, sw);
    sb_free(&speech);
    sb_free(&trace);
    render_map_free(&map);
    return rc;
}

/* ---- alignment ---------------------------------------------------------------------------- */

static enum cause cause_of(const said *sw, int rw, const gold_word *gw, int g, int at_tail)
{
    if (g >= 0 && gw[g].homograph)
        return C_HOMOGRAPH;
    if (rw < 0 || !sw->w[rw].known)
        return C_UNKNOWN;
    if (at_tail && g >= 0 && gw[g].ezafe != sw->w[rw].ezafe)
        return C_EZAFE;
    if (sw->w[rw].flags & TOKF_LEXICON)
        return C_LEXICON;
    if (sw->w[rw].flags & TOKF_GENERATED)
        return C_NORMAL;
    return C_ESPEAK;
}

static FILE *edits; /* -e: each edit, with its cause and the two words */

static void print_word(const side *s, int word)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i].word == word)
            fputc(s->p[i].sym, edits);
}

static void count_edit(size_t *by_cause, enum cause c, const side *r, int rw, const side *g, int gw)
{
    by_cause[c]++;
    if (!edits)
        return;
    fprintf(edits, "%s\t", cause_names[c]);
    print_word(r, rw);
    fputc('\t', edits);
    print_word(g, gw);
    fputc('\n', edits);
}

/* Edit distance with a backtrace, each edit counted to its cause. Returns the distance. */
static size_t align(const side *r, const side *g, const said *sw, const gold_word *gw, size_t *by_cause)
{
    size_t nr = r->n, ng = g->n;
    unsigned *d = malloc((nr + 1) * (ng + 1) * sizeof *d);
    if (!d)
        return ng;
#define D(i, j) d[(i) * (ng + 1) + (j)]
    for (size_t i = 0; i <= nr; i++)
        D(i, 0) = (unsigned)i;
    for (size_t j = 0; j <= ng; j++)
        D(0, j) = (unsigned)j;
    for (size_t i = 1; i <= nr; i++)
        for (size_t j = 1; j <= ng; j++) {
            unsigned best = D(i - 1, j - 1) + (r->p[i - 1].sym != g->p[j - 1].sym);
            if (D(i - 1, j) + 1 < best)
                best = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < best)
                best = D(i, j - 1) + 1;
            D(i, j) = best;
        }
    size_t dist = D(nr, ng), i = nr, j = ng;
    int last_r = nr ? r->p[nr - 1].word : -1, last_g = ng ? g->p[ng - 1].word : -1;
    while (i > 0 || j > 0) {
        if (i > 0 && j > 0 && D(i, j) == D(i - 1, j - 1) + (r->p[i - 1].sym != g->p[j - 1].sym)) {
            if (r->p[i - 1].sym != g->p[j - 1].sym)
                count_edit(by_cause, cause_of(sw, r->p[i - 1].word, gw, g->p[j - 1].word,
                                              r->p[i - 1].tail || g->p[j - 1].tail),
                           r, r->p[i - 1].word, g, g->p[j - 1].word);
            last_r = r->p[i - 1].word;
            last_g = g->p[j - 1].word;
            i--, j--;
        } else if (i > 0 && D(i, j) == D(i - 1, j) + 1) { /* a phoneme Ravi says that the gold lacks */
            int gword = j > 0 ? g->p[j - 1].word : last_g;
            count_edit(by_cause, cause_of(sw, r->p[i - 1].word, gw, gword, r->p[i - 1].tail), r,
                       r->p[i - 1].word, g, gword);
            last_r = r->p[i - 1].word;
            i--;
        } else { /* a gold phoneme Ravi leaves out */
            int rword = i > 0 ? r->p[i - 1].word : last_r;
            count_edit(by_cause, cause_of(sw, rword, gw, g->p[j - 1].word, g->p[j - 1].tail), r, rword,
                       g, g->p[j - 1].word);
            last_g = g->p[j - 1].word;
            j--;
        }
    }
#undef D
    free(d);
    return dist;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: heard-per HOMOGRAPH_CSV RAVI_DATA_DIR [-v|-e]\n");
        return 2;
    }
    int verbose = argc > 3 && !strcmp(argv[3], "-v");
    if (argc > 3 && !strcmp(argv[3], "-e"))
        edits = stdout;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "heard-per: %s: cannot open\n", argv[1]);
        return 1;
    }
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-heard", 1);
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = argv[2];
    pipeline p;
    const phoneme_set *ps;
    if (pipeline_open(&p, &opt, NULL) || synth_open("fa", opt.data_dir, NULL) < 0 || !(ps = synth_phoneme_set())) {
        fprintf(stderr, "heard-per: cannot start Ravi\n");
        return 1;
    }
    static side r, g;
    static said sw;
    static gold_word gw[512];
    size_t by_cause[C_COUNT] = {0}, errors = 0, phones = 0, rows = 0, ngw;
    char *line = NULL;
    size_t cap = 0;
    for (size_t row = 0; getline(&line, &cap, f) >= 0; row++) {
        char *comma = strchr(line, ',');
        if (row == 0 || !comma)
            continue;
        *comma = '\0'; /* Arabic ي ك: the clean stage folds them */
        read_gold(comma + 1, &g, gw, &ngw);
        if (say(&p, &opt, ps, line, &r, &sw)) {
            fprintf(stderr, "heard-per: cannot read row %zu\n", row + 1);
            return 1;
        }
        size_t before[C_COUNT];
        memcpy(before, by_cause, sizeof before);
        size_t e = align(&r, &g, &sw, gw, by_cause);
        errors += e;
        phones += g.n;
        rows++;
        if (verbose && e) {
            printf("%s\n  %zu errors:", line, e);
            for (int c = 0; c < C_COUNT; c++)
                if (by_cause[c] > before[c])
                    printf(" %s %zu", cause_names[c], by_cause[c] - before[c]);
            printf("\n  ravi: ");
            for (size_t i = 0; i < r.n; i++)
                printf("%s%c", i && r.p[i].word != r.p[i - 1].word ? " " : "", r.p[i].sym);
            printf("\n  gold: %s", comma + 1);
        }
    }
    free(line);
    fclose(f);
    printf("PER on Homograph_test without glottal stops (%zu sentences, %zu gold phonemes): "
           "%.2f %% (%zu errors)\n", rows, phones, 100.0 * (double)errors / (double)(phones ? phones : 1), errors);
    printf("  by cause:");
    for (int c = 0; c < C_COUNT; c++)
        if (by_cause[c] || c != C_UNKNOWN)
            printf("%s %s %zu (%.2f %%)", c ? "," : "", cause_names[c], by_cause[c],
                   100.0 * (double)by_cause[c] / (double)(phones ? phones : 1));
    putchar('\n');
    synth_close();
    pipeline_close(&p);
    return 0;
}
