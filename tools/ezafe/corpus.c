/* Treebank reading and ezafe label derivation (see corpus.h).
 *
 * Ezafe is not a column of the treebanks, but it follows from the trees: a post-modifier that
 * attaches leftward (Dadegan MOZ, NPOSTMOD, NEZ, APOSTMOD; UD nmod, nmod:poss, amod, nummod without
 * a preposition) puts the ezafe on the last word before the leftmost word of its subtree.
 * Corrections so that the labels read as a speaker says them, whatever each treebank's convention:
 * noun-like prepositions take ezafe (mark_prepositions, is_locative_preposition), a first name
 * before a surname does not (is_flat_name), a Seraji flat head does when it is the name's kind
 * (is_kind_before_name), UD's quantifier determiners do (is_quantifier_noun), a time word after a
 * counted noun takes none (is_ago_later), nor does a noun written with the indefinite ی
 * (is_indefinite). See lexicon/README-ezafe.md, "How the labels are derived". */
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ezafe/tagger.h"
#include "util.h"

const char *const ez_treebank_files[] = {
    "perdt-dadegan-dev.conll",
    "perdt-dadegan-test.conll",
    "seraji-fa_seraji-ud-dev.conllu",
    "seraji-fa_seraji-ud-test.conllu",
};
const size_t ez_treebank_nfiles = sizeof ez_treebank_files / sizeof *ez_treebank_files;

int corpus_is_heldout(size_t sentence_index) { return sentence_index % 10 == 9; }

int corpus_is_dev(size_t sentence_index) { return sentence_index % 10 == 8; }

int corpus_dev_mode(void)
{
    const char *v = getenv("EZAFE_DEV");
    return v && *v && strcmp(v, "0");
}

/* ---- sentences -------------------------------------------------------------------------- */

int sentence_add(ez_sentence *s, const char *word, size_t len, int gold, int cls)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **w = realloc(s->words, cap * sizeof *w);
        if (w)
            s->words = w;
        unsigned char *g = realloc(s->gold, cap);
        if (g)
            s->gold = g;
        unsigned char *c = realloc(s->cls, cap);
        if (c)
            s->cls = c;
        if (!w || !g || !c)
            return -1;
        s->cap = cap;
    }
    char *copy = xstrndup(word, len);
    if (!copy)
        return -1;
    s->words[s->n] = copy;
    s->gold[s->n] = (unsigned char)gold;
    s->cls[s->n] = (unsigned char)cls;
    s->n++;
    return 0;
}

void ez_sentence_free(ez_sentence *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->words[i]);
    free(s->words);
    free(s->gold);
    free(s->cls);
    memset(s, 0, sizeof *s);
}

void corpus_free(ez_corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        ez_sentence_free(&c->s[i]);
    free(c->s);
    memset(c, 0, sizeof *c);
}

static int corpus_push(ez_corpus *c, ez_sentence *s)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        ez_sentence *ns = realloc(c->s, cap * sizeof *ns);
        if (!ns)
            return -1;
        c->s = ns;
        c->cap = cap;
    }
    c->s[c->n++] = *s;
    memset(s, 0, sizeof *s);
    return 0;
}

/* ---- numbers in words ------------------------------------------------------------------- */

/* The value of a token made only of digits (any script), or -1 when it is not a plain integer
 * Ravi would read as a number (leading zero, too long, separators). */
static long long integer_value(const char *w)
{
    long long v = 0;
    size_t digits = 0, n = strlen(w);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(w + i, n - i, &cp);
        int d = cp >= '0' && cp <= '9' ? (int)(cp - '0')
              : cp >= 0x06F0 && cp <= 0x06F9 ? (int)(cp - 0x06F0)
              : cp >= 0x0660 && cp <= 0x0669 ? (int)(cp - 0x0660) : -1;
        if (d < 0 || (digits == 0 && d == 0 && n > 1) || ++digits > 12)
            return -1;
        v = v * 10 + d;
    }
    return digits ? v : -1;
}

