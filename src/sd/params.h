/* What the server sets for the messages to come (SET): speech-dispatcher's values, kept as it
 * sends them, and turned into Ravi's settings for each message.
 *
 *   rate, pitch, volume  -100..100     → words a minute (RaviMinRate / Normal / Max at -100, 0,
 *                                        100), pitch 0..100 (50 at 0), volume 0..100 (100 at 100,
 *                                        speech-dispatcher's default: Ravi's own loudness)
 *   pitch_range          -100..100     accepted; Ravi's voices keep their own range
 *   punctuation_mode     none some most all → Ravi's NONE, SOME, SOME, ALL
 *   spelling_mode        on off        on: every message is read letter by letter
 *   cap_let_recogn       none spell icon → spell and icon say «بزرگ» after a capital letter
 *   voice                male1..3, female1..3, child_male, child_female
 *   synthesis_voice      a name LIST VOICES gave (NULL: the voice type decides)
 *   language             accepted; Ravi reads Persian whatever it says */
#ifndef RAVI_SD_PARAMS_H
#define RAVI_SD_PARAMS_H

#include "../../include/ravi.h"

#include "conf.h"

typedef enum sd_capitals { SD_CAPS_NONE, SD_CAPS_SPELL, SD_CAPS_ICON } sd_capitals;

#define SD_NAME_MAX 128

typedef struct sd_params {
    int rate, pitch, pitch_range, volume;
    ravi_punctuation punctuation;
    int spelling;
    sd_capitals capitals;
    int female;                          /* the voice type is a female or child one */
    char synthesis_voice[SD_NAME_MAX];   /* "" when none */
    char language[SD_NAME_MAX];
} sd_params;

/* speech-dispatcher's defaults: rate, pitch 0, volume 100, punctuation none, spelling off. */
void sd_params_init(sd_params *p);

/* Sets one parameter. Returns 1 set, 0 a parameter this module does not know (ignored: newer
 * servers send more), -1 a value that is not one the parameter takes, with why (naming both). */
int sd_params_set(sd_params *p, const char *name, const char *value, char *why, size_t why_size);

/* The voices a synthesis_voice may name, for checking it; `names` holds n of them. */
typedef struct sd_voice_names {
    const char *const *names;
    size_t n;
} sd_voice_names;

/* Ravi's settings for the next message: *s is filled (its voice string points into p, config or
 * voices). An unknown synthesis voice falls back to the voice type's (the SSIP rule). */
void sd_params_settings(const sd_params *p, const sd_config *config, const sd_voice_names *voices,
                        ravi_settings *s);

/* The voice the params choose (as above). */
const char *sd_params_voice(const sd_params *p, const sd_config *config, const sd_voice_names *voices);

#endif
