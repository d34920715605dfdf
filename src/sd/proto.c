#include "proto.h"

#include <string.h>

static const struct {
    const char *name;
    sd_command_kind kind;
    int block; /* 0 none, 1 data, 2 parameters */
} commands[] = {
    {"INIT", SD_CMD_INIT, 0},         {"SPEAK", SD_CMD_SPEAK, 1},
    {"CHAR", SD_CMD_CHAR, 1},         {"KEY", SD_CMD_KEY, 1},
    {"SOUND_ICON", SD_CMD_SOUND_ICON, 1}, {"STOP", SD_CMD_STOP, 0},
    {"PAUSE", SD_CMD_PAUSE, 0},       {"SET", SD_CMD_SET, 2},
    {"AUDIO", SD_CMD_AUDIO, 2},       {"LOGLEVEL", SD_CMD_LOGLEVEL, 2},
    {"LIST VOICES", SD_CMD_LIST_VOICES, 0}, {"QUIT", SD_CMD_QUIT, 0},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

const char *sd_command_name(sd_command_kind kind)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].kind == kind)
            return commands[i].name;
    return kind == SD_CMD_DEBUG ? "DEBUG" : "an unknown command";
}

static int block_of(sd_command_kind kind)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].kind == kind)
            return commands[i].block;
    return 0;
}

void sd_reader_init(sd_reader *r)
{
    memset(r, 0, sizeof *r);
    sb_init(&r->line);
    sb_init(&r->command);
    sb_init(&r->data);
}

void sd_reader_free(sd_reader *r)
{
    sb_free(&r->line);
    sb_free(&r->command);
    sb_free(&r->data);
}

/* A command line (without its newline) names a command exactly; DEBUG takes words after it. */
static sd_command_kind kind_of(const char *line, size_t n)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strlen(commands[i].name) == n && !memcmp(commands[i].name, line, n))
            return commands[i].kind;
    if (n >= 5 && !memcmp(line, "DEBUG", 5) && (n == 5 || line[5] == ' '))
        return SD_CMD_DEBUG;
    return SD_CMD_UNKNOWN;
}

static const char *text_of(const strbuf *b)
{
    return b->s ? b->s : "";
}

/* ---- one line at a time -------------------------------------------------------------------- */

static int command_line(sd_reader *r, const char *line, size_t n, sd_command_fn fn, void *ctx)
{
    sd_command cmd = {0};
    cmd.kind = r->line_too_long ? SD_CMD_UNKNOWN : kind_of(line, n);
    cmd.phase = SD_PHASE_DONE;
    cmd.line = line;
    cmd.line_len = n;
    cmd.text = "";
    if (block_of(cmd.kind)) {
        sb_reset(&r->command);
        sb_reset(&r->data);
        if (sb_append(&r->command, line, n))
            return -1;
        r->in_block = 1;
        r->block = cmd.kind;
        r->lines = r->nparams = 0;
        r->data_too_long = 0;
        r->error = NULL;
        cmd.phase = SD_PHASE_OPEN;
    }
    return fn(ctx, &cmd);
}

static int data_line(sd_reader *r, const char *line, size_t n)
{
    if (n && line[0] == '.') { /* the server's escape of a line that starts with a dot */
        line++;
        n--;
    }
    r->lines++;
    if (r->data_too_long || r->data.len + n + 1 > SD_MAX_MESSAGE) {
        r->data_too_long = 1;
        sb_reset(&r->data);
        return 0;
    }
    return sb_append(&r->data, line, n) || sb_putc(&r->data, '\n') ? -1 : 0;
}

static int param_line(sd_reader *r, const char *line, size_t n)
{
    const char *eq = memchr(line, '=', n);
    if (!eq || eq == line) {
        r->error = "a parameter line is not name=value";
        return 0;
    }
    if (r->nparams == SD_MAX_PARAMS) {
        r->error = "too many parameters";
        return 0;
    }
    size_t at = r->data.len;
    if (sb_append(&r->data, line, n) || sb_putc(&r->data, '\0'))
        return -1;
    r->data.s[at + (size_t)(eq - line)] = '\0'; /* name, then value, each NUL-terminated */
    r->param_at[r->nparams] = at;
    r->value_at[r->nparams++] = at + (size_t)(eq - line) + 1;
    return 0;
}

