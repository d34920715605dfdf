/* libFuzzer target: arbitrary bytes as what speech-dispatcher writes to sd_ravi (src/sd/proto.c),
 * read whole and again cut into pieces: both readings must give the same commands. Each command
 * goes where the module sends it: SET values to the parameters (which must stay in range), CHAR
 * and KEY to their names, SPEAK spelt (libxml2's HTML parser over the message), data through the
 * 705 audio and 700 mark writers, which must decode back to what went in. The same bytes are also
 * read as ravi.conf. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sd/conf.h"
#include "sd/names.h"
#include "sd/out.h"
#include "sd/params.h"
#include "sd/proto.h"

#define MAX_SPELT 4096 /* spelling is linear; longer messages only slow the search */

typedef struct session {
    strbuf trace;   /* every command, for comparing two readings */
    sd_params params;
    strbuf doc;
} session;

static void check_params(const sd_params *p)
{
    if (p->rate < -100 || p->rate > 100 || p->pitch < -100 || p->pitch > 100 || p->volume < -100 ||
        p->volume > 100 || p->pitch_range < -100 || p->pitch_range > 100 ||
        strlen(p->synthesis_voice) >= SD_NAME_MAX || strlen(p->language) >= SD_NAME_MAX)
        abort();
    sd_config c;
    if (sd_config_init(&c))
        abort();
    ravi_settings s;
    sd_params_settings(p, &c, NULL, &s);
    if (s.rate < RAVI_RATE_MIN || s.rate > RAVI_RATE_MAX || s.pitch < 0 || s.pitch > RAVI_PITCH_MAX ||
        s.volume < 0 || s.volume > RAVI_VOLUME_MAX || !s.voice)
        abort();
    sd_config_free(&c);
}

/* The audio writer's escape undone must give the samples back; a mark's line holds no newline. */
static void check_writers(const char *text, size_t len)
{
    sd_out o;
    sd_out_init(&o, -1);
    size_t n = len / 2;
    int16_t *samples = n ? malloc(n * sizeof *samples) : NULL;
    if (n && !samples)
        abort();
    if (n)
        memcpy(samples, text, n * sizeof *samples);
    if (sd_out_audio(&o, samples, n, 22050))
        abort();
    static const char tag[] = "705-AUDIO"; /* and its NUL */
    const char *p = o.bytes.s;
    while (memcmp(p, tag, sizeof tag))
        p++;
    p += sizeof tag;
    const char *end = memchr(p, '\n', (size_t)(o.bytes.s + o.bytes.len - p));
    unsigned char *back = malloc(n * 2 + 1);
    size_t k = 0;
    for (; p < end; p++)
        back[k++] = (unsigned char)(*p == 0x7d ? (*++p ^ 0x20) : *p);
    if (k != n * 2 || (k && memcmp(back, samples, k)) || strcmp(end, "\n705 AUDIO\n"))
        abort();
    free(back);
    free(samples);
    sd_out_drop(&o); /* nothing written: an audio message is dropped whole */
    if (sd_out_pending(&o))
        abort();
    char *name = malloc(len + 1);
    memcpy(name, text, len);
    name[len] = '\0';
    if (sd_out_mark(&o, name) || sd_out_line(&o, "200 OK"))
        abort();
    const char *nl = memchr(o.bytes.s, '\n', o.bytes.len);
    if (!nl || strncmp(nl + 1, "700 INDEX MARK\n", 15))
        abort();
    sd_out_drop(&o); /* the mark goes, the reply stays */
    if (strcmp(o.bytes.s, "200 OK\n"))
        abort();
    free(name);
    sd_out_free(&o);
}

static int on_command(void *ctx, const sd_command *cmd)
{
    session *ss = ctx;
    sb_printf(&ss->trace, "%d %d %zu %zu %zu|", (int)cmd->kind, (int)cmd->phase, cmd->len,
              cmd->lines, cmd->nparams);
    sb_append(&ss->trace, cmd->text, cmd->len);
    if (cmd->text[cmd->len] != '\0' || cmd->line[cmd->line_len] != '\0')
        abort();
    if (cmd->phase != SD_PHASE_DONE)
        return 0;
    for (size_t i = 0; i < cmd->nparams; i++) {
        char why[256];
        sb_printf(&ss->trace, "%s=%s|", cmd->params[i].name, cmd->params[i].value);
        sd_params_set(&ss->params, cmd->params[i].name, cmd->params[i].value, why, sizeof why);
        check_params(&ss->params);
    }
    switch (cmd->kind) {
    case SD_CMD_CHAR:
        if (sd_char_ssml(cmd->text, cmd->len, SD_CAPS_SPELL, &ss->doc))
            abort();
        break;
    case SD_CMD_KEY:
        if (sd_key_ssml(cmd->text, cmd->len, SD_CAPS_NONE, &ss->doc))
            abort();
        break;
    case SD_CMD_SPEAK:
        if (cmd->len <= MAX_SPELT && sd_spell_ssml(cmd->text, cmd->len, SD_CAPS_ICON, &ss->doc))
            abort();
        check_writers(cmd->text, cmd->len < MAX_SPELT ? cmd->len : MAX_SPELT);
        break;
    default:
        break;
    }
    return 0;
}

/* Reads the input in pieces of the given sizes (cycling), 0: whole. */
static void read_session(const uint8_t *data, size_t size, const uint8_t *cuts, size_t ncuts, strbuf *trace)
{
    session ss;
    sb_init(&ss.trace);
    sb_init(&ss.doc);
    sd_params_init(&ss.params);
    sd_reader r;
    sd_reader_init(&r);
    for (size_t at = 0, i = 0; at < size; i++) {
        size_t n = ncuts ? (size_t)cuts[i % ncuts] % 97 + 1 : size;
        if (n > size - at)
            n = size - at;
        if (sd_reader_feed(&r, (const char *)data + at, n, on_command, &ss))
            abort();
        at += n;
    }
    const char *unfinished = sd_reader_unfinished(&r);
    sb_puts(&ss.trace, unfinished ? unfinished : "(end)");
    sd_reader_free(&r);
    sb_free(&ss.doc);
    *trace = ss.trace;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    strbuf whole, pieces;
    read_session(data, size, NULL, 0, &whole);
    read_session(data, size, data, size < 16 ? size : 16, &pieces);
    if (whole.len != pieces.len || (whole.len && memcmp(whole.s, pieces.s, whole.len)))
        abort(); /* the commands depend on how the bytes were cut */
    sb_free(&whole);
    sb_free(&pieces);

    sd_config c;
    strbuf err;
    sb_init(&err);
    if (sd_config_init(&c))
        abort();
    if (sd_config_parse(&c, "ravi.conf", (const char *)data, size, &err) == 0 &&
        (c.min_rate > c.normal_rate || c.normal_rate > c.max_rate))
        abort();
    sd_config_free(&c);
    sb_free(&err);
    return 0;
}
