#include "segment.h"
#include "../util.h"
#include "link.h"

#include <string.h>
#include <unicode/uchar.h>

typedef enum char_class {
    C_SPACE,   /* separates tokens */
    C_IGNORE,  /* invisible controls that belong to no token (bidi marks, BOM, ZWSP) */
    C_LETTER,
    C_MARK,    /* combining marks: harakat, hamza above */
    C_JOINER,  /* ZWNJ and ZWJ: inside words */
    C_DIGIT,
    C_PUNCT,
    C_SYMBOL,
} char_class;

static int is_symbol_punct(uint32_t c)
{
    /* punctuation by Unicode, but symbols to a reader: they are read as words or join numbers */
    static const uint32_t list[] = {'%', 0x066A, '/', '-', 0x2212, 0x2010, 0x2011, '+', '#',
                                    '&', '*', '@', 0x066D, 0x2030};
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (list[i] == c)
            return 1;
    return 0;
}

/* The characters that make up most of a Persian text, classified without asking ICU (a focused
 * speed-up: same classes as below, checked over these ranges). Returns 0 for any other. */
static int classify_common(uint32_t c, char_class *cls)
{
    if (c == ' ')
        *cls = C_SPACE;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x0620 && c <= 0x064A) ||
             (c >= 0x0671 && c <= 0x06D3))
        *cls = C_LETTER;
    else if ((c >= '0' && c <= '9') || (c >= 0x06F0 && c <= 0x06F9))
        *cls = C_DIGIT;
    else if (c >= 0x064B && c <= 0x065F)
        *cls = C_MARK;
    else
        return 0;
    return 1;
}

/* A code point's class from its Unicode properties. */
static char_class classify_by_properties(uint32_t c)
{
    char_class common;
    if (classify_common(c, &common))
        return common;
    if (c == 0x200C || c == 0x200D)
        return C_JOINER;
    if (c == 0x200B || c == 0x200E || c == 0x200F || c == 0xFEFF || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2066 && c <= 0x2069) || c == 0x00AD)
        return C_IGNORE;
    if (u_isUWhiteSpace((UChar32)c))
        return C_SPACE;
    switch (u_charType((UChar32)c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        return C_LETTER;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
        return C_MARK;
    case U_DECIMAL_DIGIT_NUMBER:
        return C_DIGIT;
    case U_CONTROL_CHAR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
        return C_SPACE;
    case U_FORMAT_CHAR:
        return C_IGNORE;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
        return is_symbol_punct(c) ? C_SYMBOL : C_PUNCT;
    default:
        return C_SYMBOL;
    }
}

static char_class classify(const segmenter *sg, uint32_t c)
{
    return c < SEGMENT_TABLE_CHARS ? (char_class)sg->class_of[c] : classify_by_properties(c);
}

/* Separators that stay inside a number when a digit follows: 2,500  ۳٫۵  ۱۴۰۲/۰۵/۱۲  ۱۴:۳۰  ۵-۷ */
static int is_number_separator(uint32_t c)
{
    return c == '.' || c == ',' || c == 0x066B || c == 0x066C || c == '/' || c == ':' ||
           c == '-' || c == 0x2013;
}

static int is_terminal(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x061B || c == 0x2026;
}

static int is_tatweel(uint32_t c) { return c == 0x0640; }

/* Peeks the code point at byte `pos`; *len gets its length (0 at the end). */
static inline uint32_t peek(const segmenter *sg, size_t pos, size_t *len)
{
    if (pos >= sg->len) {
        *len = 0;
        return 0;
    }
    uint32_t cp;
    *len = utf8_decode(sg->text + pos, sg->len - pos, &cp);
    return cp;
}

static int peek_class_is(const segmenter *sg, size_t pos, char_class cls)
{
    size_t len;
    uint32_t c = peek(sg, pos, &len);
    return len && classify(sg, c) == cls;
}

/* Whether text[start, end) is valid UTF-8, as nearly every token is. */
static int valid_utf8(const segmenter *sg, size_t start, size_t end)
{
    for (size_t i = start; i < end;) {
        uint32_t cp;
        size_t n = utf8_decode(sg->text + i, end - i, &cp);
        if (cp == 0xFFFD && n == 1)
            return 0;
        i += n;
    }
    return 1;
}

/* Appends text[start, end) to b with each invalid byte replaced by U+FFFD, counting them. */
static int copy_replacing_invalid(segmenter *sg, size_t start, size_t end, strbuf *b)
{
    for (size_t i = start; i < end;) {
        uint32_t cp;
        size_t n = utf8_decode(sg->text + i, end - i, &cp);
        if (cp == 0xFFFD && n == 1) {
            if (!sg->invalid_utf8++)
                sg->first_invalid = sg->base + i;
        }
        if (sb_put_cp(b, cp))
            return -1;
        i += n;
    }
    return 0;
}

/* Adds text[start, end) to the sentence as a token: taken straight from the text when it is
 * valid UTF-8, else with each bad byte replaced. 0, or -1 when out of memory. */
