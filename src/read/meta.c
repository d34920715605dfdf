#include "meta.h"

#include <string.h>
#include <strings.h>

void page_meta_init(page_meta *m)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < META_KEYS; k++)
        sb_init(&m->value[k]);
}

void page_meta_free(page_meta *m)
{
    for (int k = 0; k < META_KEYS; k++)
        sb_free(&m->value[k]);
}

/* <meta> names and properties, best first within each key. */
static const struct {
    const char *name;
    meta_key key;
} meta_names[] = {
    {"og:title", META_TITLE}, {"twitter:title", META_TITLE}, {"dc.title", META_TITLE},
    {"dcterms.title", META_TITLE}, {"title", META_TITLE},
    {"author", META_AUTHOR}, {"article:author", META_AUTHOR}, {"byl", META_AUTHOR},
    {"dc.creator", META_AUTHOR}, {"dcterms.creator", META_AUTHOR}, {"parsely-author", META_AUTHOR},
    {"sailthru.author", META_AUTHOR},
    {"article:published_time", META_DATE}, {"og:article:published_time", META_DATE},
    {"datepublished", META_DATE}, {"date", META_DATE}, {"pubdate", META_DATE},
    {"publishdate", META_DATE}, {"publish-date", META_DATE}, {"dc.date.issued", META_DATE},
    {"dcterms.issued", META_DATE}, {"dc.date", META_DATE}, {"dcterms.date", META_DATE},
    {"dcterms.created", META_DATE}, {"parsely-pub-date", META_DATE}, {"sailthru.date", META_DATE},
    {"og:site_name", META_PUBLISHER}, {"application-name", META_PUBLISHER},
    {"dc.publisher", META_PUBLISHER}, {"dcterms.publisher", META_PUBLISHER},
    {"publisher", META_PUBLISHER},
};

int page_meta_name_rank(const char *name, meta_key *key)
{
    for (size_t i = 0; i < sizeof meta_names / sizeof *meta_names; i++) {
        if (!strcasecmp(name, meta_names[i].name)) {
            *key = meta_names[i].key;
            return (int)i + 1;
        }
    }
    return 0;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
           cp == 0x200F || cp == 0x200E;
}

/* Appends the cleaned value to out: one space between words, no controls, at most
 * META_MAX_VALUE bytes. */
static int clean_into(strbuf *out, const char *s, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        i += k;
        if (is_space(cp)) {
            space = out->len > 0;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD)
            continue;
        if (out->len + (size_t)space + utf8_len(cp) > META_MAX_VALUE)
            break;
        if ((space && sb_putc(out, ' ')) || sb_put_cp(out, cp))
            return -1;
        space = 0;
    }
    return 0;
}

int page_meta_offer(page_meta *m, meta_key key, int rank, const char *value, size_t len,
                    uint64_t start, uint64_t end)
{
    if (key >= META_KEYS || (m->rank[key] && m->rank[key] <= rank))
        return 0;
    strbuf cleaned;
    sb_init(&cleaned);
    if (clean_into(&cleaned, value, len)) {
        sb_free(&cleaned);
        return -1;
    }
    if (!cleaned.len || (m->value[key].len && !strcmp(cleaned.s, m->value[key].s))) {
        if (cleaned.len)
            m->rank[key] = rank; /* the same value from a better source: nothing new */
        sb_free(&cleaned);
        return 0;
    }
    sb_free(&m->value[key]);
    m->value[key] = cleaned;
    m->rank[key] = rank;
    m->start[key] = start;
    m->end[key] = end;
    m->changed |= 1u << key;
    return 0;
}

int page_meta_next_change(page_meta *m)
{
    for (int k = 0; k < META_KEYS; k++) {
        if (m->changed & (1u << k)) {
            m->changed &= ~(1u << k);
            return k;
        }
    }
    return -1;
}

static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        int space = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        words += !space && !in_word;
        in_word = !space;
    }
    return words;
}

const char *page_meta_byline_name(const char *s, size_t n, size_t *len)
{
    const char *colon = memchr(s, ':', n);
    if (colon && count_words(s, (size_t)(colon - s)) <= 2) {
        n -= (size_t)(colon + 1 - s);
        s = colon + 1;
    } else {
        while (n && (*s == ' ' || *s == '\t' || *s == '\n')) {
            s++;
            n--;
        }
        if (n > 3 && !strncasecmp(s, "by ", 3)) {
            s += 3;
            n -= 3;
        }
    }
    *len = n;
    return s;
}
