/* encode: the server's audio formats, encoded as the samples come and handed out as bytes, for a
 * response that streams. FFmpeg's libraries do it (libavcodec: LAME for MP3, libopus, its own
 * AAC and FLAC; libavformat's muxers for MP3, Ogg, ADTS, FLAC and WAV; libswresample for the
 * rates): libsndfile, which `ravi say` writes files with, needs a file it can seek in (its MP3
 * writer does not open on a stream, its FLAC writer rewrites its header) and has no AAC.
 * Output is bit-exact (no encoder version strings), so the same samples give the same bytes. */
#ifndef RAVI_SERVE_ENCODE_H
#define RAVI_SERVE_ENCODE_H

#include <stddef.h>
#include <stdint.h>

typedef enum speech_format {
    SPEECH_NONE = 0,
    SPEECH_MP3,  /* MPEG-1/2 layer III, 64 kbit/s, at the voice's rate */
    SPEECH_OPUS, /* Ogg Opus, 48 kHz */
    SPEECH_AAC,  /* AAC-LC in ADTS, 64 kbit/s */
    SPEECH_FLAC,
    SPEECH_WAV,  /* 16-bit PCM WAV; streamed, so its sizes say "unknown" (0xFFFFFFFF) */
    SPEECH_PCM,  /* bare 16-bit little-endian PCM at 24 kHz, as OpenAI's "pcm" is */
    SPEECH_RAW,  /* bare 16-bit little-endian PCM at the voice's rate: Wyoming, the listen page */
} speech_format;

/* The format named by OpenAI's response_format values ("mp3", "opus", "aac", "flac", "wav",
 * "pcm"), or SPEECH_NONE. */
speech_format speech_format_from_name(const char *name);
const char *speech_format_name(speech_format f);
/* The Content-Type of a response in this format. */
const char *speech_format_mime(speech_format f);

/* Where the encoded bytes go; non-zero stops the encoder (the write fails). */
typedef int (*encode_write_fn)(void *ctx, const void *data, size_t n);

typedef struct encoder encoder;

/* An encoder for `format` (not SPEECH_RAW) of mono 16-bit samples at `rate`. NULL after writing
 * why into err. */
encoder *encoder_open(speech_format format, int rate, encode_write_fn write, void *ctx, char *err,
                      size_t errsize);
/* Encodes n samples; what is ready goes to the write function before this returns. 0, or -1
 * after writing why into the encoder's message (encoder_error). */
int encoder_write(encoder *e, const int16_t *pcm, size_t n);
/* Encodes what is held back, writes the container's end. 0 or -1. The encoder stays to be freed. */
int encoder_finish(encoder *e);
const char *encoder_error(const encoder *e);
void encoder_free(encoder *e);

#endif
