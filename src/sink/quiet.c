/* Muting libraries that print on stderr by themselves (see sink.h): the programs' helpers only. */
#include "sink.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int stderr_mute(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && devnull >= 0)
        dup2(devnull, STDERR_FILENO);
    if (devnull >= 0)
        close(devnull);
    return saved;
}

void stderr_unmute(int token)
{
    if (token < 0)
        return;
    dup2(token, STDERR_FILENO);
    close(token);
}
