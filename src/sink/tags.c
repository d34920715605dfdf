/* Copies of tags (tags.h); the writing is TagLib's, in taglib.cpp. */
#include "tags.h"

#include <stdlib.h>
#include <string.h>

static size_t size_of(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* Copies s to *p and moves *p past it. */
static const char *place(char **p, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *at = memcpy(*p, s, n);
    *p += n;
    return at;
}

audio_tags *audio_tags_copy(const audio_tags *t)
{
    size_t bytes = sizeof(audio_tags) + size_of(t->title) + size_of(t->artist) +
                   size_of(t->album) + size_of(t->date) + size_of(t->language) +
                   size_of(t->comment);
    audio_tags *copy = malloc(bytes);
    if (!copy)
        return NULL;
    char *p = (char *)(copy + 1);
    copy->title = place(&p, t->title);
    copy->artist = place(&p, t->artist);
    copy->album = place(&p, t->album);
    copy->date = place(&p, t->date);
    copy->language = place(&p, t->language);
    copy->comment = place(&p, t->comment);
    return copy;
}

void audio_tags_free(audio_tags *tags)
{
    free(tags);
}

/* Whether s[0..n) has the shape (d: a digit, anything else itself). */
static int has_shape(const char *s, const char *shape, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!s[i])
            return 0;
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
            return 0;
    }
    return 1;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int audio_tags_date(const char *iso, int keep_time, char out[20])
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t n = 0;
    if (has_shape(iso, shape, 10) && number(iso + 5, 2) >= 1 && number(iso + 5, 2) <= 12 &&
        number(iso + 8, 2) >= 1 && number(iso + 8, 2) <= 31)
        n = 10;
    else if (has_shape(iso, shape, 7) && number(iso + 5, 2) >= 1 && number(iso + 5, 2) <= 12)
        n = 7;
    else if (has_shape(iso, shape, 4))
        n = 4;
    else
        return -1;
    if (n == 10 && keep_time && (iso[10] == 'T' || iso[10] == ' ') && has_shape(iso + 11, "dd:dd", 5) &&
        number(iso + 11, 2) <= 23 && number(iso + 14, 2) <= 59) {
        n = has_shape(iso + 16, ":dd", 3) && number(iso + 17, 2) <= 60 ? 19 : 16;
        memcpy(out, iso, n);
        out[10] = 'T';
    } else {
        memcpy(out, iso, n);
    }
    out[n] = '\0';
    return 0;
}
