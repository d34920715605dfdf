/* Messages: every failure the command reports is one line "ravi: ...", naming the file, line or
 * option at fault. (A file of its own: the tools print their messages the same way.) */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ravi: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_print_message(const char *message)
{
    while (message && *message) {
        size_t n = strcspn(message, "\n");
        fprintf(stderr, "ravi: %.*s\n", (int)n, message);
        message += n + (message[n] == '\n');
    }
}
