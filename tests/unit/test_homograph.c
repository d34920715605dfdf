/* Unit tests of the homograph stage: the sense lines, written vowel marks, stems, the model file
 * (round trip and every kind of damage), and the stage's order of decisions on the shipped list
 * and model (lexicon/ under $RAVI_DATA or the current directory). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "homograph/context.h"
#include "homograph/features.h"
#include "homograph/homograph.h"
#include "homograph/marks.h"
#include "homograph/model.h"
#include "pipeline.h"
#include "stage.h"

static const char *data_dir(void)
{
    const char *d = getenv("RAVI_DATA");
    return d && *d ? d : ".";
}

/* ---- sense lines ----------------------------------------------------------------------------- */

typedef struct problems {
    char text[4096];
    int errors, notes;
} problems;

static void collect(void *ctx, const char *file, unsigned line, int is_error, const char *why)
{
    problems *p = ctx;
    size_t n = strlen(p->text);
    snprintf(p->text + n, sizeof p->text - n, "%s:%u:%s%s\n", file, line, is_error ? "" : "note:", why);
    if (is_error)
        p->errors++;
    else
        p->notes++;
}

static long load_text(hg_list *l, const char *name, const char *text, problems *p)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    long r = hg_list_load_stream(l, f, name, collect, p);
    fclose(f);
    return r;
}

static const hg_homograph *find(const hg_list *l, const char *written)
{
    lex_key k;
    lex_key_init(&k);
    assert_int_equal(lex_key_append_token(&k, written), 0);
    const hg_homograph *h = hg_list_find(l, k.key.s, k.key.len);
    lex_key_free(&k);
    return h;
}

static void test_list_reads_senses_and_rules(void **state)
{
    (void)state;
    hg_list l;
    problems p = {{0}, 0, 0};
    assert_int_equal(hg_list_init(&l), 0);
    const char *text =
        "# a comment\n"
        "سازمان\t[[sAzm'An]]\n" /* an ordinary entry: the lexicon's, not a sense */
        "کرد\t[[k'aRd]]\tsense:kard\tafter:اعلام ایجاد\tupos:VERB\n"
        "كرد\t[[k'oRd]]\tsense:kord\tbefore:عراق\tcue:کردستان # Arabic kaf folds\n"
        "مرد\t[[m'aRd]]\tsense:mard\n"
        "مرد\t[[m'oRd]]\tsense:mord\tdefault\n";
    assert_int_equal(load_text(&l, "a.tsv", text, &p), 0);
    assert_int_equal(p.errors, 0);
    assert_int_equal(l.n, 2);
    const hg_homograph *h = find(&l, "کرد");
    assert_non_null(h);
    assert_int_equal(h->nsenses, 2);
    assert_string_equal(h->senses[1].name, "kord");
    assert_string_equal(h->senses[0].upos, "VERB");
    assert_int_equal(h->default_sense, 0);
    assert_int_equal(find(&l, "مرد")->default_sense, 1);
    long r = hg_list_rules_of(&l, "ایجاد", strlen("ایجاد"));
    assert_true(r >= 0);
    assert_int_equal(l.rules[r].kind, HG_RULE_AFTER);
    assert_int_equal(l.rules[r].sense, 0);
    r = hg_list_rules_of(&l, "عراق", strlen("عراق"));
    assert_true(r >= 0 && l.rules[r].kind == HG_RULE_BEFORE && l.rules[r].sense == 1);
    assert_true(hg_list_may_be(&l, "مرد", strlen("مرد")));
    assert_false(hg_list_may_be(&l, "سازمان", strlen("سازمان")));
    hg_list_free(&l);
}

