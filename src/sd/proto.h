/* The output-module protocol of speech-dispatcher, as the server writes it to a module's standard
 * input ("Communication Protocol for Output Modules" in speech-dispatcher's manual): command
 * lines, and blocks of lines that end with a line holding a single dot. This reader turns bytes,
 * however they are cut, into commands; it never writes anything (the module answers).
 *
 *   SPEAK, CHAR, KEY, SOUND_ICON   a data block: the message, lines starting with a dot escaped by
 *                                  a second dot; CHAR, KEY and SOUND_ICON take one line
 *   SET, AUDIO, LOGLEVEL           a block of name=value lines
 *   INIT, STOP, PAUSE, LIST VOICES, QUIT, DEBUG ON FILE, DEBUG OFF   one line */
#ifndef RAVI_SD_PROTO_H
#define RAVI_SD_PROTO_H

#include <stddef.h>

#include "../util.h"

/* Longest message kept (bytes of data): a longer one is read to its end and refused. */
#define SD_MAX_MESSAGE (32u << 20)
/* Longest command or parameter line; parameters in one block. */
#define SD_MAX_LINE 4096
#define SD_MAX_PARAMS 64

typedef enum sd_command_kind {
    SD_CMD_INIT,
    SD_CMD_SPEAK,
    SD_CMD_CHAR,
    SD_CMD_KEY,
    SD_CMD_SOUND_ICON,
    SD_CMD_STOP,
    SD_CMD_PAUSE,
    SD_CMD_SET,
    SD_CMD_AUDIO,
    SD_CMD_LOGLEVEL,
    SD_CMD_LIST_VOICES,
    SD_CMD_DEBUG,
    SD_CMD_QUIT,
    SD_CMD_UNKNOWN,
} sd_command_kind;

/* A command with a block is reported twice: when its line arrives (the module answers that it
 * is receiving), then when the block has ended. */
typedef enum sd_phase {
    SD_PHASE_OPEN,
    SD_PHASE_DONE,
} sd_phase;

typedef struct sd_param {
    const char *name, *value; /* value: what follows the first '=' */
} sd_param;

typedef struct sd_command {
    sd_command_kind kind;
    sd_phase phase;
    const char *line;          /* the command line, without its newline (NUL-terminated) */
    size_t line_len;
    /* SPEAK, CHAR, KEY, SOUND_ICON: the data, dots unescaped, lines joined by '\n' without the
     * last one (NUL-terminated, may hold NULs of its own), and how many lines it had */
    const char *text;
    size_t len;
    size_t lines;
    /* SET, AUDIO, LOGLEVEL: the parameters in order */
    const sd_param *params;
    size_t nparams;
    /* what was wrong with the block, or NULL: a line without '=', too many parameters, a message
     * past SD_MAX_MESSAGE (then text is empty) */
    const char *error;
} sd_command;

/* Called for each command; a non-zero return stops sd_reader_feed (which then returns it). */
typedef int (*sd_command_fn)(void *ctx, const sd_command *cmd);

typedef struct sd_reader {
    strbuf line;              /* the line being read */
    int line_too_long;        /* it went past SD_MAX_LINE (a command line) */
    int in_block;             /* a block is open: kind below */
    sd_command_kind block;
    strbuf command;           /* the block's command line */
    strbuf data;              /* a data block's text, or a parameter block's lines */
    size_t lines;
    int data_too_long;
    size_t param_at[SD_MAX_PARAMS]; /* where each parameter's name and value start in data */
    size_t value_at[SD_MAX_PARAMS];
    size_t nparams;
    const char *error;
} sd_reader;

void sd_reader_init(sd_reader *r);
void sd_reader_free(sd_reader *r);

/* Reads `n` bytes of input, calling fn for every command completed in them. Returns 0, -1 when
 * out of memory, or fn's non-zero return. */
int sd_reader_feed(sd_reader *r, const char *buf, size_t n, sd_command_fn fn, void *ctx);

/* The input has ended: what was left unfinished, or NULL (nothing: a clean end). The text names
 * the command ("SPEAK: the input ended before the closing '.' line"). */
const char *sd_reader_unfinished(const sd_reader *r);

/* The command's name as the protocol spells it ("LIST VOICES"). */
const char *sd_command_name(sd_command_kind kind);

#endif
