/* Applying the lexicon to a sentence: at each token the longest written form that starts there,
 * replaced by its pronunciation. One token per word where the counts agree (the tokens keep their
 * source ranges and spacing); otherwise the matched tokens are replaced as a whole.
 *
 * Written forms with digits (G7, F-35, COVID-19) are matched first, against the text as written:
 * the normalizer has already turned «7» into «هفت» by now, but the words it made from one written
 * token keep that token's source range, so that run of words is compared by its source text. */
#include "../ezafe/ezafe.h"
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

/* Numbers have been read out by now; what an earlier stage or match settled stays settled. */
static int matchable(const token *t)
{
    return t->kind != TOK_NUM_CONJ && t->kind != TOK_NUMBER && !t->phonemes &&
           !(t->flags & TOKF_LEXICON);
}

/* The longest entry whose written form is tokens [i, i + *count), within [i, end). Returns 0 (*e
 * NULL when none), or -1 when out of memory. */
static int longest_match(lexicon *lex, const sentence *s, size_t i, size_t end, const lex_entry **e,
                         size_t *count)
{
    size_t keylen[LEX_MAX_PIECES], exactlen[LEX_MAX_PIECES], ntok = 0;
    lex_key *k = &lex->scratch;
    lex_key_reset(k);
    *e = NULL;
    for (size_t j = i; j < end && ntok < LEX_MAX_PIECES && matchable(&s->tok[j]); j++) {
        if (lex_key_append_text(k, s->tok[j].text, s->tok[j].len))
            return -1;
        if (k->npieces > lex->max_pieces)
            break;
        keylen[ntok] = k->key.len;
        exactlen[ntok] = k->exact.len;
        ntok++;
        if (!lexicon_can_extend(lex, k->key.s, k->key.len))
            break; /* no written form goes on from here */
    }
    while (ntok-- > 0) {
        *e = lexicon_find_span(lex, k->key.s, keylen[ntok], k->exact.s, exactlen[ntok]);
        if (*e) {
            *count = ntok + 1;
            return 0;
        }
    }
    return 0;
}

/* The pronunciation cut into its words: `copy` holds them, NUL-separated. */
static const char **split_words(const lex_entry *e, char **copy)
{
    *copy = xstrndup(e->pron, strlen(e->pron));
    const char **words = calloc(e->nwords ? e->nwords : 1, sizeof *words);
    if (!*copy || !words) {
        free(*copy);
        free(words);
        return NULL;
    }
    size_t n = 0;
    for (char *p = *copy; *p && n < e->nwords;) {
        words[n++] = p;
        p += strcspn(p, " ");
        if (*p)
            *p++ = '\0';
    }
    return words;
}

/* Words written with spaces between them: each can take one word of the pronunciation. */
static int one_word_each(const sentence *s, size_t first, size_t count, size_t nwords)
{
    if (nwords != count)
        return 0;
    for (size_t k = first; k < first + count; k++)
        if (s->tok[k].kind != TOK_WORD || (k > first && !(s->tok[k].flags & TOKF_SPACE_BEFORE)))
            return 0;
    return 1;
}

/* The written text of tokens [first, first + count) with their own spacing. */
static char *joined_text(const sentence *s, size_t first, size_t count)
{
    strbuf b;
    sb_init(&b);
    for (size_t k = first; k < first + count; k++)
        if ((k > first && (s->tok[k].flags & TOKF_SPACE_BEFORE) && sb_putc(&b, ' ')) ||
            sb_puts(&b, s->tok[k].text)) {
            sb_free(&b);
            return NULL;
        }
    return b.s;
}

/* Phonemes: the tokens keep their written text (what `ravi normalize` shows and the ezafe stage
 * reads) and take the mnemonics; several tokens that cannot take one word each become one. */
static int put_phonemes(sentence *s, size_t first, size_t count, const lex_entry *e,
                        const char **words, size_t *produced)
{
    if (one_word_each(s, first, count, e->nwords)) {
        for (size_t k = 0; k < count; k++)
            if (token_set_phonemes(&s->tok[first + k], words[k]))
                return -1;
        *produced = count;
        return 0;
    }
    char *text = joined_text(s, first, count);
    int rc = !text || sentence_replace(s, first, count, (const char *const *)&text, NULL, 1) ||
             token_set_phonemes(&s->tok[first], e->pron);
    free(text);
    if (!rc)
        s->tok[first].flags &= ~TOKF_GENERATED; /* the written word itself, only said right */
    *produced = 1;
    return rc ? -1 : 0;
}

