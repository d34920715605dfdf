/* libFuzzer target: the JSON body of POST /v1/audio/speech and POST /stream (src/serve/params.c),
 * parsed with jansson and checked field by field. Any bytes give either a request whose fields
 * are all in range (an input of at most the limit's characters unless it is markup, which the
 * body's size holds, a known format, a speed within
 * OpenAI's range) or an error with an HTTP status, a code and a message; never a crash or a leak.
 * The first byte chooses whether "model" is required and the text limit. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "serve/params.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int require_model = data[0] & 1;
    size_t max_chars = (data[0] & 2) ? 16 : 100000;
    speech_params p;
    api_error e;
    if (speech_params_parse((const char *)data + 1, size - 1, max_chars, require_model, &p, &e) == 0) {
        assert(p.input && strlen(p.input) == p.input_len);
        assert(input_is_markup(p.input, p.input_len, p.input_format) || utf8_count(p.input, p.input_len) <= max_chars);
        assert(p.format != SPEECH_NONE && p.format != SPEECH_RAW);
        assert(p.speed >= SPEED_MIN && p.speed <= SPEED_MAX);
        assert(!require_model || model_known(p.model));
        int rate = speed_to_rate(p.speed, 165);
        assert(rate >= RAVI_RATE_MIN && rate <= RAVI_RATE_MAX);
        speech_params_free(&p);
    } else {
        assert(e.status >= 400 && e.status < 600 && e.message[0] && e.code[0]);
    }
    return 0;
}
