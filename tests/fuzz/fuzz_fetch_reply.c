/* libFuzzer target: arbitrary bytes as ravi-fetch's reply (src/fetch/page.c), as ravi reads it
 * from the program it ran for a URL. A page read must be the reply's own bytes, NUL after them,
 * with a format ravi knows; an error must say why (a cancelled fetch aside). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fetched_page page;
    diag d;
    diag_init(&d);
    if (fetch_reply_read((const char *)data, size, "http://fuzz/", &page, &d) == 0) {
        if (!page.text || !page.url || page.text[page.len] != '\0' || strlen(page.text) != page.len ||
            page.len > size || memcmp(page.text, data + size - page.len, page.len) ||
            page.format > RAVI_FORMAT_SSML)
            abort();
        fetched_page_free(&page);
    } else if (d.status != RAVI_CANCELLED && !diag_message(&d)[0]) {
        abort();
    }
    diag_free(&d);
    return 0;
}
