/* A written vowel mark settles a homograph: «مُرد» is mord, «مَرد» mard. Each mark is compared
 * with the vowel its consonant has in each sense's phonemes; the consonants are counted the same
 * way on both sides: letters other than alef, and و / ی only at the word's start (elsewhere they
 * are mostly the vowels u / i), against phonemes other than vowels, with j / v only at the start. */
#include "marks.h"
#include "../util.h"

#include <string.h>

#define FATHA 0x064E
#define DAMMA 0x064F
#define KASRA 0x0650
#define SUKUN 0x0652

enum { V_NONE = 0, V_A = 'a', V_E = 'e', V_O = 'o', V_LONG = 'L' };

typedef struct written_mark {
    int consonant; /* consonants before the marked letter's own (-1: the mark is on an initial alef) */
    int vowel;     /* V_A, V_E, V_O, or V_NONE for a sukun */
} written_mark;

static int is_letter(uint32_t c) { return (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3); }

static int is_alef(uint32_t c) { return c == 0x0627 || c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671; }

static int vowel_of_mark(uint32_t c)
{
    switch (c) {
    case FATHA: return V_A;
    case DAMMA: return V_O;
    case KASRA: return V_E;
    case SUKUN: return V_NONE;
    default: return -1;
    }
}

/* The vowel marks of a word, each with its consonant's place. A kasra or hamza on the last letter
 * is the ezafe, not the word's own vowel. Returns how many (at most max). */
static size_t read_marks(const char *text, size_t len, written_mark *out, size_t max)
{
    size_t n = 0, letters = 0;
    int consonants = 0, current = -2; /* the place of the letter marks attach to */
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += utf8_decode(text + i, len - i, &c);
        if (is_letter(c)) {
            int is_initial = letters == 0;
            letters++;
            if (is_alef(c)) {
                current = is_initial ? -1 : -2;
            } else if ((c == 0x0648 || c == 0x06CC || c == 0x064A) && !is_initial) {
                current = -2; /* و / ی inside a word: a vowel more often than not */
            } else {
                current = consonants++;
            }
            continue;
        }
        int v = vowel_of_mark(c);
        if (v < 0 || current == -2)
            continue;
        if (v == V_E && i == len)
            continue; /* a final kasra: the ezafe */
        if (n < max)
            out[n++] = (written_mark){current, v};
    }
    return n;
}

static int is_vowel(char c) { return c && strchr("AaeiouEIOU@", c) != NULL; }

/* The vowel after consonant `k` of a phoneme string (-1: before the first consonant), or -1
 * when the phonemes have no such consonant. */
static int vowel_after(const char *ph, int k)
{
    int consonants = 0, seen_any = 0;
    for (const char *p = ph; *p;) {
        if (strchr("',%=:;_|", *p) || (*p >= '0' && *p <= '9')) {
            p++;
            continue;
        }
        if (is_vowel(*p)) {
            if (k == -1 && consonants == 0)
                return strchr("aeo", *p) ? *p : V_LONG;
            seen_any = 1;
            p++;
            continue;
        }
        if (*p == '?' && !seen_any) { /* the glottal onset of a word written with alef */
            p++;
            continue;
        }
        /* a consonant: tS, dZ count once; j and v after the start are glides of a vowel letter */
        int glide = (*p == 'j' || *p == 'v') && seen_any;
        size_t len = (!strncmp(p, "tS", 2) || !strncmp(p, "dZ", 2)) ? 2 : 1;
        seen_any = 1;
        p += len;
        if (glide)
            continue;
        if (consonants++ == k) {
            while (*p && (strchr("',%=", *p) || (*p >= '0' && *p <= '9')))
                p++;
            if (!is_vowel(*p))
                return V_NONE;
            return strchr("aeo", *p) ? *p : V_LONG;
        }
    }
    return -1;
}

int hg_marks_agree(const char *text, size_t len, const char *phonemes)
{
    written_mark marks[8];
    size_t n = read_marks(text, len, marks, 8);
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (vowel_after(phonemes, marks[i].consonant) != marks[i].vowel)
            return 0;
    return 1;
}
