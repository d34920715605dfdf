/* The normalizer's language data (see tables.h). Everything Persian-specific that the
 * recognisers need lives here, in tables, so that adding a unit or a month spelling is adding
 * a line, not code. In a spoken phrase, a kasra at the end of a word is its ezafe («درجهِ
 * سانتی‌گراد»): the word is said with it and no ezafe goes inside the phrase elsewhere. */
#include "tables.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define TABLE(name, rows) const written_table name = {rows, COUNT(rows)}

/* Nine is written with its damma: eSpeak reads a bare نه as the word «na» (no), not «noh». */
const char *const nw_ones[20] = {
    "صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نُه",
    "ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده",
};
const char *const nw_tens[10] = {
    "", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود",
};
const char *const nw_hundreds[10] = {
    "", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد",
};
const char *const nw_scales[5] = {"", "هزار", "میلیون", "میلیارد", "تریلیون"};
const char nw_conjunction[] = "و";
const char nw_negative[] = "منفی";
const char nw_positive[] = "مثبت";
const char nw_plus[] = "به‌علاوه";
const char nw_half[] = "نیم";
const char nw_decimal_point[] = "ممیز";
const char nw_to[] = "تا";
const char nw_versus[] = "بر";
const char nw_minute[] = "دقیقه";
const char nw_second[] = "ثانیه";
const char nw_group_pause[] = "،";

const ordinal_stem nw_ordinal_stems[] = {
    {"سه", "سو"}, /* سوم, not سهم */
    {"نُه", "نه"}, /* نهم: the damma of nine is not needed before the ending */
};
const size_t nw_n_ordinal_stems = COUNT(nw_ordinal_stems);
const char nw_ordinal_after_long_i[] = "\xe2\x80\x8c" "ا"; /* سی‌ام, not سیم */

const month_name month_names[] = {
    {"فروردین", "فروردین", CAL_JALALI, 1},
    {"اردیبهشت", "اردیبهشت", CAL_JALALI, 2},
    {"خرداد", "خرداد", CAL_JALALI, 3},
    {"تیر", "تیر", CAL_JALALI, 4},
    {"مرداد", "مرداد", CAL_JALALI, 5},
    {"امرداد", "مرداد", CAL_JALALI, 5},
    {"شهریور", "شهریور", CAL_JALALI, 6},
    {"مهر", "مهر", CAL_JALALI, 7},
    {"آبان", "آبان", CAL_JALALI, 8},
    {"آذر", "آذر", CAL_JALALI, 9},
    {"دی", "دی", CAL_JALALI, 10},
    {"بهمن", "بهمن", CAL_JALALI, 11},
    {"اسفند", "اسفند", CAL_JALALI, 12},

    {"ژانویه", "ژانویه", CAL_GREGORIAN, 1},
    {"ژانویهٔ", "ژانویه", CAL_GREGORIAN, 1},
    {"فوریه", "فوریه", CAL_GREGORIAN, 2},
    {"مارس", "مارس", CAL_GREGORIAN, 3},
    {"آوریل", "آوریل", CAL_GREGORIAN, 4},
    {"مه", "مه", CAL_GREGORIAN, 5},
    {"می", "مه", CAL_GREGORIAN, 5},
    {"ژوئن", "ژوئن", CAL_GREGORIAN, 6},
    {"ژوئیه", "ژوئیه", CAL_GREGORIAN, 7},
    {"ژوییه", "ژوئیه", CAL_GREGORIAN, 7},
    {"جولای", "ژوئیه", CAL_GREGORIAN, 7},
    {"اوت", "اوت", CAL_GREGORIAN, 8},
    {"آگوست", "اوت", CAL_GREGORIAN, 8},
    {"اگوست", "اوت", CAL_GREGORIAN, 8},
    {"سپتامبر", "سپتامبر", CAL_GREGORIAN, 9},
    {"اکتبر", "اکتبر", CAL_GREGORIAN, 10},
    {"نوامبر", "نوامبر", CAL_GREGORIAN, 11},
    {"دسامبر", "دسامبر", CAL_GREGORIAN, 12},

    {"محرم", "محرم", CAL_HIJRI, 1},
    {"صفر", "صفر", CAL_HIJRI, 2},
    {"ربیع‌الاول", "ربیع‌الاول", CAL_HIJRI, 3},
    {"ربیع‌الأول", "ربیع‌الاول", CAL_HIJRI, 3},
    {"ربیع‌الثانی", "ربیع‌الثانی", CAL_HIJRI, 4},
    {"ربیع‌الآخر", "ربیع‌الثانی", CAL_HIJRI, 4},
    {"جمادی‌الاول", "جمادی‌الاول", CAL_HIJRI, 5},
    {"جمادی‌الاولی", "جمادی‌الاول", CAL_HIJRI, 5},
    {"جمادی‌الثانی", "جمادی‌الثانی", CAL_HIJRI, 6},
    {"جمادی‌الثانیه", "جمادی‌الثانی", CAL_HIJRI, 6},
    {"جمادی‌الآخر", "جمادی‌الثانی", CAL_HIJRI, 6},
    {"رجب", "رجب", CAL_HIJRI, 7},
    {"شعبان", "شعبان", CAL_HIJRI, 8},
    {"رمضان", "رمضان", CAL_HIJRI, 9},
    {"شوال", "شوال", CAL_HIJRI, 10},
    {"ذی‌القعده", "ذی‌القعده", CAL_HIJRI, 11},
    {"ذیقعده", "ذی‌القعده", CAL_HIJRI, 11},
    {"ذی‌الحجه", "ذی‌الحجه", CAL_HIJRI, 12},
    {"ذیحجه", "ذی‌الحجه", CAL_HIJRI, 12},
};
const size_t n_month_names = COUNT(month_names);
const char month_word[] = "ماه";

