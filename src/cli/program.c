/* How a command runs once main has found it: in this process, or as a program of its own beside
 * `ravi` (cli_command.program). */
#include "cli.h"
#include "datadir.h"
#include "signals.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_main(const cli_command *cmd, int (*run)(cli_options *, int, char **), const char *argv0,
             int argc, char **argv)
{
    cli_options opt;
    cli_options_init(&opt);
    if (datadir_find(argv0, opt.data_dir, sizeof opt.data_dir)) {
        cli_error("cannot find Ravi's data (lexicon/); set RAVI_DATA to the directory that holds it");
        return EXIT_FAILURE_RUN;
    }
    /* the config file first: what the command line says wins */
    if (cli_config_load(cmd, &opt)) {
        cli_options_free(&opt);
        return EXIT_USAGE;
    }
    int first = cli_parse(cmd, &opt, argc, argv);
    if (first < 0) {
        cli_options_free(&opt);
        return first == -2 ? EXIT_OK : EXIT_USAGE;
    }
    signals_install();
    int status = run(&opt, argc - first, argv + first);
    cli_options_free(&opt);
    if (status == EXIT_CLOSED_PIPE)
        cli_exit_closed_pipe();
    return status;
}

int cli_exec_program(const char *program, char **argv)
{
    char dir[PATH_MAX], path[PATH_MAX];
    datadir_binary_dir(argv[0], dir, sizeof dir);
    if (snprintf(path, sizeof path, "%s/%s", dir, program) >= (int)sizeof path) {
        cli_error("the path of %s is too long (%s)", program, dir);
        return EXIT_FAILURE_RUN;
    }
    execv(path, argv);
    cli_error("cannot run %s: %s (it is built and installed beside ravi)", path, strerror(errno));
    return EXIT_FAILURE_RUN;
}
