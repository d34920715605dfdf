/* ravi.h: libravi, Ravi's Persian news narrator as a C library. This is its only public header.
 *
 * Ravi reads Persian text, HTML or SSML, says numbers, dates, names, words written alike and
 * said differently, and the unwritten ezafe the way a news anchor would, and speaks through
 * eSpeak NG. An engine holds what a reading needs (lexicons, the homograph and ezafe models, the
 * synthesizer); each call reads one input and streams what it
 * makes through callbacks, a sentence at a time: 16-bit mono audio, and events (sentences, words,
 * SSML marks) placed exactly in that audio. Memory stays flat whatever the input's length.
 *
 *     ravi_config config;
 *     ravi_config_init(&config);                   // defaults; change what you need
 *     ravi_status status;
 *     ravi_engine *engine = ravi_engine_new(&config, &status);
 *     if (status != RAVI_OK) {                      // engine may be NULL only when out of memory
 *         fprintf(stderr, "%s\n", engine ? ravi_engine_error(engine) : "out of memory");
 *         ravi_engine_free(engine);
 *         return 1;
 *     }
 *     ravi_callbacks cb = {.audio = on_audio, .event = on_event};
 *     status = ravi_speak(engine, text, strlen(text), NULL, &cb, ctx);
 *     if (status < 0)
 *         fprintf(stderr, "%s\n", ravi_engine_error(engine));
 *     ravi_engine_free(engine);
 *
 * Errors are values: every call returns a ravi_status, and the engine keeps a message naming
 * the file, line, field or setting at fault (ravi_engine_error). The library never prints,
 * never exits, never reads or writes file descriptors 0, 1 and 2, and installs no signal
 * handlers: a client stops a call by returning non-zero from a callback.
 *
 * One engine per process. eSpeak NG keeps its state in globals, so a process holds at most one
 * live engine at a time: ravi_engine_new while another engine lives fails with RAVI_E_BUSY (it
 * never waits). Engines one after another are fine (eSpeak NG is started once for the process
 * and kept; each engine sets its own voice and parameters). To speak several texts at once, use
 * several processes.
 *
 * Threads. An engine may be used from any thread, but from one at a time: calls on it must not
 * overlap. Callbacks run on the calling thread, inside the call, and must not call back into the
 * engine (such a call fails with RAVI_E_INVALID). To cancel from another thread, set a flag that
 * your callbacks read and return non-zero: the call stops within one audio chunk (at most 60 ms
 * of audio), and no callback runs after the one that asked to stop.
 *
 * Link with `pkg-config --cflags --libs ravi` (or --static for libravi.a). */
#ifndef RAVI_H
#define RAVI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(RAVI_BUILDING_LIBRARY) && defined(__GNUC__)
#define RAVI_API __attribute__((visibility("default")))
#else
#define RAVI_API
#endif

#define RAVI_VERSION_MAJOR 0
#define RAVI_VERSION_MINOR 1
#define RAVI_VERSION_PATCH 0

/* The library's version, "MAJOR.MINOR.PATCH". */
RAVI_API const char *ravi_version(void);

/* ---- status -------------------------------------------------------------------------------- */

/* What a call did. Errors are negative; RAVI_CANCELLED (a callback asked to stop) is not one. */
typedef enum ravi_status {
    RAVI_OK = 0,
    RAVI_CANCELLED = 1,   /* a callback returned non-zero: the call stopped there */
    RAVI_E_INVALID = -1,  /* a bad argument: NULL where a value is needed, a setting out of range,
                           * a call from inside a callback or while a reading holds the engine */
    RAVI_E_NOMEM = -2,    /* out of memory */
    RAVI_E_BUSY = -3,     /* another engine is alive in this process */
    RAVI_E_DATA = -4,     /* Ravi's data (lexicon/, the ezafe or homograph model) or eSpeak NG's
                           * is missing or bad */
    RAVI_E_VOICE = -5,    /* no such voice */
    RAVI_E_LEXICON = -6,  /* a lexicon file is missing, unreadable or has bad lines */
    RAVI_E_INPUT = -7,    /* the input cannot be opened or read */
    RAVI_E_EMPTY = -8,    /* nothing to say: the input is empty, or only punctuation and markup */
    RAVI_E_MARKUP = -9,   /* the SSML document is not well-formed, or not SSML */
    RAVI_E_SYNTH = -10,   /* eSpeak NG failed to synthesize */
    RAVI_E_IO = -11,      /* the system refused something else (a temporary directory) */
} ravi_status;

