#include "player.h"
#include "term.h"
#include "../cli/signals.h"
#include "../util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PAUSE_POLL_MS 200 /* how often a paused player looks at the signal flag */

int player_wanted(const char *output, const char *input, const char *json_events)
{
    int events_on_stdout = json_events && !strcmp(json_events, "-");
    return !output && strcmp(input, "-") && !events_on_stdout && isatty(STDIN_FILENO) &&
           isatty(STDOUT_FILENO);
}

int player_start(player *p, int rate)
{
    memset(p, 0, sizeof *p);
    p->fd = STDIN_FILENO;
    p->rate = rate;
    if (term_keys_mode(p->fd))
        return -1;
    fputs("space pause · ←/→ sentence · ↑/↓ paragraph · +/- rate · q quit\n", stdout);
    fflush(stdout);
    return 0;
}

void player_stop(player *p)
{
    (void)p;
    term_restore();
}

/* The status line below the sentence: overwritten in place. */
static void say_status(const char *text)
{
    fputs("\r\033[K", stdout);
    fputs(text, stdout);
    fflush(stdout);
}

static void change_rate(player *p, int delta)
{
    int r = p->rate + delta;
    r = r < 80 ? 80 : r > 450 ? 450 : r;
    if (r == p->rate)
        return;
    p->rate = r;
    p->rate_changed = 1;
    char line[80];
    snprintf(line, sizeof line, "  rate %d words a minute from the next sentence\n", r);
    say_status(line);
}

/* Acts on one key; returns 1 when it toggles the pause. */
static int handle_key(player *p, player_key k)
{
    switch (k) {
    case KEY_PAUSE: return 1;
    case KEY_FASTER: change_rate(p, PLAYER_RATE_STEP); return 0;
    case KEY_SLOWER: change_rate(p, -PLAYER_RATE_STEP); return 0;
    case KEY_NONE: return 0;
    default: p->command = k; return 0; /* the latest navigation key wins */
    }
}

/* Waits up to timeout_ms for keys and handles them. Returns how many pause toggles came, or -1
 * when the terminal is gone (end of input, error). */
static int read_keys(player *p, int timeout_ms)
{
    struct pollfd pfd = {p->fd, POLLIN, 0};
    int r = poll(&pfd, 1, timeout_ms);
    if (r <= 0)
        return r < 0 && errno != EINTR ? -1 : 0;
    unsigned char buf[64];
    ssize_t n = read(p->fd, buf, sizeof buf);
    if (n <= 0)
        return n < 0 && errno == EINTR ? 0 : -1;
    int toggles = 0;
    for (ssize_t i = 0; i < n; i++)
        toggles += handle_key(p, key_decode(&p->keys, buf[i]));
    return toggles;
}

/* Paused: the audio device is simply not fed (it plays out what it holds, then silence). */
static void wait_while_paused(player *p)
{
    say_status("  paused: space resumes");
    int toggles = 0;
    while (!(toggles & 1) && !p->command && !signals_caught()) {
        int r = read_keys(p, PAUSE_POLL_MS);
        if (r < 0)
            break;
        toggles += r;
    }
    say_status("");
}

int player_poll(player *p)
{
    int toggles = read_keys(p, 0);
    if (toggles > 0 && (toggles & 1))
        wait_while_paused(p);
    return p->command != KEY_NONE || signals_caught();
}

player_key player_take(player *p)
{
    player_key k = p->command;
    p->command = KEY_NONE;
    return k;
}

int player_new_rate(player *p)
{
    if (!p->rate_changed)
        return 0;
    p->rate_changed = 0;
    return p->rate;
}

/* The article's text goes to the terminal: its control characters (an escape sequence could
 * retitle the window or worse) are left out, tabs become spaces. */
static void put_printable(const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if (cp == '\t')
            putchar(' ');
        else if (cp == 0xFFFD && n == 1)
            fputs("\xEF\xBF\xBD", stdout); /* an invalid byte, shown as the voice read it */
        else if (cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0))
            fwrite(text + i, 1, n, stdout);
        i += n;
    }
}

void player_show(const player *p, const ravi_sentence *s)
{
    (void)p;
    ravi_event about;
    ravi_sentence_describe(s, &about);
    fputs(about.paragraph_start ? "\r\033[K\n" : "\r\033[K", stdout);
    put_printable(about.text, about.text_len);
    putchar('\n');
    fflush(stdout);
}
