#include "encode.h"
#include "../util.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define IO_BUFFER 4096

typedef struct format_spec {
    speech_format format;
    const char *name;     /* OpenAI's response_format */
    const char *muxer;    /* libavformat's */
    const char *codec;    /* libavcodec's encoder */
    int rate;             /* 0: the voice's */
    int64_t bit_rate;     /* 0: the codec's own (lossless) */
    const char *mime;
    /* the encoder's options: a speed that keeps encoding a small part of a request's work
     * (eSpeak NG makes five minutes of speech in about half a second; LAME's default quality,
     * libopus's complexity 10 and FFmpeg's AAC search took 6 to 20 times that) */
    const char *options;
} format_spec;

static const format_spec specs[] = {
    {SPEECH_MP3, "mp3", "mp3", "libmp3lame", 0, 64000, "audio/mpeg", "compression_level=7"},
    {SPEECH_OPUS, "opus", "ogg", "libopus", 48000, 48000, "audio/ogg; codecs=opus",
     "compression_level=5,vbr=constrained"}, /* unconstrained below 7, it overshot 48 kbit/s by 75 % */
    {SPEECH_AAC, "aac", "adts", "aac", 0, 64000, "audio/aac", "aac_coder=fast"},
    {SPEECH_FLAC, "flac", "flac", "flac", 0, 0, "audio/flac", "compression_level=5"},
    {SPEECH_WAV, "wav", "wav", "pcm_s16le", 0, 0, "audio/wav", ""},
    {SPEECH_PCM, "pcm", "s16le", "pcm_s16le", 24000, 0, "audio/pcm; rate=24000; channels=1", ""},
    {SPEECH_RAW, "raw", NULL, NULL, 0, 0, "audio/pcm", ""},
};

static const format_spec *spec_of(speech_format f)
{
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++)
        if (specs[i].format == f)
            return &specs[i];
    return NULL;
}

speech_format speech_format_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++)
        if (specs[i].muxer && !strcasecmp(specs[i].name, name))
            return specs[i].format;
    return SPEECH_NONE;
}

const char *speech_format_name(speech_format f)
{
    const format_spec *s = spec_of(f);
    return s ? s->name : "none";
}

const char *speech_format_mime(speech_format f)
{
    const format_spec *s = spec_of(f);
    return s ? s->mime : "application/octet-stream";
}

struct encoder {
    const format_spec *spec;
    AVFormatContext *fmt;
    AVCodecContext *codec;
    SwrContext *swr;
    AVAudioFifo *fifo;
    AVFrame *frame;
    AVPacket *pkt;
    int frame_size;      /* samples per frame the codec takes; 0: any */
    int64_t pts;
    uint8_t *converted;  /* swr's output for one call */
    int converted_cap;   /* in samples */
    encode_write_fn write;
    void *ctx;
    char error[256];
};

static int fail(encoder *e, const char *fmt, ...) RAVI_PRINTF(2, 3);

static int fail(encoder *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->error, sizeof e->error, fmt, ap);
    va_end(ap);
    return -1;
}

