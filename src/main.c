/* ravi: a Persian news narrator. */
#include "cli/cli.h"
#include "cli/datadir.h"
#include "cli/signals.h"

#include <stdio.h>
#include <string.h>

static const cli_command *const commands[] = {
    &cli_say,
    &cli_batch,
    &cli_normalize,
    &cli_phonemes,
    &cli_lexicon,
    &cli_voices,
    &cli_serve,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void print_usage(FILE *f)
{
    fputs("usage: ravi COMMAND [OPTIONS] [FILE|-]\n"
          "\n"
          "Ravi (راوی) reads Persian news aloud the way a news anchor would.\n"
          "\n"
          "Commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n"
          "ravi COMMAND --help shows a command's options; ravi --version its version.\n"
          "Exit status: 0 done, 1 runtime failure, 2 usage error.\n", f);
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i]->name, name))
            return commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ravi %s\n", ravi_version());
        return EXIT_OK;
    }
    const cli_command *cmd = find_command(argv[1]);
    if (!cmd) {
        cli_error("unknown command '%s' (see 'ravi --help')", argv[1]);
        return EXIT_USAGE;
    }

    cli_options opt;
    cli_options_init(&opt);
    if (datadir_find(argv[0], opt.data_dir, sizeof opt.data_dir)) {
        cli_error("cannot find Ravi's data (lexicon/); set RAVI_DATA to the directory that holds it");
        return EXIT_FAILURE_RUN;
    }

    int first = cli_parse(cmd, &opt, argc - 1, argv + 1);
    if (first == -2)
        return EXIT_OK;
    if (first < 0)
        return EXIT_USAGE;
    signals_install();
    int status = cmd->run(&opt, argc - 1 - first, argv + 1 + first);
    if (status == EXIT_CLOSED_PIPE)
        cli_exit_closed_pipe();
    return status;
}
