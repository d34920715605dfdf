/* The guard's rules: what of Debian 12's libespeak-ng 1.51 must not be handed, each with the
 * upstream report or regression test it answers and how it was found here. The upstream inputs
 * are in espeak-ng's tests/crash_vectors/ (read, not copied: Ravi's tests make their own).
 *
 * 1. Dotted runs (guard.h, GUARD_DOTTED_RUN_MAX_BYTES): a run of letters joined by dots is
 *    gathered into a fixed stack buffer while eSpeak looks for an abbreviation "a.b.c"; from 169
 *    bytes on (85 Latin letters, 57 Cyrillic, any script) 1.51 aborts with "stack smashing
 *    detected", with every voice. Upstream: tests/crash_vectors/dotted-abbrev-stack-oob.txt and
 *    dotted-abbrev-skipwords-oob.txt, fixed in 17ca9c9c ("three memory safety issues in text
 *    parsing"). Measured by bisecting the length with espeak-ng -v fa and -v en.
 *
 * 2. Code points (the table below): letters of scripts for which the Persian voice switches to
 *    another language's phoneme table mid-clause, where 1.51 reads past a phoneme table
 *    (valgrind: "Invalid read of size 1"). Upstream: #2467 and
 *    tests/crash_vectors/phoneme-table-switch-otherlang.txt (ϖ ϕ ϰ ϵ, fixed in 476a05e3), and
 *    cve-2023-49991.txt, whose first fault through Ravi's front end reduces (delta debugging
 *    under valgrind) to the Armenian letter ժ alone. The ranges are what a scan of every
 *    assigned BMP code point, one utterance each, under valgrind with the fa voice flagged
 *    (tools/guard/scan.sh).
 *    GUARD_FOLD where NFKC gives a harmless letter (ϖ → π), GUARD_TRANSLITERATE otherwise (ICU
 *    Any-Latin: Armenian ժ → zh, read as a Latin word), so that the word is said, not lost.
 *
 * 3. Scripts (the second table, by block): a single letter of these scripts, which eSpeak spells by
 *    switching to the script's language, makes 1.51 use a translator it has just freed
 *    (AddressSanitizer: heap-use-after-free in TranslateLetter, numbers.c:898). Found with an
 *    AddressSanitizer build of the 1.51 release (tools/guard/README.md) from ժ, then every
 *    letter of every script. Whole words of them may pass, but eSpeak spells any word it cannot
 *    pronounce, so the whole script is transliterated.
 *
 * 4. Words of two scripts (guard.c, guard_split_scripts): eSpeak spells a word that mixes
 *    alphabets letter by letter, switching translators, and 1.51 again reads a freed translator
 *    (numbers.c:798 and 839): πש, πж, πش, 한ж… (the fuzzed cve-2023-49990 and 49991 inputs are
 *    full of such words). Such a word is cut where the script changes; Latin beside Persian
 *    (iPhone‌ها) is harmless and stays whole.
 *
 * 5. The text's end (synth.c): a text that ends in exactly two dots ("B..", "سلام..") makes
 *    ReadClause read on past its end (AddressSanitizer: heap-buffer-overflow in
 *    string_decoder_getc_utf_8, found by fuzz_speak; three dots, or a space after, pass). Every
 *    text eSpeak is given ends in a space.
 *
 * 6. Voices (synth.c, ssml.c): most of the 130 voices for other languages misread memory on the
 *    text of the guard's tests (valgrind); the upstream phoneme-table-switch vectors name he, uk,
 *    fr, pt. Ravi reads Persian: --voice and SSML <voice> stay with the voices that speak it.
 *
 * 7. Unassigned code points: eSpeak counts alphabets by block, so an unassigned code point in the
 *    Armenian block (U+058B) is spelt as an Armenian letter, with the same use of a freed
 *    translator (found by fuzz_speak). They name nothing: left out.
 *
 * 8. The ezafe after a Greek word (guard.c): Ravi says the ezafe by writing a kasra after the
 *    word, and a Greek letter followed by an Arabic mark is a word of two alphabets (rule 4; πِ,
 *    Θِ, found by fuzz_speak). Such a word keeps no ezafe. Latin, Cyrillic, Hebrew, Han, Thai and
 *    Ethiopic words passed with a kasra.
 *
 * 9. Hyphens against a word of another alphabet (guard.c): "---ж", "(---Привет" at the start of a
 *    clause overflow a stack buffer in InterpretCondition (AddressSanitizer: stack-buffer-overflow,
 *    synthdata.c, found by fuzz_speak; the upstream phoneme-table-switch-condition family). Three
 *    or five hyphens fail, one, two or four pass; Greek and Hebrew passed. Two or more hyphens
 *    before a letter of an alphabet other than Persian's and Latin get a space between.
 */
#include "guard.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

typedef struct guard_range {
    uint32_t first, last;
    guard_action action;
} guard_range;