static void test_list_reports_bad_lines(void **state)
{
    (void)state;
    static const struct { const char *line, *why; } cases[] = {
        {"کرد\tکَرد\tsense:kard\n", "said in eSpeak phonemes"},
        {"کرد\t[[k'aRd]]\tsense:\n", "1 to 32 characters"},
        {"کرد\t[[k'aRd]]\tsense:ka rd\n", "ASCII letters"},
        {"کرد\t[[k'aRd]]\tsense:kard\tfoo:bar\n", "unknown field 'foo:bar'"},
        {"کرد\t[[k'aRd]]\tsense:kard\tafter:\n", "empty 'after:' field"},
        {"کرد شد\t[[k'aRd]]\tsense:kard\n", "not one word"},
        {"کرد\t[[k'aRd]]\tsense:kard\tcue:یک،دو\n", "not one word"},
        {"کرد\t[[k'aRd S'od]]\tsense:kard\n", "has a space"},
        {"کرد\t[[k'aRd]]\tsense:kard\nکرد\t[[k'oRd]]\tsense:kard\n", "already given on line 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hg_list l;
        problems p = {{0}, 0, 0};
        assert_int_equal(hg_list_init(&l), 0);
        assert_int_equal(load_text(&l, "bad.tsv", cases[i].line, &p), 1);
        if (!strstr(p.text, cases[i].why))
            fail_msg("case %zu: expected '%s' in: %s", i, cases[i].why, p.text);
        hg_list_free(&l);
    }
}

static void test_list_later_file_replaces_a_sense(void **state)
{
    (void)state;
    hg_list l;
    problems p = {{0}, 0, 0};
    assert_int_equal(hg_list_init(&l), 0);
    assert_int_equal(load_text(&l, "shipped.tsv", "مهر\t[[m'ehR]]\tsense:mehr\tcue:ماه\n"
                                                  "مهر\t[[m'ohR]]\tsense:mohr\n", &p), 0);
    assert_int_equal(load_text(&l, "user.tsv", "مهر\t[[m'ahR]]\tsense:mahr\tcue:نفقه\n"
                                               "مهر\t[[m'e:hR]]\tsense:mehr\n", &p), 0);
    assert_int_equal(p.errors, 0);
    assert_int_equal(p.notes, 1); /* the user's mehr overrides the shipped one */
    const hg_homograph *h = find(&l, "مهر");
    assert_int_equal(h->nsenses, 3);
    assert_string_equal(h->senses[0].phonemes, "m'e:hR");
    assert_string_equal(h->senses[2].name, "mahr");
    /* the replaced sense's cue is gone with it, the new sense's is there */
    long r = hg_list_rules_of(&l, "ماه", strlen("ماه"));
    assert_true(r >= 0);
    assert_false(hg_rule_is_live(&l, &l.rules[r]));
    r = hg_list_rules_of(&l, "نفقه", strlen("نفقه"));
    assert_true(r >= 0 && hg_rule_is_live(&l, &l.rules[r]) && l.rules[r].sense == 2);
    hg_list_free(&l);
}

/* ---- marks and stems ----------------------------------------------------------------------------- */

static int agree(const char *text, const char *ph) { return hg_marks_agree(text, strlen(text), ph); }

static void test_written_marks(void **state)
{
    (void)state;
    assert_int_equal(agree("مُرد", "m'oRd"), 1);
    assert_int_equal(agree("مُرد", "m'aRd"), 0);
    assert_int_equal(agree("مَرد", "m'aRd"), 1);
    assert_int_equal(agree("مرد", "m'aRd"), -1);
    assert_int_equal(agree("مهرِ", "m'ohR"), -1);  /* a final kasra is the ezafe */
    assert_int_equal(agree("مُهرِ", "m'ehR"), 0);
    assert_int_equal(agree("کُشتی", "koSt'i"), 1);
    assert_int_equal(agree("کُشتی", "kaSt'i"), 0);
    assert_int_equal(agree("مَلِک", "mal'ek"), 1);
    assert_int_equal(agree("مَلِک", "m'elk"), 0);
    assert_int_equal(agree("مِلْک", "m'elk"), 1);  /* a sukun: no vowel after l */
    assert_int_equal(agree("چَرخانَد", "tSaRxAn'ad"), 1);
    assert_int_equal(agree("چَرخانَد", "tSaRx'And"), 0);
    assert_int_equal(agree("اَبر", "'abR"), 1);      /* a mark on an initial alef: the first vowel */
    assert_int_equal(agree("اَبر", "ab'aR"), 1);
    assert_int_equal(agree("اِعمال", "a?m'Al"), 0);
}

static void check_stem(const char *key, const char *stem)
{
    size_t off, len;
    hg_stem(key, strlen(key), &off, &len);
    if (len != strlen(stem) || memcmp(key + off, stem, len))
        fail_msg("stem of '%s': '%.*s', expected '%s'", key, (int)len, key + off, stem);
}

static void test_stems(void **state)
{
    (void)state;
    check_stem("کشتی ها", "کشتی");
    check_stem("کشتیها", "کشتی");
    check_stem("می رود", "رود");
    check_stem("نمی کند", "کند");
    check_stem("بزرگترین", "بزرگ");
    check_stem("کتاب های شان", "کتاب");
    check_stem("ها", "ها");    /* nothing left: the word stays whole */
    check_stem("تر", "تر");
}

/* ---- a homograph inside a joined word ------------------------------------------------------------- */

static void spacing_problem(void *ctx, const char *file, unsigned line, const char *why)
{
    (void)file, (void)why;
    char *lines = ctx;
    size_t n = strlen(lines);
    if (n + 8 < 64)
        snprintf(lines + n, 64 - n, "%u ", line);
}

/* The affixes' lines of the spacing rules: what the homograph stage reads inside a word. */
static long load_affixes(spacing_rules *r, const char *text, char *bad_lines)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    long bad = spacing_load_rules(r, f, "rules.tsv", spacing_problem, bad_lines);
    fclose(f);
    return bad;
}

