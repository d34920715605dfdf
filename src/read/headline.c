#include "headline.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_space(s[i]))
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}

/* Ends a sentence, or introduces what follows (a colon): a headline has neither. */
static int ends_like_sentence(const char *s, size_t n)
{
    static const char *const enders[] = {".", "!", "?", ":", "؟", "؛", "…"};
    while (n > 0 && is_space(s[n - 1]))
        n--;
    for (size_t i = 0; i < sizeof enders / sizeof *enders; i++) {
        size_t k = strlen(enders[i]);
        if (n >= k && !memcmp(s + n - k, enders[i], k))
            return 1;
    }
    return 0;
}

int text_looks_like_headline(const char *s, size_t n)
{
    size_t words = count_words(s, n);
    return words > 0 && words <= HEADLINE_MAX_WORDS && !ends_like_sentence(s, n);
}
