/* ravi say: the article aloud, through the speakers or into an audio file, sentence by sentence,
 * as libravi makes it: audio and events come through callbacks, and go to a sink, the cue files,
 * the progress bar and the player. */
#include "cli.h"
#include "article.h"
#include "progress.h"
#include "signals.h"
#include "../outpath.h"
#include "../player/history.h"
#include "../player/player.h"

#include <string.h>
#include <sys/stat.h>

typedef struct say_ctx {
    const cli_options *opt;
    ravi_engine *engine;
    audio_format format;
    int rate;
    article_writer out; /* the audio and the cue files */
    int failed;         /* a failure was printed */
    progress bar;
    uint64_t offset;    /* source byte being read: where the current sentence starts */
    player *keys;       /* the interactive player, or NULL */
    history past;       /* with the player: the sentences read, to go back to */
    int skip_to_paragraph; /* ↓ went past the sentences read: skip until a paragraph starts */
    int quit;           /* q: stop the audio at once */
    cli_warnings warnings;
} say_ctx;

/* Whether the run should stop here: a failure, a signal, a reader gone. */
static int stopping(const say_ctx *sc)
{
    return sc->failed || sc->out.failed || sc->out.closed_pipe || signals_caught();
}

/* The writer stopped the run: its message, if it failed, now. */
static int writer_stopped(say_ctx *sc)
{
    if (sc->out.failed && !sc->failed) {
        sc->failed = 1;
        cli_report(&sc->out.diag);
    }
    return 1;
}

static int on_audio(void *ctx, const int16_t *pcm, size_t n)
{
    say_ctx *sc = ctx;
    if (stopping(sc))
        return 1;
    if (sc->keys && player_poll(sc->keys))
        return 1; /* the player moves elsewhere: this sentence stops here */
    if (article_writer_audio(&sc->out, pcm, n))
        return writer_stopped(sc);
    progress_update(&sc->bar, sc->offset, sc->out.samples);
    return 0;
}

static int on_event(void *ctx, const ravi_event *ev)
{
    say_ctx *sc = ctx;
    if (stopping(sc))
        return 1;
    if (ev->type == RAVI_EVENT_SENTENCE)
        sc->offset = ev->byte_start;
    if (article_writer_event(&sc->out, ev))
        return writer_stopped(sc);
    if (ev->type == RAVI_EVENT_SENTENCE_END) {
        sc->offset = ev->byte_end;
        progress_update(&sc->bar, sc->offset, sc->out.samples);
    }
    return 0;
}

/* ---- the player ---------------------------------------------------------------------------- */

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

/* Speaks a sentence of the history at the player's rate. The status of the call; a key that cut
 * it short is RAVI_OK, its cues written as far as it went. */
static ravi_status play_one(say_ctx *sc, ravi_reading *reading, const ravi_sentence *s)
{
    int wpm = player_new_rate(sc->keys);
    if (wpm) {
        ravi_settings settings = sc->opt->config.settings;
        settings.rate = wpm;
        ravi_status st = ravi_reading_set(reading, &settings);
        if (st != RAVI_OK)
            return st;
    }
    player_show(sc->keys, s);
    ravi_status st = ravi_reading_speak(reading, s);
    if (st != RAVI_CANCELLED || stopping(sc))
        return st;
    /* a key: the device holds only tens of ms, nothing to drop; the sentence ends here */
    if (article_writer_cut(&sc->out)) {
        writer_stopped(sc);
        return RAVI_CANCELLED;
    }
    return RAVI_OK;
}

/* The player's loop: each new sentence joins the history, then the keys may move the reading
 * back and forth through the history until it needs the input's next sentence again. */
static ravi_status play(say_ctx *sc, ravi_reading *reading)
{
    for (;;) {
        const ravi_sentence *next;
        ravi_status st = ravi_reading_next(reading, &next);
        if (st != RAVI_OK || !next)
            return st;
        int64_t n = history_push(&sc->past, next);
        if (n < 0) {
            cli_error("out of memory");
            sc->failed = 1;
            return RAVI_CANCELLED;
        }
        ravi_event about;
        ravi_sentence_describe(next, &about);
        if (sc->skip_to_paragraph && !about.paragraph_start)
            continue;
        sc->skip_to_paragraph = 0;
        uint64_t at = (uint64_t)n;
        do {
            st = play_one(sc, reading, history_at(&sc->past, at));
            if (st != RAVI_OK)
                return st;
            if (sc->keys->command == KEY_QUIT) {
                sc->quit = 1;
                return RAVI_OK;
            }
        } while (player_next(sc, &at));
    }
}

static int on_warning(void *ctx, ravi_warning w, const char *message)
{
    say_ctx *sc = ctx;
    return cli_on_warning(&sc->warnings, w, message);
}

static ravi_status speak_input(say_ctx *sc, const ravi_source *src, const ravi_settings *settings)
{
    ravi_callbacks cb = {on_audio, on_event, NULL, on_warning};
    if (!sc->keys)
        return ravi_speak_source(sc->engine, src, settings, &cb, sc);
    ravi_reading *reading;
    ravi_status st = ravi_reading_open(sc->engine, src, settings, &cb, sc, &reading);
    if (st == RAVI_OK) {
        st = play(sc, reading);
        ravi_reading_close(reading);
    }
    return st;
}

