/* Internals of the ezafe tagger shared by the runtime (model.c) and the training and evaluation
 * tools (tools/ezafe/): word folding, word classes, feature extraction, closed-class rules and the
 * model file layout. Training and prediction must compute features with the same code, so both
 * include this header. */
#ifndef RAVI_EZAFE_TAGGER_H
#define RAVI_EZAFE_TAGGER_H

#include <stddef.h>
#include <stdint.h>

/* Coarse word classes (a common subset of the UD and Dadegan tag sets), and one line the ezafe
 * decision needs that they do not draw: EZC_INDEF, a noun written as its lemma + the indefinite
 * ی («منظره‌ای», «غمی»), which takes no ezafe before its modifier («غمی بزرگ»). */
enum ez_class {
    EZC_UNK, EZC_NOUN, EZC_PROPN, EZC_ADJ, EZC_VERB, EZC_ADP, EZC_CCONJ, EZC_SCONJ, EZC_DET,
    EZC_NUM, EZC_ADV, EZC_PRON, EZC_PART, EZC_PUNCT, EZC_OTHER, EZC_INDEF, EZC_COUNT
};

enum ez_shape {
    EZS_PUNCT = 1u << 0,  /* no letter and no digit */
    EZS_OPENER = 1u << 1, /* « ( [ " : ezafe may come before these */
    EZS_DIGIT = 1u << 2,
    EZS_LATIN = 1u << 3,
    EZS_ZWNJ = 1u << 4,
    EZS_WRITTEN = 1u << 5, /* ends in a written ezafe: kasra, ۀ, هٔ or ه‌ی (ezafe_is_written) */
    EZS_KNOWN = 1u << 6,   /* the word-class lexicon has the word itself: its spelling is a feature;
                              unknown words are seen through their affixes and class only */
    EZS_INDEF_FORM = 1u << 7, /* a noun the lexicon knows + the indefinite ی («سفری», «نامه‌ای»,
                                 «گفت‌وگویی»; ez_indefinite_stem_key), the word itself unknown to it
                                 or known as INDEF (first or second class) */
};

/* Long words are cut (at a code point boundary) for features: their ends are what matters. */
#define EZ_FORM_MAX 72

/* One token as the tagger sees it: folded spelling, class and shape. */
typedef struct ez_word {
    char form[EZ_FORM_MAX]; /* NUL-terminated: Arabic letters folded, marks and tatweel dropped,
                               digits as '0', Latin lowercased */
    unsigned char len;      /* bytes in form */
    unsigned char cls;      /* enum ez_class */
    unsigned char shape;    /* enum ez_shape bits */
    unsigned char suf[4];   /* suf[k]: byte offset where the last k code points begin (k = 1..3) */
    unsigned char pre[3];   /* pre[k]: byte length of the first k code points (k = 1..2) */
    uint16_t closed;        /* enum ez_closed bits */
    unsigned char cls2;     /* the lexicon's second class for the word (or its ending), when it has a
                               tenth of the word's counts at least; else EZC_UNK */
    unsigned char stem;     /* a word the lexicon lacks, read as a stem + a personal ending
                               (ez_stem_key): the ending's number | the class of the words the
                               lexicon saw with that stem and an ending << 3; 0 when it has none */
    unsigned char tag;      /* enum ez_class the word-class tagger chose in context (cls until it runs,
                               and when the model has no tagger); the ezafe features read this */
    uint32_t cluster;       /* the word's Brown cluster, learned from unlabelled text: its path in the
                               cluster tree as bits from the root after a leading 1 bit; 0 when the
                               model has none for the word */
    /* Hashes of the spelling, its suffixes and prefixes, computed once per token: features
     * combine them instead of rehashing the bytes for every window the word appears in. */
    uint64_t h_form, h_suf[4], h_pre[3];
} ez_word;

