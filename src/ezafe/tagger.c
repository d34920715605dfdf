/* Word folding, features and closed-class rules of the ezafe tagger (see tagger.h). */
#include "tagger.h"
#include "ezafe.h"

#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define ZWNJ 0x200Cu

static uint64_t fnv_mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t ez_hash(const void *p, size_t n)
{
    uint64_t h = fnv_mix(FNV_OFFSET, p, n);
    return h ? h : 1;
}

/* Combines a hash with a 64-bit value (a multiply-xorshift step, as in MurmurHash3's finalizer). */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

/* The byte offset where the last k code points of w's form begin (0 when it has fewer), and the
 * byte length of its first k code points (its length when it has fewer): affixes longer than
 * those ez_word_fold records, for the tagger's view of words it has not seen. */
static size_t tail_offset(const ez_word *w, int k)
{
    size_t i = w->len;
    while (k > 0 && i > 0) {
        i--;
        if (((unsigned char)w->form[i] & 0xC0) != 0x80)
            k--;
    }
    return k > 0 ? 0 : i;
}

static size_t head_length(const ez_word *w, int k)
{
    size_t i = 0;
    while (i < w->len) {
        i++;
        if (i == w->len || ((unsigned char)w->form[i] & 0xC0) != 0x80) {
            if (--k == 0)
                break;
        }
    }
    return i;
}

uint64_t ez_stem_key(const ez_word *w, unsigned *ending)
{
    static const char *const endings[] = {"ند", "ید", "یم", "م", "ی", "د", "ه"}; /* longest first */
    *ending = 0;
    if (w->shape & (EZS_PUNCT | EZS_DIGIT | EZS_LATIN))
        return 0;
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t el = strlen(endings[k]);
        if (w->len >= el + 4 && !memcmp(w->form + w->len - el, endings[k], el)) { /* a stem of two letters or more */
            *ending = (unsigned)k + 1;
            return mix(0x57E3ull, ez_hash(w->form, w->len - el)) | 1;
        }
    }
    return 0;
}

static int ends_with(const char *form, size_t len, const char *tail);

uint64_t ez_indefinite_stem_key(const ez_word *w)
{
    static const char *const vowels[] = {"ا", "و"}, *const consonant_blockers[] = {"ا", "و", "ی", "ه", "\u200c"};
    if (w->shape & (EZS_PUNCT | EZS_DIGIT | EZS_LATIN))
        return 0;
    size_t len = w->len;
    const char *f = w->form;
    if (ends_with(f, len, "\u200cای") && ends_with(f, len - strlen("\u200cای"), "ه"))
        return ez_hash(f, len - strlen("\u200cای")); /* نامه‌ای */
    if (ends_with(f, len, "یی")) {
        for (size_t k = 0; k < 2; k++)
            if (ends_with(f, len - strlen("یی"), vowels[k]))
                return ez_hash(f, len - strlen("یی")); /* گفت‌وگویی، جایی */
        return 0;
    }
    if (!ends_with(f, len, "ی") || len < strlen("ی") + 4) /* a stem of two letters or more */
        return 0;
    for (size_t k = 0; k < sizeof consonant_blockers / sizeof *consonant_blockers; k++)
        if (ends_with(f, len - strlen("ی"), consonant_blockers[k]))
            return 0;
    return ez_hash(f, len - strlen("ی")); /* سفری */
}

void ez_set_indefinite_form(ez_word *w, int stem_class, int stem_class2)
{
    if ((stem_class == EZC_NOUN || stem_class2 == EZC_NOUN) &&
        (!(w->shape & EZS_KNOWN) || w->cls == EZC_INDEF || w->cls2 == EZC_INDEF))
        w->shape |= EZS_INDEF_FORM;
}

void ez_class_keys(const ez_word *w, uint64_t keys[EZ_CLASS_KEYS])
{
    keys[0] = w->h_form;
    keys[1] = mix(0xC1A55E5ull, w->h_suf[3]) | 1; /* words ending in the same three letters */
    keys[2] = mix(0xC1A55E5ull, w->h_suf[2]) | 1; /* ... in the same two */
}

static unsigned closed_class(const ez_word *w);

/* ---- folding ---------------------------------------------------------------------------- */

/* The code point a feature sees for cp: Arabic variants folded to Persian letters, all digits
 * to '0', Latin lowercased; 0 drops it (short vowels, hamza above, tatweel). */
static uint32_t fold_cp(uint32_t cp)
{
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640)
        return 0;
    if ((cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9))
        return '0';
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    switch (cp) {
    case 0x064A: case 0x0649: case 0x0626: return 0x06CC; /* ي ى ئ → ی */
    case 0x0643: return 0x06A9;                          /* ك → ک */
    case 0x0629: case 0x06C0: return 0x0647;             /* ة ۀ → ه */
    case 0x0623: case 0x0625: return 0x0627;             /* أ إ → ا */
    case 0x0624: return 0x0648;                          /* ؤ → و */
    default: return cp;
    }
}

static int is_letter_cp(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 0x0621 && cp <= 0x064A) ||
           (cp >= 0x0671 && cp <= 0x06D3) || (cp >= 0x06FA && cp <= 0x06FF) ||
           (cp >= 0x00C0 && cp <= 0x024F);
}

static int is_opener(const char *form)
{
    static const char *const openers[] = {"«", "(", "[", "\"", "“", "‹", "{"};
    for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
        if (!strcmp(form, openers[k]))
            return 1;
    return 0;
}

/* Records where the last three code points begin and where the first two end. */
static void set_affixes(ez_word *w, const unsigned char *starts, size_t ncp)
{
    memset(w->suf, 0, sizeof w->suf);
    memset(w->pre, 0, sizeof w->pre);
    for (size_t k = 1; k <= 3; k++)
        w->suf[k] = ncp >= k ? starts[ncp - k] : 0;
    for (size_t k = 1; k <= 2; k++)
        w->pre[k] = ncp > k ? starts[k] : w->len;
}

