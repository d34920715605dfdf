#include "params.h"
#include "../util.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int api_fail(api_error *err, int status, const char *param, const char *code, const char *fmt, ...)
{
    err->status = status;
    snprintf(err->param, sizeof err->param, "%s", param ? param : "");
    snprintf(err->code, sizeof err->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *const models[] = {"ravi", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"};
#define NMODELS (sizeof models / sizeof *models)

int model_known(const char *model)
{
    for (size_t i = 0; i < NMODELS; i++)
        if (!strcmp(model, models[i]))
            return 1;
    return 0;
}

json_t *models_json(void)
{
    json_t *data = json_array();
    for (size_t i = 0; i < NMODELS; i++)
        json_array_append_new(data, json_pack("{s:s,s:s,s:i,s:s}", "id", models[i], "object", "model",
                                              "created", 0, "owned_by", "ravi"));
    return json_pack("{s:s,s:o}", "object", "list", "data", data);
}

int speed_to_rate(double speed, int rate)
{
    double r = round(rate * speed);
    return r < RAVI_RATE_MIN ? RAVI_RATE_MIN : r > RAVI_RATE_MAX ? RAVI_RATE_MAX : (int)r;
}

/* A string field: absent (1, *out NULL), a string (0), or an error (-1). */
static int string_field(json_t *obj, const char *key, const char **out, api_error *err)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return api_fail(err, 400, key, "invalid_type", "%s: expected a string", key);
    *out = json_string_value(v);
    return 0;
}

/* A short string field copied into buf (at most size - 1 bytes). */
static int copy_field(json_t *obj, const char *key, char *buf, size_t size, api_error *err)
{
    const char *s;
    int r = string_field(obj, key, &s, err);
    if (r < 0)
        return -1;
    buf[0] = '\0';
    if (r == 1)
        return 0;
    if (strlen(s) >= size)
        return api_fail(err, 400, key, "invalid_value", "%s: at most %zu bytes", key, size - 1);
    memcpy(buf, s, strlen(s) + 1);
    return 0;
}

int input_is_markup(const char *text, size_t len, ravi_format f)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    return f == RAVI_FORMAT_HTML || f == RAVI_FORMAT_SSML || (f == RAVI_FORMAT_AUTO && i < len && text[i] == '<');
}

/* After parse_input_format: markup is not counted. */
static int parse_input(json_t *obj, size_t max_chars, speech_params *p, api_error *err)
{
    json_t *v = json_object_get(obj, "input");
    if (!v || json_is_null(v))
        return api_fail(err, 400, "input", "missing_field", "input: the text to read is missing");
    if (!json_is_string(v))
        return api_fail(err, 400, "input", "invalid_type", "input: expected a string");
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    size_t chars = input_is_markup(s, len, p->input_format) ? 0 : utf8_count(s, len);
    if (chars > max_chars)
        return api_fail(err, 400, "input", "string_above_max_length",
                        "input: %zu characters, at most %zu", chars, max_chars);
    if (!(p->input = xstrndup(s, len)))
        return api_fail(err, 500, NULL, "out_of_memory", "out of memory");
    p->input_len = len;
    return 0;
}

static int parse_format(json_t *obj, speech_params *p, api_error *err)
{
    const char *s;
    int r = string_field(obj, "response_format", &s, err);
    if (r < 0)
        return -1;
    p->format = r == 1 ? SPEECH_MP3 : speech_format_from_name(s);
    if (p->format == SPEECH_NONE)
        return api_fail(err, 400, "response_format", "invalid_value",
                        "response_format: '%.64s' is not one of mp3, opus, aac, flac, wav, pcm", s);
    return 0;
}

static int parse_speed(json_t *obj, speech_params *p, api_error *err)
{
    json_t *v = json_object_get(obj, "speed");
    p->speed = 1.0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return api_fail(err, 400, "speed", "invalid_type", "speed: expected a number");
    p->speed = json_number_value(v);
    if (!(p->speed >= SPEED_MIN && p->speed <= SPEED_MAX))
        return api_fail(err, 400, "speed", "invalid_value", "speed: %g is out of range (%g-%g)",
                        p->speed, SPEED_MIN, SPEED_MAX);
    return 0;
}

static int parse_input_format(json_t *obj, speech_params *p, api_error *err)
{
    static const struct {
        const char *name;
        ravi_format format;
    } names[] = {{"auto", RAVI_FORMAT_AUTO}, {"text", RAVI_FORMAT_TEXT}, {"html", RAVI_FORMAT_HTML},
                 {"ssml", RAVI_FORMAT_SSML}};
    const char *s;
    int r = string_field(obj, "input_format", &s, err);
    p->input_format = RAVI_FORMAT_AUTO;
    if (r)
        return r < 0 ? -1 : 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(s, names[i].name)) {
            p->input_format = names[i].format;
            p->input_format_given = 1;
            return 0;
        }
    return api_fail(err, 400, "input_format", "invalid_value",
                    "input_format: '%.64s' is not one of auto, text, html, ssml", s);
}

/* Only streamed audio: OpenAI's server-sent events are not served. */
static int parse_stream_format(json_t *obj, api_error *err)
{
    const char *s;
    int r = string_field(obj, "stream_format", &s, err);
    if (r)
        return r < 0 ? -1 : 0;
    if (strcmp(s, "audio"))
        return api_fail(err, 400, "stream_format", "invalid_value",
                        "stream_format: '%.64s' is not served; the audio streams as it is made (\"audio\")", s);
    return 0;
}

static int parse_object(json_t *obj, size_t max_chars, int require_model, speech_params *p,
                        api_error *err)
{
    if (copy_field(obj, "model", p->model, sizeof p->model, err))
        return -1;
    if (require_model && !p->model[0])
        return api_fail(err, 400, "model", "missing_field", "model: missing (GET /v1/models lists them)");
    if (p->model[0] && !model_known(p->model))
        return api_fail(err, 400, "model", "model_not_found",
                        "model: unknown model '%s' (GET /v1/models lists them)", p->model);
    const char *instructions; /* gpt-4o-mini-tts's; Ravi reads as a news anchor whatever they say */
    if (copy_field(obj, "voice", p->voice, sizeof p->voice, err) || parse_format(obj, p, err) ||
        parse_speed(obj, p, err) || parse_input_format(obj, p, err) || parse_stream_format(obj, err) ||
        string_field(obj, "instructions", &instructions, err) < 0)
        return -1;
    return parse_input(obj, max_chars, p, err);
}

int speech_params_parse(const char *body, size_t len, size_t max_chars, int require_model,
                        speech_params *p, api_error *err)
{
    memset(p, 0, sizeof *p);
    json_error_t jerr;
    json_t *obj = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj)
        return api_fail(err, 400, NULL, "invalid_json", "the body is not valid JSON: line %d, column %d: %s",
                        jerr.line, jerr.column, jerr.text);
    int r = json_is_object(obj) ? parse_object(obj, max_chars, require_model, p, err)
                                : api_fail(err, 400, NULL, "invalid_json", "the body must be a JSON object");
    json_decref(obj);
    if (r)
        speech_params_free(p);
    return r;
}

void speech_params_free(speech_params *p)
{
    free(p->input);
    p->input = NULL;
}