static const char *const affix_lines =
    "suffix\tها\tword\t[[h'A]]\tjoined\n"
    "suffix\tام\tword\t[[am]]\t[[?am]]\n"
    "suffix\tتر\tword\n"                 /* the spacing repair's only: no phonemes */
    "affix-suffix\tت\t[[at]]\t[[t]]\n"   /* after a ZWNJ only */
    "prefix\tمی\t[[mi]]\tjoined\n"
    "affix-prefix\tب\t[[be]]\tjoined\n";

/* The homograph key holds, its affixes and the phonemes of its sense k, as the stage says them. */
static const char *affixed_said(const hg_list *l, const spacing_rules *r, const char *written, size_t k,
                                strbuf *out)
{
    lex_key key;
    lex_key_init(&key);
    assert_int_equal(lex_key_append_token(&key, written), 0);
    hg_affixed a;
    int found = hg_find_affixed(l, r, key.key.s, key.key.len, &a);
    lex_key_free(&key);
    if (!found)
        return NULL;
    if (!(a.senses & (1u << k)))
        return "(sense not allowed)";
    assert_int_equal(hg_affixed_phonemes(&a, a.h->senses[k].phonemes, out), 0);
    return out->s;
}

static void test_homograph_inside_a_joined_word(void **state)
{
    (void)state;
    spacing_rules r;
    spacing_rules_init(&r);
    char bad[64] = "";
    assert_int_equal(load_affixes(&r, affix_lines, bad), 0);
    assert_int_equal(r.naffixes, 5);
    hg_list l;
    problems p = {{0}, 0, 0};
    assert_int_equal(hg_list_init(&l), 0);
    assert_int_equal(load_text(&l, "a.tsv",
                               "خنداند\t[[xand'And]]\tsense:xandAnd\tupos:VERB\n"
                               "خنداند\t[[xandAn'ad]]\tsense:xandAnad\tupos:VERB\n"
                               "کشتی\t[[k'aSti]]\tsense:kaSti\tupos:NOUN\n"
                               "کشتی\t[[koSt'i]]\tsense:koSti\tupos:NOUN\n"
                               "حکم\t[[h'okm]]\tsense:hokm\tupos:NOUN\n"
                               "حکم\t[[h'akam]]\tsense:hakam\tupos:NOUN\n"
                               "مرد\t[[m'aRd]]\tsense:mard\tupos:NOUN\n"
                               "مرد\t[[m'oRd]]\tsense:mord\tupos:VERB\n",
                               &p),
                     0);
    strbuf out;
    sb_init(&out);
    /* a prefix with a ZWNJ or joined, a suffix after a ZWNJ, joined where the rules say */
    assert_string_equal(affixed_said(&l, &r, "می‌خنداند", 1, &out), "mixandAn'ad");
    assert_string_equal(affixed_said(&l, &r, "میخنداند", 0, &out), "mixand'And");
    assert_string_equal(affixed_said(&l, &r, "بخنداند", 1, &out), "bexandAn'ad");
    assert_string_equal(affixed_said(&l, &r, "کشتی‌ها", 0, &out), "k'aStih'A");
    assert_string_equal(affixed_said(&l, &r, "کشتیها", 1, &out), "koSt'ih'A");
    /* the suffix's form after a vowel */
    assert_string_equal(affixed_said(&l, &r, "کشتی‌ام", 0, &out), "k'aSti?am");
    assert_string_equal(affixed_said(&l, &r, "حکم‌ت", 0, &out), "h'okmat");
    /* «حکمت» is no «حکم» + «ت» (ت is read after a ZWNJ only), «تر» has no phonemes, a verb
     * prefix goes before no noun */
    assert_null(affixed_said(&l, &r, "حکمت", 0, &out));
    assert_null(affixed_said(&l, &r, "کشتی‌تر", 0, &out));
    assert_null(affixed_said(&l, &r, "بکشتی", 0, &out));
    assert_null(affixed_said(&l, &r, "می‌کشتی", 0, &out));
    /* before a word with a verb sense and a noun sense, only the verb's: «بمرد» is bemord, with
     * «ب» written joined too */
    assert_string_equal(affixed_said(&l, &r, "بمرد", 1, &out), "bem'oRd");
    assert_string_equal(affixed_said(&l, &r, "بمرد", 0, &out), "(sense not allowed)");
    assert_string_equal(affixed_said(&l, &r, "می‌مرد", 1, &out), "mim'oRd");
    sb_free(&out);
    hg_list_free(&l);
    spacing_rules_free(&r);
}