void ez_word_fold(const char *text, ez_word *w)
{
    unsigned char starts[EZ_FORM_MAX];
    size_t ncp = 0, len = 0, n = strlen(text);
    int letters = 0, digits = 0;
    w->shape = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(text + i, n - i, &cp);
        cp = fold_cp(cp);
        if (!cp)
            continue;
        size_t cl = utf8_len(cp);
        if (len + cl >= EZ_FORM_MAX)
            break;
        letters += is_letter_cp(cp);
        digits += cp == '0';
        if (cp >= 'a' && cp <= 'z')
            w->shape |= EZS_LATIN;
        if (cp == ZWNJ)
            w->shape |= EZS_ZWNJ;
        starts[ncp++] = (unsigned char)len;
        if (cp < 0x80) {
            w->form[len] = (char)cp;
        } else if (cp < 0x800) {
            w->form[len] = (char)(0xC0 | (cp >> 6));
            w->form[len + 1] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            w->form[len] = (char)(0xE0 | (cp >> 12));
            w->form[len + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            w->form[len + 2] = (char)(0x80 | (cp & 0x3F));
        } else {
            w->form[len] = (char)(0xF0 | (cp >> 18));
            w->form[len + 1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            w->form[len + 2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            w->form[len + 3] = (char)(0x80 | (cp & 0x3F));
        }
        len += cl;
    }
    w->form[len] = '\0';
    w->len = (unsigned char)len;
    w->cls = EZC_UNK;
    w->cls2 = EZC_UNK;
    w->stem = 0;
    w->cluster = 0;
    if (digits)
        w->shape |= EZS_DIGIT;
    if (ezafe_is_written_sized(text, n))
        w->shape |= EZS_WRITTEN;
    if (!letters && !digits) {
        w->shape |= EZS_PUNCT;
        w->cls = EZC_PUNCT;
        if (is_opener(w->form))
            w->shape |= EZS_OPENER;
    }
    w->tag = w->cls;
    set_affixes(w, starts, ncp);
    w->closed = (uint16_t)closed_class(w);
    w->h_form = ez_hash(w->form, w->len);
    for (int k = 1; k <= 3; k++)
        w->h_suf[k] = ez_hash(w->form + w->suf[k], w->len - w->suf[k]);
    for (int k = 1; k <= 2; k++)
        w->h_pre[k] = ez_hash(w->form, w->pre[k]);
}

/* ---- features --------------------------------------------------------------------------- */

/* The sentence's edges, seen as words of their own. */
const ez_word ez_bos_word = {.form = "<s>", .len = 3, .cls = EZC_COUNT, .tag = EZC_COUNT, .shape = EZS_PUNCT,
                                 .suf = {0, 2, 1, 0}, .pre = {0, 1, 2}, .h_form = 0xB05,
                                 .h_suf = {0, 0xB051, 0xB052, 0xB053}, .h_pre = {0, 0xB054, 0xB055}};
const ez_word ez_eos_word = {.form = "</s>", .len = 4, .cls = EZC_COUNT + 1, .tag = EZC_COUNT + 1, .shape = EZS_PUNCT,
                                 .suf = {0, 3, 2, 1}, .pre = {0, 1, 2}, .h_form = 0xE05,
                                 .h_suf = {0, 0xE051, 0xE052, 0xE053}, .h_pre = {0, 0xE054, 0xE055}};

static const ez_word *word_at(const ez_word *w, size_t n, size_t i, int offset)
{
    if (offset < 0 && i < (size_t)-offset)
        return &ez_bos_word;
    size_t j = i + (size_t)(long)offset;
    return j < n ? &w[j] : &ez_eos_word;
}

typedef struct feature_list {
    uint64_t *ids;
    size_t n, max;
} feature_list;

static uint64_t start(unsigned template_id) { return mix(FNV_OFFSET, template_id); }

/* An unknown word's spelling is not a feature: all unknown words share one value. */
static uint64_t with_form(uint64_t h, const ez_word *w)
{
    return mix(h, w->shape & (EZS_KNOWN | EZS_PUNCT) ? w->h_form : 0x3F3F3F3Full);
}

static uint64_t with_suffix(uint64_t h, const ez_word *w, int k) { return mix(h, w->h_suf[k]); }

static uint64_t with_prefix(uint64_t h, const ez_word *w, int k) { return mix(h, w->h_pre[k]); }

static uint64_t with_byte(uint64_t h, unsigned v) { return mix(h, 0x9E3779B97F4A7C15ull + v); }

static void emit(feature_list *f, uint64_t h)
{
    if (f->n < f->max)
        f->ids[f->n++] = h ? h : 1;
}

/* The first `bits` bits of the word's cluster path (all of it when shorter), with its leading 1
 * bit, so that prefixes of different lengths differ. */
static uint32_t cluster_prefix(const ez_word *w, unsigned bits)
{
    unsigned depth = 0;
    while (depth < 31 && w->cluster >> (depth + 1))
        depth++;
    return depth > bits ? w->cluster >> (depth - bits) : w->cluster;
}

/* A feature of the word's cluster path cut to `bits` bits; none for a word without a cluster. */
static void emit_cluster(feature_list *f, unsigned template_id, const ez_word *w, unsigned bits)
{
    if (w->cluster)
        emit(f, mix(start(template_id), cluster_prefix(w, bits)));
}

/* The ezafe features, grouped by what they read, so that the runtime can add up each group's
 * weights once per word type (model.c) while training sees the same ids as one list. */

size_t ez_ezafe_role_features(int role, const ez_word *x, uint64_t *feats)
{
    feature_list f = {feats, 0, EZ_MAX_ROLE_FEATURES};
    switch (role) {
    case EZR_W0:
        emit(&f, with_form(start(2), x));
        for (int k = 1; k <= 3; k++)
            emit(&f, with_suffix(start((unsigned)(8 + k)), x, k));
        emit(&f, with_prefix(start(12), x, 1));
        emit(&f, with_prefix(start(13), x, 2));
        emit(&f, with_byte(start(30), x->shape));
        emit(&f, with_byte(start(38), x->len / 2 > 10 ? 10 : x->len / 2));
        emit_cluster(&f, 43, x, 6);
        emit_cluster(&f, 44, x, 31);
        break;
    case EZR_P1:
        emit(&f, with_form(start(3), x));
        emit(&f, with_suffix(start(36), x, 1));
        emit_cluster(&f, 50, x, 6);
        break;
    case EZR_N1:
        emit(&f, with_form(start(4), x));
        for (int k = 1; k <= 3; k++)
            emit(&f, with_suffix(start((unsigned)(13 + k)), x, k));
        emit(&f, with_prefix(start(17), x, 2));
        emit(&f, with_byte(start(31), x->shape));
        emit_cluster(&f, 45, x, 6);
        emit_cluster(&f, 46, x, 31);
        break;
    case EZR_N2:
        emit(&f, with_form(start(5), x));
        emit_cluster(&f, 49, x, 6);
        break;
    case EZR_P2:
        emit(&f, with_form(start(6), x));
        break;
    default:
        break;
    }
    return f.n;
}

size_t ez_ezafe_w0_next_tag_features(const ez_word *w0, unsigned n1_tag, uint64_t *feats)
{
    feature_list f = {feats, 0, 3};
    emit(&f, with_byte(with_form(start(32), w0), n1_tag));
    emit(&f, with_byte(with_suffix(start(34), w0, 2), n1_tag));
    if (w0->cluster)
        emit(&f, with_byte(mix(start(47), cluster_prefix(w0, 8)), n1_tag));
    return f.n;
}

size_t ez_ezafe_n1_word_tag_features(const ez_word *n1, unsigned w0_tag, uint64_t *feats)
{
    feature_list f = {feats, 0, 2};
    emit(&f, with_form(with_byte(start(33), w0_tag), n1));
    if (n1->cluster)
        emit(&f, mix(with_byte(start(48), w0_tag), cluster_prefix(n1, 8)));
    return f.n;
}

size_t ez_ezafe_pair_features(const ez_word *p1, const ez_word *w0, const ez_word *n1, uint64_t *feats)
{
    feature_list f = {feats, 0, 3};
    emit(&f, with_form(with_form(start(7), w0), n1));
    emit(&f, with_form(with_form(start(8), p1), w0));
    emit(&f, with_suffix(with_suffix(start(35), w0, 2), n1, 2));
    return f.n;
}

size_t ez_ezafe_tag_left_features(unsigned p1, unsigned w0, unsigned n1, uint64_t *feats)
{
    feature_list f = {feats, 0, 7};
    emit(&f, start(1)); /* bias */
    emit(&f, with_byte(start(18), w0));
    emit(&f, with_byte(start(19), p1));
    emit(&f, with_byte(start(20), n1));
    emit(&f, with_byte(with_byte(start(22), w0), n1));
    emit(&f, with_byte(with_byte(start(23), p1), w0));
    emit(&f, with_byte(with_byte(with_byte(start(25), p1), w0), n1));
    return f.n;
}

size_t ez_ezafe_tag_right_features(unsigned w0, unsigned n1, unsigned n2, uint64_t *feats)
{
    feature_list f = {feats, 0, 2};
    emit(&f, with_byte(start(21), n2));
    emit(&f, with_byte(with_byte(with_byte(start(24), w0), n1), n2));
    return f.n;
}

size_t ez_ezafe_history_word_features(int prev, const ez_word *w0, uint64_t *feats)
{
    feature_list f = {feats, 0, 2};
    emit(&f, with_form(with_byte(start(29), (unsigned)prev), w0));
    emit(&f, with_suffix(with_byte(start(39), (unsigned)prev), w0, 3));
    return f.n;
}

size_t ez_ezafe_history_tag_features(int prev, unsigned w0_tag, unsigned n1_tag, uint64_t *feats)
{
    feature_list f = {feats, 0, 3};
    emit(&f, with_byte(start(26), (unsigned)prev));
    emit(&f, with_byte(with_byte(start(27), (unsigned)prev), w0_tag));
    emit(&f, with_byte(with_byte(start(28), (unsigned)prev), n1_tag));
    return f.n;
}

/* ---- the phrase's edges ------------------------------------------------------------------ */

/* Whether the word's form is this literal; compared by length first, as the callers run on every
 * token. */
#define FORM_IS(w, literal) ((w)->len == sizeof(literal) - 1 && !memcmp((w)->form, literal, sizeof(literal) - 1))

unsigned ez_boundary_kind(const ez_word *x, unsigned tag)
{
    if (x->shape & EZS_PUNCT)
        return x->shape & EZS_OPENER ? EZB_NONE : EZB_PUNCT;
    if (FORM_IS(x, "را"))
        return EZB_RA;
    switch (tag) {
    case EZC_VERB: return EZB_VERB;
    case EZC_ADP: return EZB_ADP;
    case EZC_CCONJ: return EZB_CCONJ;
    case EZC_SCONJ: return EZB_SCONJ;
    default: return EZB_NONE;
    }
}

unsigned ez_edge_code(unsigned distance, unsigned kind)
{
    return (distance < EZ_EDGE_DIST ? distance : EZ_EDGE_DIST) * EZB_COUNT + kind;
}

/* The lcode of token i (tagger.h), read from the sentence's tags. */
static unsigned left_edge(const ez_word *w, size_t i)
{
    unsigned kind = EZB_EDGE;
    size_t j = i;
    for (; j > 0; j--)
        if ((kind = ez_boundary_kind(&w[j - 1], w[j - 1].tag)) != EZB_NONE)
            break;
    return ez_edge_code((unsigned)(i - j + 1), j > 0 ? kind : EZB_EDGE);
}

size_t ez_ezafe_edge_left_features(unsigned w0_tag, unsigned lcode, uint64_t *feats)
{
    feature_list f = {feats, 0, 1};
    emit(&f, with_byte(with_byte(start(42), w0_tag), lcode));
    return f.n;
}

int ez_tag_is_fixed(const ez_word *w)
{
    return w->cls == EZC_PUNCT || (w->closed & EZW_CARDINAL) ||
           (w->closed & (EZW_NEVER | EZW_CLOSER)) == (EZW_NEVER | EZW_CLOSER);
}

/* The word-class tagger's features, grouped the same way. */

size_t ez_tag_role_features(int role, const ez_word *x, uint64_t *feats)
{
    feature_list f = {feats, 0, EZ_MAX_ROLE_FEATURES};
    switch (role) {
    case EZR_W0:
        emit(&f, mix(start(101), x->h_form));
        for (int k = 1; k <= 3; k++)
            emit(&f, with_suffix(start((unsigned)(101 + k)), x, k));
        emit(&f, with_prefix(start(105), x, 1));
        emit(&f, with_prefix(start(106), x, 2));
        emit(&f, with_byte(start(107), x->cls));
        /* the lexicon's two commonest classes: a word seen as noun and adjective alike reads
         * differently from one always seen as a noun */
        emit(&f, with_byte(start(123), (unsigned)x->cls | (unsigned)x->cls2 << 4));
        emit(&f, with_byte(start(108), x->shape));
        if (!(x->shape & EZS_KNOWN)) { /* a word the lexicon lacks: its last four and first three letters */
            size_t t4 = tail_offset(x, 4), h3 = head_length(x, 3);
            emit(&f, mix(start(121), ez_hash(x->form + t4, x->len - t4)));
            emit(&f, mix(start(122), ez_hash(x->form, h3)));
            if (x->stem)
                emit(&f, with_byte(start(124), x->stem));
        }
        emit_cluster(&f, 125, x, 4);
        emit_cluster(&f, 126, x, 6);
        emit_cluster(&f, 127, x, 10);
        emit_cluster(&f, 128, x, 31);
        break;
    case EZR_P1:
        emit(&f, mix(start(112), x->h_form));
        emit(&f, with_suffix(start(118), x, 2));
        emit_cluster(&f, 129, x, 6);
        break;
    case EZR_N1:
        emit(&f, mix(start(113), x->h_form));
        emit(&f, with_suffix(start(117), x, 2));
        emit_cluster(&f, 130, x, 6);
        break;
    default:
        break;
    }
    return f.n;
}

size_t ez_tag_history_features(int t1, int t2, uint64_t *feats)
{
    feature_list f = {feats, 0, 3};
    emit(&f, start(100)); /* bias */
    emit(&f, with_byte(start(109), (unsigned)t1));
    emit(&f, with_byte(with_byte(start(110), (unsigned)t1), (unsigned)t2));
    return f.n;
}

size_t ez_tag_history_class_features(int t1, unsigned w0_cls, uint64_t *feats)
{
    feature_list f = {feats, 0, 1};
    emit(&f, with_byte(with_byte(start(111), (unsigned)t1), w0_cls));
    return f.n;
}

size_t ez_tag_next_class_features(unsigned w0_cls, unsigned n1_cls, uint64_t *feats)
{
    feature_list f = {feats, 0, 2};
    emit(&f, with_byte(start(114), n1_cls));
    emit(&f, with_byte(with_byte(start(116), w0_cls), n1_cls));
    return f.n;
}

size_t ez_tag_after_next_class_features(unsigned n2_cls, uint64_t *feats)
{
    feature_list f = {feats, 0, 1};
    emit(&f, with_byte(start(115), n2_cls));
    return f.n;
}

size_t ez_tag_word_prev_tag_features(const ez_word *w0, int t1, uint64_t *feats)
{
    feature_list f = {feats, 0, 1};
    emit(&f, with_byte(mix(start(119), w0->h_form), (unsigned)t1));
    return f.n;
}

size_t ez_tag_suffix_next_class_features(const ez_word *w0, unsigned n1_cls, uint64_t *feats)
{
    feature_list f = {feats, 0, 1};
    emit(&f, with_byte(with_suffix(start(120), w0, 2), n1_cls));
    return f.n;
}

size_t ez_tag_features(const ez_word *w, size_t n, size_t i, int t1, int t2, uint64_t *feats)
{
    const ez_word *p1 = word_at(w, n, i, -1), *w0 = &w[i], *n1 = word_at(w, n, i, 1), *n2 = word_at(w, n, i, 2);
    size_t k = ez_tag_role_features(EZR_W0, w0, feats);
    k += ez_tag_role_features(EZR_P1, p1, feats + k);
    k += ez_tag_role_features(EZR_N1, n1, feats + k);
    k += ez_tag_history_features(t1, t2, feats + k);
    k += ez_tag_history_class_features(t1, w0->cls, feats + k);
    k += ez_tag_next_class_features(w0->cls, n1->cls, feats + k);
    k += ez_tag_after_next_class_features(n2->cls, feats + k);
    k += ez_tag_word_prev_tag_features(w0, t1, feats + k);
    k += ez_tag_suffix_next_class_features(w0, n1->cls, feats + k);
    return k;
}

size_t ez_features_static(const ez_word *w, size_t n, size_t i, uint64_t *feats)
{
    const ez_word *p2 = word_at(w, n, i, -2), *p1 = word_at(w, n, i, -1), *w0 = &w[i];
    const ez_word *n1 = word_at(w, n, i, 1), *n2 = word_at(w, n, i, 2);
    size_t k = ez_ezafe_tag_left_features(p1->tag, w0->tag, n1->tag, feats);
    k += ez_ezafe_tag_right_features(w0->tag, n1->tag, n2->tag, feats + k);
    k += ez_ezafe_role_features(EZR_W0, w0, feats + k);
    k += ez_ezafe_role_features(EZR_P1, p1, feats + k);
    k += ez_ezafe_role_features(EZR_N1, n1, feats + k);
    k += ez_ezafe_role_features(EZR_N2, n2, feats + k);
    k += ez_ezafe_role_features(EZR_P2, p2, feats + k);
    k += ez_ezafe_w0_next_tag_features(w0, n1->tag, feats + k);
    k += ez_ezafe_n1_word_tag_features(n1, w0->tag, feats + k);
    k += ez_ezafe_pair_features(p1, w0, n1, feats + k);
    k += ez_ezafe_edge_left_features(w0->tag, left_edge(w, i), feats + k);
    return k;
}

size_t ez_features_history(const ez_word *w, size_t n, size_t i, int prev_label, uint64_t *feats)
{
    size_t k = ez_ezafe_history_tag_features(prev_label, w[i].tag, word_at(w, n, i, 1)->tag, feats);
    return k + ez_ezafe_history_word_features(prev_label, &w[i], feats + k);
}

size_t ez_features(const ez_word *w, size_t n, size_t i, int prev_label, uint64_t *feats)
{
    size_t k = ez_features_static(w, n, i, feats);
    return k + ez_features_history(w, n, i, prev_label, feats + k);
}

void ez_viterbi(size_t n, const unsigned char *fixed, const double *score1, unsigned char *back,
                unsigned char *out)
{
    double best[2] = {0.0, -1e300}; /* best score of a prefix ending in label 0 / 1 */
    for (size_t i = 0; i < n; i++) {
        double next[2];
        /* label 0 */
        back[2 * i] = best[1] > best[0];
        next[0] = best[back[2 * i]];
        /* label 1 */
        double via0 = best[0] + score1[2 * i], via1 = best[1] + score1[2 * i + 1];
        back[2 * i + 1] = via1 > via0;
        next[1] = back[2 * i + 1] ? via1 : via0;
        if (fixed[i] == 1)
            next[0] = -1e300;
        else if (fixed[i] == 2)
            next[1] = -1e300;
        best[0] = next[0];
        best[1] = next[1];
    }
    if (!n)
        return;
    int y = best[1] > best[0];
    for (size_t i = n; i-- > 0;) {
        out[i] = (unsigned char)y;
        y = back[2 * i + (size_t)y];
    }
}

/* ---- closed-class rules ----------------------------------------------------------------- */

/* Closed-class words, in UTF-8 byte order for bsearch (a unit test checks the order):
 *   EZW_NEVER     prepositions without ezafe, conjunctions, pre-nominal determiners (این، آن، هر،
 *                 چند ...), personal pronouns and the commonest finite verbs;
 *   EZW_CARDINAL  cardinal numbers: «دو نفر», «هزار و چهارصد» take none;
 *   EZW_CLOSER    words that cannot be an ezafe complement, so the word before them takes none;
 *   EZW_ORDINAL   ordinals that stand before their noun («نخستین»);
 *   EZW_ORDINAL_STEM  a stem that is not a cardinal but makes an ordinal («سومین»);
 *   EZW_HIJRI, EZW_HIJRI_KIND  «هجری» and the «قمری» / «شمسی» after it, read without ezafe;
 *   EZW_MONTH     a month name: a day before it takes ezafe («نوزدهِ خرداد»), so a cardinal before
 *                 one is left to the model. Eras (میلادی، هجری) are not: whether a year takes
 *                 ezafe before them varies between speakers, and Ravi reads «۱۴۴۶ ه.ق» without it.
 *   EZW_DAY_NAME  weekdays and «امروز، دیروز، فردا»; EZW_DAYPART  «روز، صبح، ظهر، عصر، شب ...»: a
 *                 time expression («روزِ سه‌شنبه», «صبحِ امروز») is no complement of the word
 *                 before it, and a weekday stands beside its date without ezafe;
 *   EZW_DEMONSTRATIVE  «این، آن، همین، همان», which make the noun after them a whole phrase.
 *   EZW_TIME_NOUN, EZW_TIME_AGE  «سال، هفته، ماه ...» before «گذشته، آینده، جاری، اخیر».
 * «می», «ها», «تر» written apart from their word belong to the word before: it takes no ezafe. */
static const struct closed_word {
    const char *form;
    uint16_t flags;
} closed_words[] = {
    {"آبان", EZW_MONTH},
    {"آخرین", EZW_ORDINAL},
    {"آذر", EZW_MONTH},
    {"آن", EZW_NEVER | EZW_DEMONSTRATIVE},
    {"آنها", EZW_NEVER},
    {"آنکه", EZW_NEVER},
    {"آن\u200cها", EZW_NEVER},
    {"آن\u200cکه", EZW_NEVER},
    {"آوریل", EZW_MONTH},
    {"آگوست", EZW_MONTH},
    {"آیا", EZW_NEVER},
    {"آینده", EZW_TIME_AGE},
    {"اخیر", EZW_TIME_AGE},
    {"اردیبهشت", EZW_MONTH},
    {"از", EZW_NEVER | EZW_CLOSER},
    {"است", EZW_NEVER | EZW_CLOSER},
    {"اسد", EZW_MONTH},
    {"اسفند", EZW_MONTH},
    {"البته", EZW_NEVER},
    {"اما", EZW_NEVER | EZW_CLOSER},
    {"امروز", EZW_DAY_NAME},
    {"او", EZW_NEVER},
    {"اوت", EZW_MONTH},
    {"اولین", EZW_ORDINAL},
    {"اکتبر", EZW_MONTH},
    {"اگر", EZW_NEVER | EZW_CLOSER},
    {"اگرچه", EZW_NEVER},
    {"ایشان", EZW_NEVER},
    {"این", EZW_NEVER | EZW_DEMONSTRATIVE},
    {"اینها", EZW_NEVER},
    {"اینکه", EZW_NEVER},
    {"این\u200cها", EZW_NEVER},
    {"این\u200cکه", EZW_NEVER},
    {"با", EZW_NEVER | EZW_CLOSER},
    {"باشد", EZW_NEVER | EZW_CLOSER},
    {"باشند", EZW_NEVER},
    {"بامداد", EZW_DAYPART | EZW_TIME_NOUN},
    {"باید", EZW_NEVER},
    {"بر", EZW_NEVER | EZW_CLOSER},
    {"برای", EZW_NEVER | EZW_CLOSER},
    {"بعدازظهر", EZW_DAYPART},
    {"بعد\u200cازظهر", EZW_DAYPART},
    {"بلکه", EZW_NEVER},
    {"به", EZW_NEVER | EZW_CLOSER},
    {"بهمن", EZW_MONTH},
    {"بود", EZW_NEVER | EZW_CLOSER},
    {"بودند", EZW_NEVER},
    {"بی", EZW_NEVER},
    {"بیست", EZW_CARDINAL},
    {"تا", EZW_NEVER | EZW_CLOSER},
    {"تر", EZW_CLOSER},
    {"تریلیون", EZW_CARDINAL},
    {"ترین", EZW_NEVER | EZW_CLOSER},
    {"تو", EZW_NEVER},
    {"تیر", EZW_MONTH},
    {"ثور", EZW_MONTH},
    {"جاری", EZW_TIME_AGE},
    {"جدی", EZW_MONTH},
    {"جز", EZW_NEVER},
    {"جمعه", EZW_DAY_NAME},
    {"جوزا", EZW_MONTH},
    {"جولای", EZW_MONTH},
    {"حتی", EZW_NEVER},
    {"حمل", EZW_MONTH},
    {"حوت", EZW_MONTH},
    {"خرداد", EZW_MONTH},
    {"خواهد", EZW_NEVER},
    {"خواهند", EZW_NEVER},
    {"دارد", EZW_NEVER},
    {"دارند", EZW_NEVER},
    {"در", EZW_NEVER | EZW_CLOSER},
    {"دسامبر", EZW_MONTH},
    {"دلو", EZW_MONTH},
    {"ده", EZW_CARDINAL},
    {"دهه", EZW_TIME_NOUN},
    {"دهه\u200cهای", EZW_TIME_NOUN},
    {"دو", EZW_CARDINAL},
    {"دوازده", EZW_CARDINAL},
    {"دوشنبه", EZW_DAY_NAME},
    {"دویست", EZW_CARDINAL},
    {"دی", EZW_MONTH},
    {"دیروز", EZW_DAY_NAME},
    {"را", EZW_NEVER | EZW_CLOSER},
    {"رمضان", EZW_MONTH},
    {"روز", EZW_DAYPART | EZW_TIME_NOUN},
    {"روزهای", EZW_TIME_NOUN},
    {"زیرا", EZW_NEVER | EZW_CLOSER},
    {"سال", EZW_TIME_NOUN},
    {"سالهای", EZW_TIME_NOUN},
    {"سال\u200cهای", EZW_TIME_NOUN},
    {"سحر", EZW_DAYPART},
    {"سده", EZW_TIME_NOUN},
    {"سرطان", EZW_MONTH},
    {"سنبله", EZW_MONTH},
    {"سه", EZW_CARDINAL},
    {"سهشنبه", EZW_DAY_NAME},
    {"سه\u200cشنبه", EZW_DAY_NAME},
    {"سو", EZW_ORDINAL_STEM},
    {"سپتامبر", EZW_MONTH},
    {"سپس", EZW_NEVER},
    {"سی", EZW_CARDINAL},
    {"سیزده", EZW_CARDINAL},
    {"سیصد", EZW_CARDINAL},
    {"شانزده", EZW_CARDINAL},
    {"شاید", EZW_NEVER},
    {"شب", EZW_DAYPART | EZW_TIME_NOUN},
    {"شد", EZW_NEVER | EZW_CLOSER},
    {"شدند", EZW_NEVER},
    {"شش", EZW_CARDINAL},
    {"ششصد", EZW_CARDINAL},
    {"شصت", EZW_CARDINAL},
    {"شما", EZW_NEVER},
    {"شمسی", EZW_HIJRI_KIND},
    {"شنبه", EZW_DAY_NAME},
    {"شهریور", EZW_MONTH},
    {"شوال", EZW_MONTH},
    {"شود", EZW_NEVER | EZW_CLOSER},
    {"شوند", EZW_NEVER},
    {"صبح", EZW_DAYPART | EZW_TIME_NOUN},
    {"صد", EZW_CARDINAL},
    {"صفر", EZW_MONTH},
    {"ظهر", EZW_DAYPART | EZW_TIME_NOUN},
    {"عصر", EZW_DAYPART | EZW_TIME_NOUN},
    {"عقرب", EZW_MONTH},
    {"غروب", EZW_DAYPART},
    {"فردا", EZW_DAY_NAME},
    {"فروردین", EZW_MONTH},
    {"فصل", EZW_TIME_NOUN},
    {"فقط", EZW_NEVER},
    {"فوریه", EZW_MONTH},
    {"قرن", EZW_TIME_NOUN},
    {"قرن\u200cهای", EZW_TIME_NOUN},
    {"قمری", EZW_HIJRI_KIND},
    {"قوس", EZW_MONTH},
    {"ما", EZW_NEVER},
    {"مارس", EZW_MONTH},
    {"ماه", EZW_TIME_NOUN},
    {"ماههای", EZW_TIME_NOUN},
    {"ماه\u200cهای", EZW_TIME_NOUN},
    {"محرم", EZW_MONTH},
    {"مرداد", EZW_MONTH},
    {"من", EZW_NEVER},
    {"مه", EZW_MONTH},
    {"مهر", EZW_MONTH},
    {"مگر", EZW_NEVER},
    {"می", EZW_NEVER | EZW_CLOSER},
    {"میزان", EZW_MONTH},
    {"میلیارد", EZW_CARDINAL},
    {"میلیون", EZW_CARDINAL},
    {"نخستین", EZW_ORDINAL},
    {"نمود", EZW_NEVER},
    {"نمی", EZW_NEVER | EZW_CLOSER},
    {"نه", EZW_CARDINAL},
    {"نهصد", EZW_CARDINAL},
    {"نوامبر", EZW_MONTH},
    {"نود", EZW_CARDINAL},
    {"نوزده", EZW_CARDINAL},
    {"نیز", EZW_NEVER},
    {"نیست", EZW_NEVER | EZW_CLOSER},
    {"نیمه\u200cشب", EZW_DAYPART},
    {"ها", EZW_CLOSER},
    {"های", EZW_CLOSER},
    {"هایی", EZW_CLOSER},
    {"هجده", EZW_CARDINAL},
    {"هجری", EZW_HIJRI},
    {"هر", EZW_NEVER},
    {"هرچند", EZW_NEVER},
    {"هرگز", EZW_NEVER},
    {"هزار", EZW_CARDINAL},
    {"هزاره", EZW_TIME_NOUN},
    {"هست", EZW_NEVER | EZW_CLOSER},
    {"هستند", EZW_NEVER},
    {"هشت", EZW_CARDINAL},
    {"هشتاد", EZW_CARDINAL},
    {"هشتصد", EZW_CARDINAL},
    {"هفت", EZW_CARDINAL},
    {"هفتاد", EZW_CARDINAL},
    {"هفتصد", EZW_CARDINAL},
    {"هفته", EZW_TIME_NOUN},
    {"هفته\u200cهای", EZW_TIME_NOUN},
    {"هفده", EZW_CARDINAL},
    {"هم", EZW_NEVER},
    {"همان", EZW_NEVER | EZW_DEMONSTRATIVE},
    {"همچنان", EZW_NEVER},
    {"همچنین", EZW_NEVER},
    {"همین", EZW_NEVER | EZW_DEMONSTRATIVE},
    {"هنوز", EZW_NEVER},
    {"هیجده", EZW_CARDINAL},
    {"هیچ", EZW_NEVER},
    {"و", EZW_NEVER | EZW_CLOSER},
    {"واپسین", EZW_ORDINAL},
    {"ولو", EZW_NEVER},
    {"ولی", EZW_NEVER | EZW_CLOSER},
    {"وی", EZW_NEVER},
    {"پانزده", EZW_CARDINAL},
    {"پانصد", EZW_CARDINAL},
    {"پریروز", EZW_DAY_NAME},
    {"پس\u200cفردا", EZW_DAY_NAME},
    {"پنج", EZW_CARDINAL},
    {"پنجاه", EZW_CARDINAL},
    {"پنجشنبه", EZW_DAY_NAME},
    {"پنج\u200cشنبه", EZW_DAY_NAME},
    {"چرا", EZW_NEVER},
    {"چنان", EZW_NEVER},
    {"چنانچه", EZW_NEVER},
    {"چند", EZW_NEVER},
    {"چندمین", EZW_ORDINAL},
    {"چندین", EZW_NEVER},
    {"چنین", EZW_NEVER},
    {"چه", EZW_NEVER},
    {"چهار", EZW_CARDINAL},
    {"چهارده", EZW_CARDINAL},
    {"چهارشنبه", EZW_DAY_NAME},
    {"چهارصد", EZW_CARDINAL},
    {"چهل", EZW_CARDINAL},
    {"چون", EZW_NEVER},
    {"ژانویه", EZW_MONTH},
    {"ژوئن", EZW_MONTH},
    {"ژوئیه", EZW_MONTH},
    {"کدام", EZW_NEVER},
    {"کرد", EZW_NEVER},
    {"کردند", EZW_NEVER},
    {"کند", EZW_NEVER},
    {"کنند", EZW_NEVER},
    {"که", EZW_NEVER | EZW_CLOSER},
    {"گذشته", EZW_TIME_AGE},
    {"گردید", EZW_NEVER},
    {"گفت", EZW_NEVER},
    {"یا", EZW_NEVER | EZW_CLOSER},
    {"یازده", EZW_CARDINAL},
    {"یک", EZW_CARDINAL},
    {"یکشنبه", EZW_DAY_NAME},
    {"یکصد", EZW_CARDINAL},
    {"یک\u200cشنبه", EZW_DAY_NAME},
};

static int by_form(const void *key, const void *entry)
{
    return strcmp(key, ((const struct closed_word *)entry)->form);
}

int ez_closed_table_is_sorted(void)
{
    for (size_t k = 1; k < sizeof closed_words / sizeof *closed_words; k++)
        if (strcmp(closed_words[k - 1].form, closed_words[k].form) >= 0)
            return 0;
    return 1;
}

unsigned ez_closed_class_of(const char *form)
{
    const struct closed_word *hit = bsearch(form, closed_words, sizeof closed_words / sizeof *closed_words,
                                            sizeof *closed_words, by_form);
    return hit ? hit->flags : 0;
}

static int ends_with(const char *form, size_t len, const char *tail)
{
    size_t tl = strlen(tail);
    return len > tl && !memcmp(form + len - tl, tail, tl);
}

/* 1 when the first len bytes of w's form are a cardinal or the stem of an ordinal («سو»). */
static int is_cardinal_stem(const ez_word *w, size_t len)
{
    char stem[EZ_FORM_MAX];
    memcpy(stem, w->form, len);
    stem[len] = '\0';
    return (ez_closed_class_of(stem) & (EZW_CARDINAL | EZW_ORDINAL_STEM)) != 0;
}

/* «شانزدهمین», «سی‌امین»: a cardinal + (ا)مین is an ordinal that stands before its noun. */
static int is_ordinal_in_min(const ez_word *w)
{
    size_t len = w->len;
    if (ends_with(w->form, len, "امین"))
        len -= strlen("امین");
    else if (ends_with(w->form, len, "مین"))
        len -= strlen("مین");
    else
        return 0;
    if (ends_with(w->form, len, "\u200c"))
        len -= strlen("\u200c");
    return is_cardinal_stem(w, len);
}

static int starts_with(const char *form, const char *head) { return !strncmp(form, head, strlen(head)); }

/* A possessive clitic or personal ending after a ZWNJ («قهرمانی‌ام», «خانه‌اش», «رفته‌اند»), or
 * after the plural «ها» («درخت‌هایش»): the noun phrase ends there. Without a ZWNJ the same
 * letters end plain words («آتش», «ساختمان»); «‌ای» is also the adjective ending («هسته‌ای»). */
static int ends_in_clitic(const ez_word *w)
{
    static const char *const after_zwnj[] = {"\u200cام", "\u200cاش", "\u200cمان", "\u200cتان", "\u200cشان",
                                             "\u200cاند", "\u200cایم", "\u200cاید"};
    static const char *const after_plural[] = {"هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان"};
    for (size_t k = 0; k < sizeof after_zwnj / sizeof *after_zwnj; k++)
        if (ends_with(w->form, w->len, after_zwnj[k])) {
            char stem[EZ_FORM_MAX];
            size_t len = w->len - strlen(after_zwnj[k]);
            memcpy(stem, w->form, len);
            stem[len] = '\0';
            return !(ez_closed_class_of(stem) & EZW_CARDINAL); /* «سی‌ام» is an ordinal */
        }
    for (size_t k = 0; k < sizeof after_plural / sizeof *after_plural; k++)
        if (ends_with(w->form, w->len, after_plural[k])) {
            /* the stem before «ها»: after a ZWNJ, or two letters or more of the last ZWNJ
             * piece («نهایت», «بی‌نهایت» are not plurals) */
            size_t stem = w->len - strlen(after_plural[k]), from = 0;
            for (size_t i = 0; i + 3 <= stem; i++)
                if (!memcmp(w->form + i, "\u200c", 3))
                    from = i + 3;
            return (stem >= 3 && !memcmp(w->form + stem - 3, "\u200c", 3)) || stem - from >= 4;
        }
    return 0;
}

/* The closed-class flags of a folded word, computed once per token. */
static unsigned closed_class(const ez_word *w)
{
    unsigned flags = ez_closed_class_of(w->form);
    if (ends_in_clitic(w))
        flags |= EZW_NEVER;
    if (is_ordinal_in_min(w) || ends_with(w->form, w->len, "ترین")) /* superlatives: «بزرگ‌ترین شهر» */
        flags |= EZW_ORDINAL;
    if (starts_with(w->form, "می\u200c") || starts_with(w->form, "نمی\u200c")) /* verbs */
        flags |= EZW_NEVER;
    return flags;
}

/* Fixed expressions read without ezafe although they look like a noun and its modifier:
 * «هجری قمری», «هجری شمسی» (flags, not strings: this runs on every token). */
static int is_fixed_expression(const ez_word *first, const ez_word *second)
{
    return (first->closed & EZW_HIJRI) && (second->closed & EZW_HIJRI_KIND);
}

/* «به ویژه», «به خصوص» (also joined by ZWNJ, which the tagger sees apart): «especially», an
 * adverb before the phrase it picks out, «به ویژه دانشجویان». */
static int is_especially(const ez_word *prev, const ez_word *w0)
{
    return prev && FORM_IS(prev, "به") && (FORM_IS(w0, "ویژه") || FORM_IS(w0, "خصوص"));
}

/* A number word or a number in digits. */
static int is_number_word(const ez_word *w) { return (w->closed & EZW_CARDINAL) || (w->shape & EZS_DIGIT); }

/* «ششم», «سوم», «سی‌ام»: a cardinal + (ا)م, the day of a date after a weekday. */
static int is_ordinal_in_m(const ez_word *w)
{
    size_t len = w->len;
    if (ends_with(w->form, len, "\u200cام"))
        len -= strlen("\u200cام");
    else if (ends_with(w->form, len, "م"))
        len -= strlen("م");
    else
        return 0;
    return is_cardinal_stem(w, len);
}

/* «رئیسِ سازمان روزِ سه‌شنبه گفت», «وزیرِ امورِ خارجه صبحِ امروز»: day parts (روز، صبح ...)
 * from token j on, then a day name, begin a time expression, which is no ezafe complement of the
 * word before it. */
static int begins_time_expression(const ez_word *const *w, size_t n, size_t j)
{
    size_t k = j;
    while (k < n && (w[k]->closed & EZW_DAYPART))
        k++;
    return k > j && k < n && (w[k]->closed & EZW_DAY_NAME);
}

/* «در همین مدت سی و هشت میلیارد دلار»: a preposition's object made of a demonstrative (tagged a
 * determiner: in «از آن حدودِ سی درصد» «آن» is a pronoun) and a noun is a whole phrase; a number after it that counts a noun is no complement of it (but «آن
 * نقشِ دو سرباز», outside a prepositional phrase, is). A word in ه after the number may be an
 * adjective of measure («ساله», «نفره»: «این تیمِ بیست نفره»), so it is left to the model. */
static int counts_after_demonstrative(const ez_word *const *w, const unsigned char *tags, size_t n, size_t i)
{
    if (i < 2 || w[i - 2]->cls != EZC_ADP || !(w[i - 1]->closed & EZW_DEMONSTRATIVE) || tags[i - 1] != EZC_DET ||
        i + 1 >= n || !is_number_word(w[i + 1]))
        return 0;
    size_t k = i + 1;
    while (k < n && (is_number_word(w[k]) || (FORM_IS(w[k], "و") && k + 1 < n && is_number_word(w[k + 1]))))
        k++;
    return k < n && (w[k]->cls == EZC_NOUN || w[k]->cls == EZC_INDEF) && !ends_with(w[k]->form, w[k]->len, "ه");
}

/* «در سفری یک‌روزه», «با لحنی تند»: a noun written with the indefinite ی (EZS_INDEF_FORM) at the
 * start of its phrase (after a preposition, verb, determiner ...) heads it, and takes no ezafe
 * before its adjective. After a noun or adjective the same spelling is more often a relational
 * adjective («گروهِ کاریِ مشترک»), after «و» a word in a list («فرهنگی و ادبیِ کویت»), and before
 * a noun an abstract noun («به رهبریِ آمریکا»). */
static int is_indefinite_head(const ez_word *w0, unsigned prev_tag, unsigned next_tag)
{
    if (!(w0->shape & EZS_INDEF_FORM) || next_tag != EZC_ADJ)
        return 0;
    switch (prev_tag) {
    case EZC_COUNT: /* the sentence's start */
    case EZC_ADP: case EZC_VERB: case EZC_SCONJ: case EZC_DET: case EZC_NUM: case EZC_PRON: case EZC_ADV:
        return 1;
    default:
        return 0;
    }
}

/* The rules that end a phrase before an open-class word's neighbour: a time expression, a date,
 * a counted quantity, an indefinite head (rare: rule_forbids asks only when one may apply). */
#if defined(__GNUC__)
__attribute__((noinline)) /* kept out of rule_forbids, which runs on every token */
#endif
static int phrase_ends_before(const ez_word *const *w, const unsigned char *tags, size_t n, size_t i)
{
    const ez_word *w0 = w[i], *next = w[i + 1];
    if ((w0->closed & EZW_DAY_NAME) && (is_number_word(next) || is_ordinal_in_m(next)))
        return 1; /* «سه‌شنبه ششمِ آذر»: the date stands beside the weekday */
    if ((next->closed & EZW_DAYPART) && !(w0->closed & (EZW_DAYPART | EZW_DAY_NAME)) &&
        begins_time_expression(w, n, i + 1))
        return 1; /* but «ظهرِ روزِ سه‌شنبه» */
    if (w0->shape & EZS_INDEF_FORM)
        return is_indefinite_head(w0, i ? tags[i - 1] : EZC_COUNT, tags[i + 1]);
    return is_number_word(next) && counts_after_demonstrative(w, tags, n, i);
}

static int rule_forbids(const ez_word *const *w, const unsigned char *tags, size_t n, size_t i)
{
    const ez_word *prev = i ? w[i - 1] : NULL, *w0 = w[i], *next = i + 1 < n ? w[i + 1] : NULL;
    if (w0->shape & EZS_PUNCT)
        return 1;
    if (is_especially(prev, w0))
        return 1;
    if (!next)
        return 1; /* the last word of a sentence ends its phrase */
    if ((next->shape & EZS_PUNCT) && !(next->shape & EZS_OPENER))
        return 1;
    if (next->closed & EZW_CLOSER)
        return 1; /* «وزارتِ آموزش و پرورش»: a conjunction, preposition or verb ends the phrase */
    if (is_fixed_expression(w0, next))
        return 1; /* «هجری قمری» */
    if (w0->closed & (EZW_NEVER | EZW_CARDINAL | EZW_ORDINAL)) /* but «نوزدهِ خرداد» */
        return !((w0->closed & EZW_CARDINAL) && !(w0->closed & (EZW_NEVER | EZW_ORDINAL)) && (next->closed & EZW_MONTH));
    if (!(w0->closed & EZW_DAY_NAME) && !(next->closed & EZW_DAYPART) && !(w0->shape & EZS_INDEF_FORM) &&
        !is_number_word(next))
        return 0;
    return phrase_ends_before(w, tags, n, i);
}

static int rule_decision(const ez_word *const *w, const unsigned char *tags, size_t n, size_t i)
{
    if (w[i]->shape & EZS_WRITTEN)
        return 1;
    if ((w[i]->closed & EZW_DAYPART) && begins_time_expression(w, n, i))
        return 1; /* «روزِ سه‌شنبه», «صبحِ روزِ جمعه», «بامدادِ پنجشنبه» */
    if ((w[i]->closed & EZW_TIME_NOUN) && i + 1 < n && (w[i + 1]->closed & EZW_TIME_AGE))
        return 1; /* «سالِ گذشته», «هفته‌یِ آینده», «سال‌هایِ اخیر» (the treebanks: 78 times in 79) */
    return rule_forbids(w, tags, n, i) ? 2 : 0;
}

void ez_rule_decisions(const ez_word *const *w, const unsigned char *tags, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)rule_decision(w, tags, n, i);
}

/* The rules read a window of the sentence: two words before a word (a preposition and a
 * demonstrative), and a number run at most this long after it. */
#define RULE_WINDOW 256

/* The decision for token i of an array of words, through a window of pointers around it. */
int ez_rule_decision(const ez_word *w, size_t n, size_t i)
{
    const ez_word *window[RULE_WINDOW + 2];
    unsigned char tags[RULE_WINDOW + 2];
    size_t from = i >= 2 ? i - 2 : 0, to = n - i > RULE_WINDOW - 1 ? i + RULE_WINDOW - 1 : n;
    for (size_t k = from; k < to; k++) {
        window[k - from] = &w[k];
        tags[k - from] = w[k].tag;
    }
    return rule_decision(window, tags, to - from, i - from);
}
