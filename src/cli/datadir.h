/* Where Ravi's data (lexicon/, voices/) lives: $RAVI_DATA, the build tree next to the
 * binary, or the installed share directory. */
#ifndef RAVI_DATADIR_H
#define RAVI_DATADIR_H

#include <stddef.h>

/* Writes the data directory for the running binary `argv0` into buf. Returns 0, or -1 when
 * none of the candidates holds a lexicon/ directory (buf then holds the last candidate). */
int datadir_find(const char *argv0, char *buf, size_t size);
/* The directory holding the running binary, from /proc (argv0 as a fallback). */
void datadir_binary_dir(const char *argv0, char *buf, size_t size);

#endif