static void test_affix_lines_are_checked(void **state)
{
    (void)state;
    spacing_rules r;
    spacing_rules_init(&r);
    char bad[64] = "";
    assert_int_equal(load_affixes(&r,
                                  "affix-suffix\tش\n"               /* 1: no phonemes */
                                  "prefix\tمی\t[[mi]\n"             /* 2: not [[...]] */
                                  "suffix\tها\tword\tjoined\tx\n"  /* 3: an unknown field */
                                  "affix-prefix\tب\t[[be]]\t[[b]]\t[[x]]\n" /* 4: three phonemes */
                                  "stem\tکه\t[[ke]]\n"              /* 5: a stem takes none */
                                  "affix-suffix\tم\t[[am]]\t[[m]]\n",
                                  bad),
                     5);
    assert_string_equal(bad, "1 2 3 4 5 ");
    assert_int_equal(r.naffixes, 1);
    spacing_rules_free(&r);
}

/* ---- the model file -------------------------------------------------------------------------------- */

static const char *tmp_model(void) { return "build/tests/test-homograph.model"; }

static void write_small_model(void)
{
    hg_model_word_out words[1] = {{"کرد", 2, {"kard", "kord"}}};
    uint64_t wh = lex_hash("کرد", strlen("کرد"));
    uint64_t keys[2] = {hg_feature_key(wh, 11), hg_feature_key(wh, 22)};
    uint32_t rows[2] = {0, 2};
    if (keys[0] > keys[1]) {
        uint64_t k = keys[0];
        keys[0] = keys[1];
        keys[1] = k;
        rows[0] = 2;
        rows[1] = 0;
    }
    float weights[2 * 2] = {1.5f, -1.5f, -0.25f, 2.0f}; /* feature 11: kard; 22: kord */
    hg_model_parts p = {words, 1, keys, rows, 2, weights, 4};
    char err[256];
    if (hg_model_write(tmp_model(), &p, err, sizeof err))
        fail_msg("%s", err);
}