/* ---- the command --------------------------------------------------------------------------- */

static void finish_outputs(say_ctx *sc, int ok)
{
    progress_end(&sc->bar); /* before any message about finishing */
    /* q stops the sound at once; the cues so far are still kept */
    if (article_writer_finish(&sc->out, ok, !sc->quit))
        writer_stopped(sc);
}

/* A device, FIFO or socket (-o /dev/null, -o /dev/stdout) has no extension to go by: like
 * standard output, it gets WAV. */
static int output_is_stream(const char *path)
{
    outpath where;
    if (outpath_resolve(path, &where, NULL))
        return 0; /* opening it will say what is wrong */
    int stream = where.kind != OUTPATH_FILE;
    outpath_free(&where);
    return stream;
}

static int choose_format(const cli_options *opt, audio_format *format)
{
    /* the config file's format, for outputs whose name gives none */
    audio_format fallback = opt->default_format ? audio_format_from_name(opt->default_format) : FORMAT_WAV;
    if (opt->raw)
        *format = FORMAT_RAW;
    else if (opt->format)
        *format = audio_format_from_name(opt->format);
    else if (!opt->output || !strcmp(opt->output, "-"))
        *format = fallback;
    else if ((*format = audio_format_from_path(opt->output)) == FORMAT_UNKNOWN &&
             (opt->default_format || output_is_stream(opt->output)))
        *format = fallback;
    if (*format != FORMAT_UNKNOWN)
        return 0;
    if (opt->format)
        cli_error("--format: unknown audio format '%s' (use wav, flac, ogg, opus, mp3 or raw)", opt->format);
    else
        cli_error("-o %s: unknown audio format; name the file .wav, .flac, .ogg, .opus, .mp3 or .raw, "
                  "or give --format", opt->output);
    return -1;
}

/* Two outputs renamed onto one path: one would silently replace the other. */
static int same_file(const char *a, const char *b)
{
    return a && b && strcmp(a, "-") && !strcmp(a, b);
}

static int check_cue_options(const cli_options *opt)
{
    if (opt->subtitles && cue_format_from_path(opt->subtitles) < 0) {
        cli_error("--subtitles %s: name the file .srt (SubRip) or .vtt (WebVTT)", opt->subtitles);
        return -1;
    }
    if (opt->word_timings && !opt->subtitles) {
        cli_error("--word-timings: makes a subtitle cue per word; add --subtitles FILE.srt or FILE.vtt");
        return -1;
    }
    if (same_file(opt->subtitles, opt->output) || same_file(opt->json_events, opt->output) ||
        same_file(opt->json_events, opt->subtitles)) {
        cli_error("--subtitles, --json-events and -o must name different files");
        return -1;
    }
    if (opt->json_events && !strcmp(opt->json_events, "-") && opt->output && !strcmp(opt->output, "-")) {
        cli_error("--json-events -: standard output already carries the audio (-o -); name a file");
        return -1;
    }
    return 0;
}

/* Nothing is opened, let alone written, when an output is the input or two outputs are one file
 * (by another name, through a link, or standard output by its /dev name). */
static int check_outputs_distinct(const cli_options *opt)
{
    const char *outputs[] = {opt->output, opt->subtitles, opt->json_events};
    static const char *const option[] = {"-o", "--subtitles", "--json-events"};
    diag d;
    diag_init(&d);
    int rc = outpath_check_distinct(opt->input, outputs, option, 3, &d);
    cli_report(&d);
    diag_free(&d);
    return rc;
}

