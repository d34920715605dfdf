/* The pipeline: input read a paragraph at a time, cut into sentences, each sentence passed
 * through the stage table (clean → normalize → lexicon → homograph → ezafe) and handed out. */
#ifndef RAVI_PIPELINE_H
#define RAVI_PIPELINE_H

#include "options.h"
#include "read/input.h"
#include "read/segment.h"
#include "token.h"

#define PIPELINE_MAX_STAGES 8

typedef struct pipeline {
    const ravi_options *opt;
    void *state[PIPELINE_MAX_STAGES];
    size_t nstages;
    input_stream in;
    int input_open;
    int reading;
    segmenter sg;
    paragraph para;    /* the paragraph being segmented */
    int para_sentences; /* sentences handed out from it so far */
    sentence sent;
    int reported_invalid;
    int in_paragraph; /* a paragraph is being segmented */
} pipeline;

/* Opens every stage. Prints a message and returns -1 on failure. */
int pipeline_open(pipeline *p, const ravi_options *opt);
/* Starts reading a file ("-": standard input), or text in memory, in the options' input format
 * (or the one recognised). Returns 0, or -1 after a message. */
int pipeline_start_file(pipeline *p, const char *path);
int pipeline_start_text(pipeline *p, const char *text, size_t len);
/* The next processed sentence. Returns 1, 0 at the end, -1 after printing an error. */
int pipeline_next(pipeline *p, sentence **out);
/* 1 when invalid UTF-8 was met (and reported) in the input. */
int pipeline_saw_invalid_utf8(const pipeline *p);
void pipeline_close(pipeline *p);

/* The names of the stages, in order, for --help and tests. */
const char *pipeline_stage_name(size_t i);

#endif
