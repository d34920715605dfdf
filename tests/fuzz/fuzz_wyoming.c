/* libFuzzer target: Wyoming's event framing as the server reads it (src/serve/wyevent.c): a
 * header line of JSON, then a data block merged over its "data". The input is a header line,
 * a newline, and the rest taken as the data block. Any bytes give an event with a short type,
 * an object of data and lengths within bounds, or an error message; and an event the server
 * formats is one line of JSON that parses back to the same type. */
#include <assert.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/wyevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t line = nl ? (size_t)(nl - text) : size;
    wy_event ev;
    char err[256];
    if (wy_parse_header(text, line, &ev, err, sizeof err)) {
        assert(err[0]);
        return 0;
    }
    assert(ev.type[0] && strlen(ev.type) < WY_TYPE_MAX && json_is_object(ev.data));
    assert(ev.data_length <= (1u << 30) && ev.payload_length <= (1u << 30));
    if (nl && wy_merge_data(&ev, nl + 1, size - line - 1, err, sizeof err))
        assert(err[0]);
    assert(json_is_object(ev.data));
    (void)wy_data_string(&ev, "text");
    (void)wy_data_string2(&ev, "voice", "name");
    /* what the server would send back: one line, the same type */
    size_t len;
    char *out = wy_format(ev.type, json_incref(ev.data), 0, &len);
    if (out) {
        assert(len > 0 && out[len - 1] == '\n' && !memchr(out, '\n', len - 1));
        wy_event back;
        int rc = wy_parse_header(out, len - 1, &back, err, sizeof err);
        assert(rc == 0 && !strcmp(back.type, ev.type));
        wy_event_free(&back);
        free(out);
    }
    wy_event_free(&ev);
    return 0;
}
