/* Match keys: how a written form and a run of tokens are compared.
 * A key is the text as the reader cuts it into tokens and the clean stage folds it, with the
 * short-vowel marks dropped (a written kasra must not hide a name), Latin letters in lower case,
 * and its pieces (tokens, and the parts of a word between ZWNJs) joined by one space: so
 * «علی‌اف», «علی اف» and «علي اف» share a key. All-capital Latin forms (NATO) also keep an exact
 * key, so that they match only in capitals. */
#ifndef RAVI_LEXICON_KEY_H
#define RAVI_LEXICON_KEY_H

#include "../clean/fold.h"
#include "../read/segment.h"
#include "../token.h"
#include "../util.h"

#define LEX_MAX_PIECES 16 /* words in one written form */

typedef struct lex_key {
    strbuf key;      /* caseless key */
    strbuf exact;    /* the same with Latin capitals kept */
    size_t npieces;
    int all_caps;    /* two or more Latin letters, none of them lower case */
    int has_digits;  /* G7, F-35: matched against the text as written, before numbers are read */
    int compact;     /* no separators between pieces: forms with digits, whose pieces the
                      * normalizer groups its own way (P5+1 reaches the lexicon as P, 5, +1) */
} lex_key;

void lex_key_init(lex_key *k);
void lex_key_reset(lex_key *k);
void lex_key_free(lex_key *k);

/* Appends one token's (already folded) text to the key; digits of any script become ASCII.
 * Returns 0, or -1 when out of memory. */
int lex_key_append_token(lex_key *k, const char *text);
/* The same for text[0..n), which need not end in a NUL. */
int lex_key_append_text(lex_key *k, const char *text, size_t n);

/* The start of text[0..n)'s caseless key, without building it: its first piece, or its first
 * `max_chars` characters when that comes sooner. *head is set to where it is: in text itself when
 * the key keeps those bytes as they are, else written to out[0..cap) (no NUL). Returns its length
 * in bytes, 0 when the text adds nothing to a key (only marks and joiners), or
 * LEX_KEY_HEAD_TOO_LONG when it does not fit in out. Cheap enough to try before every token. */
#define LEX_KEY_HEAD_TOO_LONG ((size_t)-1)
size_t lex_key_head(const char *text, size_t n, size_t max_chars, char *out, size_t cap,
                    const char **head);

/* The first byte of text[0..n)'s caseless key, or -1 when the text adds nothing to a key. */
int lex_key_first_byte(const char *text, size_t n);

/* What turns written forms into keys: the reader's tokenizer and the clean stage's folding. */
typedef struct key_builder {
    clean_folder folder;
    segmenter sg;
    sentence sent;
    strbuf folded;
} key_builder;

int key_builder_init(key_builder *kb); /* prints a message and returns -1 on failure */
void key_builder_free(key_builder *kb);

/* The key of a written form (k is reset first; compact when it has digits). Returns 0; -1 when out of memory (*why NULL),
 * or -1 with *why set when the form can never match a sentence. */
int key_from_written(key_builder *kb, const char *written, lex_key *k, const char **why);

/* Folds a pronunciation written in Persian the way the clean stage folds text (out is reset). */
int key_fold_text(key_builder *kb, const char *text, strbuf *out);

#endif
