/* libFuzzer target: arbitrary bytes as the user's config file (src/cli/config.c), parsed for a
 * command that takes every option and for one that takes few: every line is applied or reported
 * as FILE:LINE: why, nothing else happens, and each message line names the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int no_run(cli_options *opt, int argc, char **argv)
{
    (void)opt;
    (void)argc;
    (void)argv;
    return 0;
}

static const cli_command every = {"say", "", "", ~0u, no_run, NULL};
static const cli_command few = {"normalize", "", "", ACCEPT_LEXICON | ACCEPT_INPUT, no_run, NULL};

static void parse(const cli_command *cmd, const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    cli_options opt;
    cli_options_init(&opt);
    diag d;
    diag_init(&d);
    int rc = cli_config_parse(cmd, &opt, text, size, "config", &d);
    const char *msg = diag_message(&d);
    if ((rc == 0) != (msg[0] == '\0'))
        abort(); /* an error always says why, and only an error does */
    for (const char *line = msg; *line;) {
        if (strncmp(line, "config:", 7))
            abort(); /* every message names the file and its line */
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    diag_free(&d);
    cli_options_free(&opt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse(&every, data, size);
    parse(&few, data, size);
    return 0;
}