/* Closed classes the rules know (see tagger.c for the words). */
enum ez_closed {
    EZW_NEVER = 1u << 0,        /* never takes ezafe: preposition, conjunction, این/آن/هر/چند, verb */
    EZW_CARDINAL = 1u << 1,     /* cardinal number word */
    EZW_CLOSER = 1u << 2,       /* ends the phrase before it: و، یا، به، از، است ... */
    EZW_ORDINAL = 1u << 3,      /* pre-nominal ordinal or superlative: شانزدهمین، بزرگ‌ترین */
    EZW_ORDINAL_STEM = 1u << 4, /* «سو» of «سومین» */
    EZW_MONTH = 1u << 5,        /* a month name: «نوزدهِ خرداد» */
    EZW_HIJRI = 1u << 6,        /* «هجری», which «قمری» or «شمسی» follows without ezafe */
    EZW_HIJRI_KIND = 1u << 7,   /* «قمری», «شمسی» */
    EZW_DAY_NAME = 1u << 8,     /* a weekday or «امروز», «دیروز», «فردا»: no ezafe before the date
                                   beside it, «سه‌شنبه ششمِ آذر» */
    EZW_DAYPART = 1u << 9,      /* «روز», «صبح» ...: with a day name after them, a time expression */
    EZW_DEMONSTRATIVE = 1u << 10, /* این، آن، همین، همان */
    EZW_TIME_NOUN = 1u << 11,   /* «سال», «هفته», «ماه» ... (and the day parts): before «گذشته»، «آینده»،
                                   «جاری»، «اخیر» (EZW_TIME_AGE) they always take ezafe, «سالِ گذشته» */
    EZW_TIME_AGE = 1u << 12,
};

/* The EZW_* flags of a folded word form from the closed-class table (0 when not in it). */
unsigned ez_closed_class_of(const char *form);
/* 1 when the closed-class table is in strictly ascending byte order, as bsearch needs. */
int ez_closed_table_is_sorted(void);

/* Fills w from a UTF-8 token (class left EZC_UNK, or EZC_PUNCT for punctuation). */
void ez_word_fold(const char *text, ez_word *w);

/* 64-bit FNV-1a; never returns 0 (0 marks an empty slot in the model's tables). */
uint64_t ez_hash(const void *p, size_t n);

/* Keys under which the word-class lexicon may know a word, most specific first: the word itself,
 * then its last three and last two code points (the class most words with that ending have). */
#define EZ_CLASS_KEYS 3
void ez_class_keys(const ez_word *w, uint64_t keys[EZ_CLASS_KEYS]);

/* The lexicon key of w read as a stem + a personal or verbal ending («کردی» → «کرد» + ی, «گوید» →
 * «گو» + ید), 0 when no ending fits; *ending is the ending's number (1..7). Training counts every
 * word with an ending under its stem's key, so the class found there says whether words built so
 * are verbs («کرد») or not («مروار» of «مروارید» is no stem it has seen). */
uint64_t ez_stem_key(const ez_word *w, unsigned *ending);
/* The lexicon key of w read as a noun + the indefinite ی (ی after a consonant, یی after ا or و,
 * ‌ای after ه), 0 when it does not end so. The lexicon's class there decides EZS_INDEF_FORM. */
uint64_t ez_indefinite_stem_key(const ez_word *w);
/* Sets EZS_INDEF_FORM on w from the lexicon's two classes of its indefinite stem (EZC_UNK: none). */
void ez_set_indefinite_form(ez_word *w, int stem_class, int stem_class2);

/* Features of the word-class tagger for token i (greedy, left to right), given the tags t1 and t2
 * it chose for tokens i-1 and i-2 (EZC_COUNT before the sentence). Reads the words' lexicon
 * classes (cls), spellings and affixes. Writes at most EZ_MAX_TAG_FEATURES ids. */
#define EZ_MAX_TAG_FEATURES 40
/* 1 when the tagger is not asked about token w: punctuation, cardinal numbers and the words that
 * never take ezafe and end the phrase before them (و، به، از، را، که، است ...) keep their lexicon
 * class as their tag. Spelled-out numbers are long runs of these; the tagger cost is then saved. */
