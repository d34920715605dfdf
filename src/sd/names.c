#include "names.h"

#include "../../include/ravi.h"

#include <libxml/HTMLparser.h>
#include <string.h>

/* What SSIP's key names (its manual's appendix "Key Names") are called in Persian. A name not
 * here is a single character (named by libravi) or said as it is written. */
static const struct {
    const char *key, *name;
} key_names[] = {
    {"alt", "آلْت"},         {"control", "کنترل"},        {"hyper", "هایپر"},
    {"meta", "متا"},         {"shift", "شیفت"},           {"super", "سوپر"},
    {"backspace", "بک‌اسپیس"}, {"break", "بْریک"},         {"delete", "دِلیت"},
    {"down", "فلش پایین"},   {"end", "اِند"},              {"enter", "اینتر"},
    {"return", "اینتر"},     {"escape", "اِسکیپ"},         {"home", "هوم"},
    {"insert", "اینسِرت"},   {"left", "فلش چپ"},          {"right", "فلش راست"},
    {"up", "فلش بالا"},      {"menu", "منو"},             {"next", "صفحهٔ بعد"},
    {"prior", "صفحهٔ قبل"},  {"num-lock", "نام‌لاک"},      {"scroll-lock", "اسکرول‌لاک"},
    {"pause", "پاز"},        {"print", "پرینت"},          {"tab", "تب"},
    {"window", "ویندوز"},
};
/* SSIP's names for characters that cannot be sent as themselves. */
static const struct {
    const char *key, *character;
} key_characters[] = {
    {"space", " "}, {"underscore", "_"}, {"double-quote", "\""},
};
static const char keypad_word[] = "کی‌پد";     /* kp-enter, kp-5 */
static const char capital_word[] = "بزرگ";    /* after a capital letter's name */
static const char name_separator[] = "، ";   /* between the names of one word or key */
static const char word_separator[] = ". ";   /* between the words of a spelt message */

int sd_xml_escape(strbuf *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const char *e = NULL;
        switch (text[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&apos;"; break;
        default: break;
        }
        if (e ? sb_puts(out, e) : sb_putc(out, text[i]))
            return -1;
    }
    return 0;
}

/* ---- a run of names ------------------------------------------------------------------------ */

typedef enum gap { GAP_NONE, GAP_NAME, GAP_WORD } gap;

typedef struct speller {
    strbuf *out;
    sd_capitals caps;
    gap pending;      /* what goes before the next name */
    strbuf marks;     /* marks met since the last name: they stand before the next one */
    int failed;
} speller;

static void speller_init(speller *sp, strbuf *out, sd_capitals caps)
{
    sp->out = out;
    sp->caps = caps;
    sp->pending = GAP_NONE;
    sb_init(&sp->marks);
    sp->failed = 0;
}

static int flush_marks(speller *sp)
{
    int rc = sp->marks.len ? sb_append(sp->out, sp->marks.s, sp->marks.len) : 0;
    sb_reset(&sp->marks);
    return rc;
}

/* One name (text to escape), after the gap due and the marks that wait for it. */
static int put_name(speller *sp, const char *name, size_t len)
{
    const char *before = sp->pending == GAP_WORD ? word_separator : sp->pending == GAP_NAME ? name_separator : "";
    if (sb_puts(sp->out, before) || flush_marks(sp) || sd_xml_escape(sp->out, name, len))
        return -1;
    sp->pending = GAP_NAME;
    return 0;
}

/* One character (the first of text[0..len)) by its name, "capital" after a capital letter when
 * asked; a character Ravi has no name for as it is (a control character: nothing). *used gets
 * its length. */
static int put_character(speller *sp, const char *text, size_t len, size_t *used)
{
    const char *name = ravi_character_name(text, len, used);
    unsigned char c = (unsigned char)text[0];
    if (!name)
        return c >= 0x20 && c != 0x7f ? put_name(sp, text, *used) : 0;
    if (put_name(sp, name, strlen(name)))
        return -1;
    if (sp->caps != SD_CAPS_NONE && c >= 'A' && c <= 'Z')
        return sb_putc(sp->out, ' ') || sb_puts(sp->out, capital_word) ? -1 : 0;
    return 0;
}

/* Every character of text[0..len) by its name, blanks too (CHAR, KEY). */
static int name_characters(speller *sp, const char *text, size_t len)
{
    for (size_t i = 0, used; i < len; i += used)
        if (put_character(sp, text + i, len - i, &used))
            return -1;
    return 0;
}

/* Text spelt: each character by its name, blanks ending a word. */
static int spell_text(speller *sp, const char *text, size_t len)
{
    for (size_t i = 0, used = 1; i < len; i += used) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            used = 1;
            if (sp->pending == GAP_NAME)
                sp->pending = GAP_WORD;
        } else if (put_character(sp, text + i, len - i, &used)) {
            return -1;
        }
    }
    return 0;
}

