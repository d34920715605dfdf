#include "keys.h"

static player_key arrow(unsigned char c)
{
    switch (c) {
    case 'A': return KEY_PREV_PARAGRAPH;
    case 'B': return KEY_NEXT_PARAGRAPH;
    case 'C': return KEY_NEXT_SENTENCE;
    case 'D': return KEY_PREV_SENTENCE;
    default: return KEY_NONE;
    }
}

static player_key plain(unsigned char c)
{
    switch (c) {
    case ' ': return KEY_PAUSE;
    case 'q': case 'Q': return KEY_QUIT;
    case '+': case '=': return KEY_FASTER;
    case '-': case '_': return KEY_SLOWER;
    default: return KEY_NONE;
    }
}

player_key key_decode(key_decoder *d, unsigned char c)
{
    switch (d->state) {
    case 1:
        d->state = c == '[' || c == 'O' ? 2 : 0;
        return d->state ? KEY_NONE : plain(c);
    case 2:
        /* parameters (ESC [ 1 ; 5 C) come before the final byte, which is in @..~ */
        if (c >= 0x40 && c <= 0x7e) {
            d->state = 0;
            return arrow(c);
        }
        return KEY_NONE;
    default:
        if (c == 0x1b) {
            d->state = 1;
            return KEY_NONE;
        }
        return plain(c);
    }
}
