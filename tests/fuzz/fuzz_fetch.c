/* libFuzzer target: arbitrary bytes as a fetched page's body (src/fetch/charset.c). The first
 * bytes, up to a newline, are its Content-Type; the rest is the body: its format and charset are
 * found (BOM, header, <meta charset>, UTF-8, ICU's detector) and it is converted to UTF-8, which
 * must then be valid UTF-8 with no NUL before its end. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size < 200 ? size : 200);
    size_t type_len = nl ? (size_t)(nl - (const char *)data) : 0;
    char type[201];
    memcpy(type, data, type_len);
    type[type_len] = '\0';
    const char *body = (const char *)data + (nl ? type_len + 1 : 0);
    size_t n = size - (size_t)(body - (const char *)data);
    int format = fetch_format_of(type_len ? type : NULL);
    char charset[64];
    if (fetch_charset(body, n, type_len ? type : NULL, format == RAVI_FORMAT_HTML, charset,
                      sizeof charset))
        return 0;
    char *text;
    size_t len;
    diag d;
    diag_init(&d);
    if (fetch_to_utf8(body, n, charset, "fuzz", &text, &len, &d) == 0) {
        if (text[len] != '\0' || utf8_first_invalid(text, len) >= 0)
            abort();
        free(text);
    } else if (!diag_message(&d)[0]) {
        abort(); /* a failure says why */
    }
    diag_free(&d);
    return 0;
}
