/* The voices a request may ask for: what the workers' engine offers (Ravi's news voices and
 * eSpeak NG's Persian voices), asked once at start, and OpenAI's voice names, which clients
 * send by default, mapped to Ravi's male and female news voices. */
#include "serve.h"
#include "frame.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *openai;
    const char *ravi;
} aliases[] = {
    {"alloy", "ravi-male"}, {"ash", "ravi-male"},     {"ballad", "ravi-male"}, {"echo", "ravi-male"},
    {"fable", "ravi-male"}, {"onyx", "ravi-male"},    {"verse", "ravi-male"},  {"coral", "ravi-female"},
    {"nova", "ravi-female"}, {"sage", "ravi-female"}, {"shimmer", "ravi-female"},
};
#define NALIASES (sizeof aliases / sizeof *aliases)

static const char *attribution_name = "Ravi, on eSpeak NG";
static const char *attribution_url = "https://github.com/espeak-ng/espeak-ng";

static char *json_dup(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return strdup(json_is_string(v) ? json_string_value(v) : "");
}

static int add_voice(server *s, const char *line, size_t len)
{
    json_t *o = json_loadb(line, len, 0, NULL);
    voice_info *grown = json_is_object(o) ? realloc(s->voices, (s->nvoices + 1) * sizeof *grown) : NULL;
    if (!grown) {
        json_decref(o);
        return -1;
    }
    s->voices = grown;
    voice_info *v = &s->voices[s->nvoices++];
    v->name = json_dup(o, "name");
    v->gender = json_dup(o, "gender");
    v->description = json_dup(o, "description");
    v->is_ravi = json_is_true(json_object_get(o, "ravi"));
    json_decref(o);
    return v->name && v->gender && v->description ? 0 : -1;
}

int voices_load(server *s)
{
    job_request r;
    job_request_init(&r, JOB_VOICES, &s->opt->config->settings);
    job j;
    int rc = job_begin(&j, s->pool, &r, NULL, 0, (int)s->opt->worker_timeout * 1000);
    while (!rc && (rc = job_next(&j, (int)s->opt->worker_timeout * 1000)) > 0) {
        if (j.type == 'l' && add_voice(s, j.payload.s, j.payload.len))
            snprintf(j.message, sizeof j.message, "out of memory"), rc = -1;
        rc = rc > 0 ? 0 : rc;
        if (j.finished)
            break;
    }
    if (!rc && (j.status < 0 || s->nvoices == 0))
        rc = -1;
    if (rc)
        fprintf(stderr, "ravi: serve: cannot list the voices: %s\n", j.message[0] ? j.message : "none found");
    s->sample_rate = j.sample_rate > 0 ? j.sample_rate : 22050;
    job_end(&j);
    return rc ? -1 : 0;
}

void voices_free(server *s)
{
    for (size_t i = 0; i < s->nvoices; i++) {
        free(s->voices[i].name);
        free(s->voices[i].gender);
        free(s->voices[i].description);
    }
    free(s->voices);
    s->voices = NULL;
    s->nvoices = 0;
}

static const voice_info *find_voice(const server *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->nvoices; i++)
        if (strlen(s->voices[i].name) == len && !strncmp(s->voices[i].name, name, len))
            return &s->voices[i];
    return NULL;
}

/* eSpeak NG's variant names: letters, digits, - and _ (the engine says whether it exists) */
static int variant_name(const char *v)
{
    if (!*v)
        return 0;
    for (; *v; v++)
        if (!isalnum((unsigned char)*v) && *v != '-' && *v != '_')
            return 0;
    return 1;
}

const char *voices_resolve(const server *s, const char *name)
{
    if (!name || !*name)
        return "";
    const char *plus = strchr(name, '+');
    if (find_voice(s, name, plus ? (size_t)(plus - name) : strlen(name)))
        return !plus || variant_name(plus + 1) ? name : NULL;
    for (size_t i = 0; i < NALIASES; i++)
        if (!strcmp(name, aliases[i].openai))
            return find_voice(s, aliases[i].ravi, strlen(aliases[i].ravi)) ? aliases[i].ravi : "";
    return NULL;
}

json_t *voices_json(const server *s)
{
    json_t *list = json_array(), *alias = json_object();
    for (size_t i = 0; i < s->nvoices; i++) {
        const voice_info *v = &s->voices[i];
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:[s],s:b}", "id", v->name, "name", v->name,
                                              "gender", v->gender, "description", v->description,
                                              "languages", "fa", "ravi", v->is_ravi));
    }
    for (size_t i = 0; i < NALIASES; i++)
        json_object_set_new(alias, aliases[i].openai, json_string(voices_resolve(s, aliases[i].openai)));
    return json_pack("{s:o,s:o}", "voices", list, "aliases", alias);
}

static json_t *attribution(void)
{
    return json_pack("{s:s,s:s}", "name", attribution_name, "url", attribution_url);
}

json_t *voices_wyoming_info(const server *s)
{
    json_t *list = json_array();
    for (size_t i = 0; i < s->nvoices; i++) {
        const voice_info *v = &s->voices[i];
        json_array_append_new(list, json_pack("{s:s,s:s,s:o,s:b,s:s,s:[s],s:n}", "name", v->name,
                                              "description", v->description, "attribution", attribution(),
                                              "installed", 1, "version", ravi_version(), "languages", "fa",
                                              "speakers"));
    }
    json_t *tts = json_pack("{s:s,s:s,s:o,s:b,s:s,s:o,s:b}", "name", "ravi", "description",
                            "Ravi (راوی), a Persian news narrator", "attribution", attribution(),
                            "installed", 1, "version", ravi_version(), "voices", list,
                            "supports_synthesize_streaming", 1);
    return json_pack("{s:[o],s:[],s:[],s:[],s:[]}", "tts", tts, "asr", "wake", "handle", "intent");
}
