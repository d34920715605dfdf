/* Playback through PortAudio's blocking API: each write returns when the device has room, so the
 * first sentence plays while the next is being prepared, and nothing waits for the whole article. */
#include "sink.h"
#include "../util.h"

#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct play_sink {
    sink base;
    PaStream *stream;
} play_sink;

static int play_write(sink *s, const short *pcm, size_t n)
{
    play_sink *ps = (play_sink *)s;
    /* after a pause the device has run dry, and ALSA says so on stderr while PortAudio recovers */
    int q = stderr_mute();
    PaError err = Pa_WriteStream(ps->stream, pcm, (unsigned long)n);
    stderr_unmute(q);
    if (err != paNoError && err != paOutputUnderflowed)
        return diag_fail(s->diag, RAVI_E_IO, "audio device: %s", Pa_GetErrorText(err));
    return 0;
}

static void play_close(play_sink *ps, int drain)
{
    int q = stderr_mute();
    if (drain)
        Pa_StopStream(ps->stream);   /* plays what is queued */
    else
        Pa_AbortStream(ps->stream);  /* stops at once */
    Pa_CloseStream(ps->stream);
    Pa_Terminate();
    stderr_unmute(q);
    free(ps);
}

static int play_finish(sink *s)
{
    play_close((play_sink *)s, 1);
    return 0;
}

static void play_abort(sink *s)
{
    play_close((play_sink *)s, 0);
}

static const sink_ops play_ops = {play_write, play_finish, play_abort};

static const char *const no_device =
    "no audio output device found; write the audio to a file instead with -o FILE.wav";

sink *sink_play_open(int rate, diag *d)
{
    setenv("JACK_NO_START_SERVER", "1", 0);
    play_sink *ps = calloc(1, sizeof *ps);
    if (!ps) {
        diag_nomem(d);
        return NULL;
    }
    int q = stderr_mute();
    PaError err = Pa_Initialize();
    if (err != paNoError) {
        stderr_unmute(q);
        diag_fail(d, RAVI_E_IO, "%s (%s)", no_device, Pa_GetErrorText(err));
        free(ps);
        return NULL;
    }
    PaDeviceIndex dev = Pa_GetDefaultOutputDevice();
    const PaDeviceInfo *info = dev == paNoDevice ? NULL : Pa_GetDeviceInfo(dev);
    if (info) {
        PaStreamParameters out = {dev, 1, paInt16, info->defaultHighOutputLatency, NULL};
        err = Pa_OpenStream(&ps->stream, NULL, &out, rate, paFramesPerBufferUnspecified, paNoFlag,
                            NULL, NULL);
        if (err == paNoError)
            err = Pa_StartStream(ps->stream);
    }
    stderr_unmute(q);
    if (!info || err != paNoError) {
        if (info)
            diag_fail(d, RAVI_E_IO, "%s (%s)", no_device, Pa_GetErrorText(err));
        else
            diag_fail(d, RAVI_E_IO, "%s", no_device);
        if (ps->stream)
            Pa_CloseStream(ps->stream);
        Pa_Terminate();
        free(ps);
        return NULL;
    }
    ps->base.ops = &play_ops;
    ps->base.diag = d;
    return &ps->base;
}
