/* Unit tests of the ezafe stage: the model file, the tagger's closed-class rules, how the ezafe is
 * spelled for eSpeak, and the stage's handling of token flags. They read the committed model
 * (lexicon/ezafe.model under $RAVI_DATA, or the current directory), never the corpora. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ezafe/ezafe.h"
#include "ezafe/tagger.h"
#include "stage.h"
#include "token.h"
#include "util.h"

#define MAX_TOKENS 64

/* ---- helpers ---------------------------------------------------------------------------- */

static const char *data_dir(void)
{
    const char *d = getenv("RAVI_DATA");
    return d && *d ? d : ".";
}

static char *model_path(void)
{
    strbuf b;
    sb_init(&b);
    sb_printf(&b, "%s/lexicon/ezafe.model", data_dir());
    return b.s;
}

static ezafe_model *load_model(void)
{
    char err[512], *path = model_path();
    ezafe_model *m = ezafe_model_load(path, err, sizeof err);
    if (!m)
        print_error("%s\n", err);
    free(path);
    assert_non_null(m);
    return m;
}

/* Splits a sentence at spaces (punctuation written as separate words) into words[]. */
static size_t split_words(char *text, const char **words)
{
    size_t n = 0;
    for (char *w = strtok(text, " "); w && n < MAX_TOKENS; w = strtok(NULL, " "))
        words[n++] = w;
    return n;
}

/* Tags `text` and returns its decisions as a string of '0'/'1', one per word (static). */
static const char *tag(const ezafe_model *m, const char *text, const unsigned char *forced)
{
    static char result[MAX_TOKENS + 1];
    char *copy = strdup(text);
    const char *words[MAX_TOKENS];
    unsigned char out[MAX_TOKENS];
    size_t n = split_words(copy, words);
    ezafe_model_predict(m, words, forced, n, out);
    for (size_t i = 0; i < n; i++)
        result[i] = (char)('0' + out[i]);
    result[n] = '\0';
    free(copy);
    return result;
}

static void assert_tags(const ezafe_model *m, const char *text, const char *expected)
{
    const char *got = tag(m, text, NULL);
    if (strcmp(got, expected))
        print_error("%s\n  expected %s\n  got      %s\n", text, expected, got);
    assert_string_equal(got, expected);
}

/* Writes bytes to a fresh temporary file and returns its name (caller frees and unlinks). */
static char *temp_file(const void *bytes, size_t n)
{
    char *name = strdup("/tmp/ravi-ezafe-test-XXXXXX");
    int fd = mkstemp(name);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    return name;
}

