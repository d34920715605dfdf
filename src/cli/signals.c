#include "signals.h"

#include <signal.h>
#include <string.h>

/* A signal handler can only talk through a global of this type. */
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    caught = sig;
}

void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read of standard input must return */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is seen as EPIPE and handled like an interruption */
    signal(SIGXFSZ, SIG_IGN); /* past a file size limit a write fails (EFBIG) and is reported */
}

int signals_caught(void)
{
    return caught;
}