/* Code points, sorted, not overlapping. */
static const guard_range ranges[] = {
    {0x037F, 0x037F, GUARD_TRANSLITERATE}, /* Greek capital yot */
    {0x0384, 0x0385, GUARD_FOLD},          /* Greek tonos, dialytika tonos */
    {0x0387, 0x0387, GUARD_FOLD},          /* Greek ano teleia */
    {0x03CF, 0x03CF, GUARD_TRANSLITERATE}, /* Greek capital kai */
    {0x03D0, 0x03D6, GUARD_FOLD},          /* Greek symbols ϐ ϑ ϒ ϓ ϔ ϕ ϖ (#2467) */
    {0x03D7, 0x03EF, GUARD_TRANSLITERATE}, /* Greek kai, archaic letters, Coptic letters */
    {0x03F0, 0x03F2, GUARD_FOLD},          /* ϰ ϱ ϲ (#2467) */
    {0x03F3, 0x03F3, GUARD_TRANSLITERATE}, /* Greek yot */
    {0x03F5, 0x03F5, GUARD_FOLD},          /* ϵ (#2467) */
    {0x03F6, 0x03FC, GUARD_TRANSLITERATE}, /* Greek reversed lunate epsilon … rho with stroke */
};

/* Blocks whose code points are transliterated (rule 3): those the scan flagged. eSpeak NG tells
 * alphabets by block, not by Unicode's script property, so the danda । (script Common) and the
 * Devanagari accents (Inherited) fail like the letters. (Oriya and Telugu, their neighbours,
 * passed. Of Hangul, the jamo and the syllables that start with ㅇ failed.) */
static const UBlockCode transliterated[] = {
    UBLOCK_ARMENIAN, UBLOCK_GEORGIAN, UBLOCK_GEORGIAN_SUPPLEMENT, UBLOCK_GEORGIAN_EXTENDED,
    UBLOCK_DEVANAGARI, UBLOCK_DEVANAGARI_EXTENDED, UBLOCK_BENGALI, UBLOCK_GURMUKHI,
    UBLOCK_GUJARATI, UBLOCK_TAMIL, UBLOCK_KANNADA, UBLOCK_MALAYALAM, UBLOCK_SINHALA,
    UBLOCK_HANGUL_JAMO, UBLOCK_HANGUL_COMPATIBILITY_JAMO, UBLOCK_HANGUL_SYLLABLES,
    UBLOCK_HANGUL_JAMO_EXTENDED_A, UBLOCK_HANGUL_JAMO_EXTENDED_B,
};

/* Persian text is nearly all there is: answered without a look-up. */
static int plainly_harmless(uint32_t cp)
{
    return cp < 0x037F || (cp >= 0x0600 && cp <= 0x06FF) || cp == 0x200C || cp == 0x200D;
}

static guard_action range_action(uint32_t cp)
{
    size_t lo = 0, hi = sizeof ranges / sizeof *ranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ranges[mid].first)
            hi = mid;
        else if (cp > ranges[mid].last)
            lo = mid + 1;
        else
            return ranges[mid].action;
    }
    return GUARD_KEEP;
}

guard_action guard_action_of(uint32_t cp)
{
    if (plainly_harmless(cp))
        return GUARD_KEEP;
    guard_action a = range_action(cp);
    if (a != GUARD_KEEP)
        return a;
    if (u_charType((UChar32)cp) == U_UNASSIGNED)
        return GUARD_DROP; /* rule 7 */
    UBlockCode block = ublock_getCode((UChar32)cp);
    for (size_t i = 0; i < sizeof transliterated / sizeof *transliterated; i++)
        if (block == transliterated[i])
            return GUARD_TRANSLITERATE;
    return GUARD_KEEP;
}

int guard_script_of(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) - 'a' < 26u ? USCRIPT_LATIN : USCRIPT_COMMON;
    /* the Arabic block, its marks included: eSpeak counts alphabets by block, so a kasra or a
     * hamza above after a Greek letter makes a word of two alphabets (πِ, πٔ) */
    if (cp >= 0x0600 && cp <= 0x06FF)
        return USCRIPT_ARABIC;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)cp, &err);
    if (U_FAILURE(err))
        return USCRIPT_COMMON;
    if (script == USCRIPT_INHERITED) {
        /* a mark used by one script only counts as that script's */
        UScriptCode ext[4];
        err = U_ZERO_ERROR;
        int n = uscript_getScriptExtensions((UChar32)cp, ext, 4, &err);
        if (U_SUCCESS(err) && n >= 1 && ext[0] != USCRIPT_INHERITED && ext[0] != USCRIPT_COMMON)
            return (int)ext[0];
    }
    return (int)script;
}

int guard_scripts_may_join(int a, int b)
{
    if (a == b || a == USCRIPT_COMMON || a == USCRIPT_INHERITED || b == USCRIPT_COMMON ||
        b == USCRIPT_INHERITED)
        return 1;
    return (a == USCRIPT_LATIN && b == USCRIPT_ARABIC) || (a == USCRIPT_ARABIC && b == USCRIPT_LATIN);
}

int guard_kasra_may_follow(int script)
{
    return script != USCRIPT_GREEK;
}

int guard_hyphens_may_precede(int script)
{
    return script == USCRIPT_COMMON || script == USCRIPT_INHERITED || script == USCRIPT_ARABIC ||
           script == USCRIPT_LATIN;
}
