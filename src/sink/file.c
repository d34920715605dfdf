/* Audio files through libsndfile, written beside the target and renamed into place at the end. */
#include "sink.h"
#include "../util.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct file_sink {
    sink base;
    SNDFILE *sf;
    char *path, *tmp;
} file_sink;

static int sndfile_major(audio_format f, int *sub)
{
    switch (f) {
    case FORMAT_WAV: *sub = SF_FORMAT_PCM_16; return SF_FORMAT_WAV;
    case FORMAT_FLAC: *sub = SF_FORMAT_PCM_16; return SF_FORMAT_FLAC;
    case FORMAT_OGG: *sub = SF_FORMAT_VORBIS; return SF_FORMAT_OGG;
    case FORMAT_MP3: *sub = SF_FORMAT_MPEG_LAYER_III; return SF_FORMAT_MPEG;
    case FORMAT_RAW: *sub = SF_FORMAT_PCM_16; return SF_FORMAT_RAW;
    default: return 0;
    }
}

static void file_free(file_sink *fs)
{
    free(fs->path);
    free(fs->tmp);
    free(fs);
}

static int file_write(sink *s, const short *pcm, size_t n)
{
    file_sink *fs = (file_sink *)s;
    if (sf_writef_short(fs->sf, pcm, (sf_count_t)n) != (sf_count_t)n) {
        ravi_error("%s: write failed: %s", fs->path, sf_strerror(fs->sf));
        return -1;
    }
    return 0;
}

static void file_abort(sink *s)
{
    file_sink *fs = (file_sink *)s;
    int muted = stderr_mute(); /* closing a file that failed to write makes libsndfile complain */
    sf_close(fs->sf);
    stderr_unmute(muted);
    unlink(fs->tmp);
    file_free(fs);
}

static int file_finish(sink *s)
{
    file_sink *fs = (file_sink *)s;
    sf_write_sync(fs->sf);
    int muted = stderr_mute();
    int err = sf_close(fs->sf);
    stderr_unmute(muted);
    fs->sf = NULL;
    if (err) {
        ravi_error("%s: write failed: %s", fs->path, sf_error_number(err));
        unlink(fs->tmp);
        file_free(fs);
        return -1;
    }
    if (rename(fs->tmp, fs->path)) {
        ravi_error("%s: cannot rename the finished file into place: %s", fs->path, strerror(errno));
        unlink(fs->tmp);
        file_free(fs);
        return -1;
    }
    file_free(fs);
    return 0;
}

static const sink_ops file_ops = {file_write, file_finish, file_abort};

/* dir/.name.XXXXXX beside the target, so the final rename stays on one file system */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dirlen + strlen(base) + 16;
    char *tmp = malloc(n);
    if (tmp)
        snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    return tmp;
}

sink *sink_file_open(const char *path, audio_format format, int rate)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        ravi_error("%s: is a directory, not an audio file name", path);
        return NULL;
    }
    file_sink *fs = calloc(1, sizeof *fs);
    if (!fs || !(fs->path = xstrndup(path, strlen(path))) || !(fs->tmp = temp_name_for(path))) {
        ravi_error("out of memory");
        if (fs)
            file_free(fs);
        return NULL;
    }
    int fd = mkstemp(fs->tmp);
    if (fd < 0) {
        ravi_error("%s: cannot write here: %s", path, strerror(errno));
        file_free(fs);
        return NULL;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);

    SF_INFO info = {0};
    int sub = 0;
    info.format = sndfile_major(format, &sub) | sub;
    info.samplerate = rate;
    info.channels = 1;
    fs->sf = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!fs->sf) {
        ravi_error("%s: cannot write this format: %s", path, sf_strerror(NULL));
        close(fd);
        unlink(fs->tmp);
        file_free(fs);
        return NULL;
    }
    fs->base.ops = &file_ops;
    return &fs->base;
}
