/* The SSML check of issue 19: every text of the golden and end-to-end tests, wrapped in SSML
 * (<speak>, <speak><p>, <s>, <prosody>, <emphasis>), must be said as the plain text is: the same
 * phonemes, the same number of word events, and no switch to English the plain text lacks.
 * eSpeak NG once read "</speak>" aloud after a word given as phonemes, and a full stop before
 * it as «نقطه»; this makes that kind of fault impossible to bring back unnoticed.
 *
 * usage: ssml_same FILE...   (.tsv: the input column of each case; other files: each line) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "read/input.h"
#include "render.h"
#include "synth/synth.h"
#include "util.h"

typedef struct spoken {
    strbuf phonemes; /* every sentence's phonemes, pauses left out, words separated by a space */
    size_t words;    /* eSpeak's word events */
    size_t english;  /* words said in English (between "(en)" and "(fa)") */
    strbuf speech;   /* what eSpeak was given, sentence after sentence: to show a difference */
} spoken;

/* Each wrapper, and whether it changes prosody: then stress marks and pauses may differ, the
 * phonemes of the words may not ("prosody values aside"). */
static const struct {
    const char *open, *close;
    int prosody;
} wrappers[] = {
    {"<speak>", "</speak>", 0},
    {"<speak><p>", "</p></speak>", 0},
    {"<speak><s>", "</s></speak>", 0},
    {"<speak><prosody rate=\"90%\">", "</prosody></speak>", 1},
    {"<speak><emphasis>", "</emphasis></speak>", 1},
};
#define NWRAPPERS (sizeof wrappers / sizeof *wrappers)

/* Keeps the words of a phoneme line: eSpeak's pause marks before a word (_: _! _ |) and clause
 * breaks are prosody, which SSML may change; the phonemes of each word may not. */
static int append_words(strbuf *out, const char *line, size_t *english)
{
    int in_english = 0;
    for (const char *p = line; *p;) {
        size_t n = strcspn(p, " ");
        const char *w = p;
        while (n > 0 && strchr("_:!|", *w)) { /* a pause or a break before the word */
            w++;
            n--;
        }
        /* words, not switches, are counted: under <emphasis> eSpeak switches for each English
         * word of a phrase it switches for once in plain text */
        const char *en = strstr(w, "(en)");
        int starts_english = en && en < w + n;
        *english += in_english || starts_english;
        for (const char *m = w; m < w + n; m++) /* the last switch in the word holds after it */
            if (!strncmp(m, "(en)", 4) || !strncmp(m, "(fa)", 4))
                in_english = m[1] == 'e';
        if (n > 0 && ((out->len && sb_putc(out, ' ')) || sb_append(out, w, n)))
            return -1;
        p = w + n;
        while (*p == ' ')
            p++;
    }
    return 0;
}

static int say(pipeline *p, const ravi_config *opt, const char *doc, spoken *out)
{
    sb_reset(&out->phonemes);
    sb_reset(&out->speech);
    out->words = out->english = 0;
    if (pipeline_start_text(p, doc, strlen(doc)))
        return -1;
    strbuf speech, line;
    sb_init(&speech);
    sb_init(&line);
    render_map map = {0};
    sentence *s;
    int r, rc = 0;
    while (rc == 0 && (r = pipeline_next(p, &s)) > 0) {
        size_t words = 0;
        sb_reset(&speech);
        sb_reset(&line);
        rc = render_speech(s, opt, &speech, &map) ||
             synth_trace(speech.s ? speech.s : "", s->ssml_open != NULL, 0, &line, &words, NULL) ||
             append_words(&out->phonemes, line.s ? line.s : "", &out->english) ||
             sb_printf(&out->speech, "%s[%zu words]\n", speech.s ? speech.s : "", words);
        out->words += words;
    }
    sb_free(&speech);
    sb_free(&line);
    render_map_free(&map);
    return rc || r < 0 ? -1 : 0;
}

/* Without stress marks, pauses, syllable breaks and where the language switches fall (a phrase
 * of English words switched once, or word by word under <emphasis>, which also makes each English
 * word phrase-final and so changes eSpeak's ; length marks): what emphasis and rate may change. */
static void strip_prosody(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '_' && (s[1] == ':' || s[1] == '!'))
            s++;
        else if (!strncmp(s, "(en)", 4) || !strncmp(s, "(fa)", 4))
            s += 3;
        else if (!strchr("',_|;", *s))
            *out++ = *s;
    }
    *out = '\0';
}

