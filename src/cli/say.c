/* ravi say: the article aloud, through the speakers or into an audio file, sentence by sentence. */
#include "cli.h"
#include "each.h"
#include "progress.h"
#include "../cues/cues.h"
#include "../outpath.h"
#include "../pause.h"
#include "../player/history.h"
#include "../player/player.h"
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
    cue_writer subtitles, events; /* open when opt->subtitles, opt->json_events */
    progress bar;
    uint64_t offset;    /* source byte being read: where the current sentence starts */
    player *keys;       /* the interactive player, or NULL */
    history past;       /* with the player: the sentences read, to go back to */
    int skip_to_paragraph; /* ↓ went past the sentences read: skip until a paragraph starts */
    int quit;           /* q: stop the audio at once */
} say_ctx;

static sink *open_sink(const say_ctx *sc)
{
    const char *out = sc->opt->output;
    if (!out)
        return sink_play_open(sc->rate);
    int rate = audio_format_rate(sc->format, sc->rate);
    sink *s = sink_path_open(out, sc->format, rate);
    if (s && rate != sc->rate)
        s = sink_resample_open(s, sc->rate, rate);
    return s;
}

static int write_samples(say_ctx *sc, const short *pcm, size_t n)
{
    if (sc->failed || signals_caught())
        return 1;
    if (sc->keys && player_poll(sc->keys))
        return 1; /* the player moves elsewhere: this sentence stops here */
    if (sink_write(sc->out, pcm, n)) {
        sc->failed = 1;
        return 1;
    }
    sc->samples += n;
    progress_update(&sc->bar, sc->offset, sc->samples);
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

/* Silence goes the way speech does, so that the player's keys and signals are heard during a
 * long pause too. Returns 1 when it was cut short. */
static int write_silence(say_ctx *sc, int ms)
{
    static const short zeros[1024];
    size_t n = (size_t)ms * (size_t)sc->rate / 1000;
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        if (write_samples(sc, zeros, k))
            return 1;
        n -= k;
    }
    return 0;
}

static int stop_reason(const say_ctx *sc)
{
    if (sc->out && sc->out->closed_pipe)
        return SENTENCE_STOP;
    return sc->failed ? SENTENCE_FAILED : SENTENCE_OK;
}

/* SENTENCE_OK, or SENTENCE_STOP when a reader of the cues went away (the run ends as when the
 * audio's reader goes: quietly, status 141, no file left half-written), or SENTENCE_FAILED. */
static int write_cues(say_ctx *sc)
{
    cue_writer *w[2] = {sc->opt->subtitles ? &sc->subtitles : NULL,
                        sc->opt->json_events ? &sc->events : NULL};
    for (int i = 0; i < 2; i++)
        if (w[i] && cue_writer_sentence(w[i], &sc->tl))
            return w[i]->out.closed_pipe ? SENTENCE_STOP : SENTENCE_FAILED;
    return SENTENCE_OK;
}

/* Subtitles and events are complete only when the audio is: kept or removed together. */
static int close_cues(say_ctx *sc, int ok)
{
    int rc = 0;
    if (sc->opt->subtitles && cue_writer_close(&sc->subtitles, ok))
        rc = -1;
    if (sc->opt->json_events && cue_writer_close(&sc->events, ok && !rc))
        rc = -1;
    return rc;
}

static int open_cues(say_ctx *sc)
{
    const ravi_options *opt = sc->opt;
    if (opt->subtitles && cue_writer_open(&sc->subtitles, opt->subtitles,
                                          (cue_format)cue_format_from_path(opt->subtitles),
                                          opt->word_timings, sc->rate))
        return -1;
    if (opt->json_events && cue_writer_open(&sc->events, opt->json_events, CUES_JSON, 1, sc->rate)) {
        if (opt->subtitles)
            cue_writer_close(&sc->subtitles, 0);
        return -1;
    }
    return 0;
}

