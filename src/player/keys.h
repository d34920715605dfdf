/* The player's keys, decoded from the bytes a terminal sends (arrows are escape sequences). */
#ifndef RAVI_KEYS_H
#define RAVI_KEYS_H

typedef enum player_key {
    KEY_NONE = 0,
    KEY_PAUSE,            /* space */
    KEY_PREV_SENTENCE,    /* ← */
    KEY_NEXT_SENTENCE,    /* → */
    KEY_PREV_PARAGRAPH,   /* ↑ */
    KEY_NEXT_PARAGRAPH,   /* ↓ */
    KEY_FASTER,           /* + (or =, the same key unshifted) */
    KEY_SLOWER,           /* - */
    KEY_QUIT,             /* q */
} player_key;

typedef struct key_decoder {
    int state; /* 0: plain; 1: after ESC; 2: inside ESC [ or ESC O, until its final byte */
} key_decoder;

/* Feeds one byte; returns the key it completes, or KEY_NONE. */
player_key key_decode(key_decoder *d, unsigned char c);

#endif