/* Appends the words of 1..999, joined by «و» tokens. */
static int add_hundreds(ez_sentence *s, int v)
{
    static const char *const ones[] = {"", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"};
    static const char *const teens[] = {"ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده",
                                        "هفده", "هجده", "نوزده"};
    static const char *const tens[] = {"", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"};
    static const char *const hundreds[] = {"", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد",
                                           "هشتصد", "نهصد"};
    const char *parts[3];
    size_t n = 0;
    if (v >= 100)
        parts[n++] = hundreds[v / 100];
    v %= 100;
    if (v >= 10 && v < 20)
        parts[n++] = teens[v - 10];
    else {
        if (v >= 20)
            parts[n++] = tens[v / 10];
        if (v % 10)
            parts[n++] = ones[v % 10];
    }
    for (size_t k = 0; k < n; k++)
        if ((k && sentence_add(s, "و", strlen("و"), 0, EZC_CCONJ)) ||
            sentence_add(s, parts[k], strlen(parts[k]), 0, EZC_NUM))
            return -1;
    return 0;
}

/* Appends v (0 .. 10^12 - 1) in words: «هزار و چهارصد و دو», «دو میلیون و پانصد هزار». */
static int add_number_words(ez_sentence *s, long long v)
{
    static const char *const scales[] = {"", "هزار", "میلیون", "میلیارد"};
    if (v == 0)
        return sentence_add(s, "صفر", strlen("صفر"), 0, EZC_NUM);
    int groups[4], first = 1;
    for (int g = 0; g < 4; g++, v /= 1000)
        groups[g] = (int)(v % 1000);
    for (int g = 3; g >= 0; g--) {
        if (!groups[g])
            continue;
        if (!first && sentence_add(s, "و", strlen("و"), 0, EZC_CCONJ))
            return -1;
        /* 1000 at the head of a number is «هزار», not «یک هزار» */
        if (!(g == 1 && groups[g] == 1 && first) && add_hundreds(s, groups[g]))
            return -1;
        if (g && sentence_add(s, scales[g], strlen(scales[g]), 0, EZC_NUM))
            return -1;
        first = 0;
    }
    return 0;
}

int sentence_spell_numbers(const ez_sentence *in, ez_sentence *out)
{
    int spelled = 0;
    for (size_t i = 0; i < in->n; i++) {
        long long v = integer_value(in->words[i]);
        if (v < 0) {
            if (sentence_add(out, in->words[i], strlen(in->words[i]), in->gold[i], in->cls[i]))
                return -1;
            continue;
        }
        if (add_number_words(out, v))
            return -1;
        out->gold[out->n - 1] = in->gold[i];
        spelled++;
    }
    return spelled;
}

/* ---- tokenizing raw lines --------------------------------------------------------------- */

static int is_punct_cp(uint32_t cp)
{
    return (cp < 0x80 && cp > ' ' && !((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))) ||
           cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x00AB || cp == 0x00BB || cp == 0x06D4 ||
           cp == 0x2026 || cp == 0x201C || cp == 0x201D || cp == 0x2013 || cp == 0x2014;
}

/* Length of the punctuation code point at the start of p, or 0. */
static size_t punct_head(const char *p, size_t n)
{
    uint32_t cp;
    size_t l = utf8_decode(p, n, &cp);
    return is_punct_cp(cp) ? l : 0;
}

/* Length of the punctuation code point that ends p[0..n), or 0. */
static size_t punct_tail(const char *p, size_t n)
{
    size_t start = n;
    while (start > 0 && ((unsigned char)p[start - 1] & 0xC0) == 0x80)
        start--;
    if (start > 0)
        start--;
    uint32_t cp;
    utf8_decode(p + start, n - start, &cp);
    return is_punct_cp(cp) ? n - start : 0;
}

static int add_piece(ez_sentence *s, const char *p, size_t n)
{
    size_t tails[16], ntail = 0, l;
    while (n && (l = punct_head(p, n)) != 0) {
        if (sentence_add(s, p, l, 0, EZC_PUNCT))
            return -1;
        p += l;
        n -= l;
    }
    while (n && ntail < 16 && (l = punct_tail(p, n)) != 0) {
        tails[ntail++] = l;
        n -= l;
    }
    if (n && sentence_add(s, p, n, 0, EZC_UNK))
        return -1;
    for (size_t k = ntail; k-- > 0;) {
        if (sentence_add(s, p + n, tails[k], 0, EZC_PUNCT))
            return -1;
        n += tails[k];
    }
    return 0;
}

int sentence_tokenize(ez_sentence *s, const char *line)
{
    const char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
            p++;
        if (p > start && add_piece(s, start, (size_t)(p - start)))
            return -1;
    }
    return 0;
}

/* ---- treebank rows ---------------------------------------------------------------------- */

#define MAX_ROWS 512
#define MAX_COLS 11

typedef struct tree {
    size_t n;                   /* syntactic words, 1-based */
    char *form[MAX_ROWS + 1];
    int cls[MAX_ROWS + 1];
    int head[MAX_ROWS + 1];
    int modifier[MAX_ROWS + 1]; /* a post-modifier relation that calls for ezafe on its head */
    int punct[MAX_ROWS + 1];
    int is_case[MAX_ROWS + 1];  /* UD: a `case` word (preposition, postposition) */
    int has_case[MAX_ROWS + 1]; /* UD: has a `case` child (a prepositional phrase) */
    int prep_object[MAX_ROWS + 1]; /* a preposition whose object follows it */
    int leftmost[MAX_ROWS + 1];
    int mark[MAX_ROWS + 1];
    int person[MAX_ROWS + 1];   /* Dadegan: an animate proper noun (N ANM isPROPN), part of a person's name */
    int indefinite[MAX_ROWS + 1]; /* a noun written as its lemma + the indefinite ی («منظره‌ای», «گلی») */
    int flat[MAX_ROWS + 1];     /* UD flat (not flat:foreign): a name's later word, or a name after its kind */
    int fixed[MAX_ROWS + 1];    /* UD fixed: a later word of a multiword preposition or conjunction */
    int quantifier[MAX_ROWS + 1]; /* UD det/nmod/amod همه، تمامِ، سایرِ ... before its noun */
    int locative[MAX_ROWS + 1]; /* a preposition that is a place noun at heart (رویِ، زیرِ، بینِ، موردِ) */
    int posdep[MAX_ROWS + 1];   /* Dadegan POSDEP: a preposition's object, or a place noun's («در بینِ مردم») */
    int noun_pp[MAX_ROWS + 1];  /* Dadegan NPP: a prepositional phrase modifying a noun */
    int counted[MAX_ROWS + 1];  /* Dadegan: a noun after a cardinal or «چند» («سه سال», «چند روز») */
    int nummod[MAX_ROWS + 1];   /* UD nummod */
    int plural[MAX_ROWS + 1];   /* a plural (UD Number=Plur, Dadegan number=PLUR) */
    int written[MAX_ROWS + 1];  /* written with its ezafe: هٔ, or a glide ی after ا or و («زهرای») */
    int verbal[MAX_ROWS + 1];   /* a verb or an infinitive («از بین بردن») */
    /* UD multiword tokens: surface form spanning words [first, last] */
    size_t nspans;
    int span_first[MAX_ROWS], span_last[MAX_ROWS];
    char *span_form[MAX_ROWS];
} tree;

static int split_cols(char *line, char **cols)
{
    int n = 0;
    cols[n++] = line;
    for (char *p = line; *p && n < MAX_COLS; p++)
        if (*p == '\t') {
            *p = '\0';
            cols[n++] = p + 1;
        }
    return n;
}

static int class_of_dadegan(const char *cpos, const char *extra)
{
    static const struct { const char *tag; int cls; } map[] = {
        {"N", EZC_NOUN}, {"ADJ", EZC_ADJ}, {"V", EZC_VERB}, {"PREP", EZC_ADP}, {"POSTP", EZC_ADP},
        {"CONJ", EZC_CCONJ}, {"SUBR", EZC_SCONJ}, {"PREM", EZC_DET}, {"PRENUM", EZC_NUM},
        {"POSNUM", EZC_NUM}, {"ADV", EZC_ADV}, {"PR", EZC_PRON}, {"PART", EZC_PART}, {"PUNC", EZC_PUNCT},
    };
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (!strcmp(cpos, map[k].tag))
            return map[k].cls == EZC_NOUN && extra && strstr(extra, "isPROPN") ? EZC_PROPN : map[k].cls;
    return EZC_OTHER;
}

static int class_of_ud(const char *upos)
{
    static const struct { const char *tag; int cls; } map[] = {
        {"NOUN", EZC_NOUN}, {"PROPN", EZC_PROPN}, {"ADJ", EZC_ADJ}, {"VERB", EZC_VERB}, {"AUX", EZC_VERB},
        {"ADP", EZC_ADP}, {"CCONJ", EZC_CCONJ}, {"SCONJ", EZC_SCONJ}, {"DET", EZC_DET}, {"NUM", EZC_NUM},
        {"ADV", EZC_ADV}, {"PRON", EZC_PRON}, {"PART", EZC_PART}, {"PUNCT", EZC_PUNCT},
    };
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (!strcmp(upos, map[k].tag))
            return map[k].cls;
    return EZC_OTHER;
}

static int is_dadegan_modifier(const char *rel)
{
    return !strcmp(rel, "MOZ") || !strcmp(rel, "NPOSTMOD") || !strcmp(rel, "NEZ") || !strcmp(rel, "APOSTMOD");
}

/* nummod too: a number after its noun takes ezafe like any complement («سالِ ۱۸۹۲», «دقیقه‌یِ ۹۰»,
 * Homograph_test's «سالِ نود»), as Dadegan's MOZ has it («سالِ ۸۲»). */
static int is_ud_modifier(const char *rel)
{
    return !strcmp(rel, "amod") || !strcmp(rel, "nmod") || !strncmp(rel, "amod:", 5) || !strncmp(rel, "nmod:", 5) ||
           !strcmp(rel, "nummod");
}

static int ends_with(const char *s, const char *tail);

static int is_one_of(const char *form, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(form, list[k]))
            return 1;
    return 0;
}
#define IS_ONE_OF(form, list) is_one_of(form, list, sizeof list / sizeof *list)