static void test_model_round_trip(void **state)
{
    (void)state;
    write_small_model();
    char err[256];
    hg_model *m = hg_model_load(tmp_model(), err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    assert_int_equal(hg_model_nwords(m), 1);
    long w = hg_model_find_word(m, "کرد", strlen("کرد"));
    assert_int_equal(w, 0);
    assert_int_equal(hg_model_find_word(m, "مرد", strlen("مرد")), -1);
    size_t len;
    assert_int_equal(hg_model_nsenses(m, 0), 2);
    assert_memory_equal(hg_model_sense_name(m, 0, 1, &len), "kord", 4);
    assert_int_equal(len, 4);
    uint64_t feats[3] = {11, 22, 33};
    float scores[2];
    hg_model_score(m, 0, feats, 1, scores);
    assert_float_equal(scores[0], 1.5, 1e-6);
    assert_float_equal(scores[1], -1.5, 1e-6);
    hg_model_score(m, 0, feats, 3, scores);
    assert_float_equal(scores[0], 1.25, 1e-6);
    assert_float_equal(scores[1], 0.5, 1e-6);
    hg_model_free(m);
}

static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    rewind(f);
    unsigned char *d = malloc(*size);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, *size, f), *size);
    fclose(f);
    return d;
}

static void put_checksum(unsigned char *d, size_t size)
{
    uint64_t sum = lex_hash((const char *)d, size - 8);
    for (int k = 0; k < 8; k++)
        d[size - 8 + (size_t)k] = (unsigned char)(sum >> (8 * k));
}

static void expect_refused(const unsigned char *d, size_t size, const char *why)
{
    char err[256] = "";
    hg_model *m = hg_model_from_bytes(d, size, err, sizeof err);
    if (m || !strstr(err, why)) {
        hg_model_free(m);
        fail_msg("expected '%s', got '%s'", why, m ? "a model" : err);
    }
}

static void test_model_damage_is_refused(void **state)
{
    (void)state;
    char err[256];
    assert_null(hg_model_load("build/tests/no-such.model", err, sizeof err));
    assert_non_null(strstr(err, "No such file"));
    write_small_model();
    size_t size;
    unsigned char *d = read_all(tmp_model(), &size);
    expect_refused(d, 10, "not a Ravi homograph model");
    expect_refused((const unsigned char *)"RAVIEZF1 an ezafe model, not ours.....................", 56,
                   "not a Ravi homograph model");
    expect_refused(d, size - 8, "size does not match");
    d[60] ^= 1;
    expect_refused(d, size, "checksum");
    d[60] ^= 1;
    d[12] = 99; /* another feature version */
    put_checksum(d, size);
    expect_refused(d, size, "retrain it");
    d[12] = HG_FEATURE_VERSION;
    d[16] = 200; /* more words than the file holds */
    put_checksum(d, size);
    expect_refused(d, size, "size does not match");
    d[16] = 1;
    /* a word whose senses lie outside the sense table */
    d[40 + 8] = 7;
    put_checksum(d, size);
    expect_refused(d, size, "word entry is out of place");
    d[40 + 8] = 0;
    put_checksum(d, size);
    hg_model *m = hg_model_from_bytes(d, size, err, sizeof err);
    assert_non_null(m); /* and whole again */
    hg_model_free(m);
    free(d);
}

