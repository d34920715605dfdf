#include "synth.h"
#include "voices.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
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
static char voice_overlay[PATH_MAX]; /* the private data directory for Ravi's voices, or "" */

static int on_synth(short *wav, int numsamples, espeak_EVENT *events)
{
    synth_call *call = events ? events->user_data : NULL;
    if (!call || !call->cb)
        return 0;
    for (espeak_EVENT *e = events; e->type != espeakEVENT_LIST_TERMINATED; e++) {
        /* eSpeak NG 1.51 also reports empty words (length 0) at clause ends, and in SSML at
         * closing markup (position 0, or past the text): nothing is said there */
        if (e->type == espeakEVENT_WORD && e->length > 0 && call->cb->word) {
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

/* Starts eSpeak NG on its own data, or for one of Ravi's voices on a private data directory that
 * adds them (see voices.h). Returns the sample rate, or -1 after a message. */
static int start_espeak(const ravi_options *opt, int ravi_voice)
{
    const char *path = NULL;
    if (ravi_voice) {
        const char *system_data = NULL;
        espeak_ng_InitializePath(NULL);
        espeak_Info(&system_data);
        char system_copy[PATH_MAX];
        snprintf(system_copy, sizeof system_copy, "%s", system_data ? system_data : "");
        if (voice_overlay_create(system_copy, opt->data_dir, voice_overlay, sizeof voice_overlay))
            return -1;
        path = voice_overlay;
    }
    /* eSpeak's audio library probes PulseAudio even when we take the samples ourselves, and
     * libpulse prints its own failures: our message below is the one that matters */
    int muted = stderr_mute();
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, path, espeakINITIALIZE_DONT_EXIT);
    stderr_unmute(muted);
    if (rate <= 0) {
        ravi_error("cannot initialise eSpeak NG (is espeak-ng-data installed?)");
        return -1;
    }
    return rate;
}

static void remove_overlay(void)
{
    if (voice_overlay[0]) {
        voice_overlay_remove(voice_overlay);
        voice_overlay[0] = '\0';
    }
}

/* The variant part of "voice+variant", or the whole name. */
static const char *variant_of(const char *voice)
{
    const char *plus = strchr(voice, '+');
    return plus ? plus + 1 : voice;
}

/* eSpeak accepts "voice+variant" with a variant that does not exist (and keeps the voice):
 * that is a typo the user should hear about. Numbered variants (fa+3) are eSpeak's own. */
static int variant_exists(const ravi_options *opt)
{
    const char *plus = strchr(opt->voice, '+'), *v = plus ? plus + 1 : NULL;
    if (!v || (*v >= '0' && *v <= '9') || ravi_voice_exists(opt->data_dir, v))
        return 1;
    const char *data = NULL;
    espeak_Info(&data);
    char path[PATH_MAX];
    struct stat st;
    return !strchr(v, '/') && data &&
           snprintf(path, sizeof path, "%s/voices/!v/%s", data, v) < (int)sizeof path &&
           stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* eSpeak loads a voice named by its file's path under lang/ ("ira/fa") at once; a bare language
 * name ("fa") makes it read every voice file it has (some 350 on Debian) to choose one, several
 * milliseconds of every start. Writes the voice with its language file's path into out when
 * there is exactly such a file (the first in name order), else the voice as given. */
static void voice_by_path(const char *voice, char *out, size_t n)
{
    snprintf(out, n, "%s", voice);
    const char *data = NULL;
    espeak_Info(&data);
    size_t lang_len = strcspn(voice, "+");
    if (!data || lang_len == 0 || lang_len >= NAME_MAX || memchr(voice, '/', lang_len))
        return;
    char lang_dir[PATH_MAX], path[PATH_MAX], best[NAME_MAX + 1] = "";
    if (snprintf(lang_dir, sizeof lang_dir, "%s/lang", data) >= (int)sizeof lang_dir)
        return;
    DIR *dir = opendir(lang_dir);
    if (!dir)
        return;
    struct dirent *e;
    struct stat st;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.' || (best[0] && strcmp(e->d_name, best) >= 0))
            continue;
        if (snprintf(path, sizeof path, "%s/%s/%.*s", lang_dir, e->d_name, (int)lang_len, voice) <
                (int)sizeof path &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode))
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(dir);
    if (best[0])
        snprintf(out, n, "%s/%s", best, voice);
}

/* The languages of a voice: pairs of a priority byte and a NUL-terminated name, then a 0. */
static int speaks(const espeak_VOICE *v, const char *lang)
{
    for (const char *p = v->languages; p && *p; p += strlen(p + 1) + 2)
        if (!strcmp(p + 1, lang) || (!strncmp(p + 1, lang, strlen(lang)) && p[1 + strlen(lang)] == '-'))
            return 1;
    return 0;
}

int synth_open(const ravi_options *opt)
{
    if (synth_sample_rate)
        return synth_sample_rate;
    int ravi_voice = ravi_voice_exists(opt->data_dir, variant_of(opt->voice));
    int rate = start_espeak(opt, ravi_voice);
    if (rate < 0) {
        remove_overlay();
        return -1;
    }
    espeak_SetSynthCallback(on_synth);
    char name[128], path_name[NAME_MAX + 128];
    /* Ravi's variants alone are Persian variants: eSpeak names them language+variant */
    snprintf(name, sizeof name, ravi_voice && !strchr(opt->voice, '+') ? "fa+%s" : "%s", opt->voice);
    voice_by_path(name, path_name, sizeof path_name);
    if (!variant_exists(opt) || espeak_SetVoiceByName(path_name) != EE_OK) {
        ravi_error("--voice: unknown voice '%s' (see 'ravi voices')", opt->voice);
        espeak_Terminate();
        remove_overlay();
        return -2;
    }
    /* Ravi reads Persian; eSpeak NG 1.51's other voices misread memory on text Ravi hands them
     * (issue 20, src/guard/rules.c: valgrind flags most of them on the guard's test text) */
    const espeak_VOICE *chosen = espeak_GetCurrentVoice();
    if (!ravi_voice && !(chosen && speaks(chosen, "fa"))) {
        ravi_error("--voice: '%s' does not speak Persian; Ravi reads Persian (see 'ravi voices')", opt->voice);
        espeak_Terminate();
        remove_overlay();
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
    remove_overlay();
}

const char *synth_data_dir(void)
{
    const char *path = NULL;
    if (!synth_sample_rate)
        espeak_ng_InitializePath(NULL); /* only sets the library's data path; no synthesis state */
    espeak_Info(&path);
    return path ? path : "";
}

int synth_list_voices(const char *lang, void (*fn)(void *ctx, const char *name, const char *gender,
                                                   const char *about), void *ctx)
{
    int was_open = synth_sample_rate != 0;
    if (!was_open) {
        int muted = stderr_mute();
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
        stderr_unmute(muted);
        if (rate <= 0) {
            ravi_error("cannot initialise eSpeak NG (is espeak-ng-data installed?)");
            return -1;
        }
    }
    const espeak_VOICE **voices = espeak_ListVoices(NULL);
    int count = 0;
    for (size_t i = 0; voices && voices[i]; i++) {
        const espeak_VOICE *v = voices[i];
        if (!speaks(v, lang))
            continue;
        const char *gender = v->gender == 1 ? "male" : v->gender == 2 ? "female" : "-";
        char about[128];
        snprintf(about, sizeof about, "eSpeak NG: %s", v->name ? v->name : "");
        fn(ctx, v->identifier ? strrchr(v->identifier, '/') ? strrchr(v->identifier, '/') + 1 : v->identifier : "",
           gender, about);
        count++;
    }
    if (!was_open)
        espeak_Terminate();
    return count;
}

static int synth_run(const char *text, int ssml, synth_call *call)
{
    unsigned flags = espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE | (ssml ? espeakSSML : 0);
    /* eSpeak NG 1.51 reads on past the end of a text that ends in exactly two dots ("..": an
     * overflow found by fuzz_speak with an AddressSanitizer build, see guard/rules.c, rule 5):
     * every text ends in a space, which it reads as the end it is */
    size_t len = strlen(text);
    char *ended = malloc(len + 2);
    if (!ended) {
        ravi_error("out of memory");
        return -1;
    }
    memcpy(ended, text, len);
    memcpy(ended + len, " ", 2);
    espeak_ERROR err = espeak_Synth(ended, len + 2, 0, POS_CHARACTER, 0, flags, NULL, call);
    free(ended);
    if (err != EE_OK && !call->stopped) {
        ravi_error("eSpeak NG failed to synthesize a sentence (error %d)", (int)err);
        return -1;
    }
    return call->stopped;
}

int synth_speak(const char *text, const synth_callbacks *cb)
{
    synth_call call = {cb, synth_sample_rate, 0, 0};
    return synth_run(text, 0, &call);
}

int synth_speak_ssml(const char *text, const synth_callbacks *cb)
{
    synth_call call = {cb, synth_sample_rate, 0, 0};
    return synth_run(text, 1, &call);
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
    return synth_phonemes_of(text, 0, ipa, out);
}

static void count_word(void *ctx, size_t text_position, uint64_t sample)
{
    (void)text_position;
    (void)sample;
    ++*(size_t *)ctx;
}

int synth_phonemes_of(const char *text, int ssml, int ipa, strbuf *out)
{
    return synth_trace(text, ssml, ipa, out, NULL);
}

int synth_trace(const char *text, int ssml, int ipa, strbuf *out, size_t *words)
{
    char *trace = NULL;
    size_t tracelen = 0;
    FILE *mem = open_memstream(&trace, &tracelen);
    if (!mem) {
        ravi_error("out of memory");
        return -1;
    }
    espeak_SetPhonemeTrace(ipa ? espeakPHONEMES_IPA : espeakPHONEMES_SHOW, mem);
    size_t counted = 0;
    synth_callbacks cb = {NULL, count_word, &counted};
    synth_call call = {&cb, synth_sample_rate, 0, 0};
    int rc = synth_run(text, ssml, &call);
    espeak_SetPhonemeTrace(0, NULL);
    fclose(mem);
    if (rc == 0 && append_trace(out, trace ? trace : "", tracelen))
        rc = -1;
    free(trace);
    if (words)
        *words = counted;
    return rc;
}

void synth_set_rate(int wpm)
{
    if (synth_sample_rate)
        espeak_SetParameter(espeakRATE, clamp(wpm, 80, 450), 0);
}