/* ---- what Dadegan says a word before a name is -------------------------------------------
 * UD Seraji links a name to the word before it by `flat` both when they make one name
 * («بلنت اجویت», «دکتر محمدجعفر مجرد») and when the word is the name's kind («شورایِ نگهبان»,
 * «موزه‌یِ لوور», «روزِ سه‌شنبه», «آقایِ بهزاد نبوی»), and only the second takes ezafe. Seraji
 * has no proper-noun tag, but Dadegan (read first) does: a title is IDEN («دکتر», «امام», «سید»),
 * a person's name N ANM isPROPN, anything else a common word. A flat head Dadegan has seen more
 * often as a common word than as a title or name is a kind, and takes ezafe; a word it never saw
 * is most often a foreign name, and does not. */
#define NAME_SLOTS (1u << 15)
typedef struct name_entry {
    char *word;
    unsigned name, common; /* times seen as a title or person's name, and as a common word */
} name_entry;
static name_entry *name_lex; /* set while corpus_read_treebanks runs */

static name_entry *name_slot(const char *word, int add)
{
    if (!name_lex)
        return NULL;
    uint32_t hsh = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        hsh = (hsh ^ *p) * 16777619u;
    for (uint32_t k = 0; k < NAME_SLOTS; k++) {
        name_entry *e = &name_lex[(hsh + k) & (NAME_SLOTS - 1)];
        if (e->word && !strcmp(e->word, word))
            return e;
        if (!e->word) {
            if (!add || k > NAME_SLOTS / 2)
                return NULL;
            e->word = strdup(word);
            return e->word ? e : NULL;
        }
    }
    return NULL;
}

