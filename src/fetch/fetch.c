/* Fetching a page with libcurl (fetch.h). */
#include "fetch.h"
#include "../util.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct transfer {
    strbuf body;
    size_t max_bytes;
    int too_large;
    char status_line[128];   /* the last response's "HTTP/1.1 404 Not Found" */
    int (*cancelled)(void);
} transfer;

static size_t on_body(char *data, size_t size, size_t count, void *ctx)
{
    transfer *t = ctx;
    size_t n = size * count;
    if (t->body.len + n > t->max_bytes) {
        t->too_large = 1;
        return 0; /* curl stops with CURLE_WRITE_ERROR */
    }
    return sb_append(&t->body, data, n) ? 0 : n;
}

/* Keeps each response's status line, for the reason a server gives with its error. */
static size_t on_header(char *data, size_t size, size_t count, void *ctx)
{
    transfer *t = ctx;
    size_t n = size * count;
    if (n > 5 && !strncmp(data, "HTTP/", 5)) {
        size_t k = n < sizeof t->status_line ? n : sizeof t->status_line - 1;
        memcpy(t->status_line, data, k);
        while (k && (t->status_line[k - 1] == '\r' || t->status_line[k - 1] == '\n'))
            k--;
        t->status_line[k] = '\0';
    }
    return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    transfer *t = ctx;
    return t->cancelled && t->cancelled();
}

/* The reason after the status code in a status line ("Not Found"), or "". */
static const char *reason(const char *status_line)
{
    const char *p = strchr(status_line, ' ');
    p = p ? strchr(p + 1, ' ') : NULL;
    return p ? p + 1 : "";
}

/* One clear line for what curl reports. */
static int transfer_failed(const char *url, CURLcode rc, const transfer *t, const char *errbuf,
                           const fetch_options *o, size_t max, diag *d)
{
    const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_ABORTED_BY_CALLBACK:
        return diag_cancel(d);
    case CURLE_COULDNT_RESOLVE_HOST:
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot find the host (DNS): %s", url, detail);
    case CURLE_COULDNT_RESOLVE_PROXY:
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot find the proxy (DNS): %s", url, detail);
    case CURLE_COULDNT_CONNECT:
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot connect: %s", url, detail);
    case CURLE_OPERATION_TIMEDOUT:
        return diag_fail(d, RAVI_E_INPUT, "%s: timed out after %d s (--timeout)", url, o->timeout_s);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return diag_fail(d, RAVI_E_INPUT, "%s: TLS failed: %s", url, detail);
    case CURLE_TOO_MANY_REDIRECTS:
        return diag_fail(d, RAVI_E_INPUT, "%s: more than %d redirects", url, FETCH_MAX_REDIRECTS);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return diag_fail(d, RAVI_E_INPUT, "%s: Ravi fetches http:// and https:// only: %s", url, detail);
    case CURLE_FILESIZE_EXCEEDED:
        return diag_fail(d, RAVI_E_INPUT, "%s: the page is larger than %zu MB", url, max >> 20);
    case CURLE_WRITE_ERROR:
        if (t->too_large)
            return diag_fail(d, RAVI_E_INPUT, "%s: the page is larger than %zu MB", url, max >> 20);
        return diag_nomem(d);
    case CURLE_OUT_OF_MEMORY:
        return diag_nomem(d);
    default:
        return diag_fail(d, RAVI_E_INPUT, "%s: %s", url, detail);
    }
}

static CURL *new_handle(const char *url, transfer *t, const fetch_options *o, size_t max,
                        char *errbuf, struct curl_slist *headers)
{
    CURL *c = curl_easy_init();
    if (!c)
        return NULL;
    char agent[64]; /* curl keeps a copy */
    snprintf(agent, sizeof agent, "ravi/%s (Persian news narrator)", ravi_version());
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)o->timeout_s);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding curl decodes: gzip... */
    curl_easy_setopt(c, CURLOPT_USERAGENT, agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    return c;
}

/* The body as UTF-8 text, its format from the Content-Type. */
static int take_body(const char *url, transfer *t, const char *content_type, fetched_page *out,
                     diag *d)
{
    int format = fetch_format_of(content_type);
    if (format < 0)
        return diag_fail(d, RAVI_E_INPUT, "%s: not a web page or text (Content-Type: %s)", url,
                         content_type);
    out->format = (ravi_format)format;
    if (fetch_charset(t->body.s ? t->body.s : "", t->body.len, content_type,
                      format == RAVI_FORMAT_HTML || format == RAVI_FORMAT_AUTO, out->charset,
                      sizeof out->charset))
        snprintf(out->charset, sizeof out->charset, "UTF-8");
    return fetch_to_utf8(t->body.s ? t->body.s : "", t->body.len, out->charset, url, &out->text,
                         &out->len, d);
}

int fetch_page(const char *url, const fetch_options *o, fetched_page *out, diag *d)
{
    memset(out, 0, sizeof *out);
    size_t max = o->max_bytes ? o->max_bytes : FETCH_MAX_BYTES;
    if (curl_global_init(CURL_GLOBAL_DEFAULT))
        return diag_fail(d, RAVI_E_INPUT, "%s: libcurl cannot start", url);
    transfer t = {.max_bytes = max, .cancelled = o->cancelled};
    sb_init(&t.body);
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: text/html, application/xhtml+xml, "
                                                         "text/plain;q=0.9, application/ssml+xml;q=0.9");
    struct curl_slist *more = headers ? curl_slist_append(headers, "Accept-Language: fa, en;q=0.5") : NULL;
    CURL *c = more ? new_handle(url, &t, o, max, errbuf, more) : NULL;
    int rc;
    if (!c) {
        rc = diag_nomem(d);
    } else {
        CURLcode res = curl_easy_perform(c);
        long status = 0;
        char *type = NULL, *where = NULL;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
        curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &where);
        if (res != CURLE_OK)
            rc = transfer_failed(url, res, &t, errbuf, o, max, d);
        else if (status >= 400)
            rc = diag_fail(d, RAVI_E_INPUT, "%s: HTTP %ld %s", url, status, reason(t.status_line));
        else if (status >= 300)
            rc = diag_fail(d, RAVI_E_INPUT, "%s: HTTP %ld: a redirect without a Location", url, status);
        else
            rc = take_body(url, &t, type, out, d);
        if (rc == 0 && !(out->url = xstrndup(where ? where : url, strlen(where ? where : url))))
            rc = diag_nomem(d);
        curl_easy_cleanup(c);
    }
    curl_slist_free_all(headers);
    sb_free(&t.body);
    if (rc)
        fetched_page_free(out);
    return rc;
}
