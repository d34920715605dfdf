/* The utterance structure every pipeline stage works on: one sentence of tokens.
 *
 * A token always remembers the byte range of the source input it came from, so that
 * eSpeak's word events can be mapped back to the article (subtitles, highlighting),
 * even after the normalizer has turned one written token into several spoken words
 * (all of them then share the written token's range). */
#ifndef RAVI_TOKEN_H
#define RAVI_TOKEN_H

#include <stddef.h>
#include <stdint.h>

typedef enum token_kind {
    TOK_WORD,     /* letters (any script) with their marks, ZWNJ and word-internal dots */
    TOK_NUMBER,   /* digits (any script) with single separators between digits: ۱۴۰۲/۰۵/۱۲, 2,500 */
    TOK_PUNCT,    /* punctuation: . ، ؛ ؟ ! : « » ( ) ... */
    TOK_SYMBOL,   /* symbols: % ٪ $ € ﷼ ° / - + ... */
    TOK_NUM_CONJ, /* the «و» joining the groups of a spoken number: said «o», not «va» */
    TOK_LINK,     /* a web or e-mail address, #hashtag or @mention: one token, read by the normalizer */
} token_kind;

enum token_flags {
    TOKF_SPACE_BEFORE = 1u << 0, /* whitespace separated it from the previous token in the source */
    TOKF_GENERATED    = 1u << 1, /* a word the normalizer produced (not written in the source) */
    TOKF_EZAFE        = 1u << 2, /* this word carries the ezafe vowel */
    TOKF_NO_EZAFE     = 1u << 3, /* a stage decided this word must not carry ezafe */
    TOKF_LEXICON      = 1u << 4, /* pronunciation came from the lexicon */
    TOKF_EZAFE_WRITTEN = 1u << 5, /* the source already wrote the ezafe (kasra, ۀ, هٔ) */
    TOKF_NAME_PIECE   = 1u << 6, /* a Latin piece of an address or @mention (irna in irna.ir): the
                                  * lexicon matches it in any case, the spell stage reads the rest */
    TOKF_HOMOGRAPH    = 1u << 7, /* pronunciation is the sense the homograph stage chose */
    TOKF_VERB         = 1u << 8, /* a stage knows the word is a verb (the homograph stage chose a
                                  * verb sense: «مُرد»): the ezafe stage puts no ezafe before it */
};

/* Where a sentence's token texts and phonemes live: a few blocks the sentence empties all at once
 * (sentence_clear), so that making, replacing and dropping tokens costs no malloc and free each. */
typedef struct text_arena text_arena;

typedef struct token {
    uint64_t src_start, src_end; /* byte range in the source input, [start, end) */
    size_t text_start, text_end; /* the same range in the sentence's `source` text: for HTML and
                                  * SSML that text is not the file, so file offsets can't cut it */
    token_kind kind;
    unsigned flags;              /* enum token_flags */
    char *text;                  /* UTF-8, in the sentence's arena: cleaned text, later the spoken word(s) */
    size_t len;                  /* strlen(text), kept by the functions below that set it */
    char *phonemes;              /* eSpeak phoneme mnemonics overriding text (in the arena), or NULL */
    char *note;                  /* why the word sounds as it does, when a stage chose its
                                  * pronunciation and the sentence's `explain` is set (in the
                                  * arena), or NULL */
    const char *note_stage;      /* the stage that wrote the note (a static name) */
    text_arena *arena;           /* the sentence's, where token_set_text puts a new text */
} token;

/* An SSML <mark name="..."/> inside a sentence: reached before the first word that starts at or
 * after byte `at` of the sentence's source text (SENTENCE_MARK_END: after its last word). */
typedef struct sentence_mark {
    size_t at;
    const char *name;            /* in the sentence's arena */
} sentence_mark;

#define SENTENCE_MARK_END ((size_t)-1)

