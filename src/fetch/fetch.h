/* Links as input: a web page fetched with libcurl (redirects followed, a time-out, a size limit,
 * gzip and the like decoded), its character set found (the BOM, the Content-Type header, the
 * page's <meta charset>, UTF-8 when the bytes are, else ICU's detector) and converted to UTF-8
 * with ICU, and handed over in memory, to be read like a saved page. Every error is one line
 * naming the address. Part of the programs' helpers, not of libravi. */
#ifndef RAVI_FETCH_H
#define RAVI_FETCH_H

#include <stddef.h>
#include <stdio.h>

#include "../../include/ravi.h"
#include "../diag.h"

#define FETCH_MAX_BYTES (16u << 20)  /* a page larger than this (once decoded) is refused */
#define FETCH_MAX_REDIRECTS 10

typedef struct fetch_options {
    int timeout_s;                   /* the whole fetch, connecting included */
    size_t max_bytes;                /* 0: FETCH_MAX_BYTES */
    int (*cancelled)(void);          /* polled while fetching: non-zero stops it (may be NULL) */
} fetch_options;

typedef struct fetched_page {
    char *text;                      /* the page in UTF-8, NUL after it */
    size_t len;
    ravi_format format;              /* what its Content-Type says (AUTO: it says nothing useful) */
    char *url;                       /* where it was found, after redirects */
    char charset[64];                /* what it was converted from */
} fetched_page;

/* Whether `s` is an address to fetch (http:// or https://, case aside). */
int fetch_is_url(const char *s);

/* ---- the program ravi-fetch (main.c), which fetches for ravi (page.c) --------------------- */
/* ravi runs ravi-fetch for a URL, so that ravi itself maps no libcurl: libcurl and the libraries
 * it needs (TLS, LDAP, SSH, Kerberos...: 28 of them) cost every ravi run 26 M instructions of
 * dynamic linking (callgrind), a sixth of a one-sentence ravi say's. Its reply on standard output:
 * "0\n" FORMAT "\n" CHARSET "\n" URL "\n", then the page in UTF-8; or, after an error,
 * STATUS "\n" MESSAGE (fetch_page's diag). */

/* Writes p (d NULL), or the error in d, as ravi-fetch's reply. 0, or -1 when writing failed. */
int fetch_reply_write(FILE *f, const fetched_page *p, const diag *d);
/* Reads ravi-fetch's reply to fetching `url` into out: 0; -1 after the error it reports, or one
 * saying it is no reply, in d. */
int fetch_reply_read(const char *reply, size_t n, const char *url, fetched_page *out, diag *d);

/* Fetches `url` with libcurl, in this process (ravi-fetch's work). Returns 0; -1 after an error in d (RAVI_E_INPUT; RAVI_CANCELLED when
 * o->cancelled stopped it). */
int fetch_page(const char *url, const fetch_options *o, fetched_page *out, diag *d);
void fetched_page_free(fetched_page *p);

/* ---- what the fetch does with the bytes (charset.c), a function of them alone ------------- */

/* The format a Content-Type names: HTML, TEXT, SSML, AUTO (XML, or none); -1 for anything else
 * (an image, a PDF...). */
int fetch_format_of(const char *content_type);

/* The character set of a body: a BOM, else the Content-Type's charset parameter, else (HTML) a
 * <meta charset> or http-equiv in its first bytes, else UTF-8 when it is valid UTF-8, else what
 * ICU's detector says. Into out (size bytes); 0, or -1 when nothing names one. */
int fetch_charset(const char *body, size_t n, const char *content_type, int html, char *out,
                  size_t size);

/* Converts body from `charset` to UTF-8 (a BOM dropped) into *text (NUL-terminated, caller
 * frees). 0; -1 after an error in d naming `name` (an unknown charset, out of memory). */
int fetch_to_utf8(const char *body, size_t n, const char *charset, const char *name, char **text,
                  size_t *len, diag *d);

#endif
