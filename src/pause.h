/* The silences between sentences that Ravi adds to eSpeak NG's own: a paragraph pause when a
 * new paragraph starts, and the longer headline pause after the headline. */
#ifndef RAVI_PAUSE_H
#define RAVI_PAUSE_H

#include "../include/ravi.h"
#include "token.h"

typedef struct pause_state {
    int sentences;      /* seen so far */
    int in_headline;    /* every sentence so far has been a heading: the headline */
} pause_state;

void pause_init(pause_state *ps);
/* Milliseconds of silence to put before sentence s (the sentence pause after each sentence is
 * separate). */
int pause_before_ms(pause_state *ps, const sentence *s, const ravi_settings *settings);

#endif