/* The checks made before anything is opened: a usage error (2) or a failure (1), or 0. */
static int check_say_options(const cli_options *opt, audio_format *format)
{
    struct stat st;
    if (opt->output && strcmp(opt->output, "-") && stat(opt->output, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("-o %s: is a directory, not an audio file name", opt->output);
        return EXIT_FAILURE_RUN;
    }
    if (!opt->output && (opt->raw || opt->format)) {
        cli_error("--raw and --format describe an output file: add -o FILE (or -o - for standard output)");
        return EXIT_USAGE;
    }
    if (check_cue_options(opt))
        return EXIT_USAGE;
    int distinct = check_outputs_distinct(opt);
    if (distinct)
        return distinct == -2 ? EXIT_USAGE : EXIT_FAILURE_RUN;
    if ((opt->output || opt->raw || opt->format) && choose_format(opt, format))
        return EXIT_USAGE;
    return EXIT_OK;
}

static int say_input(say_ctx *sc)
{
    const cli_options *opt = sc->opt;
    cli_input_file in;
    if (article_writer_open(&sc->out)) {
        writer_stopped(sc);
        return EXIT_FAILURE_RUN;
    }
    if (cli_input_open(&in, opt->input, opt->timeout_s)) {
        article_writer_finish(&sc->out, 0, 0);
        return cli_finish(NULL, RAVI_OK, 1, 0, NULL);
    }
    progress_start(&sc->bar, opt->output != NULL, opt->quiet, opt->input, sc->rate);
    player keys;
    if (player_wanted(opt->output, opt->input, opt->json_events) && history_init(&sc->past) == 0 &&
        player_start(&keys, opt->config.settings.rate) == 0)
        sc->keys = &keys;
    ravi_settings settings;
    ravi_status st = speak_input(sc, &in.source, cli_input_settings(&in, opt, &settings));
    if (sc->keys)
        player_stop(sc->keys);
    int ok = st == RAVI_OK && !stopping(sc);
    int flushed = ok ? cli_flush_stdout() : 0; /* its own buffer may still fail (full disk, closed pipe) */
    if (flushed) {
        ok = 0;
        sc->out.closed_pipe = flushed > 0;
        sc->failed = flushed < 0;
    }
    finish_outputs(sc, ok);
    history_free(&sc->past);
    cli_input_close(&in);
    return cli_finish(sc->engine, st, sc->failed, sc->out.closed_pipe, &sc->warnings);
}

int cmd_say(cli_options *opt, int argc, char **argv)
{
    if (cli_input(&cli_say, opt, argc, argv))
        return EXIT_USAGE;
    say_ctx sc = {.opt = opt};
    int status = check_say_options(opt, &sc.format);
    if (status != EXIT_OK)
        return status;
    if (!(sc.engine = cli_engine_new(opt, &status)))
        return status;
    sc.rate = ravi_engine_sample_rate(sc.engine);
    article_outputs to = {opt->output, sc.format, opt->subtitles, opt->word_timings, opt->json_events,
                          opt->loudness, opt->config.settings.voice,
                          {opt->title, opt->author, opt->publisher, opt->date, NULL, NULL}, opt->no_tags};
    article_writer_init(&sc.out, &to, sc.rate);
    status = say_input(&sc);
    article_writer_free(&sc.out);
    ravi_engine_free(sc.engine);
    return status;
}

const cli_command cli_say = {
    "say", "read the article aloud, or write it to an audio file",
    "usage: ravi say [OPTIONS] [FILE|URL|-]\n"
    "\n"
    "Reads a Persian article aloud through the default audio device, or with -o writes the\n"
    "audio to a file whose format follows its extension. FILE may be text, HTML or SSML; a URL\n"
    "(http:// or https://) is fetched and read like a saved page. No FILE, or -, reads standard\n"
    "input. Options may come before or after FILE; -- ends them.\n"
    "\n"
    "  -o, --output OUT        write audio to OUT (.wav .flac .ogg .opus .mp3 .raw); - is standard output (WAV)\n"
    "  -w FILE                 write WAV to FILE (espeak-ng's -w)\n"
    "      --format FMT        wav, flac, ogg, opus, mp3 or raw, whatever OUT's extension\n"
    "      --raw               bare 16-bit little-endian mono PCM at 22050 Hz\n"
    "      --loudness LUFS     loudness to normalise to, -40 to -14, or off (default -16; true peak\n"
    "                          at most -1 dBTP)\n"
    "      --title TEXT        the files' title tag (default: the headline)\n"
    "      --author NAME       the artist tag (default: the page's author or byline)\n"
    "      --publisher NAME    the album tag (default: the page's site name)\n"
    "      --date YYYY-MM-DD   the date tag (default: the page's publication date)\n"
    "      --no-tags           write no tags\n"
    "  -v, --voice NAME        voice (default fa; see 'ravi voices')\n"
    "  -s, --rate WPM          speed in words per minute, 80-450 (default 165)\n"
    "  -p, --pitch N           0-100 (default 50)\n"
    "  -a, --volume N          0-200 (default 100; with --loudness, relative to the target)\n"
    "      --sentence-pause MS extra silence after each sentence (default 0)\n"
    "      --paragraph-pause MS extra silence between paragraphs (default 300)\n"
    "      --headline-pause MS silence after the headline (default 700)\n"
    "      --html, --ssml, --text  read the input as HTML, SSML or plain text (default: recognised)\n"
    "      --timeout S         give up fetching a URL after S seconds (default 30)\n"
    "      --lexicon FILE      add a pronunciation lexicon (repeatable; later files win)\n"
    "      --no-ezafe          do not predict ezafe\n"
    "      --no-homographs     say homographs as eSpeak NG does, whatever the sentence\n"
    "      --subtitles FILE    write subtitles, a cue per sentence: FILE.srt (SubRip) or FILE.vtt (WebVTT)\n"
    "      --word-timings      with --subtitles: a cue per word\n"
    "      --json-events FILE  write a JSON object per sentence and word (times, source bytes, text);\n"
    "                          - is standard output\n"
    "  -q, --quiet             no progress bar\n"
    "  -h, --help              this help\n"
    "\n"
    "Defaults may be set in $XDG_CONFIG_HOME/ravi/config (see ravi(1)).\n",
    ACCEPT_OUTPUT | ACCEPT_VOICE | ACCEPT_PAUSES | ACCEPT_LEXICON | ACCEPT_INPUT | ACCEPT_TAGS, cmd_say, NULL,
};
