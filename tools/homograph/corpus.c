#include "corpus.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hg_examples_free(hg_examples *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free(x->e[i].sentence);
        free(x->e[i].word);
        free(x->e[i].label);
    }
    free(x->e);
    memset(x, 0, sizeof *x);
}

int hg_examples_add(hg_examples *x, const char *text, const char *word, const char *label,
                    int source, int occurrence)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 1024;
        hg_example *e = realloc(x->e, cap * sizeof *e);
        if (!e)
            return -1;
        x->e = e;
        x->cap = cap;
    }
    hg_example *e = &x->e[x->n];
    e->sentence = xstrndup(text, strlen(text));
    e->word = xstrndup(word, strlen(word));
    e->label = xstrndup(label, strlen(label));
    e->source = source;
    e->occurrence = occurrence;
    if (!e->sentence || !e->word || !e->label) {
        free(e->sentence);
        free(e->word);
        free(e->label);
        return -1;
    }
    x->n++;
    return 0;
}

/* ---- sources ---------------------------------------------------------------------------------- */

static int add_sentences(hg_examples *x, json_t *list, const char *word, const char *label, int source)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        if (json_is_string(s) && hg_examples_add(x, json_string_value(s), word, label, source, 0))
            return -1;
    }
    return 0;
}

int hg_read_homorich(const char *path, int source, hg_examples *x)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!json_is_object(root)) {
        fprintf(stderr, "%s:%d: %s\n", path, err.line, root ? "not a JSON object" : err.text);
        json_decref(root);
        return -1;
    }
    const char *key;
    json_t *value;
    int rc = 0;
    json_object_foreach(root, key, value) {
        if (rc)
            break;
        if (json_is_object(value)) { /* seed: word -> pronunciation -> sentences */
            const char *label;
            json_t *list;
            json_object_foreach(value, label, list) {
                if (!rc)
                    rc = add_sentences(x, list, key, label, source);
            }
        } else if (json_is_array(value)) { /* generated: "word\tpronunciation" -> sentences */
            const char *tab = strchr(key, '\t');
            if (!tab)
                continue;
            char *word = xstrndup(key, (size_t)(tab - key));
            rc = !word || add_sentences(x, value, word, tab + 1, source);
            free(word);
        }
    }
    json_decref(root);
    if (rc)
        fprintf(stderr, "%s: out of memory\n", path);
    return rc ? -1 : 0;
}

int hg_read_news(const char *path, hg_examples *x)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned n = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) {
            fprintf(stderr, "%s:%u: expected word<TAB>sense<TAB>sentence\n", path, n);
            rc = -1;
            break;
        }
        *t1 = *t2 = '\0';
        rc = hg_examples_add(x, t2 + 1, line, t1 + 1, SRC_NEWS, 0);
    }
    free(line);
    fclose(f);
    return rc;
}

/* ---- treebanks -------------------------------------------------------------------------------- */

typedef struct ud_token {
    char form[256], lemma[256], upos[16];
} ud_token;

static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && !memcmp(p, word, n))
            return 1;
        p += len;
        p += *p == ' ';
    }
    return 0;
}

/* The one sense whose upos:/lemma: fields match the token, or -1. */
static long sense_of_token(const hg_homograph *h, const ud_token *t)
{
    long found = -1;
    for (size_t k = 0; k < h->nsenses; k++) {
        const hg_sense *s = &h->senses[k];
        if (!s->upos && !s->lemma)
            continue;
        if ((s->upos && !has_word(s->upos, t->upos)) || (s->lemma && !has_word(s->lemma, t->lemma)))
            continue;
        if (found >= 0)
            return -1;
        found = (long)k;
    }
    return found;
}

static int key_of(lex_key *k, const char *text)
{
    lex_key_reset(k);
    return lex_key_append_token(k, text);
}

/* The homograph token `form` holds as the stage reads it (alone or inside a joined word), or
 * NULL; *senses the senses its affixes allow. */
