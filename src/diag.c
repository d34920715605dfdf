#include "diag.h"

#include <stdarg.h>

void diag_init(diag *d)
{
    d->status = RAVI_OK;
    sb_init(&d->message);
    d->warn = NULL;
    d->warn_ctx = NULL;
    d->stopped = 0;
}

void diag_free(diag *d)
{
    sb_free(&d->message);
    diag_init(d);
}

void diag_clear(diag *d)
{
    d->status = RAVI_OK;
    sb_reset(&d->message);
    d->stopped = 0;
}

static void add_line(diag *d, const char *fmt, va_list ap)
{
    /* when memory is short the status still says what happened; the line is a bonus */
    if (d->message.len)
        sb_putc(&d->message, '\n');
    sb_vprintf(&d->message, fmt, ap);
}

int diag_fail(diag *d, ravi_status status, const char *fmt, ...)
{
    if (!d)
        return -1;
    if (d->status == RAVI_OK)
        d->status = status;
    va_list ap;
    va_start(ap, fmt);
    add_line(d, fmt, ap);
    va_end(ap);
    return -1;
}

int diag_nomem(diag *d)
{
    return diag_fail(d, RAVI_E_NOMEM, "out of memory");
}

int diag_cancel(diag *d)
{
    if (d && d->status == RAVI_OK)
        d->status = RAVI_CANCELLED;
    return -1;
}

void diag_warn(diag *d, ravi_warning warning, const char *fmt, ...)
{
    if (!d || !d->warn || d->stopped)
        return;
    strbuf line;
    sb_init(&line);
    va_list ap;
    va_start(ap, fmt);
    int rc = sb_vprintf(&line, fmt, ap);
    va_end(ap);
    if (d->warn(d->warn_ctx, warning, rc ? "out of memory" : line.s))
        d->stopped = 1;
    sb_free(&line);
}

const char *diag_message(const diag *d)
{
    return d && d->message.s ? d->message.s : "";
}