/* The status's name ("RAVI_E_VOICE"), for logs. */
RAVI_API const char *ravi_status_name(ravi_status status);

/* Something went wrong that did not stop the call: its output is complete, its input was not
 * quite what it should be. */
typedef enum ravi_warning {
    RAVI_W_INVALID_UTF8 = 1, /* invalid bytes were read as U+FFFD (reported once per call) */
} ravi_warning;

/* ---- settings and configuration ------------------------------------------------------------ */

/* How the input is read. AUTO: by the source's name (.html .htm .xhtml, .ssml), else by its
 * first bytes (<speak after an optional XML declaration is SSML, another tag HTML), else text. */
typedef enum ravi_format {
    RAVI_FORMAT_AUTO = 0,
    RAVI_FORMAT_TEXT,
    RAVI_FORMAT_HTML,
    RAVI_FORMAT_SSML,
} ravi_format;

/* Which punctuation is read out by name. NONE is a news reader's: a sentence of nothing but
 * punctuation is skipped. SOME names symbols (@ # $ % & * + = / \ | < > _ ~ ^), ALL every mark,
 * as a screen reader's user may ask. */
typedef enum ravi_punctuation {
    RAVI_PUNCTUATION_NONE = 0,
    RAVI_PUNCTUATION_SOME,
    RAVI_PUNCTUATION_ALL,
} ravi_punctuation;

#define RAVI_RATE_MIN 80
#define RAVI_RATE_MAX 450
#define RAVI_PITCH_MAX 100
#define RAVI_VOLUME_MAX 200
#define RAVI_PAUSE_MAX_MS 10000

/* What a call may change: each call takes a ravi_settings (NULL: the engine's, from its config).
 * Out-of-range values fail the call with RAVI_E_INVALID, an unknown voice with RAVI_E_VOICE. */
typedef struct ravi_settings {
    const char *voice;          /* "fa" (eSpeak NG's Persian), "ravi-male", "ravi-female", or any
                                 * eSpeak NG voice with a variant ("fa+f3"); ravi_voices lists them */
    int rate;                   /* words per minute, RAVI_RATE_MIN..RAVI_RATE_MAX (165) */
    int pitch;                  /* 0..RAVI_PITCH_MAX (50) */
    int volume;                 /* 0..RAVI_VOLUME_MAX (100) */
    ravi_punctuation punctuation; /* (RAVI_PUNCTUATION_NONE) */
    ravi_format format;         /* (RAVI_FORMAT_AUTO) */
    int sentence_pause_ms;      /* silence added after each sentence, 0..RAVI_PAUSE_MAX_MS (0) */
    int paragraph_pause_ms;     /* between paragraphs (300) */
    int headline_pause_ms;      /* after the headline (700) */
} ravi_settings;

/* Fills in the defaults above. */
RAVI_API void ravi_settings_init(ravi_settings *settings);

/* What an engine loads once. Strings are copied by ravi_engine_new. */
typedef struct ravi_config {
    const char *data_dir;       /* Ravi's data: lexicon/, voices/ (NULL: $RAVI_DATA, else the
                                 * directory `make install` filled, PREFIX/share/ravi) */
    const char *const *lexicons; /* more lexicon files (format: lexicon/README.md), in order:
                                 * a later file wins over an earlier one and over the shipped ones */
    size_t nlexicons;
    int shipped_lexicons;       /* 1: load the .tsv files of data_dir/lexicon first (1) */
    int user_lexicon;           /* 1: then $XDG_CONFIG_HOME/ravi/lexicon.tsv, when it exists (1) */
    int ezafe;                  /* 1: predict the unwritten ezafe (1) */
    int homographs;             /* 1: choose the sense of words written alike and said
                                 * differently («کرد» kard / kord) from the sentence; 0: say them
                                 * as eSpeak NG does, whatever the sentence (1) */
    ravi_settings settings;     /* what calls use when they are given no settings of their own */
} ravi_config;