static const hg_homograph *held(const hg_list *list, const spacing_rules *affixes, lex_key *k, const char *form,
                                unsigned *senses, int *failed)
{
    hg_affixed a;
    if (key_of(k, form)) {
        *failed = 1;
        return NULL;
    }
    if (!hg_find_affixed(list, affixes, k->key.s ? k->key.s : "", k->key.len, &a))
        return NULL;
    *senses = a.senses;
    return a.h;
}

/* The sentence's labelled occurrences: the k-th time a token holds a listed word. */
static int label_sentence(const char *text, const ud_token *tok, size_t n, const hg_list *list,
                          const spacing_rules *affixes, lex_key *k, hg_examples *x)
{
    for (size_t i = 0; i < n; i++) {
        int failed = 0;
        unsigned senses = 0, other_senses;
        const hg_homograph *h = held(list, affixes, k, tok[i].form, &senses, &failed);
        if (failed)
            return -1;
        if (!h)
            continue;
        int occurrence = 0;
        lex_key other;
        lex_key_init(&other);
        for (size_t j = 0; j < i && !failed; j++)
            occurrence += held(list, affixes, &other, tok[j].form, &other_senses, &failed) == h;
        lex_key_free(&other);
        if (failed)
            return -1;
        long s = sense_of_token(h, &tok[i]);
        if (s >= 0 && (senses & (1u << s)) &&
            hg_examples_add(x, text, h->written, h->senses[s].name, SRC_TREEBANK, occurrence))
            return -1;
    }
    return 0;
}

int hg_read_treebank(const char *path, const hg_list *list, const spacing_rules *affixes, hg_examples *x)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL, *text = NULL;
    size_t cap = 0, n = 0, tcap = 256;
    ud_token *tok = malloc(tcap * sizeof *tok);
    long skip_to = 0; /* the parts of a multiword token, read as the token */
    lex_key k;
    lex_key_init(&k);
    int rc = tok ? 0 : -1;
    while (!rc && getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!strncmp(line, "# text = ", 9)) {
            free(text);
            text = xstrndup(line + 9, strlen(line + 9));
            n = 0;
            skip_to = 0;
            continue;
        }
        if (!line[0]) {
            if (text && n)
                rc = label_sentence(text, tok, n, list, affixes, &k, x);
            n = 0;
            continue;
        }
        if (line[0] == '#')
            continue;
        char *col[10];
        int nc = 0;
        for (char *p = line; nc < 10 && p; nc++) {
            col[nc] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (nc < 4 || strchr(col[0], '.'))
            continue;
        long id = strtol(col[0], NULL, 10);
        char *dash = strchr(col[0], '-');
        if (!dash && id <= skip_to)
            continue;
        if (n == tcap) {
            ud_token *t = realloc(tok, 2 * tcap * sizeof *t);
            if (!t) {
                rc = -1;
                break;
            }
            tok = t;
            tcap *= 2;
        }
        snprintf(tok[n].form, sizeof tok[n].form, "%s", col[1]);
        snprintf(tok[n].lemma, sizeof tok[n].lemma, "%s", col[2]);
        snprintf(tok[n].upos, sizeof tok[n].upos, "%s", col[3]);
        if (dash) {
            skip_to = strtol(dash + 1, NULL, 10);
            tok[n].upos[0] = tok[n].lemma[0] = '\0'; /* a range names no class: filled from its first part */
        } else if (n > 0 && !tok[n - 1].upos[0]) {
            snprintf(tok[n - 1].upos, sizeof tok[n - 1].upos, "%s", col[3]);
            snprintf(tok[n - 1].lemma, sizeof tok[n - 1].lemma, "%s", col[2]);
            continue;
        }
        n++;
    }
    if (!rc && text && n)
        rc = label_sentence(text, tok, n, list, affixes, &k, x);
    lex_key_free(&k);
    free(tok);
    free(text);
    free(line);
    fclose(f);
    if (rc)
        fprintf(stderr, "%s: out of memory\n", path);
    return rc;
}

/* ---- ParsHomo ----------------------------------------------------------------------------------- */