int ez_tag_is_fixed(const ez_word *w);
size_t ez_tag_features(const ez_word *w, size_t n, size_t i, int t1, int t2, uint64_t *feats);

/* Features of token i of a sentence, given the label chosen for token i-1. Writes at most
 * EZ_MAX_FEATURES hashed feature ids and returns how many. */
#define EZ_MAX_FEATURES 56
size_t ez_features(const ez_word *w, size_t n, size_t i, int prev_label, uint64_t *feats);
/* The same features in two parts, for decoding the whole sentence: those that do not depend on
 * the label before (at most EZ_MAX_FEATURES - EZ_MAX_HISTORY) and those that do. ez_features is
 * their concatenation. */
#define EZ_MAX_HISTORY 8
size_t ez_features_static(const ez_word *w, size_t n, size_t i, uint64_t *feats);
size_t ez_features_history(const ez_word *w, size_t n, size_t i, int prev_label, uint64_t *feats);

/* Both feature lists are concatenations of the groups below, by what each feature reads. The
 * runtime (model.c) sums a word type's group weights once and keeps them in its cache, and sums
 * the groups that read only word classes into dense tables when the model loads; the training
 * tools use the lists above. Tags and classes passed here range over 0..EZ_TAGS-1. */
#define EZ_TAGS (EZC_COUNT + 2) /* the classes, and the sentence's start and end */
enum ez_role { EZR_W0, EZR_P1, EZR_N1, EZR_N2, EZR_P2, EZR_COUNT }; /* the word, before, after */
#define EZ_MAX_ROLE_FEATURES 16
/* ezafe: what reads only the spelling of the word in `role` */
size_t ez_ezafe_role_features(int role, const ez_word *x, uint64_t *feats);
/* ezafe: the word's spelling with the next word's tag; the next word's spelling with the word's tag */
size_t ez_ezafe_w0_next_tag_features(const ez_word *w0, unsigned n1_tag, uint64_t *feats);
size_t ez_ezafe_n1_word_tag_features(const ez_word *n1, unsigned w0_tag, uint64_t *feats);
/* ezafe: two spellings together (looked up per token) */
size_t ez_ezafe_pair_features(const ez_word *p1, const ez_word *w0, const ez_word *n1, uint64_t *feats);
/* ezafe: the bias and the tags of the word before, the word and the next (at most 7); the tags
 * of the word, the next and the one after (at most 2) */
size_t ez_ezafe_tag_left_features(unsigned p1, unsigned w0, unsigned n1, uint64_t *feats);
size_t ez_ezafe_tag_right_features(unsigned w0, unsigned n1, unsigned n2, uint64_t *feats);
/* ezafe: the phrase's left edge. The nearest word before the word that ends a noun phrase (a
 * verb, preposition, conjunction, «را», punctuation or the sentence's start: ez_boundary_kind,
 * from the words' tags) is coded as its distance (1..EZ_EDGE_DIST, capped) x EZB_COUNT + its
 * kind, the word's lcode. Feature: the word's tag with its lcode (one). */
enum ez_boundary { EZB_NONE, EZB_EDGE, EZB_PUNCT, EZB_RA, EZB_VERB, EZB_ADP, EZB_CCONJ, EZB_SCONJ, EZB_COUNT };
#define EZ_EDGE_DIST 5
#define EZ_EDGE_CODES ((EZ_EDGE_DIST + 1) * EZB_COUNT)
/* the kind of boundary a word with this tag is (EZB_NONE: none) */
unsigned ez_boundary_kind(const ez_word *x, unsigned tag);
/* the lcode of a word whose nearest boundary of this kind is distance words back */
unsigned ez_edge_code(unsigned distance, unsigned kind);
size_t ez_ezafe_edge_left_features(unsigned w0_tag, unsigned lcode, uint64_t *feats);
/* ezafe, label before: with the word's spelling; with the tags of the word and the next */
size_t ez_ezafe_history_word_features(int prev, const ez_word *w0, uint64_t *feats);
size_t ez_ezafe_history_tag_features(int prev, unsigned w0_tag, unsigned n1_tag, uint64_t *feats);
/* word-class tagger: the word's spelling in `role` (EZR_W0, EZR_P1, EZR_N1) */
size_t ez_tag_role_features(int role, const ez_word *x, uint64_t *feats);
/* word-class tagger: the bias and the tags chosen before (at most 3); the tag before with the
 * word's lexicon class (1) */