/* Persian words: they replace the text (an abbreviation becomes the words it stands for). */
static int put_words(sentence *s, size_t first, size_t count, const lex_entry *e,
                     const char **words, size_t *produced)
{
    *produced = e->nwords;
    if (one_word_each(s, first, count, e->nwords)) {
        for (size_t k = 0; k < count; k++)
            if (token_set_text(&s->tok[first + k], words[k]))
                return -1;
        return 0;
    }
    if (sentence_replace(s, first, count, words, NULL, e->nwords))
        return -1;
    sentence_keep_attached(s, first); /* (WHO) */
    return 0;
}

#define KASRA "\xd9\x90"

/* A written ezafe on the last matched word («الهامِ») stays its ezafe: said after the
 * pronunciation (render.c); a text pronunciation takes the kasra the written word had. */
static int keep_written_ezafe(token *t)
{
    t->flags |= TOKF_EZAFE | TOKF_EZAFE_WRITTEN;
    if (t->phonemes || ezafe_is_written_sized(t->text, t->len))
        return 0;
    strbuf b;
    sb_init(&b);
    int rc = sb_printf(&b, "%s" KASRA, t->text) || token_set_text(t, b.s);
    sb_free(&b);
    return rc ? -1 : 0;
}

/* An inner word of a name given as phonemes: its ezafe, when its phonemes end in one, is taken
 * off them and kept as the word's written ezafe (said after the phonemes by render.c, shown as a
 * kasra by `ravi normalize`); without one, the ezafe stage must not add one. */
static int settle_inner_ezafe(token *t, const lexicon *lex)
{
    size_t bare = lex->check_phonemes ? ezafe_phonemes_bare_len(&lex->phonemes, t->text, t->phonemes) : 0;
    if (!bare) {
        t->flags |= TOKF_NO_EZAFE;
        return 0;
    }
    t->phonemes[bare] = '\0';
    t->flags |= TOKF_EZAFE | TOKF_EZAFE_WRITTEN;
    if (!lex->show_ezafe || ezafe_is_written(t->text)) /* --no-ezafe: the display shows none */
        return 0;
    strbuf b;
    sb_init(&b);
    int rc = sb_printf(&b, "%s" KASRA, t->text) || token_set_text(t, b.s);
    sb_free(&b);
    return rc ? -1 : 0;
}

/* A form written in parentheses, as the honorifics «(ره)», «(ع)» are, is a parenthetical: it
 * interrupts the phrase, so neither its words nor the word before it take an unwritten ezafe
 * («امام خمینی (ره) گفت» is emām khomeyni rahmatollāh alayh goft, not khomeyni-ye). */
static void close_parenthetical(sentence *s, size_t first, size_t produced)
{
    for (size_t k = first; k < first + produced; k++)
        if (!(s->tok[k].flags & TOKF_EZAFE_WRITTEN))
            s->tok[k].flags = (s->tok[k].flags & ~(unsigned)TOKF_EZAFE) | TOKF_NO_EZAFE;
    if (first > 0 && s->tok[first - 1].kind == TOK_WORD && !(s->tok[first - 1].flags & TOKF_EZAFE))
        s->tok[first - 1].flags |= TOKF_NO_EZAFE;
}

static int is_parenthesised(const lex_entry *e)
{
    size_t n = strlen(e->written);
    return n >= 2 && e->written[0] == '(' && e->written[n - 1] == ')';
}

/* An explanation: which entry, of which file and line, said the token. */
static int note_entry(const lexicon *lex, token *t, const lex_entry *e)
{
    strbuf b;
    sb_init(&b);
    int rc = sb_printf(&b, "%s:%u «%s» %s%s%s", lexicon_file_name(lex, e->file), e->line,
                       e->written, e->is_phonemes ? "[[" : "«", e->pron, e->is_phonemes ? "]]" : "»") ||
             token_set_note(t, "lexicon", b.s);
    sb_free(&b);
    return rc ? -1 : 0;
}

static int is_latin_form(const lex_entry *e)
{
    for (const char *p = e->written; *p; p++)
        if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
            return 1;
    return 0;
}

static int apply_entry(lexicon *lex, sentence *s, size_t first, size_t count, const lex_entry *e,
                       size_t *produced);

/* A Persian spelling given as a pronunciation is read as the same words in the text would be: a
 * name file's phonemes for them apply (Trump → ترامپ → tR'Amp), one step only (phonemes). *end is
 * moved as matches merge tokens. Returns 0 or -1. */