static int end_block(sd_reader *r, sd_command_fn fn, void *ctx)
{
    sd_command cmd = {0};
    sd_param params[SD_MAX_PARAMS];
    cmd.kind = r->block;
    cmd.phase = SD_PHASE_DONE;
    cmd.line = text_of(&r->command);
    cmd.line_len = r->command.len;
    cmd.text = "";
    cmd.error = r->error;
    if (block_of(r->block) == 2) {
        for (size_t i = 0; i < r->nparams; i++) {
            params[i].name = r->data.s + r->param_at[i];
            params[i].value = r->data.s + r->value_at[i];
        }
        cmd.params = params;
        cmd.nparams = r->nparams;
    } else if (r->data_too_long) {
        cmd.error = "the message is longer than the module takes (32 MiB)";
        cmd.lines = r->lines;
    } else {
        if (r->data.len) /* the newline after the last line is the protocol's, not the text's */
            r->data.s[--r->data.len] = '\0';
        cmd.text = text_of(&r->data);
        cmd.len = r->data.len;
        cmd.lines = r->lines;
    }
    r->in_block = 0;
    return fn(ctx, &cmd);
}

static int one_line(sd_reader *r, const char *line, size_t n, sd_command_fn fn, void *ctx)
{
    if (!r->in_block)
        return command_line(r, line, n, fn, ctx);
    if (n == 1 && line[0] == '.')
        return end_block(r, fn, ctx);
    if (r->line_too_long && block_of(r->block) == 2) {
        r->error = "a parameter line is too long";
        return 0;
    }
    return block_of(r->block) == 1 ? data_line(r, line, n) : param_line(r, line, n);
}

/* ---- bytes --------------------------------------------------------------------------------- */

/* Keeps the bytes of a line being read; a command or parameter line past SD_MAX_LINE is only
 * marked too long (what it said no longer matters), a data line is kept whole. */
static int keep(sd_reader *r, const char *p, size_t n)
{
    if (r->line_too_long)
        return 0;
    int data = r->in_block && block_of(r->block) == 1;
    if (!data && r->line.len + n > SD_MAX_LINE) {
        r->line_too_long = 1;
        sb_reset(&r->line);
        return 0;
    }
    if (data && r->data.len + r->line.len + n > SD_MAX_MESSAGE) {
        r->line_too_long = 1; /* the message is too long: data_line says so */
        r->data_too_long = 1;
        sb_reset(&r->line);
        return 0;
    }
    return sb_append(&r->line, p, n);
}

int sd_reader_feed(sd_reader *r, const char *buf, size_t n, sd_command_fn fn, void *ctx)
{
    while (n > 0) {
        const char *nl = memchr(buf, '\n', n);
        size_t k = nl ? (size_t)(nl - buf) : n;
        if (keep(r, buf, k))
            return -1;
        buf += k;
        n -= k;
        if (!nl)
            break;
        buf++;
        n--;
        int rc = one_line(r, text_of(&r->line), r->line.len, fn, ctx);
        r->line_too_long = 0;
        sb_reset(&r->line);
        if (rc)
            return rc;
    }
    return 0;
}

const char *sd_reader_unfinished(const sd_reader *r)
{
    if (r->in_block) {
        switch (r->block) {
        case SD_CMD_SPEAK: return "SPEAK: the input ended before the closing '.' line";
        case SD_CMD_CHAR: return "CHAR: the input ended before the closing '.' line";
        case SD_CMD_KEY: return "KEY: the input ended before the closing '.' line";
        case SD_CMD_SOUND_ICON: return "SOUND_ICON: the input ended before the closing '.' line";
        case SD_CMD_SET: return "SET: the input ended before the closing '.' line";
        case SD_CMD_AUDIO: return "AUDIO: the input ended before the closing '.' line";
        case SD_CMD_LOGLEVEL: return "LOGLEVEL: the input ended before the closing '.' line";
        default: return "the input ended inside a block";
        }
    }
    if (r->line.len || r->line_too_long)
        return "the input ended inside a command line (no newline)";
    return NULL;
}
