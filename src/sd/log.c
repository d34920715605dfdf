#include "log.h"

#include <stdarg.h>
#include <time.h>

void sd_log_init(sd_log *log)
{
    log->level = SD_LOG_INFO;
    log->debug = NULL;
}

int sd_log_debug_file(sd_log *log, const char *path)
{
    FILE *f = NULL;
    if (path && !(f = fopen(path, "w")))
        return -1;
    sd_log_close(log);
    log->debug = f;
    return 0;
}

void sd_log_close(sd_log *log)
{
    if (log->debug)
        fclose(log->debug);
    log->debug = NULL;
}

static void write_line(FILE *to, const char *stamp, const char *fmt, va_list ap)
{
    fprintf(to, "%s sd_ravi: ", stamp);
    vfprintf(to, fmt, ap);
    fputc('\n', to);
    fflush(to);
}

void sd_logf(sd_log *log, int level, const char *fmt, ...)
{
    if (level > log->level && !log->debug)
        return;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(stamp, sizeof stamp, "[%Y-%m-%d %H:%M:%S]", &tm))
        stamp[0] = '\0';
    va_list ap;
    if (level <= log->level) {
        va_start(ap, fmt);
        write_line(stderr, stamp, fmt, ap);
        va_end(ap);
    }
    if (log->debug) {
        va_start(ap, fmt);
        write_line(log->debug, stamp, fmt, ap);
        va_end(ap);
    }
}