static void name_lex_count(const char *form, const char *cpos, const char *fpos, const char *extra)
{
    int name = !strcmp(cpos, "IDEN") || (!strcmp(cpos, "N") && !strcmp(fpos, "ANM") && extra &&
                                         strstr(extra, "isPROPN"));
    int common = !name && (!strcmp(cpos, "N") || !strcmp(cpos, "ADJ"));
    name_entry *e = name || common ? name_slot(form, 1) : NULL;
    if (e) {
        e->name += (unsigned)name;
        e->common += (unsigned)common;
    }
}

/* 1 when a word heading a UD flat name is the name's kind («شورای», «روز», «آقای»), not a title or
 * part of the name itself. A word Dadegan never saw is a kind when it is plural («خیابان‌هایِ
 * شهران») or written with its ezafe («دیباچهٔ بیژن»). */
static int is_kind_word(const char *form, int plural)
{
    const name_entry *e = name_slot(form, 0);
    char written[256]; /* Dadegan writes the ezafe of a silent ه: «موزهٔ» for Seraji's «موزه» */
    if (!e && ends_with(form, "ه") && snprintf(written, sizeof written, "%s\u0654", form) < (int)sizeof written)
        e = name_slot(written, 0);
    if (e)
        return e->common > e->name;
    return plural || ends_with(form, "\u0647\u0654") || ends_with(form, "\u06c0");
}

/* Words that head a noun phrase and take ezafe before it although UD calls them determiners
 * (det «همه‌یِ مردم», «تمامیِ بدهی‌ها», «کلیه‌یِ امکانات»; Dadegan makes them nouns with a MOZ
 * complement, and so does Homograph_test's gold: «تمامِ پستانداران», «همه‌یِ غذاها»). */
static int is_quantifier_noun(const char *form)
{
    static const char *const q[] = {"همه", "همهٔ", "همه\u200cی", "تمام", "تمامی", "کلیه", "کلیهٔ", "سراسر", "کل",
                                    "سایر", "بقیه", "بقیهٔ"};
    return IS_ONE_OF(form, q);
}

