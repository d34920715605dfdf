/* Tags: what an audio file says about itself (title, artist, album, date, language, comment), in
 * each format's own kind of tag: ID3v2.4 frames in MP3, Vorbis comments in Ogg Vorbis, Ogg Opus
 * and FLAC, a RIFF INFO list in WAV. Written with TagLib into the finished file before it is
 * renamed into place (file.c), so a published file has its tags or is not there at all. Raw PCM
 * has no place for them, and neither has a stream (a pipe cannot be rewound to the header); a
 * WAV file past 4 GB (RF64, which TagLib cannot read) is left without them. Part of the
 * programs' helpers. */
#ifndef RAVI_TAGS_H
#define RAVI_TAGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every member may be NULL or "" (not written). UTF-8. */
typedef struct audio_tags {
    const char *title;     /* the headline */
    const char *artist;    /* the author */
    const char *album;     /* the publisher */
    const char *date;      /* ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] */
    const char *language;  /* a language code, "fa" (ID3v2's TLAN gets ISO 639-2's "fas") */
    const char *comment;
} audio_tags;

/* A copy in one allocation (free with audio_tags_free), or NULL when out of memory. */
audio_tags *audio_tags_copy(const audio_tags *tags);
void audio_tags_free(audio_tags *tags);

/* The date of a tag from an ISO 8601 date or time as pages write it ("2024-03-05",
 * "2024-03-05T10:20:00+03:30"): the calendar date, YYYY-MM-DD (or YYYY-MM, YYYY when that is
 * all it says), into out (11 bytes). `keep_time` keeps THH:MM[:SS] when given (without a zone).
 * Returns 0, or -1 when it does not start with such a date. */
int audio_tags_date(const char *iso, int keep_time, char out[20]);

/* Writes the tags into the closed file at `path`, whose contents are `format` (an audio_format:
 * the name of a temporary file says nothing). Returns 0; 1 when the format has no tags (raw
 * PCM, RF64); -1 with the reason in why[0..whylen) when they could not be written. */
int audio_tags_write(const char *path, int format, const audio_tags *tags, char *why, size_t whylen);

#ifdef __cplusplus
}
#endif

#endif
