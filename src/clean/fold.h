/* The clean stage's folding as a function of its own, so that the lexicon folds its written forms
 * exactly the way the text it will be compared with was folded. */
#ifndef RAVI_CLEAN_FOLD_H
#define RAVI_CLEAN_FOLD_H

#include "../util.h"

#include <unicode/unorm2.h>

/* ICU normalizers and scratch buffers, reused from one text to the next. */
typedef struct clean_folder {
    const UNormalizer2 *nfc, *nfkc;
    UChar *u16a, *u16b;
    size_t u16cap;
    strbuf folded, expanded;
    const char *failure;     /* why clean_folder_init failed: ICU's name for the error */
} clean_folder;

/* Prepares a folder. Returns 0, or -1 when ICU's normalizers are unavailable (f->failure says
 * why). */
int clean_folder_init(clean_folder *f);
void clean_folder_free(clean_folder *f);

/* Whether clean_fold_text would change the text at all: nearly every word is already clean, and
 * then it can be left where it is. */
int clean_fold_needed(const char *text);

/* Folds one token's text the way the clean stage does: presentation forms through NFKC, ي ى→ی,
 * ك→ک, word-final ة→ه, tatweel and invisible controls dropped, ZWNJ collapsed and trimmed,
 * Arabic-Indic digits to Persian, then NFC. `out` is reset first. Returns 0, or -1 when out of
 * memory. */
int clean_fold_text(clean_folder *f, const char *text, strbuf *out);

#endif