static unsigned char *read_model_bytes(size_t *size)
{
    char *path = model_path();
    FILE *f = fopen(path, "rb");
    free(path);
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc((size_t)len);
    assert_int_equal(fread(bytes, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *size = (size_t)len;
    return bytes;
}

static void assert_load_fails(const void *bytes, size_t n, const char *why)
{
    char *name = temp_file(bytes, n), err[512] = "";
    ezafe_model *m = ezafe_model_load(name, err, sizeof err);
    assert_null(m);
    assert_non_null(strstr(err, name)); /* the message names the file */
    assert_non_null(strstr(err, why));
    unlink(name);
    free(name);
}

/* ---- the model file --------------------------------------------------------------------- */

static const char *const sample_sentences[] = {
    "روابط ایران و جمهوری آذربایجان گسترش یافت .",
    "به گزارش خبرنگار مهر در گرگان ، بر اساس باورهای دینی ترکمن‌ها جشن برگزار شد .",
    "وزیر امور خارجه ایران به مسکو سفر کرد .",
    "دانشجویان دانشگاه تهران در مقابل ساختمان وزارت علوم تجمع کردند .",
};

static void test_model_is_deterministic(void **state)
{
    (void)state;
    ezafe_model *a = load_model(), *b = load_model();
    for (size_t k = 0; k < sizeof sample_sentences / sizeof *sample_sentences; k++) {
        char first[MAX_TOKENS + 1];
        strcpy(first, tag(a, sample_sentences[k], NULL));
        assert_string_equal(tag(a, sample_sentences[k], NULL), first);
        assert_string_equal(tag(b, sample_sentences[k], NULL), first);
    }
    ezafe_model_free(a);
    ezafe_model_free(b);
}

static void test_missing_model_is_an_error(void **state)
{
    (void)state;
    char err[512] = "";
    assert_null(ezafe_model_load("/nonexistent/lexicon/ezafe.model", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/lexicon/ezafe.model"));
    assert_non_null(strstr(err, "No such file"));
}

static void test_corrupt_model_is_an_error(void **state)
{
    (void)state;
    size_t n;
    unsigned char *bytes = read_model_bytes(&n);
    assert_load_fails("hello, world\n", 13, "not a Ravi ezafe model");
    assert_load_fails(bytes, n / 2, "truncated");
    bytes[n / 2] ^= 0x40;
    assert_load_fails(bytes, n, "checksum");
    bytes[n / 2] ^= 0x40;
    bytes[8] = 99; /* version */
    assert_load_fails(bytes, n, "version");
    free(bytes);
}

/* A damaged table index is refused even when the checksum is made to match (a file written
 * by something else than the trainer): lookups must never leave their table. */
static void test_bad_index_is_an_error(void **state)
{
    (void)state;
    size_t n;
    unsigned char *bytes = read_model_bytes(&n);
    uint32_t nclass = (uint32_t)bytes[12] | (uint32_t)bytes[13] << 8 | (uint32_t)bytes[14] << 16 |
                      (uint32_t)bytes[15] << 24;
    size_t start = EZ_MODEL_HEADER + (size_t)nclass * 8; /* the class table's bucket starts */
    bytes[start + 4] = 0xFF;                             /* bucket 1 starts far beyond the table */
    bytes[start + 5] = 0xFF;
    uint64_t sum = ez_checksum(bytes, n - 8);
    for (int k = 0; k < 8; k++)
        bytes[n - 8 + (size_t)k] = (unsigned char)(sum >> (8 * k));
    assert_load_fails(bytes, n, "index");
    free(bytes);
}

/* The sentences the agreement tests tag: news text, edge shapes (punctuation only, one word,
 * numbers spelled out, a written ezafe), a token longer than the word cache keeps. */
static const char *const agreement_sentences[] = {
    "روابط ایران و جمهوری آذربایجان گسترش یافت .",
    "به گزارش خبرنگار مهر در گرگان ، بر اساس باورهای دینی ترکمن‌ها جشن برگزار شد .",
    "وزیر امور خارجه ایران به مسکو سفر کرد .",
    "دانشجویان دانشگاه تهران در مقابل ساختمان وزارت علوم تجمع کردند .",
    "هزار و چهارصد و دو نفر در نوزده خرداد سال هزار و چهارصد و دو هجری شمسی آمدند .",
    "کتابِ من اینجاست .",
    "« سازمان ملل » ( نیویورک ) : جلسه شورای امنیت !",
    ". ، ؟",
    "سلام",
    "نمایندگان‌مجلس‌شورای‌اسلامی‌ایران‌در‌نشست‌علنی‌امروز رأی دادند .",
    "رئیس کل بانک مرکزی جمهوری اسلامی ایران نرخ رسمی ارز را برای هفته آینده اعلام کرد .",
    "به‌گزارش ایرنا ، وزیر امور خارجه به‌عنوان نماینده ایران که‌در جلسه بود ممکن‌است سخن بگوید .",
    "رئیس هیئت فوتبال فارس‌از عدم حمایت از فوتبال استان به‌آن‌ها گفت ‌به که‌ .",
};

static void assert_agrees(const ezafe_model *m, const char *text, const unsigned char *forced)
{
    char *copy = strdup(text);
    const char *words[MAX_TOKENS];
    unsigned char fast[MAX_TOKENS], plain[MAX_TOKENS];
    size_t n = split_words(copy, words);
    ezafe_model_predict(m, words, forced, n, fast);
    ez_model_predict_reference(m, words, forced, n, plain);
    size_t lens[MAX_TOKENS];
    unsigned char sized[MAX_TOKENS];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(words[i]);
    ezafe_model_predict_sized(m, words, lens, forced, n, sized);
    assert_memory_equal(sized, fast, n);
    for (size_t i = 0; i < n; i++)
        if (fast[i] != plain[i])
            print_error("%s: word %zu: runtime %d, reference %d\n", text, i, fast[i], plain[i]);
    assert_memory_equal(fast, plain, n);
    free(copy);
}

/* The runtime's word cache and dense tables change the cost, never the answer: each sentence
 * is tagged cold, again from the cache, and with decisions forced. */
static void test_runtime_agrees_with_reference(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    unsigned char forced[MAX_TOKENS];
    for (int round = 0; round < 2; round++)
        for (size_t k = 0; k < sizeof agreement_sentences / sizeof *agreement_sentences; k++) {
            assert_agrees(m, agreement_sentences[k], NULL);
            for (size_t i = 0; i < MAX_TOKENS; i++)
                forced[i] = (unsigned char)((i * 7 + k) % 5 == 0 ? 1 + (i + round) % 2 : 0);
            assert_agrees(m, agreement_sentences[k], forced);
        }
    ezafe_model_free(m);
}

/* More words than the cache has slots, in sentences longer than the tagger's first scratch
 * space: slots are refilled and a set full of this sentence's words leaves the rest uncached. */
static void test_cache_under_pressure(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    static const char *const stems[] = {"کتاب", "خانه", "دانشجو", "جمهوری", "آقا", "روابط", "شهر", "دریا"};
    enum { WORDS = 3000 }; /* more than 4 per set of the cache's 2,048: some sets overflow */
    static char text[WORDS][40];
    static const char *words[WORDS];
    static unsigned char fast[WORDS], plain[WORDS];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < WORDS; i++) {
            snprintf(text[i], sizeof text[i], "%s%d", stems[(i + round) % 8], (round * WORDS + i) % 9000);
            words[i] = text[i];
        }
        ezafe_model_predict(m, words, NULL, WORDS, fast);
        ez_model_predict_reference(m, words, NULL, WORDS, plain);
        assert_memory_equal(fast, plain, WORDS);
    }
    /* the same word over and over: one slot serves every token */
    for (int i = 0; i < WORDS; i++)
        words[i] = "کتاب";
    ezafe_model_predict(m, words, NULL, WORDS, fast);
    ez_model_predict_reference(m, words, NULL, WORDS, plain);
    assert_memory_equal(fast, plain, WORDS);
    ezafe_model_free(m);
}

/* A big-endian host reads the file through a converted copy; the same code runs here on
 * request, and must answer as the mapped file does. */
static void test_converted_copy_agrees(void **state)
{
    (void)state;
    char err[512], *path = model_path();
    ezafe_model *mapped = load_model(), *copy = ez_model_load_copy(path, err, sizeof err);
    free(path);
    assert_non_null(copy);
    for (size_t k = 0; k < sizeof agreement_sentences / sizeof *agreement_sentences; k++) {
        char first[MAX_TOKENS + 1];
        strcpy(first, tag(mapped, agreement_sentences[k], NULL));
        assert_string_equal(tag(copy, agreement_sentences[k], NULL), first);
    }
    ezafe_model_free(mapped);
    ezafe_model_free(copy);
}

/* ---- closed classes and the tagger ------------------------------------------------------- */

/* Viterbi takes the best whole sequence, not the best word by word, and obeys the rules. */
static void test_viterbi(void **state)
{
    (void)state;
    unsigned char out[4], back[8];
    /* token 0 alone slightly prefers ezafe (+1), but token 1 then costs -5 (after 1) instead of
     * +2 (after 0): the best sequence is 0 1, worth 2, over 1 0 (1) and 1 1 (-4) */
    const double s1[] = {1.0, 1.0, 2.0, -5.0};
    const unsigned char free2[] = {0, 0};
    ez_viterbi(2, free2, s1, back, out);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    /* a rule fixing token 1 to «none» leaves token 0 its own best */
    const unsigned char fixed[] = {0, 2};
    ez_viterbi(2, fixed, s1, back, out);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 0);
    /* ties go to «no ezafe»; written ezafe (1) is kept whatever the scores */
    const double zero[] = {0.0, 0.0, -3.0, -3.0, 0.0, 0.0};
    const unsigned char written[] = {0, 1, 0};
    ez_viterbi(3, written, zero, back, out);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 0);
}

