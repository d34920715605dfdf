/* ravi say: the article aloud, through the speakers or into an audio file, sentence by sentence. */
#include "cli.h"
#include "each.h"
#include "../pause.h"
#include "../render.h"
#include "../signals.h"
#include "../sink/sink.h"
#include "../synth/synth.h"
#include "../timeline.h"

#include <string.h>
#include <sys/stat.h>

typedef struct say_ctx {
    const ravi_options *opt;
    audio_format format;
    int rate;
    sink *out;          /* opened with the first sentence: empty input leaves no file */
    uint64_t samples;   /* written so far */
    pause_state pauses;
    int failed;         /* a write failed (message printed) */
    strbuf speech;
    render_map map;
    timeline tl;
} say_ctx;

static sink *open_sink(const say_ctx *sc)
{
    const char *out = sc->opt->output;
    if (!out)
        return sink_play_open(sc->rate);
    if (!strcmp(out, "-"))
        return sink_stdout_open(sc->format, sc->rate);
    return sink_file_open(out, sc->format, sc->rate);
}

static int write_samples(say_ctx *sc, const short *pcm, size_t n)
{
    if (sc->failed || signals_caught())
        return 1;
    if (sink_write(sc->out, pcm, n)) {
        sc->failed = 1;
        return 1;
    }
    sc->samples += n;
    return 0;
}

static int on_audio(void *ctx, const short *pcm, size_t n)
{
    return write_samples(ctx, pcm, n);
}

static void on_word(void *ctx, size_t text_position, uint64_t sample)
{
    say_ctx *sc = ctx;
    timeline_word_event(&sc->tl, text_position, sample);
}

static int write_silence(say_ctx *sc, int ms)
{
    size_t n = (size_t)ms * (size_t)sc->rate / 1000;
    if (!n || sc->failed)
        return sc->failed;
    if (sink_silence(sc->out, n)) {
        sc->failed = 1;
        return 1;
    }
    sc->samples += n;
    return 0;
}

static int stop_reason(const say_ctx *sc)
{
    if (sc->out && sc->out->closed_pipe)
        return SENTENCE_STOP;
    return sc->failed ? SENTENCE_FAILED : SENTENCE_OK;
}

static int say_sentence(void *ctx, const sentence *s)
{
    say_ctx *sc = ctx;
    if (!sc->out && !(sc->out = open_sink(sc)))
        return SENTENCE_FAILED;
    if (write_silence(sc, pause_before_ms(&sc->pauses, s, sc->opt)))
        return stop_reason(sc);
    sb_reset(&sc->speech);
    if (render_speech(s, sc->opt, &sc->speech, &sc->map))
        return SENTENCE_FAILED;
    timeline_begin_sentence(&sc->tl, s, &sc->map, sc->samples);
    synth_callbacks cb = {on_audio, on_word, sc};
    int r = (s->ssml_open ? synth_speak_ssml : synth_speak)(sc->speech.s ? sc->speech.s : "", &cb);
    if (r < 0)
        return SENTENCE_FAILED;
    if (r > 0 || write_silence(sc, sc->opt->sentence_pause_ms))
        return signals_caught() ? SENTENCE_OK : stop_reason(sc);
    return SENTENCE_OK;
}

static int say_finish(void *ctx, int ok)
{
    say_ctx *sc = ctx;
    if (!sc->out)
        return 0;
    sink *out = sc->out;
    sc->out = NULL;
    if (ok)
        return out->ops->finish(out);
    out->ops->abort(out);
    return 0;
}

static int choose_format(const ravi_options *opt, audio_format *format)
{
    if (opt->raw)
        *format = FORMAT_RAW;
    else if (opt->format)
        *format = audio_format_from_name(opt->format);
    else if (!opt->output || !strcmp(opt->output, "-"))
        *format = FORMAT_WAV;
    else
        *format = audio_format_from_path(opt->output);
    if (*format != FORMAT_UNKNOWN)
        return 0;
    if (opt->format)
        ravi_error("--format: unknown audio format '%s' (use wav, flac, ogg, mp3 or raw)", opt->format);
    else
        ravi_error("-o %s: unknown audio format; name the file .wav, .flac, .ogg, .mp3 or .raw, "
                   "or give --format", opt->output);
    return -1;
}

int cmd_say(ravi_options *opt, int argc, char **argv)
{
    if (cli_input(&cli_say, opt, argc, argv))
        return EXIT_USAGE;
    say_ctx sc = {.opt = opt};
    pause_init(&sc.pauses);
    struct stat st;
    if (opt->output && strcmp(opt->output, "-") && stat(opt->output, &st) == 0 && S_ISDIR(st.st_mode)) {
        ravi_error("-o %s: is a directory, not an audio file name", opt->output);
        return EXIT_FAILURE_RUN;
    }
    if ((opt->output || opt->raw || opt->format) && choose_format(opt, &sc.format))
        return EXIT_USAGE;
    if (!opt->output && (opt->raw || opt->format)) {
        ravi_error("--raw and --format describe an output file: add -o FILE (or -o - for standard output)");
        return EXIT_USAGE;
    }
    sc.rate = synth_open(opt);
    if (sc.rate < 0)
        return sc.rate == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    int status = cli_each_sentence(opt, say_sentence, say_finish, &sc);
    sb_free(&sc.speech);
    render_map_free(&sc.map);
    timeline_free(&sc.tl);
    synth_close();
    return status;
}

const cli_command cli_say = {
    "say", "read the article aloud, or write it to an audio file",
    "usage: ravi say [OPTIONS] [FILE|-]\n"
    "\n"
    "Reads a Persian article aloud through the default audio device, or with -o writes the\n"
    "audio to a file whose format follows its extension. No FILE, or -, reads standard input.\n"
    "\n"
    "  -o, --output OUT        write audio to OUT (.wav .flac .ogg .mp3 .raw); - is standard output (WAV)\n"
    "      --format FMT        wav, flac, ogg, mp3 or raw, whatever OUT's extension\n"
    "      --raw               bare 16-bit little-endian mono PCM at 22050 Hz\n"
    "      --voice NAME        eSpeak NG voice (default fa)\n"
    "      --rate WPM          speed in words per minute, 80-450 (default 165)\n"
    "      --pitch N           0-100 (default 50)\n"
    "      --volume N          0-200 (default 100)\n"
    "      --sentence-pause MS extra silence after each sentence (default 0)\n"
    "      --paragraph-pause MS extra silence between paragraphs (default 300)\n"
    "      --headline-pause MS silence after the headline (default 700)\n"
    "      --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "      --lexicon FILE      add a pronunciation lexicon (repeatable; later files win)\n"
    "      --no-ezafe          do not predict ezafe\n"
    "      --quiet             no progress output\n"
    "  -h, --help              this help\n",
    ACCEPT_OUTPUT | ACCEPT_VOICE | ACCEPT_PAUSES | ACCEPT_LEXICON | ACCEPT_INPUT, cmd_say,
};