/* Prepositions that are place nouns at heart: a noun they modify takes ezafe before them as
 * before any other complement («روستاهایِ زیرِ پوشش», «فاصله‌یِ بینِ مردم», «عکس‌هایِ موردِ
 * علاقه», «پستاندارانِ رویِ زمین»), which neither treebank's relations show (Dadegan NPP, UD nmod
 * with a case word). Comparison and topic prepositions («مانند», «درباره», «علیه») do not. */
static int is_locative_preposition(const char *form)
{
    static const char *const loc[] = {"روی", "زیر", "بین", "میان", "مورد", "بالای", "پایین", "کنار", "درون",
                                      "داخل", "پشت", "جلوی", "اطراف", "وسط", "لای", "نزد"};
    return IS_ONE_OF(form, loc);
}

/* 1 when form is lemma + the indefinite suffix: «گل» → «گلی», «منظره» → «منظره‌ای», «جا» → «جایی».
 * A ی straight after a lemma in ا or و is the written ezafe glide («صدای»), not this suffix. */
static int is_indefinite(const char *form, const char *lemma)
{
    static const char *const suffixes[] = {"ی", "\u200cای", "ای", "یی", "\u200cیی"};
    size_t fl = strlen(form), ll = strlen(lemma);
    if (ll == 0 || fl <= ll || strncmp(form, lemma, ll))
        return 0;
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++)
        if (!strcmp(form + ll, suffixes[k])) {
            if (k == 0 && (ends_with(lemma, "ا") || ends_with(lemma, "و") || ends_with(lemma, "ی")))
                return 0;
            return 1;
        }
    return 0;
}

/* 1 when form is a lemma in ا or و plus the ezafe glide ی («رضای», «آقای», «دانشجوی»). */
static int is_glide(const char *form, const char *lemma)
{
    size_t fl = strlen(form), ll = strlen(lemma);
    return ll > 0 && fl == ll + strlen("ی") && !strncmp(form, lemma, ll) && ends_with(form, "ی") &&
           (ends_with(lemma, "ا") || ends_with(lemma, "و"));
}

/* Adds one row; returns -1 on a malformed or overlong sentence. */
static int tree_add_row(tree *t, char **cols, int ncols, int ud)
{
    if (ncols < 8)
        return -1;
    if (ud && strchr(cols[0], '-')) {
        if (t->nspans >= MAX_ROWS)
            return -1;
        t->span_first[t->nspans] = atoi(cols[0]);
        t->span_last[t->nspans] = atoi(strchr(cols[0], '-') + 1);
        t->span_form[t->nspans] = strdup(cols[1]);
        return t->span_form[t->nspans++] ? 0 : -1;
    }
    if (ud && strchr(cols[0], '.'))
        return 0; /* empty nodes */
    size_t id = (size_t)atoi(cols[0]);
    if (id != t->n + 1 || id > MAX_ROWS)
        return -1;
    t->form[id] = strdup(cols[1]);
    if (!t->form[id])
        return -1;
    t->n = id;
    t->cls[id] = ud ? class_of_ud(cols[3]) : class_of_dadegan(cols[3], ncols > 10 ? cols[10] : NULL);
    t->head[id] = atoi(cols[6]);
    t->modifier[id] = ud ? is_ud_modifier(cols[7]) : is_dadegan_modifier(cols[7]);
    t->punct[id] = t->cls[id] == EZC_PUNCT;
    t->is_case[id] = ud && !strcmp(cols[7], "case");
    t->prep_object[id] = ud && t->is_case[id] && t->head[id] > (int)id;
    if (!ud && !strcmp(cols[7], "POSDEP") && t->head[id] > 0 && t->head[id] < (int)id &&
        t->cls[t->head[id]] == EZC_ADP)
        t->prep_object[t->head[id]] = 1;
    t->has_case[id] = 0;
    t->mark[id] = 0;
    t->person[id] = !ud && t->cls[id] == EZC_PROPN && !strcmp(cols[4], "ANM");
    t->flat[id] = ud && (!strcmp(cols[7], "flat") || !strcmp(cols[7], "flat:name"));
    t->fixed[id] = ud && !strcmp(cols[7], "fixed");
    t->quantifier[id] = ud && (!strncmp(cols[7], "det", 3) || !strcmp(cols[7], "nmod") || !strcmp(cols[7], "amod")) &&
                        is_quantifier_noun(cols[1]);
    t->locative[id] = (t->cls[id] == EZC_ADP || ud) && is_locative_preposition(cols[1]);
    t->noun_pp[id] = !ud && !strcmp(cols[7], "NPP") && t->cls[id] == EZC_ADP;
    t->posdep[id] = !ud && !strcmp(cols[7], "POSDEP");
    t->counted[id] = 0;
    t->nummod[id] = ud && !strcmp(cols[7], "nummod");
    t->plural[id] = strstr(cols[5], ud ? "Number=Plur" : "number=PLUR") != NULL;
    t->verbal[id] = t->cls[id] == EZC_VERB || (ud && strstr(cols[5], "VerbForm=Inf") != NULL);
    t->written[id] = ends_with(cols[1], "\u0647\u0654") || ends_with(cols[1], "\u06c0") || is_glide(cols[1], cols[2]);
    t->indefinite[id] = (t->cls[id] == EZC_NOUN || t->cls[id] == EZC_PROPN) && is_indefinite(cols[1], cols[2]);
    return 0;
}