static int fail_av(encoder *e, const char *what, int averr)
{
    char buf[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(averr, buf, sizeof buf);
    return fail(e, "%s %s: %s", e->spec->name, what, buf);
}

#if LIBAVFORMAT_VERSION_MAJOR >= 61
static int io_write(void *opaque, const uint8_t *buf, int size)
#else
static int io_write(void *opaque, uint8_t *buf, int size)
#endif
{
    encoder *e = opaque;
    return e->write(e->ctx, buf, (size_t)size) ? AVERROR(EPIPE) : size;
}

/* The codec's sample format: 16-bit when it takes it, else its first. */
static enum AVSampleFormat pick_sample_format(const AVCodec *c)
{
    if (!c->sample_fmts)
        return AV_SAMPLE_FMT_S16;
    for (const enum AVSampleFormat *f = c->sample_fmts; *f != AV_SAMPLE_FMT_NONE; f++)
        if (*f == AV_SAMPLE_FMT_S16 || *f == AV_SAMPLE_FMT_S16P)
            return *f;
    return c->sample_fmts[0];
}

static int open_codec(encoder *e, int rate)
{
    const AVCodec *c = avcodec_find_encoder_by_name(e->spec->codec);
    if (!c)
        return fail(e, "%s: this FFmpeg has no %s encoder", e->spec->name, e->spec->codec);
    AVCodecContext *cc = e->codec = avcodec_alloc_context3(c);
    if (!cc)
        return fail(e, "out of memory");
    cc->sample_rate = e->spec->rate ? e->spec->rate : rate;
    av_channel_layout_default(&cc->ch_layout, 1);
    cc->sample_fmt = pick_sample_format(c);
    cc->bit_rate = e->spec->bit_rate;
    cc->time_base = (AVRational){1, cc->sample_rate};
    cc->flags |= AV_CODEC_FLAG_BITEXACT;
    if (e->fmt->oformat->flags & AVFMT_GLOBALHEADER)
        cc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary *opts = NULL;
    av_dict_parse_string(&opts, e->spec->options, "=", ",", 0);
    int r = avcodec_open2(cc, c, &opts);
    av_dict_free(&opts);
    if (r < 0)
        return fail_av(e, "encoder", r);
    int variable = c->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
    e->frame_size = variable ? 0 : cc->frame_size;
    return 0;
}

static int open_muxer(encoder *e)
{
    AVStream *st = avformat_new_stream(e->fmt, NULL);
    if (!st)
        return fail(e, "out of memory");
    int r = avcodec_parameters_from_context(st->codecpar, e->codec);
    if (r < 0)
        return fail_av(e, "stream", r);
    st->time_base = e->codec->time_base;
    uint8_t *buf = av_malloc(IO_BUFFER);
    if (!buf || !(e->fmt->pb = avio_alloc_context(buf, IO_BUFFER, 1, e, NULL, io_write, NULL))) {
        av_free(buf);
        return fail(e, "out of memory");
    }
    e->fmt->pb->seekable = 0; /* a stream: nothing is rewritten at the end */
    e->fmt->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT | AVFMT_FLAG_FLUSH_PACKETS;
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "write_xing", "0", 0);      /* mp3: no header it could not fill in */
    av_dict_set(&opts, "id3v2_version", "0", 0);   /* mp3: no tag */
    av_dict_set(&opts, "page_duration", "60000", 0); /* ogg: a page per 60 ms, for streaming */
    r = avformat_write_header(e->fmt, &opts);
    av_dict_free(&opts);
    if (r < 0)
        return fail_av(e, "header", r);
    return 0;
}

static int open_resampler(encoder *e, int rate)
{
    AVChannelLayout mono;
    av_channel_layout_default(&mono, 1);
    int r = swr_alloc_set_opts2(&e->swr, &mono, e->codec->sample_fmt, e->codec->sample_rate, &mono,
                                AV_SAMPLE_FMT_S16, rate, 0, NULL);
    if (r < 0)
        return fail_av(e, "resampler", r);
    /* the rate conversion Ravi's own sinks use (libsoxr), when this FFmpeg has it */
    av_opt_set_int(e->swr, "resampler", SWR_ENGINE_SOXR, 0);
    if (swr_init(e->swr) < 0) {
        av_opt_set_int(e->swr, "resampler", SWR_ENGINE_SWR, 0);
        if ((r = swr_init(e->swr)) < 0)
            return fail_av(e, "resampler", r);
    }
    e->fifo = av_audio_fifo_alloc(e->codec->sample_fmt, 1, 4096);
    e->frame = av_frame_alloc();
    e->pkt = av_packet_alloc();
    return e->fifo && e->frame && e->pkt ? 0 : fail(e, "out of memory");
}

encoder *encoder_open(speech_format format, int rate, encode_write_fn write, void *ctx, char *err,
                      size_t errsize)
{
    av_log_set_level(AV_LOG_QUIET); /* errors come back as values and are reported once */
    encoder *e = av_mallocz(sizeof *e);
    if (!e) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    e->spec = spec_of(format);
    e->write = write;
    e->ctx = ctx;
    int r = -1;
    if (!e->spec || !e->spec->muxer)
        fail(e, "no encoder for this format");
    else if (avformat_alloc_output_context2(&e->fmt, NULL, e->spec->muxer, NULL) < 0 || !e->fmt)
        fail(e, "%s: this FFmpeg has no %s muxer", e->spec->name, e->spec->muxer);
    else
        r = open_codec(e, rate) || open_muxer(e) || open_resampler(e, rate) ? -1 : 0;
    if (r) {
        snprintf(err, errsize, "%s", e->error);
        encoder_free(e);
        return NULL;
    }
    return e;
}

