/* What the module hands Ravi for a character (CHAR), a key (KEY) and a message read letter by
 * letter (spelling_mode=on): SSML documents of Persian names. A character's name is libravi's
 * (ravi_character_name); the names of keys, the protocol's vocabulary, are this file's.
 *
 * Names are separated by commas («بِ، اَلِف»): a short pause, and no ezafe between them; the
 * words of a spelt message by full stops. Such documents are spoken with punctuation NONE (the
 * names already name the punctuation written). */
#ifndef RAVI_SD_NAMES_H
#define RAVI_SD_NAMES_H

#include <stddef.h>

#include "../util.h"
#include "params.h"

/* CHAR: the data is one character, or "space". Returns 0, or -1 when out of memory. */
int sd_char_ssml(const char *text, size_t len, sd_capitals caps, strbuf *out);

/* KEY: a key name as SSIP spells it ("a", "shift_a", "control_alt_delete", "kp-enter", "f12",
 * "underscore"): the modifiers' names and the key's. Returns 0, or -1 when out of memory. */
int sd_key_ssml(const char *key, size_t len, sd_capitals caps, strbuf *out);

/* SPEAK with spelling on: the message's text letter by letter, its <mark>s kept where they
 * stand. A message that is not well-formed SSML is spelt as plain text, marks and all. Returns 0,
 * 1 when it was read as plain text, -1 when out of memory. */
int sd_spell_ssml(const char *ssml, size_t len, sd_capitals caps, strbuf *out);

/* Appends text escaped for XML character data or an attribute value. Returns 0 or -1. */
int sd_xml_escape(strbuf *out, const char *text, size_t len);

#endif
