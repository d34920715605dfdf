/* The module's log: its standard error, which speech-dispatcher sends to the module's log file
 * (LogDir/ravi.log), and a file of the server's choosing after DEBUG ON. Standard output is the
 * protocol's alone. */
#ifndef RAVI_SD_LOG_H
#define RAVI_SD_LOG_H

#include <stdio.h>

#include "../util.h"

/* The levels of speech-dispatcher's LogLevel: 1 errors only ... 5 everything. */
enum {
    SD_LOG_ERROR = 1,
    SD_LOG_WARNING = 2,
    SD_LOG_INFO = 3,
    SD_LOG_DEBUG = 4,
    SD_LOG_TRACE = 5,
};

typedef struct sd_log {
    int level;     /* lines at this level or below are written to stderr */
    FILE *debug;   /* DEBUG ON: every line also goes here */
} sd_log;

/* Level SD_LOG_INFO until the server says otherwise (LOGLEVEL), no debug file. */
void sd_log_init(sd_log *log);
/* DEBUG ON FILE: every line also goes to FILE (created or emptied); NULL: DEBUG OFF. Returns 0,
 * or -1 when the file cannot be opened (the log stays as it was). */
int sd_log_debug_file(sd_log *log, const char *path);
void sd_logf(sd_log *log, int level, const char *fmt, ...) RAVI_PRINTF(3, 4);
/* Closes the debug file. */
void sd_log_close(sd_log *log);

#endif
