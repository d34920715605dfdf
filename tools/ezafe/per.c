/* ezafe-per: phoneme error rate against GE2PE's Homograph_test.csv gold phonemes, for
 * `ravi phonemes --ipa` and for plain `espeak-ng -v fa --ipa -q`.
 *   ezafe-per RAVI_BINARY HOMOGRAPH_CSV
 * Both outputs are mapped onto the gold's ASCII alphabet (ɑ→a, a/æ→/, ʃ→$, tʃ→c, dʒ→j, ʒ→;,
 * j→y, ʔ→@, ɢ/ɣ/q→q); stress, length marks, word breaks and the gold's 1/2 markers are dropped,
 * and the error is the edit distance between whole sentences over the gold's length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_PHONES 4096

/* Maps one IPA code point (with the one after it, for affricates) to a gold symbol; returns how
 * many code points it consumed, and 0 in *out to drop it. */
static int map_ipa(uint32_t cp, uint32_t next, char *out)
{
    static const struct { uint32_t cp; char sym; } table[] = {
        {0x0251, 'a'}, {'a', '/'}, {0x00E6, '/'}, {0x0283, '$'}, {0x0292, ';'}, {'j', 'y'}, {0x0294, '@'},
        {0x0262, 'q'}, {0x0263, 'q'}, {'q', 'q'}, {0x03C7, 'x'}, {0x027E, 'r'}, {0x0261, 'g'}, {0x0259, 'e'},
        {0x025B, 'e'}, {0x026A, 'i'}, {0x028A, 'u'}, {0x0254, 'o'}, {0x0252, 'a'},
    };
    *out = 0;
    if (cp == 't' && next == 0x0283) {
        *out = 'c';
        return 2;
    }
    if (cp == 'd' && next == 0x0292) {
        *out = 'j';
        return 2;
    }
    for (size_t k = 0; k < sizeof table / sizeof *table; k++)
        if (table[k].cp == cp) {
            *out = table[k].sym;
            return 1;
        }
    if (cp >= 'a' && cp <= 'z')
        *out = (char)cp;
    return 1;
}

static size_t ipa_to_gold(const char *ipa, char *out)
{
    uint32_t cps[MAX_PHONES];
    size_t n = 0, len = strlen(ipa), m = 0;
    for (size_t i = 0; i < len && n < MAX_PHONES;)
        i += utf8_decode(ipa + i, len - i, &cps[n++]);
    for (size_t i = 0; i < n && m < MAX_PHONES - 1;) {
        char sym;
        i += (size_t)map_ipa(cps[i], i + 1 < n ? cps[i + 1] : 0, &sym);
        if (sym)
            out[m++] = sym;
    }
    out[m] = '\0';
    return m;
}

static size_t gold_phones(const char *gold, char *out)
{
    size_t m = 0;
    for (const char *p = gold; *p && m < MAX_PHONES - 1; p++)
        if ((*p >= 'a' && *p <= 'z') || strchr("/$;@", *p))
            out[m++] = *p;
    out[m] = '\0';
    return m;
}

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t *row = malloc((nb + 1) * sizeof *row);
    if (!row)
        return na > nb ? na : nb;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[nb];
    free(row);
    return d;
}

/* Runs `command` (which reads the sentence file) and returns its whole output (caller frees). */
static char *run(const char *command)
{
    FILE *p = popen(command, "r");
    if (!p)
        return NULL;
    strbuf b;
    sb_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
        sb_append(&b, chunk, got);
    pclose(p);
    if (!b.s)
        sb_puts(&b, "");
    return b.s;
}

static void fold_arabic_letters(char *s)
{
    for (; s[0] && s[1]; s++) {
        unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
        if (a == 0xD9 && (b == 0x8A || b == 0x89)) {
            s[0] = (char)0xDB;
            s[1] = (char)0x8C;
        } else if (a == 0xD9 && b == 0x83) {
            s[0] = (char)0xDA;
            s[1] = (char)0xA9;
        }
    }
}

typedef struct tally {
    size_t errors, phones;
} tally;

static void score(const char *command, const char *gold, size_t ngold, tally *t)
{
    char *ipa = run(command), mapped[MAX_PHONES];
    size_t n = ipa ? ipa_to_gold(ipa, mapped) : 0;
    if (!ipa)
        mapped[0] = '\0';
    t->errors += edit_distance(mapped, n, gold, ngold);
    t->phones += ngold;
    free(ipa);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RAVI_BINARY HOMOGRAPH_CSV\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", argv[2]);
        return 1;
    }
    char tmp[] = "/tmp/ravi-per-XXXXXX", ravi_cmd[8192], espeak_cmd[8192];
    int fd = mkstemp(tmp);
    if (fd < 0)
        return 1;
    close(fd);
    snprintf(ravi_cmd, sizeof ravi_cmd, "'%s' phonemes --ipa < '%s' 2>/dev/null", argv[1], tmp);
    snprintf(espeak_cmd, sizeof espeak_cmd, "espeak-ng -v fa --ipa -q -f '%s' 2>/dev/null", tmp);
    char *line = NULL, gold[MAX_PHONES];
    size_t cap = 0, rows = 0;
    tally ravi = {0, 0}, espeak = {0, 0};
    while (getline(&line, &cap, f) >= 0) {
        char *comma = strchr(line, ',');
        if (rows++ == 0 || !comma)
            continue;
        *comma = '\0';
        fold_arabic_letters(line);
        size_t ngold = gold_phones(comma + 1, gold);
        FILE *t = fopen(tmp, "w");
        if (!t)
            break;
        fprintf(t, "%s\n", line);
        fclose(t);
        score(ravi_cmd, gold, ngold, &ravi);
        score(espeak_cmd, gold, ngold, &espeak);
    }
    free(line);
    fclose(f);
    unlink(tmp);
    printf("PER on Homograph_test (%zu sentences, %zu gold phonemes): ravi phonemes --ipa %.2f%%, "
           "espeak-ng -v fa --ipa %.2f%%\n",
           rows ? rows - 1 : 0, ravi.phones, 100.0 * (double)ravi.errors / (double)(ravi.phones ? ravi.phones : 1),
           100.0 * (double)espeak.errors / (double)(espeak.phones ? espeak.phones : 1));
    return 0;
}
