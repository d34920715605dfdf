/* The ezafe's sound: the one place that knows how the ezafe is said after a word.
 *
 * Ravi gives eSpeak NG the word's own phonemes (eSpeak's reading of the bare word, or the
 * lexicon's) followed by the ezafe chosen by the word's last *sound*:
 *   after a consonant            -e    روابط ravAbet → ravAbete, راه rAh → rAhe
 *   after a vowel                -je   جمهوری dZomhuRi → dZomhuRije, خانه xAne: → xAne:je
 *   after a glide-final diphthong -e   (eSpeak's eI, oU: the glide is there already)
 *   nothing more where a written glide is said with its e already: eSpeak reads ـای and ـوی
 *   at a word's end as -je (کشورهای keSvaRhAje, آقای Aq1Aje, دانشجوی dAneSdZuje);
 *   nor where eSpeak's reading ends in an e that its dictionary puts in for the ezafe of some
 *   prepositional nouns: after a final consonant letter (تحت tahte, توسط tavassote), after a
 *   final ه said h (علیه alajhe), or as -je after a silent ه with no ی before it (نحوه nahveje).
 * A written ezafe (kasra, hamza above, ۀ, the glide ی written after ه) is taken off the word
 * before eSpeak reads it: eSpeak looks a word up in its dictionary only while it carries no
 * diacritic, and misreads it otherwise (کشورهایِ kaSu:RhAje, حاشیهٔ hASihje). */
#include "ezafe.h"

#include <string.h>

#define HEH_UTF8 "\xD9\x87"
#define ZWNJ_UTF8 "\xE2\x80\x8C"

/* Compares the word's last bytes: this runs on every token, and a lead byte can never be
 * mistaken for a continuation byte, so the UTF-8 of the last code points is enough. */
int ezafe_is_written(const char *word) { return ezafe_is_written_sized(word, strlen(word)); }

int ezafe_is_spelt_letter(const char *word, size_t n)
{
    const unsigned char *w = (const unsigned char *)word;
    return n == 4 && (w[0] & 0xE0) == 0xC0 && w[2] == 0xD9 && w[3] == 0x90; /* a two-byte letter, U+0650 */
}

/* How many bytes of the word's end are its written ezafe (0: none); *heh when they stand for a
 * ه (ۀ is ه with the ezafe on it). */
static size_t written_mark(const char *word, size_t n, int *heh)
{
    const unsigned char *end = (const unsigned char *)word + n;
    *heh = 0;
    if (ezafe_is_spelt_letter(word, n))
        return 0;
    if (n >= 2 && end[-2] == 0xD9 && end[-1] == 0x90)
        return 2; /* U+0650 kasra */
    if (n >= 2 && end[-2] == 0xDB && end[-1] == 0x80) {
        *heh = 1; /* U+06C0 ۀ */
        return 2;
    }
    if (n >= 4 && !memcmp(end - 4, HEH_UTF8 "\xD9\x94", 4))
        return 2; /* ه + U+0654 hamza above */
    /* ه + ZWNJ + ی or ي: the glide written out, «نماینده‌ی ایران» (the indefinite is «نماینده‌ای»);
     * eSpeak says it -je */
    if (n >= 7 && !memcmp(end - 7, HEH_UTF8 ZWNJ_UTF8, 5) &&
        ((end[-2] == 0xDB && end[-1] == 0x8C) || (end[-2] == 0xD9 && end[-1] == 0x8A)))
        return 5;
    return 0;
}

int ezafe_is_written_sized(const char *word, size_t n)
{
    int heh;
    return written_mark(word, n, &heh) > 0;
}

int ezafe_bare_word(const char *word, size_t n, strbuf *bare)
{
    int heh;
    size_t mark = written_mark(word, n, &heh);
    if (sb_append(bare, word, n - mark))
        return -1;
    return heh ? sb_puts(bare, HEH_UTF8) : 0;
}

/* The word ends in ی written after ا, آ or و: a glide eSpeak says, with an e after it. */
static int ends_in_written_glide(const char *word, size_t n)
{
    static const char *const before[] = {"\xD8\xA7", "\xD8\xA2", "\xD9\x88"}; /* ا آ و */
    if (n < 4 || !((word[n - 2] == '\xDB' && word[n - 1] == '\x8C') ||
                   (word[n - 2] == '\xD9' && word[n - 1] == '\x8A')))
        return 0;
    for (size_t k = 0; k < sizeof before / sizeof *before; k++)
        if (!memcmp(word + n - 4, before[k], 2))
            return 1;
    return 0;
}

/* eSpeak's Persian diphthongs end in a glide: what follows them starts as after a consonant. */
static int ends_in_glide(const phoneme_set *ps, unsigned char code)
{
    static const char *const diphthongs[] = {"eI", "oU"};
    for (size_t k = 0; k < sizeof diphthongs / sizeof *diphthongs; k++)
        if (!strcmp(ps->name[code], diphthongs[k]))
            return 1;
    return 0;
}

