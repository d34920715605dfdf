#include "pipeline.h"
#include "stage.h"

#include <string.h>

/* The stage table: adding a stage is adding its file and a line here. */
static const stage *const stages[] = {
    &stage_clean,
    &stage_normalize,
    &stage_lexicon,
    &stage_ezafe,
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
    sb_init(&p->para);
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

int pipeline_start_file(pipeline *p, const char *path)
{
    if (reader_open(&p->rd, path))
        return -1;
    p->reading = 1;
    return 0;
}

void pipeline_start_text(pipeline *p, const char *text, size_t len)
{
    reader_open_memory(&p->rd, text, len);
    p->reading = 1;
}

static void report_invalid_utf8(pipeline *p)
{
    if (p->sg.invalid_utf8 && !p->reported_invalid) {
        ravi_error("%s: invalid UTF-8 at byte %llu, replaced with U+FFFD", p->rd.name,
                   (unsigned long long)p->sg.first_invalid);
        p->reported_invalid = 1;
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
                if (run_stages(p, &p->sent))
                    return -1;
                if (p->sent.n == 0)
                    continue; /* nothing left to say */
                *out = &p->sent;
                return 1;
            }
            p->in_paragraph = 0;
        }
        uint64_t start;
        int opens;
        int r = reader_next(&p->rd, &p->para, &start, &opens);
        if (r < 0)
            return -1;
        if (r == 0) {
            p->reading = 0;
            break;
        }
        segmenter_start(&p->sg, p->para.s, p->para.len, start, opens);
        p->in_paragraph = 1;
    }
    return 0;
}

int pipeline_saw_invalid_utf8(const pipeline *p)
{
    return p->sg.invalid_utf8 > 0;
}

void pipeline_close(pipeline *p)
{
    for (size_t i = p->nstages; i-- > 0;)
        if (stages[i]->close)
            stages[i]->close(p->state[i]);
    p->nstages = 0;
    if (p->reading || p->rd.name)
        reader_close(&p->rd);
    sb_free(&p->para);
    sentence_free(&p->sent);
}