/* Prepositions that link to their object without ezafe («به ایران», «پس از», «نسبت به»); the
 * others are nouns at heart and take it («رویِ میز», «بدونِ شک», «مانندِ او»), which neither
 * treebank's relations show, so it is added here. */
static int is_plain_preposition(const char *form)
{
    static const char *const plain[] = {
        "به", "در", "از", "با", "برای", "بر", "تا", "بعد", "پس", "قبل", "پیش", "نسبت", "جز", "بجز",
        "مگر", "بی", "چون", "همچون", "چو", "ز", "ب", "اندر", "باز", "علاوه", "بنا", "به‌طوری", "فرو",
        "فرا", "مبنی", "راجع", "نزدیک", "حتی", "را", "الا", "الی", "بد", "ای", /* vocative «ای مردم» */
    };
    for (size_t k = 0; k < sizeof plain / sizeof *plain; k++)
        if (!strcmp(form, plain[k]))
            return 1;
    return 0;
}

static void mark_prepositions(tree *t)
{
    for (size_t id = 1; id < t->n; id++)
        if (t->prep_object[id] && !t->punct[id + 1] && !is_plain_preposition(t->form[id]) &&
            !is_plain_preposition(t->form[id + 1]))
            t->mark[id] = 1;
    /* UD writes «در کنارِ», «در برابرِ», «به دنبالِ» as a case word with `fixed` pieces (Dadegan as
     * a preposition and a noun with a MOZ complement): the last piece takes the ezafe when it is a
     * noun («نسبت به», «علاوه بر» end in a plain preposition and do not) and has a noun after it
     * («از بین بردن», «از بین رفتن» are verbs). */
    for (size_t id = 2; id < t->n; id++) {
        int c = t->head[id];
        if (t->fixed[id] && c > 0 && c < (int)id && t->is_case[c] && t->prep_object[c] &&
            t->head[c] > (int)id && !t->verbal[t->head[c]] &&
            !(t->fixed[id + 1] && t->head[id + 1] == c) && !t->punct[id + 1] &&
            !is_plain_preposition(t->form[id]) && !is_plain_preposition(t->form[id + 1]))
            t->mark[id] = 1;
    }
}

/* Dadegan sometimes makes a plain preposition the ezafe complement of the word before it
 * («مبنی بر», «موجود در», «قادر به»), which is said without ezafe. */
static int is_bare_preposition(const tree *t, int d)
{
    static const char *const bare[] = {"در", "به", "با", "از", "بر", "برای", "تا", "چون", "همچون"};
    return t->cls[d] == EZC_ADP && IS_ONE_OF(t->form[d], bare);
}

/* «همه چیز», «همه جا», «این همه لطف»: همه as a pronoun or after a demonstrative, without ezafe. */
static int is_pronoun_like(const tree *t, int q, int h)
{
    static const char *const heads[] = {"چیز", "جا", "کس", "حال", "وقت"};
    static const char *const dem[] = {"این", "آن", "همین", "همان"};
    return IS_ONE_OF(t->form[h], heads) || (q > 1 && IS_ONE_OF(t->form[q - 1], dem));
}

/* A time word after a counted noun says how long ago or later («سه سال پیش», «چند روز بعد»,
 * «چندی قبل»), without ezafe (Homograph_test's gold agrees); Dadegan makes it an NPOSTMOD like
 * «روزِ بعد» («the next day»), which does take it. */
static int is_ago_later(const tree *t, int h, int d)
{
    static const char *const when[] = {"قبل", "بعد", "پیش"};
    static const char *const some_time[] = {"چندی", "مدتی", "مدت\u200cها"};
    return IS_ONE_OF(t->form[d], when) && (t->counted[h] || IS_ONE_OF(t->form[h], some_time));
}

/* The flat dependent d of h: the first of h's flat words, after a head that names the kind
 * (see is_kind_word). Later flat words continue the same name («آقایِ بهزاد نبوی»). */