/* A vowel clitic after this sound needs the glide j: after a vowel that does not end in one. */
static int glide_after(const phoneme_set *ps, unsigned char last)
{
    return phoneme_set_is_vowel(ps, last) && !ends_in_glide(ps, last);
}

int ezafe_needs_glide(const phoneme_set *ps, const char *phonemes)
{
    unsigned char last, before;
    if (phoneme_set_last_sounds(ps, phonemes, &last, &before) || !last)
        return -1;
    return glide_after(ps, last);
}

/* The word ends in a ه (or ة) that may be silent: its phonemes' final e can be the ه's own. */
static int ends_in_heh(const char *word, size_t n)
{
    return n >= 2 && (!memcmp(word + n - 2, HEH_UTF8, 2) || !memcmp(word + n - 2, "\xD8\xA9", 2));
}

/* ...ه with ی (or ي) before it: the ی is said, the glide is the word's own (تهیه tahi:je:). */
static int heh_after_yeh(const char *word, size_t n)
{
    return n >= 4 && ((word[n - 4] == '\xDB' && word[n - 3] == '\x8C') || (word[n - 4] == '\xD9' && word[n - 3] == '\x8A'));
}

/* The word's last letter is a consonant: none that can stand for a vowel (ا آ و ی ي ى ه ة ۀ). */
static int ends_in_consonant_letter(const char *word, size_t n)
{
    static const uint32_t vowel_letters[] = {0x0627, 0x0622, 0x0648, 0x06CC, 0x064A, 0x0649, 0x0647, 0x0629, 0x06C0};
    uint32_t last = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(word + i, n - i, &cp);
        if (cp < 0x064B || cp > 0x065F) /* marks do not count */
            last = cp;
    }
    if (last < 0x0620 || last > 0x06FF)
        return 0;
    for (size_t k = 0; k < sizeof vowel_letters / sizeof *vowel_letters; k++)
        if (last == vowel_letters[k])
            return 0;
    return 1;
}

const char *ezafe_sound(const phoneme_set *ps, const char *bare_word, size_t n, const char *phonemes)
{
    unsigned char last, before;
    if (phoneme_set_last_sounds(ps, phonemes, &last, &before) || !last)
        return NULL;
    int e = !strcmp(ps->name[last], "e");
    if (e && ends_in_written_glide(bare_word, n) && before && !strcmp(ps->name[before], "j"))
        return "";
    if (e && ends_in_consonant_letter(bare_word, n))
        return "";
    /* after a final ه, an e that follows h (the ه said: علیه alajhe), or a glide and e after a
     * silent ه with no ی written before it (نحوه nahveje), is eSpeak's ezafe too */
    const char *b = before ? ps->name[before] : "";
    if (e && ends_in_heh(bare_word, n) && (!strcmp(b, "h") || (!strcmp(b, "j") && !heh_after_yeh(bare_word, n))))
        return "";
    return glide_after(ps, last) ? "je" : "e";
}

/* Whether phonemes[0..bare) followed by the rest (e or je) is the ezafe said after the word. */
static int is_ezafe_after(const phoneme_set *ps, const char *word, size_t n, const char *phonemes,
                          size_t bare, const char *rest)
{
    char copy[256];
    if (bare == 0 || bare >= sizeof copy)
        return 0;
    memcpy(copy, phonemes, bare);
    copy[bare] = '\0';
    unsigned char last, before;
    if (phoneme_set_last_sounds(ps, copy, &last, &before) || !last)
        return 0;
    /* after a silent ه the e is the ه's own vowel; a pronounced h comes before it («راهِ» rAhe) */
    if (!strcmp(rest, "e") && ends_in_heh(word, n) && strcmp(ps->name[last], "h"))
        return 0;
    const char *sound = ezafe_sound(ps, word, n, copy);
    return sound && !strcmp(sound, rest); /* not «dZomhuRi» + «e», nor «xAn» + «je» */
}

size_t ezafe_phonemes_bare_len(const phoneme_set *ps, const char *written, const char *phonemes)
{
    size_t n = strlen(phonemes);
    while (n > 0 && strchr("',%=:", phonemes[n - 1]))
        n--;
    if (n < 2 || phonemes[n - 1] != 'e')
        return 0;
    strbuf bare_word;
    sb_init(&bare_word);
    if (ezafe_bare_word(written, strlen(written), &bare_word) || !bare_word.s) {
        sb_free(&bare_word);
        return 0;
    }
    size_t bare = 0;
    if (phonemes[n - 2] == 'j' && is_ezafe_after(ps, bare_word.s, bare_word.len, phonemes, n - 2, "je"))
        bare = n - 2;
    else if (is_ezafe_after(ps, bare_word.s, bare_word.len, phonemes, n - 1, "e"))
        bare = n - 1;
    sb_free(&bare_word);
    return bare;
}