/* Fills in the defaults above (settings: ravi_settings_init). */
RAVI_API void ravi_config_init(ravi_config *config);

/* ---- the engine ---------------------------------------------------------------------------- */

typedef struct ravi_engine ravi_engine;

/* Starts an engine: loads the lexicons, the homograph and ezafe models, starts eSpeak NG with
 * the config's voice. *status (may be NULL) says how it went. On failure the engine returned
 * only holds the error: read it with ravi_engine_error, then ravi_engine_free it (any other call
 * on it returns the same status); NULL is returned only when memory ran out. config NULL: the
 * defaults. RAVI_E_BUSY: another engine is alive. */
RAVI_API ravi_engine *ravi_engine_new(const ravi_config *config, ravi_status *status);
/* Frees the engine (NULL: nothing), and a reading left open on it. Another engine may be started
 * afterwards. */
RAVI_API void ravi_engine_free(ravi_engine *engine);

/* The message of the last call's error on this engine ("" after a call that succeeded). It
 * names the file, line, field or setting at fault, e.g. "names.tsv:12: expected written
 * form<TAB>pronunciation"; some errors take several lines (a lexicon's bad lines), separated by
 * '\n'. Valid until the next call on the engine. */
RAVI_API const char *ravi_engine_error(const ravi_engine *engine);
/* The status of the last call on this engine (for an engine that failed to start: why). */
RAVI_API ravi_status ravi_engine_status(const ravi_engine *engine);

/* Samples per second of the audio the engine makes (eSpeak NG's: 22050). */
RAVI_API int ravi_engine_sample_rate(const ravi_engine *engine);

/* ---- input --------------------------------------------------------------------------------- */

/* A read function for streamed input: fills buf with up to `size` bytes and returns how many,
 * 0 at the end, or -1 on error with errno set (ECANCELED: stop the call, RAVI_CANCELLED). */
typedef long (*ravi_read_fn)(void *ctx, char *buf, size_t size);

/* What a call reads: text in memory, a file, or a stream. Set one of `text`, `path` and `read`
 * (read wins over path, path over text); a source is only described here, never owned. */
typedef struct ravi_source {
    const char *name;           /* names the input in messages and warnings ("FILE: invalid
                                 * UTF-8 at byte 12"), and its extension may give the format
                                 * (NULL: the path, or "text") */
    const char *text;           /* UTF-8 text in memory, `len` bytes */
    size_t len;
    const char *path;           /* a file, read as it is spoken */
    ravi_read_fn read;          /* a stream: read(read_ctx, ...) until it returns 0 */
    void *read_ctx;
} ravi_source;

/* ---- callbacks ----------------------------------------------------------------------------- */

typedef enum ravi_event_type {
    RAVI_EVENT_SENTENCE = 1, /* a sentence starts (after the pause before it) */
    RAVI_EVENT_WORD,         /* a word starts */
    RAVI_EVENT_MARK,         /* an SSML <mark name="..."/> is reached */
    RAVI_EVENT_SENTENCE_END, /* the sentence ends, with the silence after it */
    RAVI_EVENT_METADATA,     /* the document says something about itself: ravi_event.metadata
                              * says what, text is the value (see ravi_metadata) */
    RAVI_EVENT_EXPLANATION,  /* ravi_phonemes with RAVI_PHONEMES_EXPLAIN: why a word is said
                              * as it is (below) */
} ravi_event_type;

/* What an HTML page or SSML document says about itself, found as it is read. Each comes as a
 * RAVI_EVENT_METADATA before the first sentence read after it (a <meta> in an HTML <head>:
 * before the first sentence), or at the end of the input. A later event for the same key
 * replaces an earlier one (a better source was found: <meta name="author"> after a byline).
 * Values are as the document wrote them, whitespace collapsed, at most 512 bytes. */
typedef enum ravi_metadata {
    RAVI_METADATA_NONE = 0,
    RAVI_METADATA_TITLE,     /* the page's title for sharing (og:title, twitter:title, dc.title;
                              * SSML <meta name="title">); the headline read aloud is the first
                              * sentence whose event has `heading` set */
    RAVI_METADATA_AUTHOR,    /* <meta name="author">, article:author, byl, dc.creator, the text of
                              * a byline (rel="author", itemprop="author", class="byline") */
    RAVI_METADATA_DATE,      /* when it was published: article:published_time, datePublished,
                              * <time pubdate>, <meta name="date">… (ISO 8601 as pages write it) */
    RAVI_METADATA_PUBLISHER, /* the site or publication: og:site_name, application-name */
} ravi_metadata;

