/* guard: the last stage before eSpeak NG. Debian 12's libespeak-ng 1.51 has memory-safety bugs
 * that later releases fixed (upstream keeps their triggers in tests/crash_vectors/); Ravi hands it
 * text anyone wrote, so it never hands it a pattern known to crash it. Every rule, with the
 * upstream report or test it answers and how it was measured here, is in rules.c. */
#ifndef RAVI_GUARD_H
#define RAVI_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

/* The longest run of letters joined by dots (A.B.C…) handed to eSpeak in one piece, in bytes:
 * 1.51 overflows a stack buffer from 169 bytes on (see rules.c). */
#define GUARD_DOTTED_RUN_MAX_BYTES 48

/* What the guard does with a code point eSpeak 1.51 mishandles. */
typedef enum guard_action {
    GUARD_KEEP = 0,     /* harmless */
    GUARD_FOLD,         /* its compatibility form (NFKC) is harmless: use that */
    GUARD_TRANSLITERATE, /* a letter of a script eSpeak's voices switch tables for: Latin letters */
    GUARD_DROP           /* not a character at all (unassigned): nothing to say */
} guard_action;

/* The action for code point cp (rules.c). */
guard_action guard_action_of(uint32_t cp);
/* The script of code point cp as ICU names it (USCRIPT_COMMON for digits, punctuation and
 * spaces, USCRIPT_INHERITED for combining marks), and whether a word may go on from a letter of
 * script a to one of script b without a cut (rules.c, rule 4). */
int guard_script_of(uint32_t cp);
int guard_scripts_may_join(int a, int b);
/* Whether a kasra (the ezafe, written after the word) may follow a word that ends in a letter of
 * this script (rules.c, rule 8). */
int guard_kasra_may_follow(int script);
/* Whether hyphens written against a word may precede a letter of this script (rule 9). */
int guard_hyphens_may_precede(int script);

/* 1 when the stage treats a token of this text alike whether it is said from phonemes (left as
 * it is) or from its text: Persian letters and marks and ZWNJ, which it never rewrites, cuts or
 * strips of a kasra. A stage that only changes how such a word is said need not run when only
 * the text is shown (sentence.text_only). */
int guard_said_alike(const char *text, size_t len);

/* Rewrites `text` so that eSpeak can be given it: hazardous code points folded or
 * transliterated (see rules.c) and dotted runs longer than GUARD_DOTTED_RUN_MAX_BYTES cut into
 * groups (a dot becomes a space). Writes the result to `out` (reset first) and returns 1 when it
 * differs from `text`, 0 when the text was safe as it was (out then unset), -1 when out of
 * memory. `translit` is the ICU transliterator (opaque here), made on first use. */
typedef struct guard_state guard_state;
int guard_text(guard_state *g, const char *text, size_t len, strbuf *out);

/* The state the stage keeps: the transliterator and scratch buffers. */
guard_state *guard_state_new(void);
void guard_state_free(guard_state *g);

#endif
