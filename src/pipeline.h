/* The pipeline: input read a paragraph at a time, cut into sentences, each sentence passed
 * through the stage table (clean → normalize → lexicon → spell → homograph → ezafe → guard) and
 * handed out. */
#ifndef RAVI_PIPELINE_H
#define RAVI_PIPELINE_H

#include "diag.h"
#include "models.h"
#include "read/input.h"
#include "read/segment.h"
#include "token.h"

#define PIPELINE_MAX_STAGES 8

typedef struct pipeline {
    const ravi_config *cfg;
    diag *diag;
    input_format format;       /* how the next input is read (from cfg->settings.format) */
    int keep_punctuation;      /* hand out sentences of punctuation alone (punctuation read out) */
    int explain;               /* stages note why they chose a word's pronunciation (token.note) */
    int text_only;             /* the caller shows the text and says nothing (sentence.text_only) */
    stage_models models;       /* what more than one stage reads, loaded once */
    void *state[PIPELINE_MAX_STAGES];
    size_t nstages;
    input_stream in;
    int input_open;
    int reading;
    segmenter sg;
    paragraph para;    /* the paragraph being segmented */
    int para_sentences; /* sentences handed out from it so far */
    size_t para_marks;  /* its marks given to sentences so far */
    sentence sent;
    int reported_invalid;
    int in_paragraph; /* a paragraph is being segmented */
    uint64_t sentences; /* handed out since the input started */
    strbuf pending;     /* names of marks waiting for the next sentence (NUL after each) */
    size_t npending;
} pipeline;

/* Opens every stage for the configuration (borrowed: it must outlive the pipeline). Errors go to
 * d (may be NULL). Returns 0, or -1 after an error. */
int pipeline_open(pipeline *p, const ravi_config *cfg, diag *d);
/* Starts reading text in memory (borrowed), a file, or a source as the public API describes it,
 * in p->format (or the one recognised). Returns 0, or -1 after an error. */
int pipeline_start_text(pipeline *p, const char *text, size_t len);
int pipeline_start_file(pipeline *p, const char *path);
int pipeline_start_source(pipeline *p, const ravi_source *src);
/* Closes the input (a file it opened), if any. */
void pipeline_end_input(pipeline *p);
/* The next processed sentence. Returns 1, 0 at the end, -1 after an error (or a cancel: a
 * warning callback or the source's read function asked to stop). */
int pipeline_next(pipeline *p, sentence **out);
/* The marks left when the input has ended (after its last sentence): their number, and each. */
size_t pipeline_trailing_marks(const pipeline *p);
const char *pipeline_trailing_mark(const pipeline *p, size_t i);
/* 1 when invalid UTF-8 was met (and reported) in the input. */
int pipeline_saw_invalid_utf8(const pipeline *p);
/* What the input (HTML, SSML) has said about itself so far; NULL when nothing can be said. */
page_meta *pipeline_metadata(pipeline *p);
/* What the input is called in messages. */
const char *pipeline_input_name(const pipeline *p);
void pipeline_close(pipeline *p);

/* The state of the stage called `name` (NULL when it has none, or no such stage). */
void *pipeline_stage_state(const pipeline *p, const char *name);

/* The names of the stages, in order, for --help and tests. */
const char *pipeline_stage_name(size_t i);

#endif
