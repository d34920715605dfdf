/* The interactive player of `ravi say FILE` on a terminal: space pauses and resumes, ←/→ go to
 * the previous/next sentence, ↑/↓ to the previous/next paragraph, +/- change the rate for the
 * sentences that follow, q quits; the sentence being read is shown. Keys are read between audio
 * chunks without waiting; while paused, the player waits in poll() (no busy loop). */
#ifndef RAVI_PLAYER_H
#define RAVI_PLAYER_H

#include "../../include/ravi.h"
#include "keys.h"

#define PLAYER_RATE_STEP 20 /* words per minute per + or - */

typedef struct player {
    int fd;               /* the terminal the keys come from */
    key_decoder keys;
    player_key command;   /* a navigation key or q waiting to be acted on, or KEY_NONE */
    int rate;             /* words per minute for the next sentence */
    int rate_changed;
} player;

/* Whether `ravi say` should be interactive: playing (no -o), the text from a file (standard input
 * is free), standard input and output terminals, standard output not taken by --json-events -. */
int player_wanted(const char *output, const char *input, const char *json_events);
/* Puts the terminal in single-key mode and shows the keys; `rate` is the words per minute the
 * reading starts at. -1 when that fails (then just play). */
int player_start(player *p, int rate);
/* Restores the terminal. */
void player_stop(player *p);

/* Reads the keys typed so far without waiting, and waits here while paused. Returns 1 when the
 * sentence being read should stop (a navigation key, q, or a signal), 0 to go on. */
int player_poll(player *p);
/* The navigation key or q to act on (KEY_NONE when the sentence just ended), and forgets it. */
player_key player_take(player *p);
/* The rate to use from now on when +/- changed it since the last call (and clears that), else 0. */
int player_new_rate(player *p);
/* Shows the sentence about to be read. */
void player_show(const player *p, const ravi_sentence *s);

#endif
