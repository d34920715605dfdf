#include "numparse.h"
#include "../util.h"

#include <string.h>

int digit_value(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 0x06F0 && c <= 0x06F9)
        return (int)(c - 0x06F0);
    if (c >= 0x0660 && c <= 0x0669)
        return (int)(c - 0x0660);
    return -1;
}

int numparts_parse(const char *text, numparts *np)
{
    size_t n = strlen(text);
    np->nparts = np->ndigits = 0;
    int in_part = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(text + i, n - i, &c);
        int d = digit_value(c);
        if (d >= 0) {
            if (np->ndigits == NUM_MAX_DIGITS)
                return -1;
            if (!in_part) {
                if (np->nparts == NUM_MAX_PARTS)
                    return -1;
                np->start[np->nparts] = np->ndigits;
                np->len[np->nparts++] = 0;
                in_part = 1;
            }
            np->digits[np->ndigits++] = (char)('0' + d);
            np->len[np->nparts - 1]++;
        } else {
            if (!in_part)
                return -1; /* the segmenter never starts a number, or doubles a separator */
            np->sep[np->nparts - 1] = c;
            in_part = 0;
        }
    }
    np->digits[np->ndigits] = '\0';
    return np->nparts && in_part ? 0 : -1;
}

const char *numparts_part(const numparts *np, size_t i) { return np->digits + np->start[i]; }

uint64_t numparts_value(const numparts *np, size_t i)
{
    if (np->len[i] > 18)
        return UINT64_MAX;
    uint64_t v = 0;
    const char *d = numparts_part(np, i);
    for (size_t k = 0; k < np->len[i]; k++)
        v = v * 10 + (uint64_t)(d[k] - '0');
    return v;
}

int numparts_all_seps(const numparts *np, uint32_t sep)
{
    for (size_t i = 0; i + 1 < np->nparts; i++)
        if (np->sep[i] != sep)
            return 0;
    return 1;
}
