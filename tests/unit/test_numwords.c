/* Unit tests of the number-to-words core (src/normalize/numwords.c), the number token parser
 * and the calendar validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "normalize/calendar.h"
#include "normalize/numparse.h"
#include "normalize/numwords.h"
#include "normalize/roman.h"

typedef struct text {
    char s[SPOKEN_MAX_BYTES * 2];
} text;

/* The phrase's words joined by single spaces. */
#define joined(sp) join_words((sp), &(text){{0}})
static const char *join_words(const spoken *sp, text *out)
{
    char *buf = out->s;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sp->n; i++)
        at += (size_t)snprintf(buf + at, sizeof out->s - at, "%s%s", i ? " " : "", spoken_at(sp, i));
    return buf;
}

static void expect_cardinal(uint64_t v, const char *words)
{
    spoken sp;
    spoken_init(&sp);
    say_cardinal(&sp, v);
    assert_false(sp.overflow);
    assert_string_equal(joined(&sp), words);
}

static void test_small_numbers(void **state)
{
    (void)state;
    expect_cardinal(0, "صفر");
    expect_cardinal(1, "یک");
    expect_cardinal(9, "نُه");
    expect_cardinal(10, "ده");
    expect_cardinal(18, "هجده");
    expect_cardinal(20, "بیست");
    expect_cardinal(21, "بیست و یک");
    expect_cardinal(100, "صد");
    expect_cardinal(105, "صد و پنج");
    expect_cardinal(345, "سیصد و چهل و پنج");
    expect_cardinal(999, "نهصد و نود و نُه");
}

static void test_thousand_at_the_head(void **state)
{
    (void)state;
    expect_cardinal(1000, "هزار");
    expect_cardinal(1402, "هزار و چهارصد و دو");
    expect_cardinal(21000, "بیست و یک هزار"); /* never «بیست و هزار» */
    expect_cardinal(101000, "صد و یک هزار");
    expect_cardinal(1001000, "یک میلیون و یک هزار");
    expect_cardinal(1000000, "یک میلیون");
}

static void test_large_numbers(void **state)
{
    (void)state;
    expect_cardinal(2500000, "دو میلیون و پانصد هزار");
    expect_cardinal(7000000000ull, "هفت میلیارد");
    expect_cardinal(1000000000000ull, "یک تریلیون");
    expect_cardinal(999999999999999ull,
                    "نهصد و نود و نُه تریلیون و نهصد و نود و نُه میلیارد و نهصد و نود و نُه میلیون "
                    "و نهصد و نود و نُه هزار و نهصد و نود و نُه");
    expect_cardinal(1000000000000000ull, "هزار تریلیون");
    expect_cardinal(1000000000000001ull, "هزار تریلیون و یک");
}

static void test_conjunction_is_its_own_kind(void **state)
{
    (void)state;
    spoken sp;
    spoken_init(&sp);
    say_cardinal(&sp, 345);
    assert_int_equal(sp.n, 5);
    assert_int_equal(sp.kind[0], TOK_WORD);
    assert_int_equal(sp.kind[1], TOK_NUM_CONJ);
    assert_int_equal(sp.kind[3], TOK_NUM_CONJ);
    assert_int_equal(sp.kind[4], TOK_WORD);
}

static void test_too_large_overflows(void **state)
{
    (void)state;
    spoken sp;
    spoken_init(&sp);
    say_cardinal(&sp, NW_MAX_CARDINAL + 1);
    assert_true(sp.overflow);
}

static void expect_ordinal(uint64_t v, ordinal_form form, const char *words)
{
    spoken sp;
    spoken_init(&sp);
    say_ordinal(&sp, v, form);
    assert_string_equal(joined(&sp), words);
}

static void test_ordinals(void **state)
{
    (void)state;
    expect_ordinal(1, ORD_PLAIN, "یکم");
    expect_ordinal(2, ORD_PLAIN, "دوم");
    expect_ordinal(3, ORD_PLAIN, "سوم");
    expect_ordinal(9, ORD_PLAIN, "نهم");
    expect_ordinal(30, ORD_PLAIN, "سی‌ام");
    expect_ordinal(33, ORD_PLAIN, "سی و سوم");
    expect_ordinal(21, ORD_PLAIN, "بیست و یکم");
    expect_ordinal(1000, ORD_PLAIN, "هزارم");
    expect_ordinal(16, ORD_MIN, "شانزدهمین");
    expect_ordinal(3, ORD_MIN, "سومین");
    expect_ordinal(30, ORD_MIN, "سی‌امین");
}

