/* ravi serve: the server's options and their defaults, from the command line (src/cli/serve.c). */
#include "../cli/cli.h"
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_MAX_BODY (2L << 20)   /* a saved news page fits, with room */
#define DEFAULT_MAX_TEXT 100000L      /* characters: a long feature article */
#define DEFAULT_TIMEOUT 30
#define DEFAULT_WORKER_TIMEOUT 60
#define DEFAULT_GRACE 30
#define DEFAULT_PER_CLIENT 16
#define DEFAULT_MAX_CONNECTIONS 256

static unsigned or_default(int given, unsigned def)
{
    return given >= 0 ? (unsigned)given : def;
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

int cmd_serve(cli_options *opt, int argc, char **argv)
{
    if (argc > 0) {
        cli_error("serve: takes no operands, got '%s' (see 'ravi serve --help')", argv[0]);
        return EXIT_USAGE;
    }
    const cli_serve_options *so = &opt->serve;
    serve_options o;
    memset(&o, 0, sizeof o);
    o.config = &opt->config;
    o.listen = so->listen ? so->listen : "127.0.0.1:5000";
    o.wyoming = so->wyoming ? so->wyoming : "127.0.0.1:10200";
    if (!strcmp(o.wyoming, "off"))
        o.wyoming = NULL;
    o.workers = or_default(so->workers, cores());
    o.queue = or_default(so->queue, o.workers * 4 < 8 ? 8 : o.workers * 4);
    o.token = so->token ? so->token : getenv("RAVI_SERVE_TOKEN");
    if (o.token && !*o.token) {
        cli_error("serve: --token (or RAVI_SERVE_TOKEN): the token is empty");
        return EXIT_USAGE;
    }
    o.max_body = (size_t)(so->max_body > 0 ? so->max_body : DEFAULT_MAX_BODY);
    o.max_text = (size_t)(so->max_text > 0 ? so->max_text : DEFAULT_MAX_TEXT);
    o.per_client = or_default(so->per_client, DEFAULT_PER_CLIENT);
    o.max_connections = or_default(so->max_connections, DEFAULT_MAX_CONNECTIONS);
    o.timeout = or_default(so->timeout, DEFAULT_TIMEOUT);
    o.worker_timeout = or_default(so->worker_timeout, DEFAULT_WORKER_TIMEOUT);
    o.grace = or_default(so->grace, DEFAULT_GRACE);
    o.loudness = &opt->loudness;
    return serve_run(&o);
}