static void test_prenominal_words_never_take_ezafe(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    assert_int_equal(tag(m, "این کتاب را خواندم .", NULL)[0], '0');
    assert_int_equal(tag(m, "آن روز باران می‌بارید .", NULL)[0], '0');
    assert_int_equal(tag(m, "هر کشور حق دارد .", NULL)[0], '0');
    assert_int_equal(tag(m, "چند روز گذشت .", NULL)[0], '0');
    assert_int_equal(tag(m, "در شانزدهمین اجلاس سران شرکت کرد .", NULL)[1], '0');
    assert_int_equal(tag(m, "بزرگترین شهر ایران تهران است .", NULL)[0], '0');
    ezafe_model_free(m);
}

static void test_closed_class_table(void **state)
{
    (void)state;
    assert_true(ez_closed_table_is_sorted());
    assert_true(ez_closed_class_of("این") & EZW_NEVER);
    assert_true(ez_closed_class_of("هزار") & EZW_CARDINAL);
    assert_true(ez_closed_class_of("و") & EZW_CLOSER);
    assert_true(ez_closed_class_of("نخستین") & EZW_ORDINAL);
    assert_int_equal(ez_closed_class_of("کتاب"), 0);
    ez_word w;
    ez_word_fold("شانزدهمین", &w);
    assert_true(w.closed & EZW_ORDINAL);
    ez_word_fold("سی\u200cامین", &w);
    assert_true(w.closed & EZW_ORDINAL);
    ez_word_fold("زمین", &w); /* ends in -مین but is no ordinal: «زمینِ بازی» */
    assert_false(w.closed & EZW_ORDINAL);
    ez_word_fold("می\u200cرود", &w);
    assert_true(w.closed & EZW_NEVER);
}