/* Where something is in the input and in the audio. An event is delivered at its place in the
 * audio stream: when the event callback runs, exactly `sample` samples have gone to the audio
 * callback in this call (or reading), so its audio follows. */
typedef struct ravi_event {
    ravi_event_type type;
    uint64_t sample;            /* samples from the call's first */
    uint64_t ms;                /* the same in milliseconds */
    uint64_t byte_start;        /* the sentence's or word's bytes in the input, [byte_start,
                                 * byte_end); for HTML and SSML, bytes of the markup document;
                                 * a mark: where the word after it starts (both equal) */
    uint64_t byte_end;
    const char *text;           /* the sentence or word as the input wrote it (for markup, the
                                 * text read out of it), `text_len` bytes, not NUL-terminated;
                                 * a mark: its name (NUL-terminated) */
    size_t text_len;
    uint64_t sentence;          /* the number of the sentence, from 0 in each call or reading */
    int paragraph_start;        /* SENTENCE: it opens a paragraph */
    int heading;                /* SENTENCE: it is a headline or heading */
    ravi_metadata metadata;     /* METADATA: what `text` is; byte_start..byte_end is where the
                                 * document says it; `sentence` the number of the next sentence */
    /* EXPLANATION: a stage of Ravi chose how the word is said. byte_start/byte_end are the word's
     * bytes in the input; text is the word as Ravi says it (after the normalizer: «بیست» for
     * «۲۰»), NUL-terminated. A word may have several explanations (a lexicon entry, then the
     * ezafe), one event each, in the order of the stages. Strings valid during the callback. */
    const char *stage;          /* "lexicon", "homograph" or "ezafe" */
    const char *reason;         /* in words, for people: the lexicon entry's file, line and
                                 * pronunciation; the homograph sense and what settled it (written
                                 * vowels, a rule of the list and its file and line, the model's
                                 * score for each sense, the word's default); an ezafe written in
                                 * the text or predicted */
    const char *phonemes;       /* the eSpeak NG mnemonics the stage gave the word, or NULL (an
                                 * ezafe; a lexicon entry written in Persian letters) */
} ravi_event;

/* Each member may be NULL. A non-zero return from any of them cancels the call: it returns
 * RAVI_CANCELLED at once, and no callback runs after that one. */
typedef struct ravi_callbacks {
    /* Audio: `n` 16-bit mono samples at ravi_engine_sample_rate(), in chunks of at most 60 ms.
     * A chunk refused (non-zero) does not count as delivered. */
    int (*audio)(void *ctx, const int16_t *samples, size_t n);
    /* Sentence, word and mark events (speaking calls); explanations (ravi_phonemes). */
    int (*event)(void *ctx, const ravi_event *event);
    /* ravi_normalize and ravi_phonemes: one line of output per sentence (`sentence` says which
     * part of the input it is), `len` bytes, NUL-terminated. */
    int (*text)(void *ctx, const ravi_event *sentence, const char *text, size_t len);
    /* A warning: the call goes on. `message` names the input ("FILE: invalid UTF-8 at byte 12,
     * replaced with U+FFFD"). */
    int (*warning)(void *ctx, ravi_warning warning, const char *message);
} ravi_callbacks;

/* ---- speaking ------------------------------------------------------------------------------ */

/* Reads `len` bytes of UTF-8 (text, HTML or SSML, see settings->format) aloud: audio and events
 * go to the callbacks as they are made, a sentence at a time. settings NULL: the engine's.
 * Returns RAVI_OK, RAVI_CANCELLED, or an error (RAVI_E_EMPTY when there is nothing to say). */
RAVI_API ravi_status ravi_speak(ravi_engine *engine, const char *text, size_t len,
                                const ravi_settings *settings, const ravi_callbacks *callbacks,
                                void *ctx);
/* The same for any source: a 50 MB file is read as it is spoken, in flat memory. */
RAVI_API ravi_status ravi_speak_source(ravi_engine *engine, const ravi_source *source,
                                       const ravi_settings *settings,
                                       const ravi_callbacks *callbacks, void *ctx);