static int push_token(segmenter *sg, sentence *s, token_kind kind, size_t start, size_t end,
                      unsigned flags)
{
    uint64_t src_start = sg->base + start, src_end = sg->base + end;
    /* an invalid byte reads as U+FFFD, a symbol: it ends any other kind of token and stands
     * alone, so only symbol tokens need the check */
    if (kind != TOK_SYMBOL || valid_utf8(sg, start, end))
        return sentence_push(s, kind, sg->text + start, end - start, src_start, src_end, flags) < 0
                   ? -1 : 0;
    strbuf b;
    sb_init(&b);
    int rc = copy_replacing_invalid(sg, start, end, &b) ||
             sentence_push(s, kind, b.s, b.len, src_start, src_end, flags) < 0;
    sb_free(&b);
    return rc ? -1 : 0;
}

/* Scans one word: letters, marks and joiners, with a dot or apostrophe kept between letters when
 * the piece before it is short (ج.ا.ا، هـ.ق، U.S). */
static size_t scan_word(const segmenter *sg, size_t pos)
{
    size_t piece_letters = 0;
    for (;;) {
        size_t len;
        uint32_t c = peek(sg, pos, &len);
        if (!len)
            return pos;
        char_class cls = classify(sg, c);
        if (cls == C_LETTER || cls == C_MARK || cls == C_JOINER) {
            if (cls == C_LETTER && !is_tatweel(c))
                piece_letters++;
            pos += len;
        } else if (cls == C_IGNORE) {
            pos += len;
        } else if ((c == '.' && piece_letters <= 2) || c == '\'' || c == 0x2019) {
            if (!peek_class_is(sg, pos + len, C_LETTER))
                return pos;
            pos += len;
            piece_letters = 0;
        } else {
            return pos;
        }
    }
}

static size_t scan_number(const segmenter *sg, size_t pos)
{
    for (;;) {
        size_t len;
        uint32_t c = peek(sg, pos, &len);
        if (!len)
            return pos;
        char_class cls = classify(sg, c);
        if (cls == C_DIGIT)
            pos += len;
        else if (is_number_separator(c) && peek_class_is(sg, pos + len, C_DIGIT))
            pos += len;
        else
            return pos;
    }
}

/* A run of sentence-final marks (?!… ...) is one token; other punctuation is one per character. */
static size_t scan_punct(const segmenter *sg, size_t pos, uint32_t first, size_t first_len)
{
    pos += first_len;
    if (!is_terminal(first))
        return pos;
    for (;;) {
        size_t len;
        uint32_t c = peek(sg, pos, &len);
        if (!len || !is_terminal(c))
            return pos;
        pos += len;
    }
}

void segmenter_init(segmenter *sg)
{
    memset(sg, 0, sizeof *sg);
    for (uint32_t c = 0; c < SEGMENT_TABLE_CHARS; c++)
        sg->class_of[c] = (unsigned char)classify_by_properties(c);
}

void segmenter_start(segmenter *sg, const char *text, size_t len, uint64_t base, int opens_paragraph)
{
    sg->text = text;
    sg->len = len;
    sg->pos = 0;
    sg->base = base;
    sg->opens_paragraph = opens_paragraph;
}

/* An address, hashtag or mention starting at pos (a Latin letter or digit, # or @): its end, or 0.
 * Most tokens start with none of these and cost one comparison. */
static size_t scan_link(const segmenter *sg, size_t pos, uint32_t first)
{
    if (first >= 0x80 || !(first == '#' || first == '@' || (first >= '0' && first <= '9') ||
                           ((first | 0x20) >= 'a' && (first | 0x20) <= 'z')))
        return 0;
    link_kind kind;
    size_t n = link_scan(sg->text, sg->len, pos, &kind);
    return n ? pos + n : 0;
}

/* The token that starts at pos with c (len bytes) of class cls: its end and kind. */
static size_t scan_by_class(const segmenter *sg, size_t pos, uint32_t c, size_t len, char_class cls,
                            token_kind *kind)
{
    switch (cls) {
    case C_LETTER: case C_MARK: case C_JOINER:
        *kind = TOK_WORD;
        return scan_word(sg, pos);
    case C_DIGIT:
        *kind = TOK_NUMBER;
        return scan_number(sg, pos);
    case C_PUNCT:
        *kind = TOK_PUNCT;
        return scan_punct(sg, pos, c, len);
    default:
        *kind = TOK_SYMBOL;
        return pos + len;
    }
}

/* Reads the next token into s. Returns 1, 0 at the paragraph's end, -1 out of memory. */
static int next_token(segmenter *sg, sentence *s)
{
    int space = 0;
    for (;;) {
        size_t len;
        uint32_t c = peek(sg, sg->pos, &len);
        if (!len)
            return 0;
        char_class cls = classify(sg, c);
        if (cls == C_SPACE || cls == C_IGNORE) {
            space |= cls == C_SPACE;
            sg->pos += len;
            continue;
        }
        size_t start = sg->pos, end;
        token_kind kind = TOK_LINK;
        if (!(end = scan_link(sg, start, c)))
            end = scan_by_class(sg, start, c, len, cls, &kind);
        sg->pos = end;
        unsigned flags = (space || s->n == 0) ? TOKF_SPACE_BEFORE : 0;
        return push_token(sg, s, kind, start, end, flags) ? -1 : 1;
    }
}