static int is_kind_before_name(const tree *t, int h, int d)
{
    for (int k = h + 1; k < d; k++)
        if (t->flat[k] && t->head[k] == h)
            return 0;
    return t->cls[h] != EZC_PRON && t->cls[h] != EZC_NUM && is_kind_word(t->form[h], t->plural[h]);
}

/* Dadegan links a first name and a surname («حسن روحانی», «جرج بوش», «تیمور امیری») by MOZ like
 * any ezafe complement, but a speaker says them without ezafe (UD PerDT makes them flat:name).
 * A MOZ between person-name words with only person-name words between them is such a name. A
 * title before a name («آقایِ جمال‌لو», «امامِ زمان») is not a person-name word and keeps its ezafe. */
static int is_flat_name(const tree *t, int h, int d)
{
    /* but a head written with its ezafe («فاطمهٔ زهرا», «میرزای شیرازی»), «حضرتِ علی» and
     * «ابنِ سینا» keep it (first names that are also common words, «امید», «کمال», do not) */
    static const char *const with_ezafe[] = {"حضرت", "ابن", "بن"};
    if (t->written[h] || IS_ONE_OF(t->form[h], with_ezafe))
        return 0;
    for (int k = h; k <= d; k++)
        if (!t->person[k])
            return 0;
    return 1;
}

static void mark_ezafe(tree *t)
{
    mark_prepositions(t);
    int case_word[MAX_ROWS + 1] = {0}; /* UD: the first case word of a phrase */
    for (size_t d = 1; d <= t->n; d++) {
        int h = t->head[d];
        if (t->is_case[d] && h > 0 && (size_t)h <= t->n) {
            t->has_case[h] = 1;
            if (!case_word[h])
                case_word[h] = (int)d;
        }
        if (h > (int)d && (size_t)h <= t->n && (t->cls[d] == EZC_NUM || !strcmp(t->form[d], "چند")))
            t->counted[h] = 1;
        t->leftmost[d] = (int)d;
    }
    for (size_t d = 1; d <= t->n; d++) /* spread each word's position up its chain of heads */
        for (int h = t->head[d], steps = 0; h > 0 && (size_t)h <= t->n && steps < MAX_ROWS; h = t->head[h], steps++)
            if (t->leftmost[h] > (int)d)
                t->leftmost[h] = (int)d;
    for (size_t d = 1; d <= t->n; d++) {
        int h = t->head[d];
        if (t->quantifier[d] && h > (int)d && d < t->n && !t->punct[d + 1] && !is_pronoun_like(t, (int)d, h))
            t->mark[d] = 1;
        /* «حدودِ سه ماه»: Dadegan's preposition, Seraji's noun without a relation to the number */
        if (!strcmp(t->form[d], "حدود") && d < t->n && t->cls[d + 1] == EZC_NUM)
            t->mark[d] = 1;
        /* «ده درصدِ کودکان»: a share of a plural noun (Dadegan MESU, Seraji nmod), but not
         * «پنج درصد افزایش» */
        if (!strcmp(t->form[d], "درصد") && d < t->n && t->plural[d + 1] &&
            (t->cls[d + 1] == EZC_NOUN || t->cls[d + 1] == EZC_PROPN) &&
            (t->head[d] == (int)d + 1 || t->head[d + 1] == (int)d))
            t->mark[d] = 1;
        if (h <= 0 || h >= (int)d)
            continue;
        int modifier = t->flat[d] ? is_kind_before_name(t, h, (int)d)
                     : t->noun_pp[d] ? t->locative[d]
                     : t->posdep[d] && t->cls[h] == EZC_NOUN ? is_locative_preposition(t->form[h])
                     : t->modifier[d] && (!t->has_case[d] || t->locative[case_word[d]]);
        if (!modifier || is_flat_name(t, h, (int)d) || is_ago_later(t, h, (int)d) || is_bare_preposition(t, (int)d))
            continue;
        /* a number straight after a noun or adjective («سالِ ۱۳۷۹», «رده‌هایِ سنیِ ۱۸»), not a
         * phone number's groups or a footnote after a verb */
        if (t->nummod[d] && (t->leftmost[d] != h + 1 || (t->cls[h] != EZC_NOUN && t->cls[h] != EZC_PROPN && t->cls[h] != EZC_ADJ)))
            continue;
        int j = t->leftmost[d] - 1;
        while (j >= h && t->punct[j])
            j--;
        if (j >= h && !t->indefinite[j])
            t->mark[j] = 1;
    }
}