size_t ez_tag_history_features(int t1, int t2, uint64_t *feats);
size_t ez_tag_history_class_features(int t1, unsigned w0_cls, uint64_t *feats);
/* word-class tagger: the lexicon classes of the word and the next (at most 2); of the one after (1) */
size_t ez_tag_next_class_features(unsigned w0_cls, unsigned n1_cls, uint64_t *feats);
size_t ez_tag_after_next_class_features(unsigned n2_cls, uint64_t *feats);
/* word-class tagger: the word's spelling with the tag before (1); its ending with the next
 * word's class (1) */
size_t ez_tag_word_prev_tag_features(const ez_word *w0, int t1, uint64_t *feats);
size_t ez_tag_suffix_next_class_features(const ez_word *w0, unsigned n1_cls, uint64_t *feats);

/* The sentence's edges, seen as words of their own. */
extern const ez_word ez_bos_word, ez_eos_word;

/* The best label sequence of a sentence of n tokens (Viterbi). The score of the whole sequence is
 * the sum over tokens labelled 1 of score1[2*i + prev], prev being the label of token i-1 (0 before
 * the first); fixed[i] is a rule decision as from ez_rule_decision (1 = ezafe, 2 = none, 0 = free).
 * back is scratch space of 2*n bytes. Ties go to «no ezafe». */
void ez_viterbi(size_t n, const unsigned char *fixed, const double *score1, unsigned char *back,
                unsigned char *out);

/* The decisions that need no model, for each token of a sentence: 1 = ezafe (written in the
 * text, a day part before a weekday: «روزِ سه‌شنبه», a time noun before «گذشته»: «سالِ
 * گذشته»), 2 = none (a rule forbids it), 0 = the
 * model decides. The rules forbid it on
 * punctuation, the last word before a closing punctuation mark or the sentence end, prepositions,
 * conjunctions, pre-nominal determiners (این، آن، هر، چند ...), common verbs and «می‌» verb forms,
 * cardinal numbers, pre-nominal ordinals (شانزدهمین) and superlatives (-ترین), the word before
 * «و»/«یا», «ویژه»/«خصوص» after «به» («به ویژه»: especially), a weekday before its date
 * («سه‌شنبه ششمِ آذر»), the word before a time expression («تجارت روزِ سه‌شنبه»), a noun after a
 * demonstrative before a number that counts a noun («در همین مدت سی میلیارد دلار»), and a noun
 * written with the indefinite ی that begins its phrase before an adjective («در سفری یک‌روزه»). The
 * words' lexicon classes (cls) must be set, and tags[i] is the tagger's class of word i. */
void ez_rule_decisions(const ez_word *const *w, const unsigned char *tags, size_t n, unsigned char *out);
/* The same for token i of an array of words, their tags in w[].tag. */
int ez_rule_decision(const ez_word *w, size_t n, size_t i);

