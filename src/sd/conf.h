/* ravi.conf, the module's configuration file: speech-dispatcher passes its path as the module's
 * argument. The syntax is the server's own (dotconf): one `Option value` a line, the value bare
 * or in double quotes, `#` starting a comment; option names in any case. A missing file means the
 * defaults; anything else wrong is an error naming FILE:LINE. */
#ifndef RAVI_SD_CONF_H
#define RAVI_SD_CONF_H

#include <stddef.h>

#include "../util.h"

typedef struct sd_config {
    char *data_dir;            /* RaviDataDir: Ravi's data (NULL: the library's default) */
    char **lexicons;           /* RaviLexicon FILE, repeatable: more lexicons, later ones win */
    size_t nlexicons;
    int user_lexicon;          /* RaviUserLexicon 0|1: $XDG_CONFIG_HOME/ravi/lexicon.tsv (1) */
    int ezafe;                 /* RaviEzafe 0|1 (1) */
    char *male_voice;          /* RaviMaleVoice: for male voice types and by default (ravi-male) */
    char *female_voice;        /* RaviFemaleVoice: female and child voice types (ravi-female) */
    int min_rate, normal_rate, max_rate; /* words a minute at rate -100, 0, 100 (80 165 450) */
    int sentence_pause_ms;     /* RaviSentencePause (0) */
    int paragraph_pause_ms;    /* RaviParagraphPause (0: a screen reader's lines are short) */
    char *sound_icon_folder;   /* RaviSoundIconFolder (/usr/share/sounds/sound-icons) */
} sd_config;

/* The defaults. Returns 0, or -1 when out of memory. */
int sd_config_init(sd_config *c);
void sd_config_free(sd_config *c);

/* Reads the file at `path` over the defaults (missing: the defaults stay, *missing is set).
 * Returns 0, or -1 with the reason in err ("ravi.conf:3: RaviMaxRate: ..."). */
int sd_config_read(sd_config *c, const char *path, int *missing, strbuf *err);
/* The same for text in memory; `name` names it in messages. */
int sd_config_parse(sd_config *c, const char *name, const char *text, size_t len, strbuf *err);

#endif
