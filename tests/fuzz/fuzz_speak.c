/* libFuzzer target through synthesis (issue 20): arbitrary bytes read as text, HTML or SSML (the
 * first byte chooses), through every stage, rendered and spoken by libespeak-ng with the audio
 * thrown away. eSpeak NG is not our code, but what Ravi hands it is: an input that crashes it is
 * a guard rule missing (src/guard/rules.c). With Debian's library a crash inside eSpeak shows as
 * a signal; linked against an AddressSanitizer build of the same release (LD_LIBRARY_PATH) its
 * invalid reads show too.
 * The oracle besides not crashing: no run of letters joined by dots longer than the guard allows
 * ever reaches eSpeak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "guard/guard.h"
#include "pipeline.h"
#include "read/input.h"
#include "render.h"
#include "synth/synth.h"

/* Synthesis takes about a millisecond per 20 bytes of text: longer inputs would only slow the
 * search (and trip libFuzzer's time-out) without reaching other code. */
#define FUZZ_SPEAK_MAX 2048

typedef struct fuzz_speak {
    ravi_config opt;
    pipeline p;
    strbuf speech;
    render_map map;
} fuzz_speak;

static fuzz_speak *fuzz_state(void)
{
    static fuzz_speak *fs;
    if (fs)
        return fs;
    fs = calloc(1, sizeof *fs);
    ravi_config_init(&fs->opt);
    fs->opt.data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    if (pipeline_open(&fs->p, &fs->opt, NULL) || synth_open(fs->opt.settings.voice, fs->opt.data_dir, NULL) < 0)
        abort();
    return fs;
}

static int discard(void *ctx, const short *pcm, size_t n)
{
    (void)ctx;
    (void)pcm;
    (void)n;
    return 0;
}

static int starts_letter(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* What eSpeak would gather as one abbreviation: the bytes since the last space up to a dot that
 * a letter follows (a run of dots alone is an ellipsis, not an abbreviation). The guard cuts
 * these at GUARD_DOTTED_RUN_MAX_BYTES; a longer one reached eSpeak some way the guard does not
 * see. */
static void check_dotted_runs(const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ? 0 : run + 1;
        if (s[i] == '.' && i + 1 < n && starts_letter((unsigned char)s[i + 1]) &&
            run > GUARD_DOTTED_RUN_MAX_BYTES)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > FUZZ_SPEAK_MAX)
        return 0;
    fuzz_speak *fs = fuzz_state();
    static const int formats[] = {INPUT_TEXT, INPUT_HTML, INPUT_SSML, INPUT_TEXT};
    fs->p.format = (input_format)formats[data[0] & 3];
    if (pipeline_start_text(&fs->p, (const char *)data + 1, size - 1))
        return 0;
    synth_callbacks cb = {discard, NULL, NULL};
    sentence *s;
    while (pipeline_next(&fs->p, &s) > 0) {
        sb_reset(&fs->speech);
        if (render_speech(s, &fs->opt, &fs->speech, &fs->map))
            abort();
        check_dotted_runs(fs->speech.s ? fs->speech.s : "", fs->speech.len);
        synth_speak(fs->speech.s ? fs->speech.s : "", s->ssml_open != NULL, &cb, NULL);
    }
    return 0;
}
