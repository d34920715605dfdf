#include "synth.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The library's callback has no context argument of its own: it comes through user_data. */
typedef struct synth_call {
    const synth_callbacks *cb;
    int sample_rate;
    uint64_t samples; /* delivered so far in this call */
    int stopped;
} synth_call;

static int synth_sample_rate; /* 0 when closed: eSpeak's state is global, so is this */

static int on_synth(short *wav, int numsamples, espeak_EVENT *events)
{
    synth_call *call = events ? events->user_data : NULL;
    if (!call || !call->cb)
        return 0;
    for (espeak_EVENT *e = events; e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type == espeakEVENT_WORD && call->cb->word) {
            uint64_t sample = (uint64_t)e->audio_position * (uint64_t)call->sample_rate / 1000;
            call->cb->word(call->cb->ctx, (size_t)e->text_position, sample);
        }
    }
    if (wav && numsamples > 0 && call->cb->audio) {
        if (call->cb->audio(call->cb->ctx, wav, (size_t)numsamples)) {
            call->stopped = 1;
            return 1;
        }
        call->samples += (uint64_t)numsamples;
    }
    return 0;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

int synth_open(const ravi_options *opt)
{
    if (synth_sample_rate)
        return synth_sample_rate;
    /* eSpeak's audio library probes PulseAudio even when we take the samples ourselves, and
     * libpulse prints its own failures: our message below is the one that matters */
    int muted = stderr_mute();
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    stderr_unmute(muted);
    if (rate <= 0) {
        ravi_error("cannot initialise eSpeak NG (is espeak-ng-data installed?)");
        return -1;
    }
    espeak_SetSynthCallback(on_synth);
    if (espeak_SetVoiceByName(opt->voice) != EE_OK) {
        ravi_error("--voice: unknown voice '%s' (see 'ravi voices')", opt->voice);
        espeak_Terminate();
        return -2;
    }
    espeak_SetParameter(espeakRATE, clamp(opt->rate, 80, 450), 0);
    espeak_SetParameter(espeakPITCH, clamp(opt->pitch, 0, 100), 0);
    espeak_SetParameter(espeakVOLUME, clamp(opt->volume, 0, 200), 0);
    synth_sample_rate = rate;
    return rate;
}

void synth_close(void)
{
    if (!synth_sample_rate)
        return;
    espeak_SetPhonemeTrace(0, NULL);
    espeak_Terminate();
    synth_sample_rate = 0;
}

const char *synth_data_dir(void)
{
    const char *path = NULL;
    if (!synth_sample_rate)
        espeak_ng_InitializePath(NULL); /* only sets the library's data path; no synthesis state */
    espeak_Info(&path);
    return path ? path : "";
}

static int synth_run(const char *text, synth_call *call)
{
    espeak_ERROR err = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                    espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE, NULL, call);
    if (err != EE_OK && !call->stopped) {
        ravi_error("eSpeak NG failed to synthesize a sentence (error %d)", (int)err);
        return -1;
    }
    return call->stopped;
}

int synth_speak(const char *text, const synth_callbacks *cb)
{
    synth_call call = {cb, synth_sample_rate, 0, 0};
    return synth_run(text, &call);
}

/* Joins eSpeak's trace (one line per clause) into one line of words. */
static int append_trace(strbuf *out, const char *trace, size_t n)
{
    int need_space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = trace[i];
        if (c == '\n' || c == ' ' || c == '\r') {
            need_space = out->len > 0;
            continue;
        }
        if (need_space && out->len && sb_putc(out, ' '))
            return -1;
        need_space = 0;
        if (sb_putc(out, c))
            return -1;
    }
    return 0;
}

int synth_phonemes(const char *text, int ipa, strbuf *out)
{
    char *trace = NULL;
    size_t tracelen = 0;
    FILE *mem = open_memstream(&trace, &tracelen);
    if (!mem) {
        ravi_error("out of memory");
        return -1;
    }
    espeak_SetPhonemeTrace(ipa ? espeakPHONEMES_IPA : espeakPHONEMES_SHOW, mem);
    synth_callbacks none = {NULL, NULL, NULL};
    synth_call call = {&none, synth_sample_rate, 0, 0};
    int rc = synth_run(text, &call);
    espeak_SetPhonemeTrace(0, NULL);
    fclose(mem);
    if (rc == 0 && append_trace(out, trace ? trace : "", tracelen))
        rc = -1;
    free(trace);
    return rc;
}
