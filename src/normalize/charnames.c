/* Character names: what a screen reader says for one character on its own, or for each character
 * of a word it spells (ravi_character_name). Letters, vowel marks, punctuation and spaces are named
 * here; Latin letters, digits and the symbols the normalizer already reads (+ # @ _ - % currency)
 * keep the names of tables.c. Each name was checked in eSpeak NG's phonemes through Ravi
 * (tests/golden/phonemes-characters.tsv); a two-word name that takes an ezafe has it written
 * («پرانتزِ بسته», «گیومهٔ باز»), so that it does not hang on the ezafe model's guess. */
#include "tables.h"
#include "../util.h"

#include <stdint.h>
#include <string.h>

#include "../../include/ravi.h"

typedef struct char_name {
    uint32_t cp;
    const char *name;
} char_name;

/* In code point order. */
static const char_name char_names[] = {
    {0x09, "تب"},
    {0x0A, "خطِ جدید"},
    {0x20, "فاصله"},
    {'!', "علامتِ تعجب"},
    {'"', "گیومه"},
    {'&', "اَند"},
    {'\'', "آپُستروف"},
    {'(', "پرانتزِ باز"},
    {')', "پرانتزِ بسته"},
    {'*', "ستاره"},
    {',', "ویرگول"},
    {'.', "نقطه"},
    {'/', "اِسلش"},
    {':', "دونقطه"},
    {';', "نقطه‌ویرگول"},
    {'<', "کوچک‌تر"},
    {'=', "مساوی"},
    {'>', "بزرگ‌تر"},
    {'?', "علامتِ سؤال"},
    {'[', "کروشهٔ باز"},
    {'\\', "بک‌اِسلش"},
    {']', "کروشهٔ بسته"},
    {'^', "توان"},
    {'`', "بک‌تیک"},
    {'{', "آکولادِ باز"},
    {'|', "خطِ عمودی"},
    {'}', "آکولادِ بسته"},
    {'~', "تیلدا"},
    {0xA0, "فاصله"},       /* no-break space */
    {0xAB, "گیومهٔ باز"},   /* « */
    {0xBB, "گیومهٔ بسته"},  /* » */
    {0xD7, "ضربدر"},       /* × */
    {0xF7, "تقسیم بر"},    /* ÷ */
    {0x060C, "ویرگول"},     /* ، */
    {0x061B, "نقطه‌ویرگول"}, /* ؛ */
    {0x061F, "علامتِ سؤال"}, /* ؟ */
    {0x0621, "هَمزه"},      /* ء */
    {0x0622, "اَلِفِ مَدّ"},  /* آ */
    {0x0623, "اَلِفِ هَمزه"}, /* أ */
    {0x0624, "واو هَمزه"},  /* ؤ */
    {0x0625, "اَلِفِ هَمزه‌زیر"}, /* إ */
    {0x0626, "یِ هَمزه"},   /* ئ */
    {0x0627, "اَلِف"},      /* ا */
    {0x0628, "بِ"},         /* ب */
    {0x0629, "تِ گِرد"},    /* ة */
    {0x062A, "تِ"},         /* ت */
    {0x062B, "ثِ"},         /* ث */
    {0x062C, "جیم"},        /* ج */
    {0x062D, "حِ جیمی"},    /* ح, told from ه */
    {0x062E, "خِ"},         /* خ */
    {0x062F, "دال"},        /* د */
    {0x0630, "ذال"},        /* ذ */
    {0x0631, "رِ"},         /* ر */
    {0x0632, "زِ"},         /* ز */
    {0x0633, "سین"},        /* س */
    {0x0634, "شین"},        /* ش */
    {0x0635, "صاد"},        /* ص */
    {0x0636, "ضاد"},        /* ض */
    {0x0637, "طا"},         /* ط */
    {0x0638, "ظا"},         /* ظ */
    {0x0639, "عِین"},       /* ع */
    {0x063A, "غِین"},       /* غ */
    {0x0640, "کشیده"},      /* tatweel */
    {0x0641, "فِ"},         /* ف */
    {0x0642, "قاف"},        /* ق */
    {0x0643, "کافِ عربی"},  /* ك */
    {0x0644, "لام"},        /* ل */
    {0x0645, "میم"},        /* م */
    {0x0646, "نون"},        /* ن */
    {0x0647, "هِ دو‌چشم"},  /* ه, told from ح */
    {0x0648, "واو"},        /* و */
    {0x0649, "اَلِفِ مقصوره"}, /* ى */
    {0x064A, "یِ عربی"},    /* ي */
    {0x064B, "تَنوین"},     /* fathatan */
    {0x064C, "تَنوین"},     /* dammatan */
    {0x064D, "تَنوین"},     /* kasratan */
    {0x064E, "فَتحه"},
    {0x064F, "ضمه"},        /* written bare: «ضَمّه» comes out z'amh */
    {0x0650, "کَسره"},
    {0x0651, "تَشدید"},
    {0x0652, "سُکون"},
    {0x0654, "هَمزه"},      /* hamza above */
    {0x067E, "پِ"},         /* پ */
    {0x0686, "چِ"},         /* چ */
    {0x0698, "ژِ"},         /* ژ */
    {0x06A9, "کاف"},        /* ک */
    {0x06AF, "گاف"},        /* گ */
    {0x06C0, "هِ هَمزه"},   /* ۀ */
    {0x06CC, "یِ"},         /* ی */
    {0x200C, "نیم‌فاصله"},  /* zero-width non-joiner */
    {0x2026, "سه‌نقطه"},    /* … */
};

static const char *table_name(uint32_t cp)
{
    for (size_t i = 0; i < sizeof char_names / sizeof *char_names; i++)
        if (char_names[i].cp == cp)
            return char_names[i].name;
    return NULL;
}

/* 0..9 for a digit of any of the three scripts Persian text uses, else -1. */
static int digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0x06F0 && cp <= 0x06F9) /* ۰..۹ */
        return (int)(cp - 0x06F0);
    if (cp >= 0x0660 && cp <= 0x0669) /* ٠..٩ */
        return (int)(cp - 0x0660);
    return -1;
}

/* The name another table of the normalizer already gives the symbol `s` (one character). */
static const char *symbol_name(const char *s)
{
    const written_form *f = written_lookup(&currency_symbols, s);
    if (!f)
        f = written_lookup(&percent_symbols, s);
    if (f)
        return f->spoken;
    if (!strcmp(s, "+"))
        return nw_plus;
    if (!strcmp(s, "#"))
        return nw_hashtag;
    if (!strcmp(s, "\xd9\xab")) /* ٫, the Persian decimal separator */
        return nw_decimal_point;
    if (!strcmp(s, "@") || !strcmp(s, "_") || !strcmp(s, "-"))
        return written_lookup(&address_symbols, s)->spoken;
    return NULL;
}

RAVI_API const char *ravi_character_name(const char *text, size_t len, size_t *used)
{
    if (used)
        *used = 0;
    if (!text || len == 0)
        return NULL;
    uint32_t cp;
    size_t n = utf8_decode(text, len, &cp);
    if (used)
        *used = n;
    if (cp == 0xFFFD && n == 1 && (unsigned char)text[0] >= 0x80)
        return NULL; /* an invalid byte names nothing */
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
        return latin_letter_names[(cp | 0x20) - 'a'];
    int digit = digit_value(cp);
    if (digit >= 0)
        return nw_ones[digit];
    const char *name = table_name(cp);
    if (name)
        return name;
    char one[5] = {0};
    memcpy(one, text, n);
    return symbol_name(one);
}
