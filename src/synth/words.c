/* eSpeak NG's own reading of one word said on its own, through espeak_TextToPhonemes: where Ravi
 * changes how a word is said (the ezafe, the «و» of numbers), it starts from these phonemes.
 * The word is read with a word after it, as it is in a sentence: eSpeak stresses some words
 * (خود, ‌ها, جای: "unstressed" in its dictionary) only when they end the clause, and a word
 * whose sound Ravi changes always has a word after it.
 * Readings are cached per word in a fixed table (a word hashes to one slot, a newer word takes
 * it over), so memory stays bounded whatever the input. eSpeak's reading of a word does not
 * depend on what it read or said before, so the cache changes no output, only the time. */
#include "synth.h"
#include "words.h"

#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

#define WORD_SLOTS 2048       /* a power of two */
#define WORD_TEXT_MAX 48      /* longer words (rare) are read every time */
#define WORD_PHONEMES_MAX 80

typedef struct word_slot {
    unsigned char text_len, phonemes_len; /* text_len 0: empty */
    char text[WORD_TEXT_MAX];
    char phonemes[WORD_PHONEMES_MAX];
} word_slot;

static word_slot *word_cache;   /* eSpeak's state is global, and so is the cache of its readings */
static char follower_reading[WORD_PHONEMES_MAX]; /* eSpeak's reading of FOLLOWER alone, or "" */
static phoneme_set *fa_phonemes; /* the Persian table, loaded with the first reading */
static int fa_phonemes_failed;

void synth_words_reset(void)
{
    free(word_cache);
    word_cache = NULL;
    follower_reading[0] = '\0';
    free(fa_phonemes);
    fa_phonemes = NULL;
    fa_phonemes_failed = 0;
}

const phoneme_set *synth_phoneme_set(void)
{
    if (!synth_is_open())
        return NULL;
    if (!fa_phonemes && !fa_phonemes_failed) {
        const char *why;
        fa_phonemes = malloc(sizeof *fa_phonemes);
        if (!fa_phonemes || phoneme_set_load(fa_phonemes, synth_data_dir(), PHONEME_TABLE_FA, &why)) {
            free(fa_phonemes);
            fa_phonemes = NULL;
            fa_phonemes_failed = 1;
        }
    }
    return fa_phonemes;
}

static size_t slot_of(const char *word, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    return h & (WORD_SLOTS - 1);
}

/* The word read after another in a sentence; its own reading is known and taken off again. */
#define FOLLOWER " \xDA\xA9\xD8\xAA\xD8\xA7\xD8\xA8" /* « کتاب» */

/* eSpeak's reading, clause by clause (a word with a full stop inside may make two). Returns 0,
 * or -1 when out of memory. */
static int read_text(const char *text, size_t len, strbuf *out)
{
    /* ended by a space, as synth.c ends every text it hands eSpeak: two dots at the end make
     * eSpeak NG 1.51 read past it */
    char *copy = malloc(len + 2);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    memcpy(copy + len, " ", 2);
    const void *at = copy;
    int rc = 0;
    while (at && rc == 0) {
        const char *ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
        if (ph && *ph)
            rc = (out->len && sb_putc(out, ' ')) || sb_puts(out, ph) ? -1 : 0;
    }
    free(copy);
    return rc;
}

/* The word's reading with the follower after it, the follower's taken off; the word alone when
 * the follower does not come out as it does on its own. */
static int read_word(const char *word, size_t len, strbuf *out)
{
    if (!follower_reading[0]) {
        strbuf f;
        sb_init(&f);
        if (read_text(FOLLOWER + 1, strlen(FOLLOWER) - 1, &f)) {
            sb_free(&f);
            return -1;
        }
        snprintf(follower_reading, sizeof follower_reading, "%s", f.s ? f.s : "");
        sb_free(&f);
    }
    strbuf text;
    sb_init(&text);
    int rc = sb_append(&text, word, len) || sb_puts(&text, FOLLOWER) || read_text(text.s, text.len, out);
    sb_free(&text);
    size_t flen = strlen(follower_reading), tail = flen + 1;
    if (rc == 0 && flen && out->len > tail && out->s[out->len - tail] == ' ' &&
        !memcmp(out->s + out->len - flen, follower_reading, flen)) {
        out->len -= tail;
        out->s[out->len] = '\0';
        return 0;
    }
    sb_reset(out);
    return rc ? rc : read_text(word, len, out);
}

/* Only Persian mnemonics can go back to eSpeak inside [[ ]]: a word it reads with another
 * language's table ("(en)...(fa)") or without a sound is left to it as text. */
static int usable(const char *ph, size_t len)
{
    const char *bad;
    size_t badlen;
    const phoneme_set *ps = synth_phoneme_set();
    unsigned char last, before;
    return len > 0 && !memchr(ph, '(', len) && ps && !phoneme_set_check(ps, ph, &bad, &badlen) &&
           !phoneme_set_last_sounds(ps, ph, &last, &before) && last;
}

int synth_word_phonemes(const char *word, size_t len, strbuf *out)
{
    if (!synth_is_open() || len == 0)
        return 1;
    if (!word_cache && !(word_cache = calloc(WORD_SLOTS, sizeof *word_cache)))
        return -1;
    word_slot *slot = &word_cache[slot_of(word, len)];
    if (slot->text_len == len && !memcmp(slot->text, word, len))
        return slot->phonemes_len ? sb_append(out, slot->phonemes, slot->phonemes_len) : 1;
    strbuf ph;
    sb_init(&ph);
    if (read_word(word, len, &ph)) {
        sb_free(&ph);
        return -1;
    }
    int ok = usable(ph.s ? ph.s : "", ph.len);
    if (len < WORD_TEXT_MAX && (!ok || ph.len < WORD_PHONEMES_MAX)) {
        slot->text_len = (unsigned char)len;
        memcpy(slot->text, word, len);
        slot->phonemes_len = ok ? (unsigned char)ph.len : 0;
        if (ok)
            memcpy(slot->phonemes, ph.s, ph.len);
    }
    int rc = ok ? sb_append(out, ph.s, ph.len) : 1;
    sb_free(&ph);
    return rc;
}
