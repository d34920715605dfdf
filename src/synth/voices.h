/* Ravi's own eSpeak NG voice variants (voices/ in the data directory): finding them, listing
 * them, and letting eSpeak load them.
 *
 * eSpeak NG 1.51 loads a variant only from <data>/voices/!v/ and has no call that takes a
 * variant file, and its formants (what makes a voice a voice) cannot be set through the API.
 * So Ravi gives eSpeak a private data directory: a temporary directory whose entries are
 * symbolic links to the system's eSpeak data (phoneme tables, dictionaries, languages), with a
 * voices/!v/ that links the system's variants and Ravi's. eSpeak then loads our variants
 * itself, every keyword included, and SSML <voice> changes keep working. It is created when an
 * engine first chooses a Ravi voice (eSpeak's data path is then pointed at it) and removed when
 * the engine is freed. */
#ifndef RAVI_VOICES_H
#define RAVI_VOICES_H

#include <stddef.h>

#include "../diag.h"

/* 1 when `name` is one of Ravi's variants in data_dir/voices (a plain file name). */
int ravi_voice_exists(const char *data_dir, const char *name);

/* Makes the private data directory (its path goes to espeak_ng_InitializePath) for the system's
 * eSpeak data at `system_data` plus Ravi's variants. Writes its path into `root`. Returns 0, or
 * -1 after an error in d. */
int voice_overlay_create(const char *system_data, const char *data_dir, char *root, size_t size,
                         diag *d);
/* Removes what voice_overlay_create made (links and directories only). */
void voice_overlay_remove(const char *root);

/* Calls fn for each of Ravi's variants, in name order, with its gender and description (the
 * file's first "//" comment); fn returning non-zero stops the listing. Returns how many, or -1
 * after an error (or a cancel) in d. */
int ravi_voices_each(const char *data_dir,
                     int (*fn)(void *ctx, const char *name, const char *gender, const char *about),
                     void *ctx, diag *d);

#endif