/* Quotes and brackets are punctuation tokens of one character: other tokens need no look. */
static int is_opening_quote(const token *t)
{
    const char *x = t->text;
    return t->kind == TOK_PUNCT && (!strcmp(x, "«") || !strcmp(x, "“") || !strcmp(x, "‹"));
}

static int is_closing_quote(const token *t)
{
    const char *x = t->text;
    return t->kind == TOK_PUNCT && (!strcmp(x, "»") || !strcmp(x, "”") || !strcmp(x, "›"));
}

static int is_closer(const token *t)
{
    const char *x = t->text;
    return is_closing_quote(t) || (t->kind == TOK_PUNCT && (!strcmp(x, ")") || !strcmp(x, "]") ||
                                                            !strcmp(x, "\"") || !strcmp(x, "'")));
}

static int token_is_terminal(const token *t)
{
    if (t->kind != TOK_PUNCT)
        return 0;
    uint32_t c;
    utf8_decode(t->text, t->len, &c);
    return is_terminal(c);
}

/* "م." or "ص." after a number or inside a sentence: a one-letter word right before a dot is an
 * abbreviation, not the end of a sentence. */
static int dot_after_abbreviation(const sentence *s)
{
    if (s->n < 2)
        return 0;
    const token *dot = &s->tok[s->n - 1], *prev = &s->tok[s->n - 2];
    if (strcmp(dot->text, ".") || (dot->flags & TOKF_SPACE_BEFORE) || prev->kind != TOK_WORD)
        return 0;
    return utf8_count(prev->text, prev->len) == 1;
}

/* Takes closing quotes and brackets that follow a sentence end into the same sentence. */
static int absorb_closers(segmenter *sg, sentence *s)
{
    for (;;) {
        size_t saved = sg->pos;
        int r = next_token(sg, s);
        if (r <= 0)
            return r;
        if (!is_closer(&s->tok[s->n - 1])) {
            /* not a closer: give it back */
            sentence_replace(s, s->n - 1, 1, NULL, NULL, 0);
            sg->pos = saved;
            return 0;
        }
    }
}

static void finish_sentence(segmenter *sg, sentence *s)
{
    s->src_start = s->tok[0].src_start;
    s->src_end = s->tok[s->n - 1].src_end;
    s->source = sg->text + (s->src_start - sg->base);
    s->source_len = (size_t)(s->src_end - s->src_start);
    /* offsets are still the text's own here: markup input maps them to the file's later */
    for (size_t i = 0; i < s->n; i++) {
        s->tok[i].text_start = (size_t)(s->tok[i].src_start - s->src_start);
        s->tok[i].text_end = (size_t)(s->tok[i].src_end - s->src_start);
    }
    s->paragraph_start = sg->opens_paragraph;
    sg->opens_paragraph = 0;
}

int segmenter_next(segmenter *sg, sentence *s)
{
    sentence_clear(s);
    int quote_depth = 0, result = 0;
    size_t quote_opened_at = 0;
    for (;;) {
        int r = next_token(sg, s);
        if (r < 0) {
            result = -1;
            break;
        }
        if (r == 0) {
            result = s->n > 0;
            break;
        }
        const token *t = &s->tok[s->n - 1];
        int quote_closed = 0;
        if (is_opening_quote(t)) {
            quote_depth++;
            quote_opened_at = s->n;
        } else if (quote_depth > 0 && is_closing_quote(t)) {
            quote_closed = --quote_depth == 0;
        }
        /* «... است.» — a quotation that ends with its sentence ends the sentence around it */
        if (quote_closed && s->n >= 2 && token_is_terminal(&s->tok[s->n - 2])) {
            if (absorb_closers(sg, s) < 0) {
                result = -1;
                break;
            }
            result = 1;
            break;
        }
        /* an unclosed quotation stops protecting its sentences after a while */
        int in_quote = quote_depth > 0 && s->n - quote_opened_at < SEGMENT_SOFT_LIMIT / 2;
        int ends = token_is_terminal(t) && !in_quote && !dot_after_abbreviation(s);
        if (ends) {
            if (absorb_closers(sg, s) < 0) {
                result = -1;
                break;
            }
            result = 1;
            break;
        }
        if ((s->n >= SEGMENT_SOFT_LIMIT && t->kind == TOK_PUNCT &&
             (!strcmp(t->text, "،") || !strcmp(t->text, ","))) ||
            s->n >= SEGMENT_HARD_LIMIT) {
            result = 1;
            break;
        }
    }
    if (result == 1)
        finish_sentence(sg, s);
    return result;
}

int segmenter_done(const segmenter *sg)
{
    for (size_t pos = sg->pos;;) {
        size_t len;
        uint32_t c = peek(sg, pos, &len);
        if (!len)
            return 1;
        char_class cls = classify(sg, c);
        if (cls != C_SPACE && cls != C_IGNORE)
            return 0;
        pos += len;
    }
}
