/* Ravi's own eSpeak NG voice variants (voices/ in the data directory): finding them, listing
 * them, and letting eSpeak load them.
 *
 * eSpeak NG 1.51 loads a variant only from <data>/voices/!v/ and has no call that takes a
 * variant file, and its formants (what makes a voice a voice) cannot be set through the API.
 * So Ravi gives eSpeak a private data directory: a temporary directory whose entries are
 * symbolic links to the system's eSpeak data (phoneme tables, dictionaries, languages), with a
 * voices/!v/ that links the system's variants and Ravi's. eSpeak then loads our variants
 * itself, every keyword included, and SSML <voice> changes keep working. It is created only
 * when a Ravi voice is chosen and removed when the synthesizer closes. */
#ifndef RAVI_VOICES_H
#define RAVI_VOICES_H

#include <stddef.h>

/* 1 when `name` is one of Ravi's variants in data_dir/voices (a plain file name). */
int ravi_voice_exists(const char *data_dir, const char *name);

/* Makes the private data directory (its parent path goes to espeak_Initialize) for the system's
 * eSpeak data at `system_data` plus Ravi's variants. Writes its path into `root`. Returns 0, or
 * -1 after a message. */
int voice_overlay_create(const char *system_data, const char *data_dir, char *root, size_t size);
/* Removes what voice_overlay_create made (links and directories only). */
void voice_overlay_remove(const char *root);

/* Calls fn for each of Ravi's variants, in name order, with its gender and description (the
 * file's first "//" comment). Returns how many, or -1 after a message. */
int ravi_voices_each(const char *data_dir,
                     void (*fn)(void *ctx, const char *name, const char *gender, const char *about),
                     void *ctx);

#endif
