/* Writing the ezafe into a word so that eSpeak NG's Persian voice says it.
 * Each spelling was checked with `espeak-ng -v fa -x`:
 *   روابطِ → ravAbete      (kasra after a consonant)
 *   جمهوری‌یِ → dZomhuRije  (ZWNJ + یِ after ی = i; a bare kasra gives "i-e" without the glide)
 *   خانهٔ → xAne:je        (hamza above after a silent ه)
 *   آقایِ → Aq1Aje, دریایِ → daRjA:je   (ی after ا is already the glide; the kasra adds -e)
 *   دانشجوی → dAneSdZuje   (after و+ی eSpeak says -ye itself; a kasra would add a second e)
 *   آقا → آقای, دانشجو → دانشجوی   (after ا / و the glide ی is written)
 *   نماینده‌ی → n,amAj'ande:j'e:  (the glide written after ه: already the ezafe, nothing added) */
#include "ezafe.h"

#include <string.h>

#define HEH 0x0647u
#define YEH 0x06CCu
#define ARABIC_YEH 0x064Au
#define ALEF 0x0627u
#define ALEF_MADDA 0x0622u
#define WAW 0x0648u
#define ZWNJ_UTF8 "\xE2\x80\x8C"
#define KASRA_UTF8 "\xD9\x90"

/* The last two code points of a word (0 when absent). */
static void last_two(const char *word, uint32_t *last, uint32_t *before)
{
    size_t n = strlen(word);
    *last = *before = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(word + i, n - i, &cp);
        *before = *last;
        *last = cp;
    }
}

/* Compares the word's last bytes: this runs on every token, and a lead byte can never be
 * mistaken for a continuation byte, so the UTF-8 of the last code points is enough. */
int ezafe_is_written(const char *word) { return ezafe_is_written_sized(word, strlen(word)); }

int ezafe_is_written_sized(const char *word, size_t n)
{
    const unsigned char *end = (const unsigned char *)word + n;
    if (n >= 2 && ((end[-2] == 0xD9 && end[-1] == 0x90) || (end[-2] == 0xDB && end[-1] == 0x80)))
        return 1; /* U+0650 kasra, U+06C0 ۀ */
    if (n >= 4 && !memcmp(end - 4, "\xD9\x87\xD9\x94", 4))
        return 1; /* U+0647 ه + U+0654 hamza above */
    /* ه + ZWNJ + ی or ي: the glide written out, «نماینده‌ی ایران» (the indefinite is «نماینده‌ای»);
     * eSpeak says it -ye, and a kasra more would say -ye-ye */
    return n >= 7 && !memcmp(end - 7, "\xD9\x87\xE2\x80\x8C", 5) &&
           ((end[-2] == 0xDB && end[-1] == 0x8C) || (end[-2] == 0xD9 && end[-1] == 0x8A));
}

static int in_list(const char *word, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(word, list[k]))
            return 1;
    return 0;
}

/* Words whose final ه is a consonant although no vowel letter stands before it. */
static int ends_in_sounded_heh(const char *word, uint32_t before)
{
    static const char *const sounded[] = {"توجه", "متوجه", "شبیه", "فقیه", "مشابه", "وجه", "توجیه",
                                          "تنبیه", "تشبیه", "سفیه", "نبیه", "گره", "فربه", "ده", "مه", "به"};
    return before == ALEF || before == ALEF_MADDA || before == WAW ||
           in_list(word, sounded, sizeof sounded / sizeof *sounded);
}

/* Words whose final و is a consonant (v) or the diphthong ow, which a kasra serves. */
static int ends_in_consonant_waw(const char *word, uint32_t before)
{
    static const char *const consonantal[] = {"عضو", "محو", "نحو", "سهو", "لغو", "عفو", "جزو", "نو",
                                              "جلو", "خسرو", "پیشرو", "رهرو", "جو", "پرتو"};
    return before == ALEF || in_list(word, consonantal, sizeof consonantal / sizeof *consonantal);
}

static const char *ezafe_suffix(const char *word)
{
    uint32_t last, before;
    last_two(word, &last, &before);
    switch (last) {
    case YEH:
    case ARABIC_YEH:
        if (before == ALEF || before == ALEF_MADDA)
            return KASRA_UTF8;
        return before == WAW ? "" : ZWNJ_UTF8 "ی" KASRA_UTF8;
    case HEH:
        return ends_in_sounded_heh(word, before) ? KASRA_UTF8 : "\xD9\x94"; /* U+0654 */
    case ALEF:
    case ALEF_MADDA:
        return "ی";
    case WAW:
        return ends_in_consonant_waw(word, before) ? KASRA_UTF8 : "ی";
    default:
        return KASRA_UTF8;
    }
}

int ezafe_append_spoken(strbuf *b, const char *word)
{
    if (sb_puts(b, word))
        return -1;
    return ezafe_is_written(word) ? 0 : sb_puts(b, ezafe_suffix(word));
}
