#include "sink.h"

#include <sndfile.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    audio_format format;
} formats[] = {
    {"wav", FORMAT_WAV}, {"wave", FORMAT_WAV}, {"flac", FORMAT_FLAC}, {"ogg", FORMAT_OGG},
    {"oga", FORMAT_OGG}, {"mp3", FORMAT_MP3}, {"opus", FORMAT_OPUS}, {"raw", FORMAT_RAW},
    {"pcm", FORMAT_RAW},
};

int audio_format_rate(audio_format format, int rate)
{
    return format == FORMAT_OPUS ? 48000 : rate; /* Opus codes 8, 12, 16, 24 or 48 kHz only */
}

/* libsndfile's format code (major | subtype) for an audio format. */
static int audio_format_sndfile(audio_format format)
{
    switch (format) {
    /* RF64 that becomes plain WAV on closing when it fits (audio_format_open_fd) */
    case FORMAT_WAV: return SF_FORMAT_RF64 | SF_FORMAT_PCM_16;
    case FORMAT_FLAC: return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    case FORMAT_OGG: return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case FORMAT_OPUS: return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    case FORMAT_MP3: return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    case FORMAT_RAW: return SF_FORMAT_RAW | SF_FORMAT_PCM_16;
    default: return 0;
    }
}

SNDFILE *audio_format_open_fd(int fd, audio_format format, int rate, int close_fd)
{
    SF_INFO info = {0};
    info.format = audio_format_sndfile(format);
    info.samplerate = rate;
    info.channels = 1;
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, close_fd);
    if (sf && format == FORMAT_WAV)
        sf_command(sf, SFC_RF64_AUTO_DOWNGRADE, NULL, SF_TRUE);
    return sf;
}

const char *audio_format_name(audio_format format)
{
    switch (format) {
    case FORMAT_WAV: return "WAV";
    case FORMAT_FLAC: return "FLAC";
    case FORMAT_OGG: return "Ogg Vorbis";
    case FORMAT_OPUS: return "Ogg Opus";
    case FORMAT_MP3: return "MP3";
    case FORMAT_RAW: return "raw PCM";
    default: return "unknown";
    }
}

const char *audio_format_extension(audio_format format)
{
    /* the first name of each format in the table is its usual extension */
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (formats[i].format == format)
            return formats[i].name;
    return NULL;
}

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
