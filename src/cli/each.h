/* The loop every text command shares: open the stages, read the input, hand out sentences,
 * turn what went wrong into one message and an exit status. */
#ifndef RAVI_CLI_EACH_H
#define RAVI_CLI_EACH_H

#include "../options.h"
#include "../token.h"

enum sentence_result { SENTENCE_OK = 0, SENTENCE_FAILED = -1, SENTENCE_STOP = 1, SENTENCE_QUIT = 2 };

/* Calls fn for every sentence of opt->input. fn returns an enum sentence_result (SENTENCE_STOP:
 * stop quietly, e.g. the reader of standard output went away; SENTENCE_QUIT: the user is done,
 * stop with success). `finish` (may be NULL) is called
 * once at the end with ok = 1 when every sentence went through, 0 otherwise; it returns -1 when
 * finishing failed. Returns the process's exit status. */
int cli_each_sentence(const ravi_options *opt, int (*fn)(void *ctx, const sentence *s),
                      int (*finish)(void *ctx, int ok), void *ctx);

/* Writes a line to standard output; returns SENTENCE_STOP when its reader has gone. */
int cli_print_line(const char *text, size_t len);

#endif
