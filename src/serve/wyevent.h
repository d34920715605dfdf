/* wyevent: Wyoming's framing (github.com/OHF-Voice/wyoming, README "Format"): an event is a
 * JSON object on one line ({"type": ..., "data": {...}, "data_length": N, "payload_length": M}),
 * then data_length bytes of a JSON object merged over "data", then payload_length bytes of
 * payload (audio). Parsed with jansson. */
#ifndef RAVI_SERVE_WYEVENT_H
#define RAVI_SERVE_WYEVENT_H

#include <stddef.h>

#define WY_LINE_MAX (64 * 1024)   /* the longest header line taken */
#define WY_TYPE_MAX 64

struct json_t;

typedef struct wy_event {
    char type[WY_TYPE_MAX];
    struct json_t *data;          /* an object, empty when the event has none */
    size_t data_length;           /* bytes of data that follow the line */
    size_t payload_length;        /* bytes of payload after them */
} wy_event;

/* Parses a header line (without its '\n'). 0, or -1 with err saying what is wrong. */
int wy_parse_header(const char *line, size_t len, wy_event *ev, char *err, size_t errsize);
/* Merges the data block (a JSON object of data_length bytes) over ev->data. 0 or -1. */
int wy_merge_data(wy_event *ev, const char *data, size_t len, char *err, size_t errsize);
void wy_event_free(wy_event *ev);

/* A string field of the event's data (NULL when absent or not a string), and of an object in
 * it ("voice" "name"). */
const char *wy_data_string(const wy_event *ev, const char *key);
const char *wy_data_string2(const wy_event *ev, const char *key, const char *sub);

/* The bytes of an event: its header line with the data inline, then the payload (not copied
 * here: the caller writes it after). data is taken (may be NULL). malloc'd; NULL when out of
 * memory. */
char *wy_format(const char *type, struct json_t *data, size_t payload_length, size_t *len);

#endif