/* ---- text ---------------------------------------------------------------------------------- */

/* The input as it will be spoken: numbers, dates, units and abbreviations as words, the ezafe
 * as a kasra (U+0650) on the word that carries it; one callbacks->text line per sentence. */
RAVI_API ravi_status ravi_normalize(ravi_engine *engine, const ravi_source *source,
                                    const ravi_settings *settings,
                                    const ravi_callbacks *callbacks, void *ctx);

enum ravi_phoneme_flags {
    RAVI_PHONEMES_IPA = 1 << 0,     /* IPA instead of eSpeak NG's phoneme mnemonics */
    RAVI_PHONEMES_EXPLAIN = 1 << 1, /* after each sentence's line, a RAVI_EVENT_EXPLANATION to
                                     * callbacks->event for every word whose pronunciation a stage
                                     * chose: the tool to report or fix a wrong reading */
};

/* The phonemes eSpeak NG speaks for each sentence, on one callbacks->text line per sentence
 * (and, with RAVI_PHONEMES_EXPLAIN, why each word chosen by Ravi sounds so). */
RAVI_API ravi_status ravi_phonemes(ravi_engine *engine, const ravi_source *source,
                                   const ravi_settings *settings, unsigned flags,
                                   const ravi_callbacks *callbacks, void *ctx);

/* For text that arrives in pieces (a chat model's reply, Wyoming's synthesize-chunk events): how
 * many bytes at the start of `text` hold whole sentences, cut where Ravi's reader cuts them, so
 * that a client may speak them now and keep the rest until more comes. Every line but the last
 * is whole (a line is a paragraph), and in the last line every sentence but the last (the last
 * may still grow: "۳." may become "۳.۵"). Plain text only; needs no engine. */
RAVI_API size_t ravi_whole_sentences(const char *text, size_t len);

/* ---- reading a sentence at a time (players) ------------------------------------------------ */

/* A reading: the input's processed sentences handed out one by one, to be spoken in any order
 * (a player going back and forth). Positions (ravi_event.sample) run on through the reading. */
typedef struct ravi_reading ravi_reading;
/* One processed sentence. */
typedef struct ravi_sentence ravi_sentence;

/* Opens a reading of `source`; the callbacks serve every later call on it. */
RAVI_API ravi_status ravi_reading_open(ravi_engine *engine, const ravi_source *source,
                                       const ravi_settings *settings,
                                       const ravi_callbacks *callbacks, void *ctx,
                                       ravi_reading **reading);
/* The next sentence, valid until the next call to ravi_reading_next (copy it to keep it);
 * *sentence is NULL at the end. A reading that ends without a sentence ends with RAVI_E_EMPTY. */
RAVI_API ravi_status ravi_reading_next(ravi_reading *reading, const ravi_sentence **sentence);
/* Speaks a sentence of this reading (the one just handed out, or a kept copy): the pause before
 * it (a paragraph's, the headline's, an SSML break), its audio and events, the sentence pause. */
RAVI_API ravi_status ravi_reading_speak(ravi_reading *reading, const ravi_sentence *sentence);
/* Changes the settings from the next sentence spoken on (the format is the reading's for good). */
RAVI_API ravi_status ravi_reading_set(ravi_reading *reading, const ravi_settings *settings);
RAVI_API void ravi_reading_close(ravi_reading *reading);

/* A copy to keep (NULL when out of memory), and its end. */
RAVI_API ravi_sentence *ravi_sentence_copy(const ravi_sentence *sentence);
RAVI_API void ravi_sentence_free(ravi_sentence *sentence);
/* The sentence described as a RAVI_EVENT_SENTENCE (sample and ms 0): bytes, text, paragraph,
 * heading. The text stays valid as long as the sentence. */
RAVI_API void ravi_sentence_describe(const ravi_sentence *sentence, ravi_event *out);

/* ---- characters ---------------------------------------------------------------------------- */

