#include "term.h"

#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

/* atexit handlers take no argument: the mode to restore must live here. Set once by
 * term_keys_mode, cleared by term_restore; not touched by the signal handler. */
static struct termios saved_mode;
static int saved_fd = -1;
static int backstop_registered;

void term_restore(void)
{
    if (saved_fd < 0)
        return;
    tcsetattr(saved_fd, TCSANOW, &saved_mode);
    saved_fd = -1;
}

int term_keys_mode(int fd)
{
    struct termios mode;
    if (tcgetattr(fd, &saved_mode))
        return -1;
    mode = saved_mode;
    mode.c_lflag &= ~(tcflag_t)(ICANON | ECHO); /* ISIG stays: Ctrl-C is still SIGINT */
    mode.c_cc[VMIN] = 1;
    mode.c_cc[VTIME] = 0;
    if (!backstop_registered && atexit(term_restore) == 0)
        backstop_registered = 1;
    saved_fd = fd;
    if (tcsetattr(fd, TCSANOW, &mode)) {
        saved_fd = -1;
        return -1;
    }
    return 0;
}
