#include "wyevent.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(char *err, size_t size, const char *what)
{
    snprintf(err, size, "%s", what);
    return -1;
}

/* A length field: absent or null (0), or a whole number that fits. */
static int length_field(json_t *obj, const char *key, size_t *out, char *err, size_t size)
{
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > (json_int_t)(1 << 30)) {
        snprintf(err, size, "%s: expected a whole number of bytes", key);
        return -1;
    }
    *out = (size_t)json_integer_value(v);
    return 0;
}

int wy_parse_header(const char *line, size_t len, wy_event *ev, char *err, size_t errsize)
{
    memset(ev, 0, sizeof *ev);
    json_error_t jerr;
    json_t *h = json_loadb(line, len, 0, &jerr);
    if (!h) {
        snprintf(err, errsize, "the event header is not JSON: column %d: %s", jerr.column, jerr.text);
        return -1;
    }
    int rc = -1;
    json_t *type = json_object_get(h, "type");
    json_t *data = json_object_get(h, "data");
    if (!json_is_object(h))
        bad(err, errsize, "the event header is not a JSON object");
    else if (!json_is_string(type) || json_string_length(type) == 0 || json_string_length(type) >= WY_TYPE_MAX)
        bad(err, errsize, "type: expected the event's type, a short string");
    else if (data && !json_is_null(data) && !json_is_object(data))
        bad(err, errsize, "data: expected an object");
    else if (!length_field(h, "data_length", &ev->data_length, err, errsize) &&
             !length_field(h, "payload_length", &ev->payload_length, err, errsize)) {
        snprintf(ev->type, sizeof ev->type, "%s", json_string_value(type));
        ev->data = json_is_object(data) ? json_incref(data) : json_object();
        rc = ev->data ? 0 : bad(err, errsize, "out of memory");
    }
    json_decref(h);
    return rc;
}

int wy_merge_data(wy_event *ev, const char *data, size_t len, char *err, size_t errsize)
{
    json_error_t jerr;
    json_t *d = json_loadb(data, len, 0, &jerr);
    if (!d) {
        snprintf(err, errsize, "the event's data is not JSON: column %d: %s", jerr.column, jerr.text);
        return -1;
    }
    int rc = json_is_object(d) ? json_object_update(ev->data, d) : bad(err, errsize, "the event's data is not a JSON object");
    json_decref(d);
    return rc ? -1 : 0;
}

void wy_event_free(wy_event *ev)
{
    json_decref(ev->data);
    ev->data = NULL;
}

const char *wy_data_string(const wy_event *ev, const char *key)
{
    json_t *v = ev->data ? json_object_get(ev->data, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *wy_data_string2(const wy_event *ev, const char *key, const char *sub)
{
    json_t *o = ev->data ? json_object_get(ev->data, key) : NULL;
    json_t *v = json_is_object(o) ? json_object_get(o, sub) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

char *wy_format(const char *type, json_t *data, size_t payload_length, size_t *len)
{
    json_t *h = json_pack("{s:s}", "type", type);
    if (h && data)
        json_object_set(h, "data", data);
    if (h && payload_length)
        json_object_set_new(h, "payload_length", json_integer((json_int_t)payload_length));
    json_decref(data);
    char *s = h ? json_dumps(h, JSON_COMPACT) : NULL;
    json_decref(h);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *line = realloc(s, n + 2);
    if (!line) {
        free(s);
        return NULL;
    }
    line[n] = '\n';
    line[n + 1] = '\0';
    *len = n + 1;
    return line;
}