/* The rules for the errors a news listener heard (issue 16), on words folded and classed by hand
 * (N noun, A adjective, P preposition, D determiner, U number, C conjunction, V verb, R pronoun; the tags are
 * the classes); an I after a word's class gives it EZS_INDEF_FORM. Expected: ez_rule_decisions'
 * 0 (the model decides), 1 (ezafe) or 2 (none) for each word. */
static void test_phrase_end_rules(void **state)
{
    (void)state;
    static const struct {
        const char *words, *classes, *expected;
    } cases[] = {
        {"رئیس سازمان تجارت روز سه‌شنبه گفت .", "NNNNNV.", "0021022"}, /* a time expression */
        {"ظهر روز سه‌شنبه گفت", "NNNV", "1102"},                      /* but its day parts take it */
        {"وزیر کشور صبح امروز گفت", "NNNNV", "02102"},
        {"سه‌شنبه ششم آذر", "NAN", "202"},                              /* a weekday before its date */
        {"جمعه گذشته آمد", "NAV", "002"},
        {"سال گذشته آمد", "NAV", "102"},                                /* a time noun before «گذشته» */
        {"در همین مدت سی و هشت میلیارد دلار بود", "PDNUCUUNV", "222222222"}, /* a counted quantity */
        {"آن نقش دو سرباز بود", "DNUNV", "20222"},                     /* outside a preposition's object */
        {"از آن حدود سی درصد است", "PRNUNV", "220222"},               /* «آن» a pronoun */
        {"در این تیم بیست نفره بود", "PDNUAV", "220222"},              /* a measure adjective */
        {"در سفری یک‌روزه رفت", "PNIAV", "2202"},                        /* an indefinite head */
        {"گروه کاری مشترک است", "NNIAV", "0022"},                        /* after a noun: an adjective */
        {"در سفری مهم و خوب", "PNIACA", "22222"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char copy[256];
        ez_word w[16];
        const ez_word *wp[16];
        unsigned char tags[16], out[16];
        size_t n = 0;
        strcpy(copy, cases[k].words);
        const char *cls = cases[k].classes;
        for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "), n++) {
            ez_word_fold(t, &w[n]);
            static const char letters[] = "NAPDUCVR.";
            static const unsigned char classes[] = {EZC_NOUN, EZC_ADJ, EZC_ADP, EZC_DET, EZC_NUM, EZC_CCONJ, EZC_VERB, EZC_PRON, EZC_PUNCT};
            w[n].cls = classes[strchr(letters, *cls++) - letters];
            if (*cls == 'I') {
                w[n].shape |= EZS_INDEF_FORM;
                cls++;
            }
            tags[n] = w[n].tag = w[n].cls;
            wp[n] = &w[n];
        }
        ez_rule_decisions(wp, tags, n, out);
        char got[17];
        for (size_t i = 0; i < n; i++) {
            got[i] = (char)('0' + out[i]);
            assert_int_equal(ez_rule_decision(w, n, i), out[i]);
        }
        got[n] = '\0';
        if (strcmp(got, cases[k].expected))
            print_error("%s: %s, expected %s\n", cases[k].words, got, cases[k].expected);
        assert_string_equal(got, cases[k].expected);
    }
}

