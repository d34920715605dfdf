/* Codes read in digit groups because a word before them names them (کد پستی، کد ملی، شبا، کد
 * رهگیری), and IBANs (Sheba numbers) written with their IR. */
#ifndef RAVI_NORMALIZE_CODES_H
#define RAVI_NORMALIZE_CODES_H

#include "../token.h"
#include "numparse.h"
#include "numwords.h"

/* A number token at i after a code's name (کد پستی: ۱۴۱۵۵-۶۶۷۸۹, groups written apart gathered):
 * its digits in the code's groups. Returns the token after it, or 0. */
size_t read_named_code(const sentence *s, size_t i, const numparts *written, spoken *sp);

/* IR followed by the 24 digits of an IBAN, together or in written groups (IR06 0120 …): «آی آر»
 * and the digits in groups. Returns the token after it, or 0. */
size_t read_iban(const sentence *s, size_t i, spoken *sp);

#endif
