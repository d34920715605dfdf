/* Reading web and e-mail addresses, hashtags and mentions (tokens of kind TOK_LINK), and the Latin
 * words and names inside them. */
#ifndef RAVI_NORMALIZE_LINKS_H
#define RAVI_NORMALIZE_LINKS_H

#include "../token.h"
#include "numwords.h"

/* The words of the link token at i:
 *   www.irna.ir      → دابلیو دابلیو دابلیو دات irna دات آی آر (scheme, port and path left out)
 *   info@irna.ir     → اینفو اَت irna دات آی آر
 *   #ایران_قوی       → هشتگ ایران قوی
 *   @irna_news       → اَت irna نیوز
 * A known label is said from the address_labels table; any other Latin piece is added as it is,
 * flagged SPK_NAME_PIECE, for the lexicon (ایرنا) or the spell stage. «هشتگ» is not said twice
 * («با هشتگ #ایران_قوی»). Returns 1, or 0 when the token is no link. */
int read_link(const sentence *s, size_t i, spoken *sp);

#endif