/* Model file (version 5): little-endian, laid out so that it is used where it lies, mapped into
 * memory, without building anything at load time. Every section starts at a multiple of 8 bytes.
 *   "RAVIEZF1"  magic (8 bytes)
 *   u32 version (EZ_MODEL_VERSION), u32 word-class entries C, u32 features F, u32 tagger features T,
 *   u32 word-cluster entries K, u32 bucket bits of each of the four tables (bc, bf, bt, bk),
 *   u32 tagger row stride (EZ_TAG_STRIDE)
 *   C x u64 word hash (strictly ascending, nonzero), (2^bc + 1) x u32 bucket start, C x u8 class: the
 *       commonest class in the low four bits, the second (cls2 of ez_word, or 0) in the high four
 *   F x u64 feature hash (ascending), (2^bf + 1) x u32 bucket start, F x f32 weight (IEEE 754 bits)
 *   T x u64 tagger feature hash (ascending), (2^bt + 1) x u32 bucket start,
 *       T x EZ_TAG_STRIDE x f32: the weight of each class, then zeros
 *   K x u64 word hash (ascending), (2^bk + 1) x u32 bucket start, K x u32 cluster path (ez_word's
 *       cluster)
 *   u64 checksum: ez_checksum of every byte before it
 * Each table is a hash table that needs no building: the keys are hashes, sorted, so the keys
 * whose top b bits are k are the run from start[k] to start[k + 1] (a few entries: b is chosen so
 * that there are at most four keys per bucket on average). Sections are padded with zeros. */
#define EZ_MODEL_MAGIC "RAVIEZF1"
#define EZ_MODEL_VERSION 5u
#define EZ_MODEL_HEADER 48u
#define EZ_TAG_STRIDE 16 /* floats per tagger row: rows are added 16 lanes at a time */

/* 64-bit checksum of n bytes (n a multiple of 8), read as little-endian words. */
uint64_t ez_checksum(const unsigned char *p, size_t n);

/* What the trainer writes into a model file. */
typedef struct ez_model_parts {
    size_t nclass, nfeat, ntag, ncluster;
    const uint64_t *class_keys;         /* strictly ascending, nonzero */
    const unsigned char *class_values;  /* enum ez_class, | the second class << 4 */
    const uint64_t *feat_keys;          /* strictly ascending, nonzero */
    const float *feat_weights;
    const uint64_t *tag_keys;           /* strictly ascending, nonzero */
    const float *tag_weights;           /* ntag rows of EZC_COUNT */
    const uint64_t *cluster_keys;       /* strictly ascending, nonzero (word hashes) */
    const uint32_t *cluster_paths;
} ez_model_parts;

/* Writes a model file; returns its size in bytes, or 0 with errno set (EINVAL: keys not ascending). */
size_t ez_model_write(const char *path, const ez_model_parts *parts);

/* Loads a model by copying and converting it to the host's byte order, as a big-endian host does
 * (ezafe_model_load uses the file where it lies on a little-endian host). For tests. */
struct ezafe_model *ez_model_load_copy(const char *path, char *err, size_t errlen);

/* Tags a sentence the plain way: every feature of ez_tag_features and ez_features looked up on
 * its own, no word cache, no dense tables. ezafe_model_predict must give the same answers; the
 * tests compare them. */
void ez_model_predict_reference(const struct ezafe_model *m, const char *const *words,
                                const unsigned char *forced, size_t n, unsigned char *out);
/* The word-class tagger alone, as ez_model_analyse runs it, for what reads only the words'
 * classes (the homograph features, src/homograph/context.c): a token cut into the pieces the
 * tagger reads when it holds words joined by ZWNJ (at most EZ_MAX_PIECES; 1 when it stays
 * whole), a piece (NUL-terminated) folded and classed, and the tags of n folded words read as a
 * sentence of their own (tags[i]; the words' own tag fields are not read). */
#define EZ_MAX_PIECES 8
size_t ez_model_pieces(const struct ezafe_model *m, const char *text, size_t len, size_t *off, size_t *plen);
void ez_model_fold(const struct ezafe_model *m, const char *text, ez_word *w);
void ez_model_tag(const struct ezafe_model *m, const ez_word *w, size_t n, unsigned char *tags);

/* The same, also giving each token as the model saw it (its fold, lexicon class and tag) in
 * words_out and its two scores (after label 0, after label 1; 0 when a rule decided) in
 * score_out[2*i], score_out[2*i + 1]; either may be NULL. For the evaluation's error listing. */
void ez_model_analyse(const struct ezafe_model *m, const char *const *words, const unsigned char *forced, size_t n,
                      unsigned char *out, ez_word *words_out, double *score_out);

#endif