int month_max_days(calendar cal, int month)
{
    static const int gregorian[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    switch (cal) {
    case CAL_JALALI: return month <= 6 ? 31 : 30;
    case CAL_GREGORIAN: return gregorian[month - 1];
    case CAL_HIJRI: return 30;
    default: return 0;
    }
}

static const written_form currency_rows[] = {
    {"$", "دلار", CAL_NONE},   {"€", "یورو", CAL_NONE},   {"£", "پوند", CAL_NONE},
    {"¥", "ین", CAL_NONE},     {"﷼", "ریال", CAL_NONE},   {"ریال", "ریال", CAL_NONE}, /* ﷼ after NFKC */
    {"₽", "روبل", CAL_NONE},   {"₺", "لیر", CAL_NONE},    {"₹", "روپیه", CAL_NONE},
};
TABLE(currency_symbols, currency_rows);

static const written_form percent_rows[] = {
    {"%", "درصد", CAL_NONE}, {"٪", "درصد", CAL_NONE}, {"‰", "در هزار", CAL_NONE},
};
TABLE(percent_symbols, percent_rows);

static const written_form minus_rows[] = {
    {"-", "منفی", CAL_NONE}, {"−", "منفی", CAL_NONE}, {"‐", "منفی", CAL_NONE}, {"‑", "منفی", CAL_NONE},
};
TABLE(minus_signs, minus_rows);

static const written_form dash_rows[] = {
    {"-", "تا", CAL_NONE}, {"–", "تا", CAL_NONE}, {"—", "تا", CAL_NONE}, {"−", "تا", CAL_NONE},
};
TABLE(range_dashes, dash_rows);

static const written_form unit_rows[] = {
    {"km", "کیلومتر", CAL_NONE},          {"m", "متر", CAL_NONE},
    {"cm", "سانتی‌متر", CAL_NONE},         {"mm", "میلی‌متر", CAL_NONE},
    {"km/h", "کیلومتر بر ساعت", CAL_NONE}, {"m/s", "متر بر ثانیه", CAL_NONE},
    {"mph", "مایل بر ساعت", CAL_NONE},     {"km²", "کیلومترِ مربع", CAL_NONE},
    {"m²", "مترِ مربع", CAL_NONE},          {"m³", "مترِ مکعب", CAL_NONE},
    {"ha", "هکتار", CAL_NONE},             {"kg", "کیلوگرم", CAL_NONE},
    {"g", "گرم", CAL_NONE},                {"mg", "میلی‌گرم", CAL_NONE},
    {"l", "لیتر", CAL_NONE},               {"L", "لیتر", CAL_NONE},
    {"ml", "میلی‌لیتر", CAL_NONE},          {"mL", "میلی‌لیتر", CAL_NONE},
    {"cc", "سی‌سی", CAL_NONE},             {"°C", "درجهِ سانتی‌گراد", CAL_NONE},
    {"℃", "درجهِ سانتی‌گراد", CAL_NONE},    {"°F", "درجهِ فارنهایت", CAL_NONE},
    {"°", "درجه", CAL_NONE},               {"W", "وات", CAL_NONE},
    {"kW", "کیلووات", CAL_NONE},           {"MW", "مگاوات", CAL_NONE},
    {"GW", "گیگاوات", CAL_NONE},           {"kWh", "کیلووات ساعت", CAL_NONE},
    {"V", "ولت", CAL_NONE},                {"kV", "کیلوولت", CAL_NONE},
    {"mAh", "میلی‌آمپر ساعت", CAL_NONE},   {"Hz", "هرتز", CAL_NONE},
    {"kHz", "کیلوهرتز", CAL_NONE},         {"MHz", "مگاهرتز", CAL_NONE},
    {"GHz", "گیگاهرتز", CAL_NONE},         {"KB", "کیلوبایت", CAL_NONE},
    {"MB", "مگابایت", CAL_NONE},           {"GB", "گیگابایت", CAL_NONE},
    {"TB", "ترابایت", CAL_NONE},           {"Mbps", "مگابیت بر ثانیه", CAL_NONE},
};
TABLE(units, unit_rows);

/* spoken: the ending the ordinal takes: "م" (سوم) or "مین" (سومین, before a noun) */
static const written_form ordinal_rows[] = {
    {"م", "م", CAL_NONE}, {"ام", "م", CAL_NONE}, {"مین", "مین", CAL_NONE}, {"امین", "مین", CAL_NONE},
};
TABLE(ordinal_suffixes, ordinal_rows);

static const written_form day_half_rows[] = {
    {"ق.ظ", "قبل از ظهر", CAL_NONE}, {"ب.ظ", "بعد از ظهر", CAL_NONE},
};
TABLE(day_halves, day_half_rows);

static const written_form era_rows[] = {
    {"ه.ش", "هجریِ شمسی", CAL_JALALI}, {"ه.ق", "هجریِ قمری", CAL_HIJRI},
    {"م.", "میلادی", CAL_GREGORIAN},   {"ق.م", "قبل از میلاد", CAL_NONE},
    /* a joiner typed after ه to show its isolated form (ه‍.ق) reaches us as a ZWNJ */
    {"ه\u200c.ش", "هجریِ شمسی", CAL_JALALI}, {"ه\u200c.ق", "هجریِ قمری", CAL_HIJRI},
};
TABLE(era_markers, era_rows);

static const written_form calendar_word_rows[] = {
    {"شمسی", "", CAL_JALALI},        {"خورشیدی", "", CAL_JALALI}, {"قمری", "", CAL_HIJRI},
    {"میلادی", "", CAL_GREGORIAN},
};
TABLE(calendar_words, calendar_word_rows);

static const written_form measure_rows[] = {
    {"درصد", "", CAL_NONE},  {"برابر", "", CAL_NONE},  {"هزار", "", CAL_NONE},
    {"میلیون", "", CAL_NONE}, {"میلیارد", "", CAL_NONE}, {"تریلیون", "", CAL_NONE},
    {"درجه", "", CAL_NONE},  {"متر", "", CAL_NONE},    {"کیلومتر", "", CAL_NONE},
    {"کیلوگرم", "", CAL_NONE}, {"گرم", "", CAL_NONE},  {"تن", "", CAL_NONE},
    {"لیتر", "", CAL_NONE},  {"ریال", "", CAL_NONE},   {"تومان", "", CAL_NONE},
    {"دلار", "", CAL_NONE},  {"یورو", "", CAL_NONE},   {"سال", "", CAL_NONE},
    {"ساعت", "", CAL_NONE},  {"دقیقه", "", CAL_NONE},  {"ثانیه", "", CAL_NONE},
    {"نمره", "", CAL_NONE},  {"واحد", "", CAL_NONE},   {"ریشتر", "", CAL_NONE},
};
TABLE(measure_words, measure_rows);

const unsigned char groups_mobile[] = {4, 3, 2, 2, 0};
const unsigned char groups_landline[] = {3, 2, 0};
const unsigned char groups_long[] = {4, 0};
const unsigned char groups_intl_phone[] = {2, 3, 3, 2, 2, 0};
const unsigned char groups_pairs[] = {2, 0};

/* Codes are read in groups of at most three digits, as they are read out to be written down: a
 * national ID in threes then pairs, a postal code's two fives (۱۴۱۵۵-۶۶۷۸۹) each as three and two;
 * an IBAN in the fours it is printed in. */
static const unsigned char groups_postal[] = {3, 2, 3, 2, 0};
static const unsigned char groups_national_id[] = {3, 3, 2, 2, 0};
static const unsigned char groups_threes[] = {3, 0};
const unsigned char groups_iban[] = {2, 4, 4, 4, 4, 4, 2, 0};
const char iban_country[] = "IR";

const code_name code_names[] = {
    {"کد", "پستی", groups_postal, 10},         {NULL, "کدپستی", groups_postal, 10},
    {"کد", "ملی", groups_national_id, 10},     {NULL, "کدملی", groups_national_id, 10},
    {"شماره", "ملی", groups_national_id, 10},  {"شناسه", "ملی", groups_threes, 11},
    {NULL, "شبا", groups_iban, IBAN_DIGITS},   {NULL, "شبای", groups_iban, IBAN_DIGITS},
    {"کد", "رهگیری", groups_threes, 30},       {"شماره", "رهگیری", groups_threes, 30},
    {"کد", "پیگیری", groups_threes, 30},       {"شماره", "پیگیری", groups_threes, 30},
    {"کد", "مرسوله", groups_threes, 30},       {"شماره", "مرسوله", groups_threes, 30},
    {"شماره", "حساب", groups_threes, 26},      {"شماره", "پرونده", groups_threes, 20},
};
const size_t n_code_names = COUNT(code_names);

const vulgar_fraction vulgar_fractions[] = {
    {"½", 1, 2}, {"⅓", 1, 3}, {"⅔", 2, 3}, {"¼", 1, 4}, {"¾", 3, 4}, {"⅕", 1, 5}, {"⅖", 2, 5},
    {"⅗", 3, 5}, {"⅘", 4, 5}, {"⅙", 1, 6}, {"⅚", 5, 6}, {"⅐", 1, 7}, {"⅛", 1, 8}, {"⅜", 3, 8},
    {"⅝", 5, 8}, {"⅞", 7, 8}, {"⅑", 1, 9}, {"⅒", 1, 10}, {"↉", 0, 3},
};
const size_t n_vulgar_fractions = COUNT(vulgar_fractions);
const char fraction_slash[] = "⁄";

static const written_form roman_head_rows[] = {
    /* what is counted */
    {"قرن", "", CAL_NONE},      {"سده", "", CAL_NONE},     {"جنگ جهانی", "", CAL_NONE},
    {"جلد", "", CAL_NONE},      {"مجلد", "", CAL_NONE},    {"فصل", "", CAL_NONE},
    {"بخش", "", CAL_NONE},      {"قسمت", "", CAL_NONE},    {"دفتر", "", CAL_NONE},
    {"فاز", "", CAL_NONE},      {"مرحله", "", CAL_NONE},   {"نسل", "", CAL_NONE},
    /* kings, queens and popes as Persian news writes them */
    {"لوئی", "", CAL_NONE},     {"لویی", "", CAL_NONE},    {"هانری", "", CAL_NONE},
    {"هنری", "", CAL_NONE},     {"ادوارد", "", CAL_NONE},  {"جرج", "", CAL_NONE},
    {"جورج", "", CAL_NONE},     {"ویلیام", "", CAL_NONE},  {"چارلز", "", CAL_NONE},
    {"الیزابت", "", CAL_NONE},  {"ریچارد", "", CAL_NONE},  {"جیمز", "", CAL_NONE},
    {"فیلیپ", "", CAL_NONE},    {"فیلیپه", "", CAL_NONE},  {"شارل", "", CAL_NONE},
    {"ناپلئون", "", CAL_NONE},  {"کارلوس", "", CAL_NONE},  {"خوان کارلوس", "", CAL_NONE},
    {"آلفونسو", "", CAL_NONE},  {"فردیناند", "", CAL_NONE}, {"فردریک", "", CAL_NONE},
    {"فریدریش", "", CAL_NONE},  {"ویلهلم", "", CAL_NONE},  {"نیکلای", "", CAL_NONE},
    {"نیکولای", "", CAL_NONE},  {"نیکلا", "", CAL_NONE},   {"الکساندر", "", CAL_NONE},
    {"پتر", "", CAL_NONE},      {"پطر", "", CAL_NONE},     {"ایوان", "", CAL_NONE},
    {"کاترین", "", CAL_NONE},   {"گوستاو", "", CAL_NONE},  {"کریستیان", "", CAL_NONE},
    {"هارالد", "", CAL_NONE},   {"اولاف", "", CAL_NONE},   {"رامسس", "", CAL_NONE},
    {"بطلمیوس", "", CAL_NONE},  {"کنستانتین", "", CAL_NONE},
    {"ژان پل", "", CAL_NONE},   {"جان پل", "", CAL_NONE},  {"بندیکت", "", CAL_NONE},
    {"بندیکتوس", "", CAL_NONE}, {"پیوس", "", CAL_NONE},    {"لئو", "", CAL_NONE},
    {"لئون", "", CAL_NONE},     {"گریگوری", "", CAL_NONE}, {"اینوسنت", "", CAL_NONE},
    {"کلمنت", "", CAL_NONE},    {"اوربان", "", CAL_NONE},  {"سیکستوس", "", CAL_NONE},
};
TABLE(roman_numeral_heads, roman_head_rows);
const char nw_first[] = "اول";

/* Labels written in lower case; the others are read from the lexicon, as a Finglish word or
 * letter by letter (spell.c). */
static const written_form address_label_rows[] = {
    {"www", "دابلیو دابلیو دابلیو", CAL_NONE}, {"com", "کام", CAL_NONE},
    {"ir", "آی آر", CAL_NONE},                {"org", "اُرگ", CAL_NONE},
    {"net", "نِت", CAL_NONE},                 {"gov", "گاو", CAL_NONE},
    {"ac", "اِی سی", CAL_NONE},               {"co", "کُ", CAL_NONE},
    {"edu", "ای دیی یو", CAL_NONE},           {"info", "اینفو", CAL_NONE},
    {"news", "نیوز", CAL_NONE},               {"online", "آنلاین", CAL_NONE},
    {"mail", "میل", CAL_NONE},                {"email", "ایمیل", CAL_NONE},
    {"gmail", "جی‌میل", CAL_NONE},            {"yahoo", "یاهو", CAL_NONE},
    {"blog", "بلاگ", CAL_NONE},               {"wiki", "ویکی", CAL_NONE},
    {"daily", "دِیلی", CAL_NONE},             {"press", "پرس", CAL_NONE},
    {"times", "تایمز", CAL_NONE},             {"post", "پُست", CAL_NONE},
    {"app", "اَپ", CAL_NONE},                 {"site", "سایت", CAL_NONE},
    {"web", "وب", CAL_NONE},                  {"shop", "شاپ", CAL_NONE},
};
TABLE(address_labels, address_label_rows);

static const written_form address_symbol_rows[] = {
    {".", "دات", CAL_NONE},   {"@", "اَت", CAL_NONE},      {"-", "خط تیره", CAL_NONE},
    {"_", "آندِرلاین", CAL_NONE}, {"+", "پِلاس", CAL_NONE}, {"%", "درصد", CAL_NONE},
};
TABLE(address_symbols, address_symbol_rows);
const char nw_hashtag[] = "هشتگ";

/* Chosen because eSpeak NG 1.51 reads them right (plain دی, پی, وی come out «dey, pey, vey»,
 * plain اُ as the letter alef); lexicon/acronyms.tsv spells acronyms with them. */
const char *const latin_letter_names[26] = {
    "اِی", "بی", "سی", "دیی", "ای", "اِف", "جی", "اِچ", "آی", "جِی", "کِی", "اِل", "اِم",
    "اِن", "عُ", "پیی", "کیو", "آر", "اِس", "تی", "یو", "ویی", "دبلیو", "ایکس", "وای", "زِد",
};

const letter_sound finglish_sounds[] = {
    {"kh", "x", 0},  {"sh", "S", 0},  {"ch", "tS", 0}, {"zh", "Z", 0},  {"gh", "q1", 0},
    {"ph", "f", 0},  {"th", "t", 0},  {"ck", "k", 0},  {"aa", "A", 1},  {"ee", "i", 1},
    {"oo", "u", 1},  {"ou", "u", 1},  {"ei", "ej", 1}, {"ey", "ej", 1}, {"ai", "Aj", 1},
    {"ay", "Aj", 1}, {"a", "a", 1},   {"b", "b", 0},   {"c", "k", 0},   {"d", "d", 0},
    {"e", "e", 1},   {"f", "f", 0},   {"g", "g", 0},   {"h", "h", 0},   {"i", "i", 1},
    {"j", "dZ", 0},  {"k", "k", 0},   {"l", "l", 0},   {"m", "m", 0},   {"n", "n", 0},
    {"o", "o", 1},   {"p", "p", 0},   {"q", "q1", 0},  {"r", "R", 0},   {"s", "s", 0},
    {"t", "t", 0},   {"u", "u", 1},   {"v", "v", 0},   {"w", "v", 0},   {"x", "ks", 0},
    {"y", "j", 0},   {"z", "z", 0},
};
const size_t n_finglish_sounds = COUNT(finglish_sounds);

const char *const finglish_onsets[] = {
    "pr", "br", "tr", "dr", "kr", "gr", "fr", "pl", "bl", "kl", "gl", "fl", "sl", "sp", "st",
    "sk", "sm", "sn", "sh", "kh", "ch", "zh", "gh", "ph", "th",
};
const size_t n_finglish_onsets = COUNT(finglish_onsets);

const written_form *written_lookup(const written_table *t, const char *text)
{
    for (size_t i = 0; i < t->n; i++) {
        const char *w = t->entry[i].written;
        /* the first two bytes reject almost every entry without a call */
        if (w[0] == text[0] && (!w[0] || (w[1] == text[1] && !strcmp(w, text))))
            return &t->entry[i];
    }
    return NULL;
}