static int same_phonemes(const strbuf *a, const strbuf *b, int prosody_aside)
{
    const char *x = a->s ? a->s : "", *y = b->s ? b->s : "";
    if (!prosody_aside)
        return !strcmp(x, y);
    char *xs = xstrndup(x, strlen(x)), *ys = xstrndup(y, strlen(y));
    int same = xs && ys;
    if (same) {
        strip_prosody(xs);
        strip_prosody(ys);
        same = !strcmp(xs, ys);
    }
    free(xs);
    free(ys);
    return same;
}

static int append_escaped(strbuf *out, const char *s)
{
    for (; *s; s++) {
        int rc = *s == '&' ? sb_puts(out, "&amp;") : *s == '<' ? sb_puts(out, "&lt;")
               : *s == '>' ? sb_puts(out, "&gt;") : sb_putc(out, *s);
        if (rc)
            return -1;
    }
    return 0;
}

/* Checks one text in every wrapper; prints each difference. Returns the number of failures. */
static int check_text(pipeline *p, ravi_config *opt, const char *where, const char *text)
{
    spoken plain = {{0}, 0, 0, {0}}, wrapped = {{0}, 0, 0, {0}};
    strbuf doc;
    sb_init(&doc);
    int failures = 0;
    p->format = INPUT_TEXT;
    if (say(p, opt, text, &plain)) {
        printf("%s: cannot say the plain text\n", where);
        failures++;
    }
    for (size_t w = 0; w < NWRAPPERS && !failures; w++) {
        sb_reset(&doc);
        if (sb_puts(&doc, wrappers[w].open) || append_escaped(&doc, text) || sb_puts(&doc, wrappers[w].close))
            return 1;
        p->format = INPUT_SSML;
        int bad = say(p, opt, doc.s, &wrapped) != 0;
        const char *why = bad ? "cannot be said"
                        : !same_phonemes(&plain.phonemes, &wrapped.phonemes, wrappers[w].prosody)
                            ? "other phonemes"
                        : plain.words != wrapped.words ? "another number of words"
                        : wrapped.english > plain.english ? "a switch to English" : NULL;
        if (why) {
            printf("%s: %s%s: %s\n  plain: %s (%zu words)\n  SSML:  %s (%zu words)\n"
                   "  eSpeak was given, plain:\n%s  and SSML:\n%s",
                   where, wrappers[w].open, "…", why, plain.phonemes.s ? plain.phonemes.s : "",
                   plain.words, wrapped.phonemes.s ? wrapped.phonemes.s : "", wrapped.words,
                   plain.speech.s ? plain.speech.s : "", wrapped.speech.s ? wrapped.speech.s : "");
            failures++;
        }
    }
    sb_free(&doc);
    sb_free(&plain.phonemes);
    sb_free(&wrapped.phonemes);
    sb_free(&plain.speech);
    sb_free(&wrapped.speech);
    return failures;
}

/* The text a line of a file gives: a TSV case's input column, or the whole line. A case that
 * is itself a document (markup.tsv's HTML and SSML) is no text to wrap. */
static const char *text_of(char *line, int tsv)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (tsv) {
        if (line[0] == '#')
            return NULL;
        line[strcspn(line, "\t")] = '\0';
    }
    return line[0] && line[0] != '<' ? line : NULL;
}

int main(int argc, char **argv)
{
    ravi_config opt;
    ravi_config_init(&opt);
    opt.data_dir = getenv("RAVI_DATA") ? getenv("RAVI_DATA") : ".";
    pipeline p;
    if (pipeline_open(&p, &opt, NULL) || synth_open(opt.settings.voice, opt.data_dir, NULL) < 0) {
        fprintf(stderr, "ssml_same: cannot open the pipeline\n");
        return 1;
    }
    size_t texts = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            perror(argv[i]);
            failed++;
            continue;
        }
        size_t n = strlen(argv[i]);
        int tsv = n > 4 && !strcmp(argv[i] + n - 4, ".tsv");
        char *line = NULL;
        size_t cap = 0;
        unsigned long lineno = 0;
        while (getline(&line, &cap, f) > 0) {
            lineno++;
            const char *text = text_of(line, tsv);
            if (!text)
                continue;
            char where[512];
            snprintf(where, sizeof where, "%s:%lu", argv[i], lineno);
            texts++;
            failed += check_text(&p, &opt, where, text) ? 1 : 0;
        }
        free(line);
        fclose(f);
    }
    pipeline_close(&p);
    synth_close();
    printf("ssml: %zu of %zu texts said the same in %zu SSML wrappers as plain text\n",
           texts - failed, texts, NWRAPPERS);
    return failed ? 1 : 0;
}