typedef struct sentence {
    token *tok;
    size_t n, cap;
    sentence_mark *marks;        /* in the order of the text */
    size_t nmarks, markcap;
    uint64_t src_start, src_end; /* byte range of the whole sentence in the source */
    int paragraph_start;         /* 1 when this sentence opens a paragraph */
    int is_heading;              /* 1 when the reader marked it as a title/heading */
    const char *source;          /* the text the sentence was read from (borrowed, not NUL-terminated):
                                  * for plain text the source bytes of [src_start, src_end); for
                                  * HTML/SSML the text taken out of the markup */
    size_t source_len;           /* bytes at `source` */
    const char *ssml_open;       /* SSML input: markup to speak the sentence inside (borrowed), or NULL */
    const char *ssml_close;
    int has_break;               /* SSML <break> before the sentence: break_ms of silence replaces */
    int break_ms;                /* the paragraph or sentence pause */
    text_arena *arena;           /* owned: its tokens' texts; a copy of a sentence keeps its own */
    int explain;                 /* the caller asks why: a stage that chooses a word's
                                  * pronunciation leaves a note on its token (token_set_note) */
    int text_only;               /* the caller shows the text and says nothing (ravi normalize): a
                                  * stage may leave out what changes only how words are said */
} sentence;

void sentence_init(sentence *s);
void sentence_clear(sentence *s);   /* drops the tokens and their texts, keeps the memory for reuse */
void sentence_free(sentence *s);

/* Appends a token (text copied, `len` bytes). Returns its index, or -1 on allocation failure. */
long sentence_push(sentence *s, token_kind kind, const char *text, size_t len,
                   uint64_t src_start, uint64_t src_end, unsigned flags);

/* Replaces tokens [first, first+count) by `nwords` new tokens with the given texts and kinds.
 * Each new token spans the source (and text) range of the replaced tokens, is flagged TOKF_GENERATED,
 * and the first inherits TOKF_SPACE_BEFORE of the first replaced token.
 * `kinds` may be NULL (all TOK_WORD). Returns 0, or -1 on allocation failure. */
int sentence_replace(sentence *s, size_t first, size_t count,
                     const char *const *words, const token_kind *kinds, size_t nwords);
/* The same for a caller that knows each word's length (lens[i] == strlen(words[i])). */
int sentence_replace_sized(sentence *s, size_t first, size_t count, const char *const *words,
                           const size_t *lens, const token_kind *kinds, size_t nwords);

/* After a replacement at `first`: when the written token stood against the punctuation before
 * it («(۱۲)», «(WHO)»), its first word stays against it instead of being spaced as a generated
 * word. */
void sentence_keep_attached(sentence *s, size_t first);

/* Adds a mark (the name copied). Returns 0, or -1 on allocation failure. */
int sentence_add_mark(sentence *s, size_t at, const char *name, size_t len);

/* Makes dst (initialised) a copy of src that owns everything: tokens, marks, the source text and
 * the SSML markup around it. Returns 0, or -1 on allocation failure. */
int sentence_copy(sentence *dst, const sentence *src);

/* 1 when the sentence has a word or number to say: a sentence of punctuation and symbols alone
 * («...», «!!!», «***» between sections) would only have their names read out. */
int sentence_has_words(const sentence *s);

/* 1 when the token is punctuation that opens (« " “ ( [) or closes (» " ” ) ]) a quote or a
 * bracket around words (the straight " does both). */
int token_opens(const token *t);
int token_closes(const token *t);

/* Sets a token's text (copied). Returns 0, or -1 on allocation failure. */
int token_set_text(token *t, const char *text);
/* Sets (or with NULL clears) a token's phoneme override. Returns 0 or -1. */
int token_set_phonemes(token *t, const char *phonemes);
/* Sets (or with NULL clears) a token's note and the stage that wrote it (see token.note).
 * Returns 0 or -1. */
int token_set_note(token *t, const char *stage, const char *note);

#endif
