#include "signals.h"
#include "../outpath.h"

#include <signal.h>
#include <string.h>

/* A signal handler can only talk through a global of this type. */
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    caught = sig;
}

/* A crash (inside libespeak-ng, say): remove the partial outputs, then die of the same signal,
 * so that the status and any core dump are what they would have been. Async-signal-safe. */
static void on_crash(int sig)
{
    outpath_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_crash_handlers(void)
{
    static const int crashes[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof crashes / sizeof *crashes; i++)
        sigaction(crashes[i], &sa, NULL);
}

void signals_install(void)
{
    install_crash_handlers();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read of standard input must return */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal or the ssh session went away: stop as cleanly */
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is seen as EPIPE and handled like an interruption */
    signal(SIGXFSZ, SIG_IGN); /* past a file size limit a write fails (EFBIG) and is reported */
}

int signals_caught(void)
{
    return caught;
}