static int is_seed_sentence(const hg_examples *seed, const char *s)
{
    if (!seed)
        return 0;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < seed->n; i++) {
        const char *t = seed->e[i].sentence;
        size_t m = strlen(t);
        while (m > 0 && (t[m - 1] == ' ' || t[m - 1] == '\t'))
            m--;
        size_t a = 0, b = 0;
        while (a < n && s[a] == ' ')
            a++;
        while (b < m && t[b] == ' ')
            b++;
        if (n - a == m - b && !memcmp(s + a, t + b, n - a))
            return 1;
    }
    return 0;
}

static int seen_before(const hg_examples *x, size_t from, const char *text, const char *word)
{
    for (size_t i = from; i < x->n; i++)
        if (!strcmp(x->e[i].sentence, text) && !strcmp(x->e[i].word, word))
            return 1;
    return 0;
}

int hg_read_parshomo(const char *path, const hg_examples *seed, hg_examples *x)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, first = x->n;
    unsigned n = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        n++;
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        const char *s = json_string_value(json_object_get(o, "Sentence"));
        const char *w = json_string_value(json_object_get(o, "Homograph"));
        const char *g = json_string_value(json_object_get(o, "Homograph_Phoneme_Homorich"));
        if (!s || !w || !g) {
            if (o || line[strspn(line, " \r\n")]) {
                fprintf(stderr, "%s:%u: not a ParsHomo line\n", path, n);
                rc = -1;
            }
        } else if (!seen_before(x, first, s, w) && !is_seed_sentence(seed, s)) {
            rc = hg_examples_add(x, s, w, g, SRC_PARSHOMO, 0);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return rc;
}

/* ---- skeletons ---------------------------------------------------------------------------------- */

typedef struct skel {
    char *out;
    size_t n, size;
} skel;

static void put(skel *k, char c)
{
    if (c == '?' || (k->n > 0 && k->out[k->n - 1] == c && !strchr("aeiouA", c)))
        return; /* glottal stops and doubled consonants say nothing about the sense */
    if (k->n + 1 < k->size)
        k->out[k->n++] = c;
    k->out[k->n] = '\0';
}

static void skel_init(skel *k, char *out, size_t size)
{
    k->out = out;
    k->n = 0;
    k->size = size;
    if (size)
        out[0] = '\0';
}

void hg_skeleton_homorich(const char *s, char *out, size_t size)
{
    skel k;
    skel_init(&k, out, size);
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || strchr("ASZC?", *s))
            put(&k, *s);
}

void hg_skeleton_espeak(const char *s, char *out, size_t size)
{
    skel k;
    skel_init(&k, out, size);
    while (*s) {
        if (!strncmp(s, "tS", 2) || !strncmp(s, "dZ", 2)) {
            put(&k, s[0] == 't' ? 'C' : 'j');
            s += 2;
            continue;
        }
        char c = *s++;
        switch (c) {
        case 'R': case 'r': put(&k, 'r'); break;
        case 'j': put(&k, 'y'); break;
        case 'G': case 'q': put(&k, 'q'); break;
        case 'E': put(&k, 'e'); break;
        case 'O': put(&k, 'o'); break;
        case 'S': case 'Z': case 'A': case '?': put(&k, c); break;
        default:
            if (c >= 'a' && c <= 'z')
                put(&k, c);
        }
    }
}

void hg_skeleton_ge2pe(const char *s, char *out, size_t size)
{
    skel k;
    skel_init(&k, out, size);
    for (; *s; s++) {
        switch (*s) {
        case 'a': put(&k, 'A'); break;
        case '/': put(&k, 'a'); break;
        case '$': put(&k, 'S'); break;
        case 'c': put(&k, 'C'); break;
        case ';': put(&k, 'Z'); break;
        case '@': put(&k, '?'); break;
        default:
            if (*s >= 'a' && *s <= 'z')
                put(&k, *s);
        }
    }
}