/* The Persian name of the character at the start of `text` (UTF-8, `len` bytes), as a screen
 * reader says a character on its own or each letter of a word it spells: «بِ» for ب, «هِ دو‌چشم»
 * for ه, «اَلِفِ مَدّ» for آ, «کَسره» for a kasra, «اِی» for a or A, «سه» for 3, ۳ or ٣, «نقطه»
 * for '.', «فاصله» for a space, «نیم‌فاصله» for a zero-width non-joiner. It is Persian text, to be
 * spoken like any other (ravi_speak). *used (may be NULL) gets the character's length in bytes (1
 * for an invalid byte, 0 when len is 0). Returns NULL when Ravi has no name for the character (say
 * the character itself), for an invalid byte, and when len is 0. The name is a static string;
 * needs no engine. */
RAVI_API const char *ravi_character_name(const char *text, size_t len, size_t *used);

/* ---- voices -------------------------------------------------------------------------------- */

typedef struct ravi_voice {
    const char *name;           /* what ravi_settings.voice takes */
    const char *gender;         /* "male", "female" or "-" */
    const char *description;
    int is_ravi;                /* 1: one of Ravi's news voices; 0: eSpeak NG's */
} ravi_voice;

/* Ravi's news voices (data_dir/voices), then eSpeak NG's Persian voices. fn returning non-zero
 * stops the listing (RAVI_CANCELLED). */
RAVI_API ravi_status ravi_voices(ravi_engine *engine, int (*fn)(void *ctx, const ravi_voice *voice),
                                 void *ctx);

/* ---- lexicons ------------------------------------------------------------------------------ */

/* One problem found in a lexicon file: an error (the file is bad) or a note (an entry overrides
 * one of an earlier file with another pronunciation). file NULL: about the check itself (eSpeak
 * NG's phoneme table cannot be read, so [[ ]] names are checked for syntax only). */
typedef struct ravi_lexicon_problem {
    const char *file;
    unsigned line;              /* 1-based; 0: the file as a whole */
    int is_error;
    const char *message;
} ravi_lexicon_problem;

typedef struct ravi_lexicon_checker {
    int (*problem)(void *ctx, const ravi_lexicon_problem *problem);
    /* after each file: how many entries and homograph senses it added, and how many bad lines
     * it has (-1: unreadable) */
    int (*file_done)(void *ctx, const char *file, size_t entries, long bad_lines);
} ravi_lexicon_checker;

/* Checks lexicon files in order, each over the ones before it, against eSpeak NG's Persian
 * phonemes: entries and homograph senses (a note for an entry that hides a homograph's senses). files NULL: what an engine with this config loads (shipped, user, config->lexicons).
 * Needs no engine. Returns RAVI_OK when every file is good, RAVI_E_LEXICON when one is not,
 * RAVI_E_DATA when the phoneme names could not be checked. */
RAVI_API ravi_status ravi_lexicon_check(const ravi_config *config, const char *const *files,
                                        size_t nfiles, const ravi_lexicon_checker *checker,
                                        void *ctx);

typedef struct ravi_lexicon_entry {
    const char *file;
    unsigned line;
    const char *pronunciation;  /* Persian words, or eSpeak NG mnemonics when is_phonemes */
    int is_phonemes;
} ravi_lexicon_entry;

/* One sense of a homograph: a line `written<TAB>[[phonemes]]<TAB>sense:NAME ...` of a lexicon
 * file (lexicon/README-homographs.md). */
typedef struct ravi_sense {
    const char *name;           /* "kard" */
    const char *phonemes;       /* eSpeak NG mnemonics */
    const char *file;
    unsigned line;
    int is_default;             /* said when nothing in the sentence settles the word */
} ravi_sense;

typedef struct ravi_lookup {
    const char *word;
    const char *phonemes;       /* what eSpeak NG says for the entry (or for the word itself) */
    const ravi_lexicon_entry *entries; /* the entry used first, then the ones it overrides */
    size_t nentries;            /* 0: the word is not in the engine's lexicon */
    const ravi_sense *senses;   /* a homograph's senses, in the list's order: the sentence chooses
                                 * one, unless an entry above says the word the same everywhere */
    size_t nsenses;             /* 0: not a homograph (or the engine's homographs are off) */
} ravi_lookup;

/* Looks up a written form (one or more words) in the engine's lexicon and homograph list. */
RAVI_API ravi_status ravi_lexicon_lookup(ravi_engine *engine, const char *word,
                                         int (*fn)(void *ctx, const ravi_lookup *lookup), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
