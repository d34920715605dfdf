/* Web and e-mail addresses, hashtags and mentions: where one starts and ends in running text (for
 * the segmenter, which makes each one token, so that the dots of www.irna.ir end no sentence),
 * and how the token divides into the parts that are read (for the normalizer). One grammar for
 * both, kept here.
 *
 *   web address   [http:// | https:// | ftp://] host [:port] [/path] [?query] [#fragment]
 *                 a host without a scheme starts with www. or ends in a lower-case top-level
 *                 label of letters (irna.ir, bbc.com), so that U.S.A or ASP.NET stay words
 *   e-mail        local@host, the local part of letters, digits and . _ % + -
 *   hashtag       #word, letters of any script, digits, _ and ZWNJ, at least one letter
 *   mention       @name, Latin letters, digits and _, at least one letter
 * A full stop, comma, closing bracket or quote after an address is not part of it. */
#ifndef RAVI_LINK_H
#define RAVI_LINK_H

#include <stddef.h>

#define LINK_MAX_BYTES 2048 /* longer runs stop being one token there */

typedef enum link_kind { LINK_NONE, LINK_WEB, LINK_EMAIL, LINK_HASHTAG, LINK_MENTION } link_kind;

/* The length in bytes of the address, hashtag or mention starting at text[pos] (text[0..len)
 * is what comes before it too: "C#" is no hashtag), or 0 when none starts there. */
size_t link_scan(const char *text, size_t len, size_t pos, link_kind *kind);

/* A link token taken apart: byte ranges [start, end) into its text. */
typedef struct link_parts {
    link_kind kind;
    size_t name_start, name_end; /* e-mail: the local part; hashtag, mention: after # or @ */
    size_t host_start, host_end; /* web, e-mail: the host name (empty for the others) */
    size_t rest_start;           /* web: where port, path, query or fragment start (== len: none) */
} link_parts;

/* Takes apart a token that link_scan found. Returns 0, or -1 when text is no link. */
int link_parse(const char *text, size_t len, link_parts *p);

#endif
