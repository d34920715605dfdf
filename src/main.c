/* ravi: a Persian news narrator. */
#include "cli/cli.h"

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
    fputs("usage: ravi COMMAND [OPTIONS] [FILE|URL|-]\n"
          "\n"
          "Ravi (راوی) reads Persian news aloud the way a news anchor would.\n"
          "\n"
          "Commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n"
          "ravi COMMAND --help shows a command's options; ravi --version its version;\n"
          "man ravi the whole manual.\n"
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

    if (cmd->program)
        return cli_exec_program(cmd->program, argv);
    return cli_main(cmd, cmd->run, argv[0], argc - 1, argv + 1);
}