long hg_sense_of_label(const hg_homograph *h, const char *label)
{
    char want[128], have[128];
    hg_skeleton_homorich(label, want, sizeof want);
    size_t wl = strlen(want);
    for (int ezafe = 0; ezafe < 2; ezafe++)
        for (size_t k = 0; k < h->nsenses; k++) {
            if (!strcmp(h->senses[k].name, label))
                return (long)k;
            hg_skeleton_espeak(h->senses[k].phonemes, have, sizeof have);
            size_t hl = strlen(have);
            if (!ezafe && !strcmp(have, want))
                return (long)k;
            if (ezafe && wl > hl && !strncmp(have, want, hl) &&
                (!strcmp(want + hl, "e") || !strcmp(want + hl, "ye")))
                return (long)k;
        }
    return -1;
}

/* ---- running sentences through Ravi ------------------------------------------------------------ */

int hg_runner_open(hg_runner *r, const char *data_dir, int homographs, int explain)
{
    memset(r, 0, sizeof *r);
    ravi_config_init(&r->cfg);
    r->cfg.data_dir = data_dir;
    r->cfg.settings.format = RAVI_FORMAT_TEXT;
    r->cfg.homographs = homographs;
    diag_init(&r->d);
    lex_key_init(&r->key);
    spacing_rules_init(&r->affixes);
    if (spacing_rules_load_affixes(&r->affixes, data_dir, &r->d) || pipeline_open(&r->p, &r->cfg, &r->d)) {
        fprintf(stderr, "%s\n", diag_message(&r->d));
        return -1;
    }
    r->p.explain = explain;
    return 0;
}

void hg_runner_close(hg_runner *r)
{
    pipeline_close(&r->p);
    spacing_rules_free(&r->affixes);
    lex_key_free(&r->key);
    diag_free(&r->d);
}

void hg_runner_affixed_gold(const hg_runner *r, const char *gold, char *out, size_t size)
{
    const hg_affixed *a = &r->affixed;
    char pre[64] = "", post[64] = "";
    size_t n = strlen(gold);
    if (a->prefix)
        hg_skeleton_espeak(a->prefix->after_consonant, pre, sizeof pre);
    if (a->suffix)
        hg_skeleton_espeak(a->suffix->after_vowel && n && strchr("aeiouA", gold[n - 1]) ? a->suffix->after_vowel
                                                                                       : a->suffix->after_consonant,
                           post, sizeof post);
    snprintf(out, size, "%s%s%s", pre, gold, post);
}

/* Whether the token's key holds the homograph want as the stage reads it: the word itself, or
 * inside a joined word; the affixes in r->affixed. */
static int holds(hg_runner *r, const lex_key *want)
{
    const char *k = r->key.key.s ? r->key.key.s : "";
    size_t n = r->key.key.len, m = want->key.len;
    if (n == m && !memcmp(k, want->key.s, m)) {
        memset(&r->affixed, 0, sizeof r->affixed);
        return 1;
    }
    return r->loose && r->list && hg_find_affixed(r->list, &r->affixes, k, n, &r->affixed) &&
           r->affixed.h->keylen == m && !memcmp(r->affixed.h->key, want->key.s, m);
}

long hg_runner_find(hg_runner *r, const char *text, const char *word, int occurrence)
{
    lex_key want;
    lex_key_init(&want);
    if (key_of(&want, word)) {
        lex_key_free(&want);
        return -2;
    }
    long found = -1;
    if (pipeline_start_text(&r->p, text, strlen(text))) {
        lex_key_free(&want);
        return -2;
    }
    sentence *s;
    int rc = 0;
    while (found < 0 && (rc = pipeline_next(&r->p, &s)) > 0) {
        for (size_t i = 0; i < s->n && found < 0; i++) {
            const token *t = &s->tok[i];
            if (t->kind != TOK_WORD || key_of(&r->key, t->text))
                continue;
            if (holds(r, &want) && occurrence-- == 0)
                found = (long)i;
        }
        if (found >= 0)
            r->found = s;
    }
    lex_key_free(&want);
    return found < 0 && rc < 0 ? -2 : found;
}
