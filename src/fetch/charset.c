/* The bytes of a fetched page made UTF-8 text (fetch.h): its format and character set found,
 * then converted with ICU. */
#include "fetch.h"
#include "../util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#define META_SCAN_BYTES 4096 /* a page's <meta charset> must be in its first bytes (HTML: 1024) */

/* The media type of a Content-Type ("text/html; charset=x" → "text/html"), lowercased. */
static void media_type(const char *content_type, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = content_type; *p && *p != ';' && n + 1 < size; p++)
        if (!isspace((unsigned char)*p))
            out[n++] = (char)tolower((unsigned char)*p);
    out[n] = '\0';
}

int fetch_format_of(const char *content_type)
{
    if (!content_type || !*content_type)
        return RAVI_FORMAT_AUTO;
    char type[128];
    media_type(content_type, type, sizeof type);
    static const struct {
        const char *type;
        int format;
    } types[] = {
        {"text/html", RAVI_FORMAT_HTML}, {"application/xhtml+xml", RAVI_FORMAT_HTML},
        {"text/plain", RAVI_FORMAT_TEXT}, {"application/ssml+xml", RAVI_FORMAT_SSML},
        {"application/xml", RAVI_FORMAT_AUTO}, {"text/xml", RAVI_FORMAT_AUTO},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!strcmp(type, types[i].type))
            return types[i].format;
    return -1;
}

/* Copies a charset name (letters, digits, - _ . : ( )) that starts at s into out. */
static int take_name(const char *s, const char *end, char *out, size_t size)
{
    while (s < end && (*s == ' ' || *s == '"' || *s == '\'' || *s == '='))
        s++;
    size_t n = 0;
    while (s < end && n + 1 < size &&
           (isalnum((unsigned char)*s) || strchr("-_.:()", *s)))
        out[n++] = *s++;
    out[n] = '\0';
    return n ? 0 : -1;
}

/* "charset=..." in a string of n bytes, case aside. */
static int charset_param(const char *s, size_t n, char *out, size_t size)
{
    for (size_t i = 0; i + 8 <= n; i++)
        if (!strncasecmp(s + i, "charset", 7)) {
            size_t k = i + 7;
            while (k < n && s[k] == ' ')
                k++;
            if (k < n && s[k] == '=')
                return take_name(s + k + 1, s + n, out, size);
        }
    return -1;
}

/* The charset a <meta charset="..."> or <meta http-equiv="Content-Type" content="...;
 * charset=..."> names in the first bytes of a page. */
static int meta_charset(const char *body, size_t n, char *out, size_t size)
{
    if (n > META_SCAN_BYTES)
        n = META_SCAN_BYTES;
    for (size_t i = 0; i + 5 <= n; i++) {
        if (body[i] != '<' || strncasecmp(body + i + 1, "meta", 4))
            continue;
        const char *end = memchr(body + i, '>', n - i);
        size_t len = end ? (size_t)(end - (body + i)) : n - i;
        if (charset_param(body + i, len, out, size) == 0)
            return 0;
    }
    return -1;
}

static int bom_charset(const char *s, size_t n, char *out, size_t size)
{
    const char *name = n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? "UTF-8"
                       : n >= 2 && !memcmp(s, "\xff\xfe", 2)   ? "UTF-16LE"
                       : n >= 2 && !memcmp(s, "\xfe\xff", 2)   ? "UTF-16BE"
                                                               : NULL;
    if (!name)
        return -1;
    snprintf(out, size, "%s", name);
    return 0;
}

/* ICU's guess from the bytes (markup left out of the count). */
static int detected_charset(const char *body, size_t n, int html, char *out, size_t size)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_FAILURE(err))
        return -1;
    ucsdet_enableInputFilter(det, html);
    ucsdet_setText(det, body, n > INT32_MAX ? INT32_MAX : (int32_t)n, &err);
    const UCharsetMatch *match = U_SUCCESS(err) ? ucsdet_detect(det, &err) : NULL;
    const char *name = match && U_SUCCESS(err) ? ucsdet_getName(match, &err) : NULL;
    int rc = -1;
    if (name && U_SUCCESS(err)) {
        /* ICU tells the two Arabic-script code pages apart by letter frequencies, which Persian
         * does not follow; Persian pages that declare nothing were written in Windows-1256, whose
         * letters ISO-8859-6 lacks (پ چ ژ گ) */
        snprintf(out, size, "%s", !strcmp(name, "ISO-8859-6") ? "windows-1256" : name);
        rc = 0;
    }
    ucsdet_close(det);
    return rc;
}

int fetch_charset(const char *body, size_t n, const char *content_type, int html, char *out,
                  size_t size)
{
    if (bom_charset(body, n, out, size) == 0)
        return 0;
    if (content_type && charset_param(content_type, strlen(content_type), out, size) == 0)
        return 0;
    if (html && meta_charset(body, n, out, size) == 0)
        return 0;
    if (utf8_first_invalid(body, n) < 0) {
        snprintf(out, size, "UTF-8");
        return 0;
    }
    return detected_charset(body, n, html, out, size);
}

int fetch_to_utf8(const char *body, size_t n, const char *charset, const char *name, char **text,
                  size_t *len, diag *d)
{
    *text = NULL;
    *len = 0;
    if (n > INT32_MAX / 8)
        return diag_fail(d, RAVI_E_INPUT, "%s: too large to convert", name);
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &err);
    if (U_FAILURE(err))
        return diag_fail(d, RAVI_E_INPUT, "%s: unknown character set '%s'", name, charset);
    ucnv_close(conv);
    /* how long it will be first: a byte of some charsets is several characters */
    int32_t need = ucnv_convert("UTF-8", charset, NULL, 0, body, (int32_t)n, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot convert from %s: %s", name, charset,
                         u_errorName(err));
    char *out = malloc((size_t)need + 1);
    if (!out)
        return diag_nomem(d);
    err = U_ZERO_ERROR;
    int32_t made = ucnv_convert("UTF-8", charset, out, need + 1, body, (int32_t)n, &err);
    if (U_FAILURE(err)) {
        free(out);
        return diag_fail(d, RAVI_E_INPUT, "%s: cannot convert from %s: %s", name, charset,
                         u_errorName(err));
    }
    size_t skip = made >= 3 && !memcmp(out, "\xef\xbb\xbf", 3) ? 3 : 0; /* the BOM, as UTF-8 */
    memmove(out, out + skip, (size_t)made - skip + 1);
    *text = out;
    *len = (size_t)made - skip;
    return 0;
}