/* Speaks one sentence (after its paragraph's pause) and writes its cues. */
static int speak_sentence(say_ctx *sc, const sentence *s)
{
    int wpm = sc->keys ? player_new_rate(sc->keys) : 0;
    if (wpm)
        synth_set_rate(wpm);
    if (write_silence(sc, pause_before_ms(&sc->pauses, s, sc->opt)))
        return stop_reason(sc); /* SENTENCE_OK when a key or a signal cut the pause */
    sc->offset = s->src_start;
    sb_reset(&sc->speech);
    if (render_speech(s, sc->opt, &sc->speech, &sc->map))
        return SENTENCE_FAILED;
    timeline_begin_sentence(&sc->tl, s, &sc->map, sc->samples);
    synth_callbacks cb = {on_audio, on_word, sc};
    int r = (s->ssml_open ? synth_speak_ssml : synth_speak)(sc->speech.s ? sc->speech.s : "", &cb);
    if (r < 0)
        return SENTENCE_FAILED;
    if (r == 0)
        write_silence(sc, sc->opt->sentence_pause_ms); /* a key may cut it short */
    if (signals_caught())
        return SENTENCE_OK; /* the caller sees the signal */
    if (sc->failed || sc->out->closed_pipe)
        return stop_reason(sc);
    /* spoken, or cut by the player (the device holds only tens of ms: nothing to drop) */
    timeline_end_sentence(&sc->tl, sc->samples);
    sc->offset = s->src_end;
    progress_update(&sc->bar, sc->offset, sc->samples);
    return write_cues(sc);
}

/* Where the player goes after sentence `at`; returns 0 to take the next sentence of the input. */
static int player_next(say_ctx *sc, uint64_t *at)
{
    const history *h = &sc->past;
    switch (player_take(sc->keys)) {
    case KEY_PREV_SENTENCE:
        if (*at > h->first)
            --*at;
        return 1;
    case KEY_PREV_PARAGRAPH:
        *at = history_previous_paragraph(h, *at);
        return 1;
    case KEY_NEXT_PARAGRAPH:
        if (history_next_paragraph(h, *at, at))
            return 1;
        sc->skip_to_paragraph = 1;
        return 0;
    default: /* the sentence ended, or → */
        if (*at == history_newest(h))
            return 0;
        ++*at;
        return 1;
    }
}

/* The player's loop: the new sentence joins the history, then the keys may move the reading
 * back and forth through the history until it needs the input's next sentence again. */
static int play_sentence(say_ctx *sc, const sentence *s)
{
    int64_t n = history_push(&sc->past, s);
    if (n < 0) {
        ravi_error("out of memory");
        return SENTENCE_FAILED;
    }
    if (sc->skip_to_paragraph && !s->paragraph_start)
        return SENTENCE_OK;
    sc->skip_to_paragraph = 0;
    uint64_t at = (uint64_t)n;
    do {
        const sentence *cur = history_at(&sc->past, at);
        player_show(sc->keys, cur);
        int r = speak_sentence(sc, cur);
        if (r != SENTENCE_OK || signals_caught())
            return r;
        if (sc->keys->command == KEY_QUIT) {
            sc->quit = 1;
            return SENTENCE_QUIT;
        }
    } while (player_next(sc, &at));
    return SENTENCE_OK;
}

static int say_sentence(void *ctx, const sentence *s)
{
    say_ctx *sc = ctx;
    if (!sc->out && !(sc->out = open_sink(sc)))
        return SENTENCE_FAILED;
    return sc->keys ? play_sentence(sc, s) : speak_sentence(sc, s);
}

static int say_finish(void *ctx, int ok)
{
    say_ctx *sc = ctx;
    progress_end(&sc->bar); /* before any message about finishing */
    sink *out = sc->out;
    sc->out = NULL;
    int rc = 0;
    if (out && ok && !sc->quit)
        rc = out->ops->finish(out);
    else if (out)
        out->ops->abort(out); /* q stops the sound at once; the cues so far are still kept */
    if (close_cues(sc, ok && out && !rc))
        rc = -1;
    return rc;
}

/* A device, FIFO or socket (-o /dev/null, -o /dev/stdout) has no extension to go by: like
 * standard output, it gets WAV. */
static int output_is_stream(const char *path)
{
    outpath where;
    if (outpath_resolve(path, &where))
        return 0; /* opening it will say what is wrong */
    int stream = where.kind != OUTPATH_FILE;
    outpath_free(&where);
    return stream;
}

