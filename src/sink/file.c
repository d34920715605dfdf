/* Audio files through libsndfile, written beside the target and renamed into place at the end;
 * and the choice, by what the output path names, between that and a stream (outpath.h). */
#include "sink.h"
#include "tags.h"
#include "../outpath.h"
#include "../util.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Frames gathered before they go to libsndfile: eSpeak hands over a few thousand at a time, and
 * libsndfile passes each PCM call straight to write(2); 64 KB writes cost a tenth of the system
 * time of those small ones. */
#define FILE_BUFFER_FRAMES 32768

typedef struct file_sink {
    sink base;
    SNDFILE *sf;
    char *path, *target, *tmp; /* the name given, the file renamed onto, the one being written */
    audio_format format;
    audio_tags *tags;          /* written into tmp before the rename, or NULL */
    sink_file_check check;     /* looks at the finished file before it goes into place, or NULL */
    void *check_ctx;
    size_t buffered;
    short buffer[FILE_BUFFER_FRAMES];
} file_sink;

/* Called once the temporary file is renamed into place or removed. */
static void file_free(file_sink *fs)
{
    outpath_temp_done(fs->tmp);
    audio_tags_free(fs->tags);
    free(fs->path);
    free(fs->target);
    free(fs->tmp);
    free(fs);
}

static int file_put(file_sink *fs, const short *pcm, size_t n)
{
    if (sf_writef_short(fs->sf, pcm, (sf_count_t)n) != (sf_count_t)n)
        return diag_fail(fs->base.diag, RAVI_E_IO, "%s: write failed: %s", fs->path, sf_strerror(fs->sf));
    return 0;
}

static int file_flush(file_sink *fs)
{
    size_t n = fs->buffered;
    fs->buffered = 0;
    return n ? file_put(fs, fs->buffer, n) : 0;
}

static int file_write(sink *s, const short *pcm, size_t n)
{
    file_sink *fs = (file_sink *)s;
    if (fs->buffered + n > FILE_BUFFER_FRAMES && file_flush(fs))
        return -1;
    if (n >= FILE_BUFFER_FRAMES)
        return file_put(fs, pcm, n);
    memcpy(fs->buffer + fs->buffered, pcm, n * sizeof *pcm);
    fs->buffered += n;
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

/* The finished file gets its tags before it is renamed into place. */
static int file_tag(file_sink *fs)
{
    char why[256];
    if (!fs->tags || audio_tags_write(fs->tmp, (int)fs->format, fs->tags, why, sizeof why) >= 0)
        return 0;
    return diag_fail(fs->base.diag, RAVI_E_IO, "%s: %s", fs->path, why);
}

static int file_finish(sink *s)
{
    file_sink *fs = (file_sink *)s;
    if (file_flush(fs)) {
        file_abort(s);
        return -1;
    }
    sf_write_sync(fs->sf);
    int muted = stderr_mute();
    int err = sf_close(fs->sf);
    stderr_unmute(muted);
    fs->sf = NULL;
    if (err) {
        diag_fail(fs->base.diag, RAVI_E_IO, "%s: write failed: %s", fs->path, sf_error_number(err));
        unlink(fs->tmp);
        file_free(fs);
        return -1;
    }
    int verdict = fs->check ? fs->check(fs->check_ctx, fs->tmp, fs->base.diag) : 0;
    if (verdict || file_tag(fs)) { /* not to be kept: an error, or to be written again */
        unlink(fs->tmp);
        file_free(fs);
        return verdict > 0 ? 1 : -1;
    }
    if (rename(fs->tmp, fs->target)) {
        diag_fail(fs->base.diag, RAVI_E_IO, "%s: cannot rename the finished file into place: %s",
                  fs->path, strerror(errno));
        unlink(fs->tmp);
        file_free(fs);
        return -1;
    }
    file_free(fs);
    return 0;
}

static int file_set_tags(sink *s, const audio_tags *tags)
{
    file_sink *fs = (file_sink *)s;
    audio_tags *copy = tags ? audio_tags_copy(tags) : NULL;
    if (tags && !copy)
        return diag_nomem(s->diag);
    audio_tags_free(fs->tags);
    fs->tags = copy;
    return 0;
}

static const sink_ops file_ops = {file_write, file_finish, file_abort, file_set_tags};

void sink_file_set_check(sink *s, sink_file_check check, void *ctx)
{
    if (s->ops != &file_ops)
        return;
    file_sink *fs = (file_sink *)s;
    fs->check = check;
    fs->check_ctx = ctx;
}

/* A regular file or a new name: the temporary file beside the resolved target. */
static sink *file_open(const char *path, outpath *where, audio_format format, int rate, diag *d)
{
    file_sink *fs = calloc(1, sizeof *fs);
    if (!fs || !(fs->path = xstrndup(path, strlen(path)))) {
        diag_nomem(d);
        if (fs)
            file_free(fs);
        return NULL;
    }
    fs->base.diag = d;
    fs->format = format;
    int fd = outpath_create_temp(where, &fs->tmp, d);
    if (fd < 0) {
        file_free(fs);
        return NULL;
    }
    fs->target = where->target;
    where->target = NULL;
    fs->sf = audio_format_open_fd(fd, format, rate, SF_TRUE);
    if (!fs->sf) {
        diag_fail(d, RAVI_E_IO, "%s: cannot write this format: %s", path, sf_strerror(NULL));
        close(fd);
        unlink(fs->tmp);
        file_free(fs);
        return NULL;
    }
    fs->base.ops = &file_ops;
    return &fs->base;
}

sink *sink_outpath_open(outpath *where, audio_format format, int rate, diag *d)
{
    if (where->kind == OUTPATH_STDOUT)
        return sink_stdout_open(format, rate, d);
    if (where->kind == OUTPATH_STREAM) {
        int fd = outpath_open_stream(where, d);
        return fd < 0 ? NULL : sink_stream_open(fd, where->name, 1, format, rate, d);
    }
    return file_open(where->name, where, format, rate, d);
}

sink *sink_path_open(const char *path, audio_format format, int rate, diag *d)
{
    outpath where;
    if (outpath_resolve(path, &where, d))
        return NULL;
    sink *s = sink_outpath_open(&where, format, rate, d);
    outpath_free(&where);
    return s;
}
