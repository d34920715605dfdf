/* ravi-serve: the server as a program of its own, run by `ravi serve` (or directly, as
 * `ravi-serve [OPTIONS]`). It is the one program that links FFmpeg and libmicrohttpd. */
#include "../cli/cli.h"

#include <string.h>

int main(int argc, char **argv)
{
    /* `ravi serve ARGS` arrives as argv {ravi, serve, ARGS}; `ravi-serve ARGS` as {ravi-serve, ARGS} */
    if (argc >= 2 && !strcmp(argv[1], cli_serve.name))
        return cli_main(&cli_serve, cmd_serve, argv[0], argc - 1, argv + 1);
    const char *self = argv[0];
    argv[0] = (char *)cli_serve.name;
    return cli_main(&cli_serve, cmd_serve, self, argc, argv);
}
