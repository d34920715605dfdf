#include "sink.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    audio_format format;
} formats[] = {
    {"wav", FORMAT_WAV}, {"wave", FORMAT_WAV}, {"flac", FORMAT_FLAC}, {"ogg", FORMAT_OGG},
    {"oga", FORMAT_OGG}, {"mp3", FORMAT_MP3}, {"raw", FORMAT_RAW},   {"pcm", FORMAT_RAW},
};

audio_format audio_format_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcasecmp(name, formats[i].name))
            return formats[i].format;
    return FORMAT_UNKNOWN;
}

audio_format audio_format_from_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? audio_format_from_name(dot + 1) : FORMAT_UNKNOWN;
}

int sink_write(sink *s, const short *pcm, size_t n)
{
    return s->ops->write(s, pcm, n);
}

int sink_silence(sink *s, size_t n)
{
    static const short zeros[1024];
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        if (sink_write(s, zeros, k))
            return -1;
        n -= k;
    }
    return 0;
}