/* ---- the stage on the shipped list and model ------------------------------------------------------ */

typedef struct run {
    pipeline p;
    ravi_config cfg;
    const char *lexicons[1];
} run;

static void open_run(run *r, const char *user_file)
{
    setenv("XDG_CONFIG_HOME", "/nonexistent/ravi-test", 1);
    ravi_config_init(&r->cfg);
    r->cfg.data_dir = data_dir();
    r->cfg.settings.format = RAVI_FORMAT_TEXT;
    if (user_file) {
        r->lexicons[0] = user_file;
        r->cfg.lexicons = r->lexicons;
        r->cfg.nlexicons = 1;
    }
    assert_int_equal(pipeline_open(&r->p, &r->cfg, NULL), 0);
    r->p.explain = 1;
}

/* The phonemes and note the stage gave the token whose text is `word` in `text`. */
static const token *token_of(run *r, const char *text, const char *word)
{
    sentence *s;
    assert_int_equal(pipeline_start_text(&r->p, text, strlen(text)), 0);
    while (pipeline_next(&r->p, &s) > 0)
        for (size_t i = 0; i < s->n; i++)
            if (!strcmp(s->tok[i].text, word))
                return &s->tok[i];
    fail_msg("no token '%s' in '%s'", word, text);
    return NULL;
}

static void expect(run *r, const char *text, const char *word, const char *phonemes, const char *why)
{
    const token *t = token_of(r, text, word);
    if (!t->phonemes || strcmp(t->phonemes, phonemes) || !t->note || !strstr(t->note, why) ||
        strcmp(t->note_stage, "homograph"))
        fail_msg("«%s» in «%s»: got [[%s]] (%s), expected [[%s]] (%s)", word, text,
                 t->phonemes ? t->phonemes : "", t->note ? t->note : "no note", phonemes, why);
}

static void test_stage_order_of_decisions(void **state)
{
    (void)state;
    run r;
    open_run(&r, NULL);
    /* a rule: the word before */
    expect(&r, "سخنگوی دولت نتیجه را اعلام کرد.", "کرد", "k'aRd", "after «اعلام»");
    expect(&r, "نیروهای کرد شهر را گرفتند.", "کرد", "k'oRd", "after «نیروهای»");
    /* a written vowel beats the rule and the model */
    expect(&r, "سخنگوی دولت نتیجه را اعلام کُرد.", "کُرد", "k'oRd", "written vowel marks");
    expect(&r, "او دیروز در بیمارستان مُرد.", "مُرد", "m'oRd", "written vowel marks");
    /* the model */
    expect(&r, "او پس از سال‌ها بیماری در بیمارستان مرد.", "مرد", "m'oRd", "model scores");
    /* a name in the lexicon wins: its own phonemes, no homograph note */
    const token *t = token_of(&r, "ملک سلمان به ریاض بازگشت.", "ملک");
    assert_non_null(t->note);
    assert_string_equal(t->note_stage, "lexicon");
    assert_non_null(strstr(t->note, "names-people.tsv:"));
    assert_false(t->flags & TOKF_HOMOGRAPH);
    pipeline_close(&r.p);
}

static void test_stage_user_sense(void **state)
{
    (void)state;
    const char *path = "build/tests/user-senses.tsv";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("مهر\t[[m'ahR]]\tsense:mahr\tcue:نفقه مهریه\n", f);
    fclose(f);
    run r;
    open_run(&r, path);
    expect(&r, "دادگاه پرداخت مهر و نفقه را تایید کرد.", "مهر", "m'ahR", "cue word «نفقه»");
    expect(&r, "سال تحصیلی از اول مهر آغاز می‌شود.", "مهر", "m'e:hR", "");
    pipeline_close(&r.p);
}