static int choose_format(const ravi_options *opt, audio_format *format)
{
    if (opt->raw)
        *format = FORMAT_RAW;
    else if (opt->format)
        *format = audio_format_from_name(opt->format);
    else if (!opt->output || !strcmp(opt->output, "-"))
        *format = FORMAT_WAV;
    else if ((*format = audio_format_from_path(opt->output)) == FORMAT_UNKNOWN &&
             output_is_stream(opt->output))
        *format = FORMAT_WAV;
    if (*format != FORMAT_UNKNOWN)
        return 0;
    if (opt->format)
        ravi_error("--format: unknown audio format '%s' (use wav, flac, ogg, opus, mp3 or raw)", opt->format);
    else
        ravi_error("-o %s: unknown audio format; name the file .wav, .flac, .ogg, .opus, .mp3 or .raw, "
                   "or give --format", opt->output);
    return -1;
}

/* Two outputs renamed onto one path: one would silently replace the other. */
static int same_file(const char *a, const char *b)
{
    return a && b && strcmp(a, "-") && !strcmp(a, b);
}

static int check_cue_options(const ravi_options *opt)
{
    if (opt->subtitles && cue_format_from_path(opt->subtitles) < 0) {
        ravi_error("--subtitles %s: name the file .srt (SubRip) or .vtt (WebVTT)", opt->subtitles);
        return -1;
    }
    if (opt->word_timings && !opt->subtitles) {
        ravi_error("--word-timings: makes a subtitle cue per word; add --subtitles FILE.srt or FILE.vtt");
        return -1;
    }
    if (same_file(opt->subtitles, opt->output) || same_file(opt->json_events, opt->output) ||
        same_file(opt->json_events, opt->subtitles)) {
        ravi_error("--subtitles, --json-events and -o must name different files");
        return -1;
    }
    if (opt->json_events && !strcmp(opt->json_events, "-") && opt->output && !strcmp(opt->output, "-")) {
        ravi_error("--json-events -: standard output already carries the audio (-o -); name a file");
        return -1;
    }
    return 0;
}

/* Nothing is opened, let alone written, when an output is the input or two outputs are one file
 * (by another name, through a link, or standard output by its /dev name). */
static int check_outputs_distinct(const ravi_options *opt)
{
    const char *outputs[] = {opt->output, opt->subtitles, opt->json_events};
    static const char *const option[] = {"-o", "--subtitles", "--json-events"};
    return outpath_check_distinct(opt->input, outputs, option, 3);
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
    if (!opt->output && (opt->raw || opt->format)) {
        ravi_error("--raw and --format describe an output file: add -o FILE (or -o - for standard output)");
        return EXIT_USAGE;
    }
    if (check_cue_options(opt))
        return EXIT_USAGE;
    int distinct = check_outputs_distinct(opt);
    if (distinct)
        return distinct == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    if ((opt->output || opt->raw || opt->format) && choose_format(opt, &sc.format))
        return EXIT_USAGE;
    sc.rate = synth_open(opt);
    if (sc.rate < 0)
        return sc.rate == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    if (open_cues(&sc)) {
        synth_close();
        return EXIT_FAILURE_RUN;
    }
    progress_start(&sc.bar, opt, sc.rate);
    player keys;
    if (player_wanted(opt) && history_init(&sc.past) == 0 && player_start(&keys, opt) == 0)
        sc.keys = &keys;
    int status = cli_each_sentence(opt, say_sentence, say_finish, &sc);
    if (sc.keys)
        player_stop(sc.keys);
    history_free(&sc.past);
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
    "  -o, --output OUT        write audio to OUT (.wav .flac .ogg .opus .mp3 .raw); - is standard output (WAV)\n"
    "      --format FMT        wav, flac, ogg, opus, mp3 or raw, whatever OUT's extension\n"
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
    "      --subtitles FILE    write subtitles, a cue per sentence: FILE.srt (SubRip) or FILE.vtt (WebVTT)\n"
    "      --word-timings      with --subtitles: a cue per word\n"
    "      --json-events FILE  write a JSON object per sentence and word (times, source bytes, text);\n"
    "                          - is standard output\n"
    "      --quiet             no progress bar\n"
    "  -h, --help              this help\n",
    ACCEPT_OUTPUT | ACCEPT_VOICE | ACCEPT_PAUSES | ACCEPT_LEXICON | ACCEPT_INPUT, cmd_say,
};
