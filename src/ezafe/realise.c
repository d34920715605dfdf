/* How an ezafe is written so that eSpeak NG says it (PERSIAN.md §5). */
#include "ezafe.h"

#include <string.h>

static uint32_t last_code_point(const char *w, size_t *at)
{
    size_t n = strlen(w), i = n;
    while (i > 0 && ((unsigned char)w[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    while (i > 0 && ((unsigned char)w[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (n)
        utf8_decode(w + i, n - i, &cp);
    if (at)
        *at = i;
    return cp;
}

int ezafe_is_written(const char *word)
{
    uint32_t c = last_code_point(word, NULL);
    return c == 0x0650 || c == 0x06C0 || c == 0x0654;
}

int ezafe_append_spoken(strbuf *b, const char *word)
{
    if (sb_puts(b, word))
        return -1;
    switch (last_code_point(word, NULL)) {
    case 0x0647: return sb_puts(b, "\xd9\x94");            /* خانه → خانهٔ */
    case 0x0627: case 0x0648: return sb_puts(b, "ی");      /* دریا → دریای */
    default: return sb_puts(b, "\xd9\x90");                /* kasra: روابطِ، جمهوریِ */
    }
}
