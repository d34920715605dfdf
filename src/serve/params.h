/* params: the JSON body of POST /v1/audio/speech (OpenAI's) and of POST /stream (the listen
 * page's), parsed with jansson and checked field by field. An error names its field, as
 * OpenAI's do: {"error":{"message":"...","type":"invalid_request_error","param":"speed",...}}. */
#ifndef RAVI_SERVE_PARAMS_H
#define RAVI_SERVE_PARAMS_H

#include <stddef.h>

#include "../../include/ravi.h"
#include "encode.h"

typedef struct api_error {
    int status;          /* the HTTP status: 400, 413 */
    char param[32];      /* the field at fault, or "" */
    char code[40];       /* a machine-readable code: "invalid_value", "missing_field" */
    char message[512];
} api_error;

typedef struct speech_params {
    char *input;           /* the text, HTML or SSML to read (malloc'd, NUL-terminated) */
    size_t input_len;
    char voice[64];        /* as asked for ("" when not given) */
    char model[64];
    speech_format format;  /* response_format (mp3) */
    double speed;          /* 0.25..4 (1) */
    ravi_format input_format; /* Ravi's own field "input_format": auto, text, html, ssml */
    int input_format_given;   /* 0: the server's default (its --html, --ssml, --text, or a guess) */
} speech_params;

#define SPEED_MIN 0.25
#define SPEED_MAX 4.0

/* Parses and checks a body of `len` bytes; the input may have at most max_chars characters,
 * unless it is markup (input_is_markup). require_model: OpenAI's endpoint needs "model", the listen page's does not. 0, or -1 with err
 * filled in (p holds nothing to free). */
int speech_params_parse(const char *body, size_t len, size_t max_chars, int require_model,
                        speech_params *p, api_error *err);
void speech_params_free(speech_params *p);

/* Whether a text to read is markup: declared HTML or SSML, or, its format to be guessed, starting
 * with '<'. The text-length limit (--max-text) counts the characters of a text; markup is held to
 * the body's size alone (--max-body), its text being a fraction of it. */
int input_is_markup(const char *text, size_t len, ravi_format f);

/* The models /v1/models lists: Ravi, and OpenAI's names for its speech models, which clients
 * send by default (all of them are Ravi). */
int model_known(const char *model);
/* GET /v1/models, a new reference. */
struct json_t *models_json(void);

/* Fills in an error; returns -1. */
int api_fail(api_error *err, int status, const char *param, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The words-a-minute rate for OpenAI's speed, around the default rate: 1 is `rate`, and the
 * result is kept within what Ravi speaks (80..450). */
int speed_to_rate(double speed, int rate);

#endif