/* A noun + the indefinite ی is looked up under its stem; other words ending in ی are not. */
static void test_indefinite_stem_key(void **state)
{
    (void)state;
    static const struct {
        const char *word, *stem; /* NULL: no key */
    } cases[] = {
        {"سفری", "سفر"}, {"نامه\u200cای", "نامه"}, {"گفت\u200cوگویی", "گفت\u200cوگو"}, {"جایی", "جا"},
        {"صدای", NULL}, {"کتاب", NULL}, {"خانه\u200cی", NULL}, {"دی", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ez_word w;
        ez_word_fold(cases[k].word, &w);
        uint64_t key = ez_indefinite_stem_key(&w);
        if (cases[k].stem)
            assert_true(key == ez_hash(cases[k].stem, strlen(cases[k].stem)));
        else
            assert_true(key == 0);
    }
    ez_word w;
    ez_word_fold("سفری", &w);
    ez_set_indefinite_form(&w, EZC_NOUN, EZC_UNK);
    assert_true(w.shape & EZS_INDEF_FORM);
    ez_word_fold("سفری", &w);
    ez_set_indefinite_form(&w, EZC_VERB, EZC_UNK);
    assert_false(w.shape & EZS_INDEF_FORM);
}

static void test_verbs_prepositions_and_phrase_ends(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    assert_tags(m, "او از تهران به مشهد رفت .", "0000000");
    assert_int_equal(tag(m, "دولت طرح جدید را تصویب کرد .", NULL)[5], '0');
    assert_int_equal(tag(m, "قیمت نفت افزایش می‌یابد", NULL)[3], '0');
    assert_tags(m, "وزارت آموزش و پرورش اعلام کرد .", "1000000");
    /* a suffix written apart belongs to the word before, which then takes none */
    assert_int_equal(tag(m, "کتاب ها را خواندم .", NULL)[0], '0');
    assert_int_equal(tag(m, "قیمت نفت بالا می رود .", NULL)[2], '0');
    ezafe_model_free(m);
}

static void test_noun_phrases(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    assert_tags(m, "روابط ایران و جمهوری آذربایجان گسترش یافت .", "10010000");
    assert_tags(m, "وزیر امور خارجه ایران به مسکو سفر کرد .", "111000000");
    ezafe_model_free(m);
}

/* A function word joined by ZWNJ to its neighbour is tagged as if written apart, as the
 * treebanks write it; the joined token takes its last piece's decision. */
static void test_joined_function_words(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    static const struct {
        const char *joined, *apart;
        const char *map; /* for each joined token, the index of its last piece in apart */
    } cases[] = {
        {"وزیر امور خارجه به‌عنوان نماینده ایران سخن گفت .", "وزیر امور خارجه به عنوان نماینده ایران سخن گفت .",
         "\0\1\2\4\5\6\7\10\11"},
        {"فریادهای بعد از قهرمانی که‌در این مدت داشتم", "فریادهای بعد از قهرمانی که در این مدت داشتم", "\0\1\2\3\5\6\7\10"},
        {"رئیس هیئت فوتبال فارس‌از عدم حمایت گفت .", "رئیس هیئت فوتبال فارس از عدم حمایت گفت .", "\0\1\2\4\5\6\7\10"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char joined[MAX_TOKENS + 1], apart[MAX_TOKENS + 1];
        strcpy(joined, tag(m, cases[k].joined, NULL));
        strcpy(apart, tag(m, cases[k].apart, NULL));
        for (size_t i = 0; joined[i]; i++)
            if (joined[i] != apart[(unsigned char)cases[k].map[i]])
                print_error("%s: word %zu: %c, apart %c\n", cases[k].joined, i, joined[i],
                            apart[(unsigned char)cases[k].map[i]]);
        for (size_t i = 0; joined[i]; i++)
            assert_int_equal(joined[i], apart[(unsigned char)cases[k].map[i]]);
        assert_agrees(m, cases[k].joined, NULL);
    }
    /* the word before a joined preposition ends its phrase; the joined token never takes one */
    assert_int_equal(tag(m, "وزیر امور خارجه به‌عنوان نماینده ایران سخن گفت .", NULL)[2], '0');
    assert_int_equal(tag(m, "رئیس هیئت فوتبال فارس‌از عدم حمایت گفت .", NULL)[3], '0');
    ezafe_model_free(m);
}

static void test_written_ezafe_and_forced_decisions(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    assert_int_equal(tag(m, "کتابِ من اینجاست", NULL)[0], '1');
    assert_int_equal(tag(m, "خانهٔ ما بزرگ است", NULL)[0], '1');
    const unsigned char no_first[] = {2, 0, 0, 0, 0, 0, 0, 0};
    assert_string_equal(tag(m, "روابط ایران و جمهوری آذربایجان گسترش یافت .", no_first), "00010000");
    const unsigned char date[] = {0, 1, 1, 0, 0, 0};
    assert_string_equal(tag(m, "در دوازدهم مرداد هزار برگزار شد", date), "011000");
    ezafe_model_free(m);
}

/* Sentences longer than the tagger's stack buffer take the heap path: same rules, same results. */
static void test_long_sentence(void **state)
{
    (void)state;
    ezafe_model *m = load_model();
    enum { REPEAT = 30, WORDS = 6 };
    const char *block[WORDS] = {"روابط", "ایران", "و", "جمهوری", "آذربایجان", "،"};
    const char *words[REPEAT * WORDS];
    unsigned char out[REPEAT * WORDS], again[REPEAT * WORDS];
    for (size_t i = 0; i < REPEAT * WORDS; i++)
        words[i] = block[i % WORDS];
    ezafe_model_predict(m, words, NULL, REPEAT * WORDS, out);
    ezafe_model_predict(m, words, NULL, REPEAT * WORDS, again);
    assert_memory_equal(out, again, sizeof out);
    for (size_t i = 0; i < REPEAT * WORDS; i++)
        if (i % WORDS == 1 || i % WORDS == 2 || i % WORDS >= 4)
            assert_int_equal(out[i], 0); /* before «و», «و» itself, before «،», «،» itself */
    assert_int_equal(out[WORDS * (REPEAT - 1)], out[WORDS]); /* the heap path decides like the start */
    ezafe_model_free(m);
}

/* ---- the written ezafe (its sound: tests/unit/test_heard.c) -------------------------------- */

static void test_written_ezafe_is_recognised(void **state)
{
    (void)state;
    assert_true(ezafe_is_written("کتابِ"));
    assert_true(ezafe_is_written("خانهٔ"));
    assert_true(ezafe_is_written("نامۀ"));
    assert_true(ezafe_is_written("نماینده\u200cی")); /* the glide written after ه */
    assert_false(ezafe_is_written("نماینده\u200cای")); /* the indefinite */
    assert_false(ezafe_is_written("کتاب\u200cهای"));
    assert_false(ezafe_is_written("کتاب"));
    assert_false(ezafe_is_written("خانه"));
    assert_false(ezafe_is_written(""));
}

/* ---- the stage --------------------------------------------------------------------------- */

static void push(sentence *s, token_kind kind, const char *text, unsigned flags)
{
    assert_true(sentence_push(s, kind, text, strlen(text), 0, 0, flags) >= 0);
}

static stage_models models; /* the pipeline's part: the model the stage borrows */

static void close_stage(void *st)
{
    stage_ezafe.close(st);
    stage_models_free(&models);
}

static void *open_stage(int no_ezafe, const char *dir)
{
    ravi_config opt;
    memset(&opt, 0, sizeof opt);
    opt.ezafe = !no_ezafe;
    opt.data_dir = dir;
    void *st = NULL;
    stage_models_init(&models, &opt);
    assert_int_equal(stage_ezafe.open(&opt, &models, NULL, &st), 0);
    return st;
}

static void test_stage_sets_flags(void **state)
{
    (void)state;
    void *st = open_stage(0, data_dir());
    sentence s;
    sentence_init(&s);
    push(&s, TOK_WORD, "روابط", 0);
    push(&s, TOK_WORD, "ایران", TOKF_SPACE_BEFORE);
    push(&s, TOK_WORD, "و", TOKF_SPACE_BEFORE);
    push(&s, TOK_WORD, "جمهوری", TOKF_SPACE_BEFORE);
    push(&s, TOK_WORD, "آذربایجان", TOKF_SPACE_BEFORE);
    push(&s, TOK_PUNCT, ".", 0);
    assert_int_equal(stage_ezafe.run(st, &s), 0);
    assert_true(s.tok[0].flags & TOKF_EZAFE);
    assert_false(s.tok[1].flags & TOKF_EZAFE);
    assert_true(s.tok[3].flags & TOKF_EZAFE);
    assert_false(s.tok[4].flags & TOKF_EZAFE);
    assert_false(s.tok[5].flags & TOKF_EZAFE);
    sentence_free(&s);
    close_stage(st);
}

static void test_stage_respects_earlier_decisions(void **state)
{
    (void)state;
    void *st = open_stage(0, data_dir());
    sentence s;
    sentence_init(&s);
    push(&s, TOK_WORD, "روابط", TOKF_NO_EZAFE);
    push(&s, TOK_WORD, "خانهٔ", 0);
    push(&s, TOK_WORD, "دوازدهم", TOKF_EZAFE);
    push(&s, TOK_WORD, "مرداد", TOKF_EZAFE);
    push(&s, TOK_WORD, "هزار", TOKF_GENERATED);
    push(&s, TOK_NUM_CONJ, "و", TOKF_GENERATED);
    push(&s, TOK_WORD, "چهارصد", TOKF_GENERATED);
    push(&s, TOK_WORD, "برگزار", 0);
    push(&s, TOK_WORD, "شد", 0);
    assert_int_equal(stage_ezafe.run(st, &s), 0);
    assert_false(s.tok[0].flags & TOKF_EZAFE);
    assert_int_equal(s.tok[1].flags & (TOKF_EZAFE | TOKF_EZAFE_WRITTEN), TOKF_EZAFE | TOKF_EZAFE_WRITTEN);
    assert_true(s.tok[2].flags & TOKF_EZAFE);
    assert_true(s.tok[3].flags & TOKF_EZAFE);
    assert_false(s.tok[4].flags & TOKF_EZAFE);
    assert_false(s.tok[5].flags & TOKF_EZAFE);
    assert_false(s.tok[8].flags & TOKF_EZAFE);
    sentence_free(&s);
    close_stage(st);
}

static void test_stage_off_and_missing_model(void **state)
{
    (void)state;
    void *st = open_stage(1, "/nonexistent");
    assert_null(st);
    sentence s;
    sentence_init(&s);
    push(&s, TOK_WORD, "روابط", 0);
    push(&s, TOK_WORD, "ایران", TOKF_SPACE_BEFORE);
    assert_int_equal(stage_ezafe.run(st, &s), 0);
    assert_false(s.tok[0].flags & TOKF_EZAFE);
    sentence_free(&s);
    close_stage(st);

    ravi_config opt;
    memset(&opt, 0, sizeof opt);
    opt.ezafe = 1;
    opt.data_dir = "/nonexistent";
    stage_models_init(&models, &opt);
    assert_int_equal(stage_ezafe.open(&opt, &models, NULL, &st), -1);
    stage_models_free(&models);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_is_deterministic),
        cmocka_unit_test(test_missing_model_is_an_error),
        cmocka_unit_test(test_corrupt_model_is_an_error),
        cmocka_unit_test(test_bad_index_is_an_error),
        cmocka_unit_test(test_runtime_agrees_with_reference),
        cmocka_unit_test(test_cache_under_pressure),
        cmocka_unit_test(test_converted_copy_agrees),
        cmocka_unit_test(test_viterbi),
        cmocka_unit_test(test_prenominal_words_never_take_ezafe),
        cmocka_unit_test(test_closed_class_table),
        cmocka_unit_test(test_phrase_end_rules),
        cmocka_unit_test(test_indefinite_stem_key),
        cmocka_unit_test(test_verbs_prepositions_and_phrase_ends),
        cmocka_unit_test(test_noun_phrases),
        cmocka_unit_test(test_joined_function_words),
        cmocka_unit_test(test_written_ezafe_and_forced_decisions),
        cmocka_unit_test(test_long_sentence),
        cmocka_unit_test(test_written_ezafe_is_recognised),
        cmocka_unit_test(test_stage_sets_flags),
        cmocka_unit_test(test_stage_respects_earlier_decisions),
        cmocka_unit_test(test_stage_off_and_missing_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
