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

/* The public and the reader's names for the formats are one list. */
_Static_assert((int)INPUT_AUTO == (int)RAVI_FORMAT_AUTO && (int)INPUT_TEXT == (int)RAVI_FORMAT_TEXT &&
                   (int)INPUT_HTML == (int)RAVI_FORMAT_HTML && (int)INPUT_SSML == (int)RAVI_FORMAT_SSML,
               "input_format follows ravi_format");

const char *pipeline_stage_name(size_t i)
{
    return i < NSTAGES ? stages[i]->name : NULL;
}

void *pipeline_stage_state(const pipeline *p, const char *name)
{
    for (size_t i = 0; i < p->nstages; i++)
        if (!strcmp(stages[i]->name, name))
            return p->state[i];
    return NULL;
}

int pipeline_open(pipeline *p, const ravi_config *cfg, diag *d)
{
    memset(p, 0, sizeof *p);
    p->cfg = cfg;
    p->diag = d;
    p->format = (input_format)cfg->settings.format;
    para_init(&p->para);
    sentence_init(&p->sent);
    segmenter_init(&p->sg);
    sb_init(&p->pending);
    stage_models_init(&p->models, cfg);
    for (size_t i = 0; i < NSTAGES; i++) {
        if (stages[i]->open && stages[i]->open(cfg, &p->models, d, &p->state[i])) {
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

void pipeline_end_input(pipeline *p)
{
    close_input(p);
}

/* A new input: nothing of the last one's carries over. */
static void reset_input_state(pipeline *p)
{
    close_input(p);
    p->reported_invalid = 0;
    p->sentences = 0;
    p->para_marks = p->para.nmarks;
    sb_reset(&p->pending);
    p->npending = 0;
    p->sg.invalid_utf8 = 0;
    p->sg.first_invalid = 0;
}

static int started(pipeline *p, int rc)
{
    if (rc)
        return -1;
    p->input_open = p->reading = 1;
    return 0;
}

int pipeline_start_text(pipeline *p, const char *text, size_t len)
{
    reset_input_state(p);
    return started(p, input_open_memory(&p->in, text, len, NULL, p->format, p->diag));
}

int pipeline_start_file(pipeline *p, const char *path)
{
    reset_input_state(p);
    return started(p, input_open_path(&p->in, path, NULL, p->format, p->diag));
}

int pipeline_start_source(pipeline *p, const ravi_source *src)
{
    reset_input_state(p);
    if (src->read)
        return started(p, input_open_stream(&p->in, src->name, src->read, src->read_ctx,
                                            p->format, p->diag));
    if (src->path)
        return started(p, input_open_path(&p->in, src->path, src->name, p->format, p->diag));
    return started(p, input_open_memory(&p->in, src->text ? src->text : "", src->text ? src->len : 0,
                                        src->name, p->format, p->diag));
}

page_meta *pipeline_metadata(pipeline *p)
{
    return p->input_open ? input_meta(&p->in) : NULL;
}

const char *pipeline_input_name(const pipeline *p)
{
    return p->in.rd.name ? p->in.rd.name : "text";
}

/* Reports invalid bytes once per input. -1 when the warning's callback asked to stop. */
static int report_invalid_utf8(pipeline *p)
{
    if (p->reported_invalid)
        return 0;
    /* plain text: the segmenter met them; markup: the input replaced them before parsing */
    if (p->sg.invalid_utf8 || p->in.invalid_utf8) {
        uint64_t at = p->sg.invalid_utf8 ? p->sg.first_invalid : p->in.first_invalid;
        diag_warn(p->diag, RAVI_W_INVALID_UTF8, "%s: invalid UTF-8 at byte %llu, replaced with U+FFFD",
                  pipeline_input_name(p), (unsigned long long)at);
        p->reported_invalid = 1;
        if (p->diag && p->diag->stopped)
            return diag_cancel(p->diag);
    }
    return 0;
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

/* The paragraph's marks left unplaced wait for the next sentence handed out. */
static int hold_marks(pipeline *p, const char *name)
{
    if (sb_puts(&p->pending, name) || sb_putc(&p->pending, '\0'))
        return -1;
    p->npending++;
    return 0;
}

static int hold_paragraph_marks(pipeline *p)
{
    for (; p->para_marks < p->para.nmarks; p->para_marks++)
        if (hold_marks(p, para_mark_name(&p->para, p->para_marks)))
            return -1;
    return 0;
}

/* SSML marks: those held from before come first; then the paragraph's marks that stand before
 * the sentence's end (all that are left, for its last sentence). Runs on the text's own offsets,
 * before map_to_source. */
static int place_marks(pipeline *p, sentence *s)
{
    for (size_t i = 0, at = 0; i < p->npending; i++) {
        const char *name = p->pending.s + at;
        if (sentence_add_mark(s, 0, name, strlen(name)))
            return -1;
        at += strlen(name) + 1;
    }
    sb_reset(&p->pending);
    p->npending = 0;
    int last = segmenter_done(&p->sg);
    for (; p->para_marks < p->para.nmarks; p->para_marks++) {
        const para_mark *m = &p->para.marks[p->para_marks];
        if (!last && m->pos > s->src_end)
            break;
        size_t at = m->pos <= s->src_start ? 0 : (size_t)(m->pos - s->src_start);
        const char *name = para_mark_name(&p->para, p->para_marks);
        if (sentence_add_mark(s, at >= s->source_len ? SENTENCE_MARK_END : at, name, strlen(name)))
            return -1;
    }
    return 0;
}

/* A sentence with nothing to say passes its marks on to the next one. */
static int pass_marks_on(pipeline *p, const sentence *s)
{
    for (size_t i = 0; i < s->nmarks; i++)
        if (hold_marks(p, s->marks[i].name))
            return -1;
    return 0;
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
    s->explain = p->explain;
    s->text_only = p->text_only;
    for (size_t i = 0; i < p->nstages; i++)
        if (stages[i]->run(p->state[i], s))
            return diag_fail(p->diag, RAVI_E_NOMEM, "out of memory in the %s stage", stages[i]->name);
    return 0;
}

/* The segmenter's next sentence, processed: 1 handed out, 0 skipped, -1 error. */
static int process_sentence(pipeline *p, sentence *s)
{
    if ((p->para.nmarks || p->npending) && place_marks(p, s))
        return diag_nomem(p->diag);
    describe_sentence(p, s);
    p->para_sentences++;
    if (run_stages(p, s))
        return -1;
    if (!sentence_has_words(s) && !(p->keep_punctuation && s->n)) {
        /* nothing left to say, or only punctuation to name */
        return pass_marks_on(p, s) ? diag_nomem(p->diag) : 0;
    }
    p->sentences++;
    return 1;
}

int pipeline_next(pipeline *p, sentence **out)
{
    while (p->reading) {
        if (p->in_paragraph) {
            int r = segmenter_next(&p->sg, &p->sent);
            if (report_invalid_utf8(p))
                return -1;
            if (r < 0)
                return diag_nomem(p->diag);
            if (r > 0) {
                r = process_sentence(p, &p->sent);
                if (r < 0)
                    return -1;
                if (r == 0)
                    continue;
                *out = &p->sent;
                return 1;
            }
            p->in_paragraph = 0;
            if (hold_paragraph_marks(p))
                return diag_nomem(p->diag);
        }
        int r = input_next(&p->in, &p->para);
        if (report_invalid_utf8(p))
            return -1;
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
        p->para_marks = 0;
        p->in_paragraph = 1;
    }
    return 0;
}

size_t pipeline_trailing_marks(const pipeline *p)
{
    return p->reading ? 0 : p->npending;
}

const char *pipeline_trailing_mark(const pipeline *p, size_t i)
{
    const char *name = p->pending.s;
    while (i-- > 0)
        name += strlen(name) + 1;
    return name;
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
    stage_models_free(&p->models); /* after the stages that borrowed them */
    close_input(p);
    para_free(&p->para);
    sentence_free(&p->sent);
    sb_free(&p->pending);
}