static int add_mark(speller *sp, const char *name)
{
    return sb_puts(&sp->marks, "<mark name=\"") || sd_xml_escape(&sp->marks, name, strlen(name)) ||
                   sb_puts(&sp->marks, "\"/>")
               ? -1 : 0;
}

static int speller_end(speller *sp)
{
    int rc = sp->failed || flush_marks(sp) ? -1 : 0;
    sb_free(&sp->marks);
    return rc;
}

/* ---- CHAR and KEY -------------------------------------------------------------------------- */

static int open_doc(strbuf *out)
{
    sb_reset(out);
    return sb_puts(out, "<speak>");
}

int sd_char_ssml(const char *text, size_t len, sd_capitals caps, strbuf *out)
{
    if (len == 5 && !memcmp(text, "space", 5)) { /* SSIP's name for the one it cannot send */
        text = " ";
        len = 1;
    }
    speller sp;
    speller_init(&sp, out, caps);
    int rc = open_doc(out) || name_characters(&sp, text, len);
    return speller_end(&sp) || rc || sb_puts(out, "</speak>") ? -1 : 0;
}

/* One part of a key name ("shift", "kp-enter", "f12", "a"). */
static int key_part(speller *sp, const char *part, size_t n)
{
    for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++)
        if (strlen(key_names[i].key) == n && !memcmp(key_names[i].key, part, n))
            return put_name(sp, key_names[i].name, strlen(key_names[i].name));
    for (size_t i = 0; i < sizeof key_characters / sizeof *key_characters; i++)
        if (strlen(key_characters[i].key) == n && !memcmp(key_characters[i].key, part, n))
            return name_characters(sp, key_characters[i].character, 1);
    if (n > 3 && !memcmp(part, "kp-", 3)) /* the keypad's: its word, then the key's */
        return put_name(sp, keypad_word, strlen(keypad_word)) || key_part(sp, part + 3, n - 3);
    if (n >= 2 && n <= 3 && part[0] == 'f' && part[1] >= '1' && part[1] <= '9' &&
        (n == 2 || (part[2] >= '0' && part[2] <= '9'))) /* f1..f24: the letter, then its number */
        return name_characters(sp, "f", 1) || put_name(sp, part + 1, n - 1);
    size_t used;
    ravi_character_name(part, n, &used);
    if (used == n) /* a character */
        return name_characters(sp, part, n);
    return put_name(sp, part, n); /* a name SSIP does not list: as it is written */
}

int sd_key_ssml(const char *key, size_t len, sd_capitals caps, strbuf *out)
{
    speller sp;
    speller_init(&sp, out, caps);
    int rc = open_doc(out);
    /* "shift_a": modifiers joined by '_'; a key that is '_' itself is spelt "underscore" */
    for (size_t i = 0; rc == 0 && i < len;) {
        const char *us = memchr(key + i, '_', len - i);
        size_t n = us ? (size_t)(us - key) - i : len - i;
        if (n)
            rc = key_part(&sp, key + i, n);
        i += n + (us != NULL);
    }
    return speller_end(&sp) || rc || sb_puts(out, "</speak>") ? -1 : 0;
}

/* ---- spelling a message -------------------------------------------------------------------- */

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    speller *sp = ctx;
    if (xmlStrcasecmp(name, BAD_CAST "mark") || !atts)
        return;
    for (size_t i = 0; atts[i] && atts[i + 1]; i += 2)
        if (!xmlStrcmp(atts[i], BAD_CAST "name") && add_mark(sp, (const char *)atts[i + 1]))
            sp->failed = 1;
}

static void on_text(void *ctx, const xmlChar *text, int len)
{
    speller *sp = ctx;
    if (len > 0 && spell_text(sp, (const char *)text, (size_t)len))
        sp->failed = 1;
}

static void ignore_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void ignore_structured_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* libxml2's HTML parser reads SSML as a browser reads a page: it never gives up, so a message
 * that is not well-formed is spelt all the same, and its marks (<mark name="…">) are found. */
int sd_spell_ssml(const char *ssml, size_t len, sd_capitals caps, strbuf *out)
{
    speller sp;
    speller_init(&sp, out, caps);
    if (open_doc(out)) {
        speller_end(&sp);
        return -1;
    }
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_text;
    sax.warning = ignore_error;
    sax.error = ignore_error;
    sax.fatalError = ignore_error;
    sax.serror = ignore_structured_error;
    htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, &sp, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!ctxt) {
        speller_end(&sp);
        return -1;
    }
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NOIMPLIED);
    /* in pieces: the parser's int lengths */
    for (size_t at = 0; at < len;) {
        size_t n = len - at > (1u << 20) ? (1u << 20) : len - at;
        htmlParseChunk(ctxt, ssml + at, (int)n, 0);
        at += n;
    }
    htmlParseChunk(ctxt, NULL, 0, 1);
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    return speller_end(&sp) || sb_puts(out, "</speak>") ? -1 : 0;
}
