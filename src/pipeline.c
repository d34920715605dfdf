#include "pipeline.h"
#include "stage.h"

#include <string.h>

/* The stage table: adding a stage is adding its file and a line here. */
static const stage *const stages[] = {
    &stage_clean,
    &stage_normalize,
    &stage_lexicon,
    &stage_spell,
    &stage_homograph,
    &stage_ezafe,
    &stage_guard, /* last: what eSpeak NG 1.51 must never be handed (src/guard/rules.c) */
};
#define NSTAGES (sizeof stages / sizeof *stages)

const char *pipeline_stage_name(size_t i)
{
    return i < NSTAGES ? stages[i]->name : NULL;
}

int pipeline_open(pipeline *p, const ravi_options *opt)
{
    memset(p, 0, sizeof *p);
    p->opt = opt;
    para_init(&p->para);
    sentence_init(&p->sent);
    segmenter_init(&p->sg);
    for (size_t i = 0; i < NSTAGES; i++) {
        if (stages[i]->open && stages[i]->open(opt, &p->state[i])) {
            p->nstages = i;
            pipeline_close(p);
            return -1;
        }
        p->nstages = i + 1;
    }
    return 0;
}

static void close_input(pipeline *p)
{
    if (p->input_open)
        input_close(&p->in);
    p->input_open = p->reading = p->in_paragraph = 0;
}

int pipeline_start_file(pipeline *p, const char *path)
{
    close_input(p);
    if (input_open_file(&p->in, path, (input_format)p->opt->input_format))
        return -1;
    p->input_open = p->reading = 1;
    return 0;
}

int pipeline_start_text(pipeline *p, const char *text, size_t len)
{
    close_input(p);
    if (input_open_memory(&p->in, text, len, (input_format)p->opt->input_format))
        return -1;
    p->input_open = p->reading = 1;
    return 0;
}

static void report_invalid_utf8(pipeline *p)
{
    if (p->reported_invalid)
        return;
    /* plain text: the segmenter met them; markup: the input replaced them before parsing */
    if (p->sg.invalid_utf8 || p->in.invalid_utf8) {
        uint64_t at = p->sg.invalid_utf8 ? p->sg.first_invalid : p->in.first_invalid;
        ravi_error("%s: invalid UTF-8 at byte %llu, replaced with U+FFFD", p->in.rd.name,
                   (unsigned long long)at);
        p->reported_invalid = 1;
    }
}

/* Markup input: the segmenter counted bytes of the extracted text; the paragraph's run map
 * turns them into offsets in the file. */
static void map_to_source(const paragraph *para, sentence *s)
{
    if (!para->nruns)
        return;
    for (size_t i = 0; i < s->n; i++) {
        token *t = &s->tok[i];
        uint64_t end = para_source_end(para, (size_t)t->src_end);
        t->src_start = para_source_offset(para, (size_t)t->src_start);
        t->src_end = end > t->src_start ? end : t->src_start;
    }
    s->src_start = s->n ? s->tok[0].src_start : 0;
    s->src_end = s->n ? s->tok[s->n - 1].src_end : 0;
}

/* What the reader knew about the paragraph: heading, SSML markup, a break before its first
 * sentence. */
static void describe_sentence(pipeline *p, sentence *s)
{
    map_to_source(&p->para, s);
    s->is_heading = p->para.heading != 0;
    if (p->para_sentences == 0 && p->para.has_break) {
        s->has_break = 1;
        s->break_ms = p->para.break_ms;
    }
    if (p->para.ssml_open.len) {
        s->ssml_open = p->para.ssml_open.s;
        s->ssml_close = p->para.ssml_close.s ? p->para.ssml_close.s : "";
    }
}

static int run_stages(pipeline *p, sentence *s)
{
    for (size_t i = 0; i < p->nstages; i++)
        if (stages[i]->run(p->state[i], s))
            return -1;
    return 0;
}

int pipeline_next(pipeline *p, sentence **out)
{
    while (p->reading) {
        if (p->in_paragraph) {
            int r = segmenter_next(&p->sg, &p->sent);
            report_invalid_utf8(p);
            if (r < 0) {
                ravi_error("out of memory");
                return -1;
            }
            if (r > 0) {
                describe_sentence(p, &p->sent);
                p->para_sentences++;
                if (run_stages(p, &p->sent))
                    return -1;
                if (!sentence_has_words(&p->sent))
                    continue; /* nothing left to say, or only punctuation to name */
                *out = &p->sent;
                return 1;
            }
            p->in_paragraph = 0;
        }
        int r = input_next(&p->in, &p->para);
        report_invalid_utf8(p);
        if (r < 0)
            return -1;
        if (r == 0) {
            p->reading = 0;
            break;
        }
        /* markup text is segmented at its own offsets, mapped to the file's afterwards */
        segmenter_start(&p->sg, p->para.text.s ? p->para.text.s : "", p->para.text.len,
                        p->para.nruns ? 0 : p->para.start, p->para.opens);
        p->para_sentences = 0;
        p->in_paragraph = 1;
    }
    return 0;
}

int pipeline_saw_invalid_utf8(const pipeline *p)
{
    return p->sg.invalid_utf8 > 0 || p->in.invalid_utf8 > 0;
}

void pipeline_close(pipeline *p)
{
    for (size_t i = p->nstages; i-- > 0;)
        if (stages[i]->close)
            stages[i]->close(p->state[i]);
    p->nstages = 0;
    close_input(p);
    para_free(&p->para);
    sentence_free(&p->sent);
}
