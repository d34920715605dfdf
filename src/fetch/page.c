/* What the fetch hands on, without libcurl: the page, and ravi-fetch's reply that carries it from
 * the program that fetched it to ravi (fetch.h). */
#include "fetch.h"
#include "../util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int fetch_is_url(const char *s)
{
    return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

void fetched_page_free(fetched_page *p)
{
    free(p->text);
    free(p->url);
    p->text = p->url = NULL;
    p->len = 0;
}

int fetch_reply_write(FILE *f, const fetched_page *p, const diag *d)
{
    if (d)
        fprintf(f, "%d\n%s", (int)d->status, diag_message(d));
    else
        fprintf(f, "0\n%d\n%s\n%s\n", (int)p->format, p->charset, p->url);
    if (!d && p->len)
        fwrite(p->text, 1, p->len, f);
    return fflush(f) || ferror(f) ? -1 : 0;
}

/* The line at *at (up to a newline, which must be there) into a new string; *at moves past it. */
static char *take_line(const char **at, const char *end)
{
    const char *nl = memchr(*at, '\n', (size_t)(end - *at));
    if (!nl)
        return NULL;
    char *line = xstrndup(*at, (size_t)(nl - *at));
    *at = nl + 1;
    return line;
}

/* A whole decimal number from a line (a sign allowed), within [lo, hi]; -1 when it is not one. */
static int line_number(const char *line, long lo, long hi, long *v)
{
    char *end;
    if (!line || !*line)
        return -1;
    *v = strtol(line, &end, 10);
    return *end || *v < lo || *v > hi ? -1 : 0;
}

int fetch_reply_read(const char *reply, size_t n, const char *url, fetched_page *out, diag *d)
{
    memset(out, 0, sizeof *out);
    const char *at = reply, *end = reply + n;
    char *status_line = take_line(&at, end);
    long status;
    int bad = line_number(status_line, RAVI_E_IO, RAVI_CANCELLED, &status);
    free(status_line);
    if (bad || (status != RAVI_OK && status != RAVI_CANCELLED && (at == end || !*at)))
        return diag_fail(d, RAVI_E_INPUT, "%s: ravi-fetch answered something else than a page", url);
    if (status == RAVI_CANCELLED)
        return diag_cancel(d);
    if (status != RAVI_OK)
        return diag_fail(d, (ravi_status)status, "%.*s", (int)(end - at), at);
    char *format_line = take_line(&at, end), *charset = take_line(&at, end);
    out->url = take_line(&at, end);
    long format;
    bad = line_number(format_line, RAVI_FORMAT_AUTO, RAVI_FORMAT_SSML, &format) || !charset ||
          !out->url || strlen(charset) >= sizeof out->charset || memchr(at, '\0', (size_t)(end - at));
    if (!bad) {
        out->format = (ravi_format)format;
        memcpy(out->charset, charset, strlen(charset) + 1);
        out->len = (size_t)(end - at);
        out->text = xstrndup(at, out->len);
    }
    free(format_line);
    free(charset);
    if (bad || !out->text) {
        fetched_page_free(out);
        return bad ? diag_fail(d, RAVI_E_INPUT, "%s: ravi-fetch answered something else than a page", url)
                   : diag_nomem(d);
    }
    return 0;
}
