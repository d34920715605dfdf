#include "synth.h"
#include "voices.h"
#include "words.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <dirent.h>
#include <limits.h>
#include <stdatomic.h>
#include <wchar.h>
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

/* eSpeak's state is global, and so is what Ravi knows about it. */
static atomic_int claimed;              /* an engine holds the synthesizer */
static int espeak_rate;                 /* eSpeak's sample rate once started, else 0 */
static char system_data[PATH_MAX];      /* eSpeak's own data directory */
static char voice_overlay[PATH_MAX];    /* the engine's private data directory, or "" */
static char current_voice[256];         /* the voice set last (for the path below), or "" */
static int current_voice_in_overlay;

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

int synth_claim(diag *d)
{
    int free_ = 0;
    if (!atomic_compare_exchange_strong(&claimed, &free_, 1))
        return diag_fail(d, RAVI_E_BUSY, "another Ravi engine is alive in this process; eSpeak NG "
                         "allows one at a time (free it first, or use another process)");
    return 0;
}

static void remove_overlay(void)
{
    if (voice_overlay[0]) {
        voice_overlay_remove(voice_overlay);
        voice_overlay[0] = '\0';
    }
}

/* eSpeak reads its voices and dictionaries from its own data again. */
static void use_system_data(void)
{
    if (voice_overlay[0] && espeak_rate)
        espeak_ng_InitializePath(system_data);
    remove_overlay();
    current_voice[0] = '\0';
}

void synth_release(void)
{
    if (espeak_rate)
        espeak_SetPhonemeTrace(0, NULL);
    use_system_data();
    atomic_store(&claimed, 0);
}

/* Starts eSpeak NG on its own data, in synchronous mode, without its output to a sound device
 * and without printing anything: its message is Ravi's to give. */
int synth_start(diag *d)
{
    if (espeak_rate)
        return espeak_rate;
    espeak_ng_InitializePath(NULL);
    const char *data = NULL;
    espeak_Info(&data);
    snprintf(system_data, sizeof system_data, "%s", data ? data : "");
    espeak_ng_ERROR_CONTEXT context = NULL;
    espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    if (status == ENS_OK)
        status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    if (status != ENS_OK) {
        char why[256];
        espeak_ng_GetStatusCodeMessage(status, why, sizeof why);
        espeak_ng_ClearErrorContext(&context);
        return diag_fail(d, RAVI_E_DATA, "cannot initialise eSpeak NG (is espeak-ng-data installed?): %s",
                         why);
    }
    espeak_SetSynthCallback(on_synth);
    espeak_rate = espeak_ng_GetSampleRate();
    return espeak_rate;
}

/* The variant part of "voice+variant", or the whole name. */
static const char *variant_of(const char *voice)
{
    const char *plus = strchr(voice, '+');
    return plus ? plus + 1 : voice;
}

/* eSpeak accepts "voice+variant" with a variant that does not exist (and keeps the voice):
 * that is a typo the user should hear about. Numbered variants (fa+3) are eSpeak's own. */
