/* The command line: one file per command, a table of commands in main.c. */
#ifndef RAVI_CLI_H
#define RAVI_CLI_H

#include "../options.h"

enum exit_code { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_USAGE = 2 };

/* Which options a command accepts (bits), checked by cli_parse. */
enum cli_accepts {
    ACCEPT_OUTPUT  = 1 << 0, /* -o --format --raw --quiet --subtitles --word-timings --json-events */
    ACCEPT_VOICE   = 1 << 1, /* --voice --rate --pitch --volume */
    ACCEPT_PAUSES  = 1 << 2, /* --sentence-pause --paragraph-pause --headline-pause */
    ACCEPT_LEXICON = 1 << 3, /* --lexicon --no-ezafe */
    ACCEPT_IPA     = 1 << 4, /* --ipa */
    ACCEPT_INPUT   = 1 << 5, /* --html --ssml --text */
    ACCEPT_EXPLAIN = 1 << 6, /* --explain */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;   /* full help text */
    unsigned accepts;
    int (*run)(ravi_options *opt, int argc, char **argv); /* argv: the operands */
} cli_command;

/* Parses argv (after the command name) into opt. Returns the index of the first operand,
 * -1 after a usage error message, or -2 when --help was printed. */
int cli_parse(const cli_command *cmd, ravi_options *opt, int argc, char **argv);

/* The input operand: none or "-" is standard input; more than one is a usage error (-1). */
int cli_input(const cli_command *cmd, ravi_options *opt, int argc, char **argv);

int cmd_say(ravi_options *opt, int argc, char **argv);
int cmd_normalize(ravi_options *opt, int argc, char **argv);
int cmd_phonemes(ravi_options *opt, int argc, char **argv);
int cmd_lexicon(ravi_options *opt, int argc, char **argv);
int cmd_voices(ravi_options *opt, int argc, char **argv);

extern const cli_command cli_say, cli_normalize, cli_phonemes, cli_lexicon, cli_voices;

#endif