static int read_spelling(lexicon *lex, sentence *s, size_t first, size_t *end)
{
    for (size_t k = first; k < *end; k++)
        s->tok[k].flags &= ~(unsigned)TOKF_LEXICON;
    for (size_t j = first; j < *end;) {
        const lex_entry *e = NULL;
        size_t count = 0, produced = 0;
        if (lexicon_may_start(lex, s->tok[j].text, s->tok[j].len) &&
            longest_match(lex, s, j, *end, &e, &count))
            return -1;
        if (!e || !e->is_phonemes) {
            s->tok[j++].flags |= TOKF_LEXICON;
            continue;
        }
        if (apply_entry(lex, s, j, count, e, &produced))
            return -1;
        *end = *end - count + produced;
        j += produced;
    }
    return 0;
}

/* After a match: what the words of a Latin form and the normalizer's decision allow. A Latin name
 * is one foreign name, so no ezafe goes between its words or spelt letters («سازمان WHO» is not
 * «دبلیوِ اِچ عُ»); a word the normalizer closed (inside an address) stays closed. */
static void settle_latin_ezafe(const lex_entry *e, sentence *s, size_t first, size_t produced,
                               unsigned closed)
{
    if (!produced)
        return;
    if (!e->is_phonemes && is_latin_form(e))
        for (size_t k = first; k + 1 < first + produced; k++)
            s->tok[k].flags |= TOKF_NO_EZAFE;
    s->tok[first + produced - 1].flags |= closed;
}

static int apply_entry(lexicon *lex, sentence *s, size_t first, size_t count, const lex_entry *e,
                       size_t *produced)
{
    int written_ezafe = ezafe_is_written(s->tok[first + count - 1].text);
    unsigned closed = s->tok[first + count - 1].flags & TOKF_NO_EZAFE;
    char *copy;
    const char **words = split_words(e, &copy);
    if (!words)
        return -1;
    int rc = e->is_phonemes ? put_phonemes(s, first, count, e, words, produced)
                            : put_words(s, first, count, e, words, produced);
    free(words);
    free(copy);
    if (rc)
        return -1;
    for (size_t k = first; k < first + *produced; k++) {
        s->tok[k].flags |= TOKF_LEXICON;
        s->tok[k].flags &= ~(unsigned)TOKF_NAME_PIECE;
        s->tok[k].kind = TOK_WORD;
        if (s->explain && note_entry(lex, &s->tok[k], e))
            return -1;
        /* inside a name given as phonemes its author decided the ezafe; only the last word stays
         * open to the ezafe stage */
        if (e->is_phonemes && k + 1 < first + *produced &&
            settle_inner_ezafe(&s->tok[k], lex))
            return -1;
    }
    size_t end = first + *produced;
    if (!e->is_phonemes && read_spelling(lex, s, first, &end))
        return -1;
    *produced = end - first;
    settle_latin_ezafe(e, s, first, *produced, closed);
    if (is_parenthesised(e)) {
        close_parenthetical(s, first, *produced);
        return 0;
    }
    if (written_ezafe && *produced > 0)
        return keep_written_ezafe(&s->tok[first + *produced - 1]);
    return 0;
}

/* A Latin piece of an address or mention (irna in www.irna.ir): a web address has no case, so an
 * all-capital form (IRNA) matches it too. Returns 0 (*e NULL when none), or -1. */
static int name_piece_match(lexicon *lex, const token *t, const lex_entry **e)
{
    lex_key *k = &lex->scratch;
    lex_key_reset(k);
    if (lex_key_append_text(k, t->text, t->len))
        return -1;
    *e = lexicon_find_caseless(lex, k->key.s, k->key.len);
    return 0;
}

/* Where the written unit starting at token i ends: the words a stage made from one written token
 * (same source range, all generated) are one unit; any other token is a unit of its own. */
static size_t unit_end(const sentence *s, size_t i)
{
    const token *t = &s->tok[i];
    size_t k = i + 1;
    if (!(t->flags & TOKF_GENERATED))
        return k;
    while (k < s->n && (s->tok[k].flags & TOKF_GENERATED) && s->tok[k].src_start == t->src_start &&
           s->tok[k].src_end == t->src_end)
        k++;
    return k;
}

/* A unit's text for a key: the source text of generated words (returned, *len set), or NULL when
 * it is its tokens' own texts. */