static void test_stage_missing_model_is_an_error(void **state)
{
    (void)state;
    const char *path = "build/tests/one-sense.tsv";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("مهر\t[[m'ahR]]\tsense:mahr\n", f);
    fclose(f);
    ravi_config cfg;
    ravi_config_init(&cfg);
    cfg.data_dir = "/nonexistent";
    cfg.shipped_lexicons = 0;
    cfg.user_lexicon = 0;
    diag d;
    diag_init(&d);
    void *st = NULL;
    /* no senses at all: nothing to choose, no model needed */
    assert_int_equal(stage_homograph.open(&cfg, &d, &st), 0);
    assert_non_null(st);
    stage_homograph.close(st);
    /* a sense, and no model where the data should be: an error naming the file */
    const char *lexicons[] = {path};
    cfg.lexicons = lexicons;
    cfg.nlexicons = 1;
    st = NULL;
    assert_int_equal(stage_homograph.open(&cfg, &d, &st), -1);
    assert_null(st);
    assert_int_equal(d.status, RAVI_E_DATA);
    assert_string_equal(diag_message(&d), "cannot load the homograph model /nonexistent/lexicon/"
                                          "homographs.model: No such file or directory");
    diag_clear(&d);
    cfg.homographs = 0; /* homographs left to eSpeak NG: no list, no model */
    assert_int_equal(stage_homograph.open(&cfg, &d, &st), 0);
    assert_null(st);
    assert_int_equal(d.status, RAVI_OK);
    diag_free(&d);
}

/* The shipped model was trained for the shipped list: every word and sense it scores is listed
 * (a sense renamed in the list without retraining would otherwise never be chosen). */
static void test_shipped_model_matches_the_list(void **state)
{
    (void)state;
    char path[4096], err[256];
    problems p = {{0}, 0, 0};
    hg_list l;
    assert_int_equal(hg_list_init(&l), 0);
    snprintf(path, sizeof path, "%s/lexicon/homographs.tsv", data_dir());
    assert_int_equal(hg_list_load_file(&l, path, collect, &p), 0);
    snprintf(path, sizeof path, "%s/lexicon/%s", data_dir(), HG_MODEL_FILE);
    hg_model *m = hg_model_load(path, err, sizeof err);
    if (!m)
        fail_msg("%s: %s", path, err);
    assert_true(hg_model_nwords(m) >= 250);
    for (size_t w = 0; w < hg_model_nwords(m); w++) {
        size_t len;
        const char *key = hg_model_word_key(m, w, &len);
        const hg_homograph *h = hg_list_find(&l, key, len);
        if (!h)
            fail_msg("the model knows «%.*s», the list does not: make train-homographs", (int)len, key);
        assert_int_equal(hg_model_nsenses(m, w), h->nsenses);
        for (size_t k = 0; k < h->nsenses; k++) {
            const char *name = hg_model_sense_name(m, w, k, &len);
            if (len != strlen(h->senses[k].name) || memcmp(name, h->senses[k].name, len))
                fail_msg("«%s»: the model's sense %zu is %.*s, the list's %s: make train-homographs",
                         h->written, k, (int)len, name, h->senses[k].name);
        }
    }
    hg_model_free(m);
    hg_list_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_reads_senses_and_rules),
        cmocka_unit_test(test_list_reports_bad_lines),
        cmocka_unit_test(test_list_later_file_replaces_a_sense),
        cmocka_unit_test(test_written_marks),
        cmocka_unit_test(test_stems),
        cmocka_unit_test(test_homograph_inside_a_joined_word),
        cmocka_unit_test(test_affix_lines_are_checked),
        cmocka_unit_test(test_model_round_trip),
        cmocka_unit_test(test_model_damage_is_refused),
        cmocka_unit_test(test_stage_order_of_decisions),
        cmocka_unit_test(test_stage_user_sense),
        cmocka_unit_test(test_stage_missing_model_is_an_error),
        cmocka_unit_test(test_shipped_model_matches_the_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