/* Adds a surface token, splitting a form that holds spaces (Dadegan's «شده است»): the ezafe,
 * if any, goes on its last piece. */
static int add_surface(ez_sentence *s, const char *form, int gold, int cls)
{
    const char *p = form;
    for (;;) {
        const char *sp = strchr(p, ' ');
        if (!sp)
            return sentence_add(s, p, strlen(p), gold, cls);
        if (sp > p && sentence_add(s, p, (size_t)(sp - p), 0, cls))
            return -1;
        p = sp + 1;
    }
}

static int tree_to_sentence(tree *t, ez_sentence *s)
{
    mark_ezafe(t);
    size_t span = 0;
    for (size_t id = 1; id <= t->n; id++) {
        if (span < t->nspans && t->span_first[span] == (int)id) {
            int last = t->span_last[span];
            if (last < (int)id || (size_t)last > t->n ||
                add_surface(s, t->span_form[span], t->mark[last], t->cls[id]))
                return -1;
            id = (size_t)last;
            span++;
            continue;
        }
        if (add_surface(s, t->form[id], t->mark[id], t->indefinite[id] ? EZC_INDEF : t->cls[id]))
            return -1;
    }
    return 0;
}

static void tree_reset(tree *t)
{
    for (size_t i = 1; i <= t->n; i++)
        free(t->form[i]);
    for (size_t i = 0; i < t->nspans; i++)
        free(t->span_form[i]);
    t->n = t->nspans = 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), tl = strlen(tail);
    return n >= tl && !strcmp(s + n - tl, tail);
}

static int flush_tree(tree *t, ez_corpus *c)
{
    if (t->n == 0) {
        tree_reset(t);
        return 0;
    }
    ez_sentence s = {0};
    int rc = tree_to_sentence(t, &s) || corpus_push(c, &s) ? -1 : 0;
    ez_sentence_free(&s);
    tree_reset(t);
    return rc;
}

int corpus_read_file(const char *path, ez_corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: cannot open", path);
        return -1;
    }
    int ud = ends_with(path, ".conllu"), rc = 0, bad = 0;
    tree *t = calloc(1, sizeof *t);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (t && rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0) {
            rc = bad ? (tree_reset(t), 0) : flush_tree(t, c);
            bad = 0;
        } else if (line[0] != '#' && !bad) {
            char *cols[MAX_COLS];
            bad = tree_add_row(t, cols, split_cols(line, cols), ud) != 0;
        }
    }
    if (t && rc == 0 && !bad)
        rc = flush_tree(t, c);
    if (t)
        tree_reset(t);
    free(t);
    free(line);
    fclose(f);
    if (!t || rc)
        cli_error("%s: out of memory", path);
    return t && rc == 0 ? 0 : -1;
}

/* Counts the words of a Dadegan file into name_lex (a first pass, so that every sentence's
 * labels see the same counts). */
static int name_lex_read(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: cannot open", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *cols[MAX_COLS];
        int n = len > 0 && line[0] != '#' ? split_cols(line, cols) : 0;
        if (n >= 8)
            name_lex_count(cols[1], cols[3], cols[4], n > 10 ? cols[10] : NULL);
    }
    free(line);
    fclose(f);
    return 0;
}

int corpus_read_treebanks(const char *dir, ez_corpus *c)
{
    int rc = 0;
    name_lex = calloc(NAME_SLOTS, sizeof *name_lex); /* Dadegan's files come first and fill it */
    if (!name_lex) {
        cli_error("out of memory");
        return -1;
    }
    for (size_t k = 0; k < ez_treebank_nfiles && rc == 0; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, ez_treebank_files[k]);
        if (!ends_with(path, ".conllu"))
            rc = name_lex_read(path);
    }
    for (size_t k = 0; k < ez_treebank_nfiles && rc == 0; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, ez_treebank_files[k]);
        rc = corpus_read_file(path, c);
    }
    for (size_t k = 0; k < NAME_SLOTS; k++)
        free(name_lex[k].word);
    free(name_lex);
    name_lex = NULL;
    return rc;
}

/* The unlabelled text: one token per line, a blank line between sentences. */
int corpus_read_tokens(const char *path, ez_corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: cannot open", path);
        return -1;
    }
    ez_sentence s = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len > 0)
            rc = sentence_add(&s, line, (size_t)len, 0, 0);
        else if (s.n)
            rc = corpus_push(c, &s);
    }
    if (rc == 0 && s.n)
        rc = corpus_push(c, &s);
    ez_sentence_free(&s);
    free(line);
    fclose(f);
    if (rc)
        cli_error("%s: out of memory", path);
    return rc;
}