static const char *unit_source(const sentence *s, size_t i, size_t *len)
{
    const token *t = &s->tok[i];
    if (!(t->flags & TOKF_GENERATED) || !s->source || t->text_end < t->text_start ||
        t->text_end > s->source_len)
        return NULL;
    *len = t->text_end - t->text_start;
    return s->source + t->text_start;
}

static int append_unit(lex_key *k, const sentence *s, size_t i, size_t end)
{
    size_t len;
    const char *source = unit_source(s, i, &len);
    if (source)
        return lex_key_append_text(k, source, len);
    for (size_t j = i; j < end; j++)
        if (lex_key_append_text(k, s->tok[j].text, s->tok[j].len))
            return -1;
    return 0;
}

/* Whether a form with digits may start with the unit at token i: most units start none, and
 * saying so takes a character, not a key. */
static int unit_may_start_digits(const lexicon *lex, const sentence *s, size_t i)
{
    size_t len;
    const char *source = unit_source(s, i, &len);
    if (source)
        return lexicon_may_start_digits(lex, source, len);
    return lexicon_may_start_digits(lex, s->tok[i].text, s->tok[i].len);
}

static int unit_matchable(const sentence *s, size_t i, size_t end)
{
    for (size_t j = i; j < end; j++)
        if (s->tok[j].phonemes || (s->tok[j].flags & TOKF_LEXICON))
            return 0;
    return 1;
}

/* The longest written form with digits made of the units starting at token i. Returns 0 (*e NULL
 * when none), or -1 when out of memory. */
static int longest_digit_match(lexicon *lex, const sentence *s, size_t i, const lex_entry **e,
                               size_t *count)
{
    size_t keylen[LEX_MAX_PIECES], exactlen[LEX_MAX_PIECES], ends[LEX_MAX_PIECES], nunits = 0;
    lex_key *k = &lex->scratch;
    lex_key_reset(k);
    k->compact = 1; /* as the keys of forms with digits are */
    *e = NULL;
    for (size_t j = i; j < s->n && nunits < LEX_MAX_PIECES && unit_matchable(s, j, unit_end(s, j));) {
        size_t end = unit_end(s, j);
        if (append_unit(k, s, j, end))
            return -1;
        if (k->npieces > lex->max_pieces)
            break;
        keylen[nunits] = k->key.len;
        exactlen[nunits] = k->exact.len;
        ends[nunits++] = end;
        j = end;
        if (!lexicon_can_extend_digits(lex, k->key.s, k->key.len))
            break; /* no form with digits starts like this, or goes on from here */
    }
    while (nunits-- > 0) {
        const lex_entry *found = lexicon_find_span(lex, k->key.s, keylen[nunits], k->exact.s, exactlen[nunits]);
        if (found && found->has_digits) {
            *e = found;
            *count = ends[nunits] - i;
            return 0;
        }
    }
    return 0;
}

/* Digits reach the lexicon as number tokens, or as the normalizer's words for them. */
static int may_hold_digits(const sentence *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->tok[i].kind == TOK_NUMBER || (s->tok[i].flags & TOKF_GENERATED))
            return 1;
    return 0;
}

/* First pass: written forms with digits, unit by unit. */
static int apply_digit_entries(lexicon *lex, sentence *s)
{
    if (!may_hold_digits(s))
        return 0;
    for (size_t i = 0; i < s->n;) {
        const lex_entry *e = NULL;
        size_t count = 0, produced = 0;
        if (unit_may_start_digits(lex, s, i) && longest_digit_match(lex, s, i, &e, &count))
            return -1;
        if (!e) {
            i = unit_end(s, i);
            continue;
        }
        if (apply_entry(lex, s, i, count, e, &produced))
            return -1;
        i += produced ? produced : 1;
    }
    return 0;
}

int lexicon_apply(lexicon *lex, sentence *s)
{
    if (lex->n == 0)
        return 0;
    if (lex->with_digits && apply_digit_entries(lex, s))
        return -1;
    for (size_t i = 0; i < s->n;) {
        if (!matchable(&s->tok[i]) || !lexicon_may_start(lex, s->tok[i].text, s->tok[i].len)) {
            i++;
            continue;
        }
        const lex_entry *e;
        size_t count = 1, produced = 0;
        if ((s->tok[i].flags & TOKF_NAME_PIECE) ? name_piece_match(lex, &s->tok[i], &e)
                                                 : longest_match(lex, s, i, s->n, &e, &count))
            return -1;
        if (!e) {
            i++;
            continue;
        }
        if (apply_entry(lex, s, i, count, e, &produced))
            return -1;
        i += produced ? produced : 1;
    }
    return 0;
}
