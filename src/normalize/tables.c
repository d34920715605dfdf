/* The normalizer's language data (see tables.h). Everything Persian-specific that the
 * recognisers need lives here, in tables, so that adding a unit or a month spelling is adding
 * a line, not code. */
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
    {"mph", "مایل بر ساعت", CAL_NONE},     {"km²", "کیلومتر مربع", CAL_NONE},
    {"m²", "متر مربع", CAL_NONE},          {"m³", "متر مکعب", CAL_NONE},
    {"ha", "هکتار", CAL_NONE},             {"kg", "کیلوگرم", CAL_NONE},
    {"g", "گرم", CAL_NONE},                {"mg", "میلی‌گرم", CAL_NONE},
    {"l", "لیتر", CAL_NONE},               {"L", "لیتر", CAL_NONE},
    {"ml", "میلی‌لیتر", CAL_NONE},          {"mL", "میلی‌لیتر", CAL_NONE},
    {"cc", "سی‌سی", CAL_NONE},             {"°C", "درجه سانتی‌گراد", CAL_NONE},
    {"℃", "درجه سانتی‌گراد", CAL_NONE},    {"°F", "درجه فارنهایت", CAL_NONE},
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
    {"ه.ش", "هجری شمسی", CAL_JALALI}, {"ه.ق", "هجری قمری", CAL_HIJRI},
    {"م.", "میلادی", CAL_GREGORIAN},   {"ق.م", "قبل از میلاد", CAL_NONE},
    /* a joiner typed after ه to show its isolated form (ه‍.ق) reaches us as a ZWNJ */
    {"ه\u200c.ش", "هجری شمسی", CAL_JALALI}, {"ه\u200c.ق", "هجری قمری", CAL_HIJRI},
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