static int variant_exists(const char *voice, const char *data_dir)
{
    const char *plus = strchr(voice, '+'), *v = plus ? plus + 1 : NULL;
    if (!v || (*v >= '0' && *v <= '9') || ravi_voice_exists(data_dir, v))
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

/* Ravi's voices need the private data directory: made on first use, kept until release. */
static int use_overlay(const char *data_dir, diag *d)
{
    if (voice_overlay[0])
        return 0;
    if (voice_overlay_create(system_data, data_dir, voice_overlay, sizeof voice_overlay, d)) {
        voice_overlay[0] = '\0';
        return -1;
    }
    espeak_ng_InitializePath(voice_overlay); /* only where later loads look: nothing reloads */
    current_voice[0] = '\0';
    return 0;
}

int synth_set_voice(const char *voice, const char *data_dir, diag *d)
{
    if (!espeak_rate)
        return diag_fail(d, RAVI_E_INVALID, "eSpeak NG is not started");
    int is_ravi = ravi_voice_exists(data_dir, variant_of(voice));
    if (is_ravi && use_overlay(data_dir, d))
        return -1;
    if (current_voice[0] && !strcmp(current_voice, voice) && current_voice_in_overlay == is_ravi)
        return 0;
    char name[128], path_name[NAME_MAX + 128];
    /* Ravi's variants alone are Persian variants: eSpeak names them language+variant */
    if (snprintf(name, sizeof name, is_ravi && !strchr(voice, '+') ? "fa+%s" : "%s", voice) >=
        (int)sizeof name)
        return diag_fail(d, RAVI_E_VOICE, "unknown voice '%s'", voice);
    voice_by_path(name, path_name, sizeof path_name);
    if (!variant_exists(voice, data_dir) || espeak_SetVoiceByName(path_name) != EE_OK) {
        current_voice[0] = '\0';
        return diag_fail(d, RAVI_E_VOICE, "unknown voice '%s'", voice);
    }
    /* Ravi reads Persian; eSpeak NG 1.51's other voices misread memory on text Ravi hands them
     * (issue 20, src/guard/rules.c: valgrind flags most of them on the guard's test text) */
    const espeak_VOICE *chosen = espeak_GetCurrentVoice();
    if (!is_ravi && !(chosen && speaks(chosen, "fa"))) {
        current_voice[0] = '\0'; /* not to be spoken with: the next call sets a voice again */
        return diag_fail(d, RAVI_E_VOICE, "'%s' does not speak Persian; Ravi reads Persian", voice);
    }
    snprintf(current_voice, sizeof current_voice, "%s", voice);
    current_voice_in_overlay = is_ravi;
    synth_words_reset(); /* another voice may read words otherwise */
    return 0;
}

void synth_set_params(int rate, int pitch, int volume, ravi_punctuation punctuation)
{
    static ravi_punctuation read_with = RAVI_PUNCTUATION_NONE;
    if (!espeak_rate)
        return;
    if (punctuation != read_with)
        synth_words_reset(); /* words with a dot inside are read with the punctuation's names */
    read_with = punctuation;
    espeak_SetParameter(espeakRATE, clamp(rate, 80, 450), 0);
    espeak_SetParameter(espeakPITCH, clamp(pitch, 0, 100), 0);
    espeak_SetParameter(espeakVOLUME, clamp(volume, 0, 200), 0);
    /* what a screen reader's "some" names: symbols, not the marks that shape a sentence */
    static const wchar_t some[] = L"@#$%&*+=/\\|<>_~^";
    if (punctuation == RAVI_PUNCTUATION_SOME)
        espeak_SetPunctuationList(some);
    espeak_SetParameter(espeakPUNCTUATION,
                        punctuation == RAVI_PUNCTUATION_ALL ? espeakPUNCT_ALL
                        : punctuation == RAVI_PUNCTUATION_SOME ? espeakPUNCT_SOME
                                                               : espeakPUNCT_NONE, 0);
}

int synth_open(const char *voice, const char *data_dir, diag *d)
{
    if (synth_claim(d))
        return -1;
    int rate = synth_start(d);
    if (rate < 0 || synth_set_voice(voice, data_dir, d)) {
        int unknown = d && d->status == RAVI_E_VOICE;
        synth_release();
        return unknown ? -2 : -1;
    }
    synth_set_params(165, 50, 100, RAVI_PUNCTUATION_NONE);
    return rate;
}

void synth_close(void)
{
    synth_release();
}

int synth_is_open(void) { return espeak_rate != 0; }

const char *synth_data_dir(void)
{
    const char *path = NULL;
    if (!espeak_rate)
        espeak_ng_InitializePath(NULL); /* only sets the library's data path; no synthesis state */
    espeak_Info(&path);
    return path ? path : "";
}

int synth_list_voices(const char *lang,
                      int (*fn)(void *ctx, const char *name, const char *gender, const char *about),
                      void *ctx, diag *d)
{
    if (!espeak_rate)
        return diag_fail(d, RAVI_E_INVALID, "eSpeak NG is not started");
    const espeak_VOICE **voices = espeak_ListVoices(NULL);
    int count = 0;
    for (size_t i = 0; voices && voices[i]; i++) {
        const espeak_VOICE *v = voices[i];
        if (!speaks(v, lang))
            continue;
        const char *gender = v->gender == 1 ? "male" : v->gender == 2 ? "female" : "-";
        const char *id = v->identifier ? v->identifier : "", *slash = strrchr(id, '/');
        char about[128];
        snprintf(about, sizeof about, "eSpeak NG: %s", v->name ? v->name : "");
        count++;
        if (fn(ctx, slash ? slash + 1 : id, gender, about))
            return diag_cancel(d);
    }
    return count;
}

static int synth_run(const char *text, int ssml, synth_call *call, diag *d)
{
    if (!espeak_rate)
        return diag_fail(d, RAVI_E_INVALID, "eSpeak NG is not started");
    unsigned flags = espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE | (ssml ? espeakSSML : 0);
    /* eSpeak NG 1.51 reads on past the end of a text that ends in exactly two dots ("..": an
     * overflow found by fuzz_speak with an AddressSanitizer build, see guard/rules.c, rule 5):
     * every text ends in a space, which it reads as the end it is */
    size_t len = strlen(text);
    char *ended = malloc(len + 2);
    if (!ended)
        return diag_nomem(d);
    memcpy(ended, text, len);
    memcpy(ended + len, " ", 2);
    espeak_ERROR err = espeak_Synth(ended, len + 2, 0, POS_CHARACTER, 0, flags, NULL, call);
    free(ended);
    if (err != EE_OK && !call->stopped)
        return diag_fail(d, RAVI_E_SYNTH, "eSpeak NG failed to synthesize a sentence (error %d)",
                         (int)err);
    return call->stopped;
}

int synth_speak(const char *text, int ssml, const synth_callbacks *cb, diag *d)
{
    synth_call call = {cb, espeak_rate, 0, 0};
    return synth_run(text, ssml, &call, d);
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
    return synth_trace(text, ssml, ipa, out, NULL, NULL);
}

int synth_trace(const char *text, int ssml, int ipa, strbuf *out, size_t *words, diag *d)
{
    size_t counted = 0;
    synth_callbacks cb = {NULL, count_word, &counted};
    int rc = synth_phonemes_heard(text, ssml, ipa, &cb, out, d);
    if (words)
        *words = counted;
    return rc;
}

int synth_phonemes_heard(const char *text, int ssml, int ipa, const synth_callbacks *cb, strbuf *out,
                         diag *d)
{
    char *trace = NULL;
    size_t tracelen = 0;
    FILE *mem = open_memstream(&trace, &tracelen);
    if (!mem)
        return diag_nomem(d);
    espeak_SetPhonemeTrace(ipa ? espeakPHONEMES_IPA : espeakPHONEMES_SHOW, mem);
    synth_callbacks none = {NULL, NULL, NULL};
    synth_call call = {cb ? cb : &none, espeak_rate, 0, 0};
    int rc = synth_run(text, ssml, &call, d);
    espeak_SetPhonemeTrace(0, NULL);
    fclose(mem);
    if (rc == 0 && append_trace(out, trace ? trace : "", tracelen))
        rc = diag_nomem(d);
    free(trace);
    return rc;
}

int synth_phonemes_read(const char *text, strbuf *out)
{
    static int phoneme_input; /* eSpeak reads [[ ]] only after a synthesis that allowed it */
    if (!espeak_rate)
        return -1;
    if (!phoneme_input) {
        synth_callbacks none = {NULL, NULL, NULL};
        synth_call call = {&none, espeak_rate, 0, 0};
        if (synth_run("", 0, &call, NULL))
            return -1;
        phoneme_input = 1;
    }
    /* ended by a space, as synth_run ends every text (two dots at the end overflow 1.51) */
    strbuf ended, clauses;
    sb_init(&ended);
    sb_init(&clauses);
    int rc = sb_puts(&ended, text) || sb_putc(&ended, ' ') ? -1 : 0;
    const void *at = ended.s;
    while (rc == 0 && at) {
        const char *ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
        if (ph && *ph)
            rc = sb_puts(&clauses, ph) || sb_putc(&clauses, '\n') ? -1 : 0;
    }
    if (rc == 0 && append_trace(out, clauses.s ? clauses.s : "", clauses.len))
        rc = -1;
    sb_free(&ended);
    sb_free(&clauses);
    return rc;
}