/* Sends one frame (NULL: the end) through the codec and its packets into the muxer. */
static int encode(encoder *e, AVFrame *frame)
{
    int r = avcodec_send_frame(e->codec, frame);
    if (r < 0)
        return fail_av(e, "encoding", r);
    for (;;) {
        r = avcodec_receive_packet(e->codec, e->pkt);
        if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
            return 0;
        if (r < 0)
            return fail_av(e, "encoding", r);
        e->pkt->stream_index = 0;
        av_packet_rescale_ts(e->pkt, e->codec->time_base, e->fmt->streams[0]->time_base);
        r = av_write_frame(e->fmt, e->pkt);
        av_packet_unref(e->pkt);
        if (r < 0)
            return fail_av(e, "writing", r);
    }
}

/* Encodes n samples from the queue, padded with silence up to `pad_to` (the last frame of a
 * codec that takes whole frames only). */
static int encode_queued(encoder *e, int n, int pad_to)
{
    AVFrame *f = e->frame;
    av_frame_unref(f);
    f->nb_samples = pad_to > n ? pad_to : n;
    f->format = e->codec->sample_fmt;
    f->sample_rate = e->codec->sample_rate;
    av_channel_layout_default(&f->ch_layout, 1);
    int r = av_frame_get_buffer(f, 0);
    if (r < 0)
        return fail_av(e, "frame", r);
    if (f->nb_samples > n)
        av_samples_set_silence(f->data, n, f->nb_samples - n, 1, e->codec->sample_fmt);
    if (av_audio_fifo_read(e->fifo, (void **)f->data, n) != n)
        return fail(e, "%s: queue underflow", e->spec->name);
    f->pts = e->pts;
    e->pts += f->nb_samples;
    return encode(e, f);
}

/* Encodes every whole frame queued (and, at the end, what is left). */
static int drain_queue(encoder *e, int at_end)
{
    for (;;) {
        int held = av_audio_fifo_size(e->fifo);
        int step = e->frame_size ? e->frame_size : held;
        if (held == 0 || (held < step && !at_end))
            return 0;
        int n = held < step ? held : step;
        int small_last = e->codec->codec->capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME;
        if (encode_queued(e, n, n < step && !small_last ? step : 0))
            return -1;
    }
}

/* Converts samples (NULL, 0: what the resampler holds) into the queue. */
static int convert(encoder *e, const int16_t *pcm, size_t n)
{
    int want = swr_get_out_samples(e->swr, (int)n);
    if (want < 0)
        return fail(e, "%s: resampler", e->spec->name);
    if (want > e->converted_cap) {
        av_freep(&e->converted);
        if (av_samples_alloc(&e->converted, NULL, 1, want, e->codec->sample_fmt, 0) < 0)
            return fail(e, "out of memory");
        e->converted_cap = want;
    }
    const uint8_t *in = (const uint8_t *)pcm;
    int got = swr_convert(e->swr, &e->converted, want, pcm ? &in : NULL, (int)n);
    if (got < 0)
        return fail(e, "%s: resampling failed", e->spec->name);
    if (got > 0 && av_audio_fifo_write(e->fifo, (void **)&e->converted, got) != got)
        return fail(e, "out of memory");
    return 0;
}

int encoder_write(encoder *e, const int16_t *pcm, size_t n)
{
    if (n == 0)
        return 0;
    if (convert(e, pcm, n) || drain_queue(e, 0))
        return -1;
    avio_flush(e->fmt->pb);
    return e->fmt->pb->error ? fail(e, "%s: the reader went away", e->spec->name) : 0;
}

int encoder_finish(encoder *e)
{
    if (convert(e, NULL, 0) || drain_queue(e, 1) || encode(e, NULL))
        return -1;
    int r = av_write_trailer(e->fmt);
    if (r < 0)
        return fail_av(e, "trailer", r);
    avio_flush(e->fmt->pb);
    return e->fmt->pb->error ? fail(e, "%s: the reader went away", e->spec->name) : 0;
}

const char *encoder_error(const encoder *e)
{
    return e->error;
}

void encoder_free(encoder *e)
{
    if (!e)
        return;
    if (e->fmt) {
        if (e->fmt->pb) {
            av_freep(&e->fmt->pb->buffer);
            avio_context_free(&e->fmt->pb);
        }
        avformat_free_context(e->fmt);
    }
    avcodec_free_context(&e->codec);
    swr_free(&e->swr);
    if (e->fifo)
        av_audio_fifo_free(e->fifo);
    av_frame_free(&e->frame);
    av_packet_free(&e->pkt);
    av_freep(&e->converted);
    av_free(e);
}