static void test_digit_groups(void **state)
{
    (void)state;
    static const unsigned char mobile[] = {4, 3, 2, 2, 0};
    spoken sp;
    spoken_init(&sp);
    say_digit_group(&sp, "0012", 4);
    assert_string_equal(joined(&sp), "صفر صفر دوازده");
    spoken_init(&sp);
    say_digit_groups(&sp, "09121234567", 11, mobile);
    assert_string_equal(joined(&sp), "صفر نهصد و دوازده ، صد و بیست و سه ، چهل و پنج ، شصت و هفت");
    assert_int_equal(sp.kind[4], TOK_PUNCT);
    assert_true(sp.flags[4] & SPK_ATTACHED);
}

static void test_lone_last_digit_joins_its_group(void **state)
{
    (void)state;
    static const unsigned char fours[] = {4, 0};
    spoken sp;
    spoken_init(&sp);
    say_digit_groups(&sp, "123456789", 9, fours); /* 1234 56789, not 1234 5678 9 */
    assert_string_equal(joined(&sp),
                        "هزار و دویست و سی و چهار ، پنجاه و شش هزار و هفتصد و هشتاد و نُه");
}

static void test_numparts(void **state)
{
    (void)state;
    numparts np;
    assert_int_equal(numparts_parse("۱۴۰۲/۰۵/۱۲", &np), 0);
    assert_int_equal(np.nparts, 3);
    assert_string_equal(np.digits, "14020512");
    assert_int_equal(np.sep[0], '/');
    assert_int_equal(numparts_value(&np, 1), 5);
    assert_int_equal(numparts_parse("٢٬٥٠٠", &np), 0);
    assert_int_equal(np.sep[0], 0x066C);
    assert_int_equal(numparts_value(&np, 0) * 1000 + numparts_value(&np, 1), 2500);
    assert_int_equal(numparts_parse("12a", &np), -1);
    assert_int_equal(numparts_parse("12/", &np), -1);
}

static void test_roman_values(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned value;
    } cases[] = {
        {"I", 1}, {"II", 2}, {"IV", 4}, {"IX", 9}, {"XIV", 14}, {"XIX", 19}, {"XL", 40},
        {"XC", 90}, {"CD", 400}, {"MCM", 1900}, {"MMXXIV", 2024}, {"MMMCMXCIX", 3999},
        /* not canonical, not Roman, or empty: 0 */
        {"IIII", 0}, {"VX", 0}, {"IL", 0}, {"MMMM", 0}, {"XIVI", 0}, {"iv", 0}, {"", 0}, {"IIV", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(roman_value(cases[i].text, strlen(cases[i].text)), cases[i].value);
}

static void test_calendar_validation(void **state)
{
    (void)state;
    calendars cal;
    assert_int_equal(calendars_open(&cal), 0);
    assert_true(date_is_valid(&cal, CAL_JALALI, 1403, 12, 30)); /* 1403 is a leap year */
    assert_false(date_is_valid(&cal, CAL_JALALI, 1402, 12, 30));
    assert_false(date_is_valid(&cal, CAL_JALALI, 1402, 7, 31));
    assert_false(date_is_valid(&cal, CAL_JALALI, 1402, 13, 1));
    assert_true(date_is_valid(&cal, CAL_GREGORIAN, 2024, 2, 29));
    assert_false(date_is_valid(&cal, CAL_GREGORIAN, 2023, 2, 29));
    assert_true(date_is_valid(&cal, CAL_HIJRI, 1446, 3, 12));
    assert_false(date_is_valid(&cal, CAL_HIJRI, 1446, 3, 31));
    calendars_close(&cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_numbers),
        cmocka_unit_test(test_thousand_at_the_head),
        cmocka_unit_test(test_large_numbers),
        cmocka_unit_test(test_conjunction_is_its_own_kind),
        cmocka_unit_test(test_too_large_overflows),
        cmocka_unit_test(test_ordinals),
        cmocka_unit_test(test_digit_groups),
        cmocka_unit_test(test_lone_last_digit_joins_its_group),
        cmocka_unit_test(test_numparts),
        cmocka_unit_test(test_roman_values),
        cmocka_unit_test(test_calendar_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
