#include "params.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sd_params_init(sd_params *p)
{
    memset(p, 0, sizeof *p);
    p->volume = 100;
    p->punctuation = RAVI_PUNCTUATION_NONE;
    p->capitals = SD_CAPS_NONE;
}

/* ---- values -------------------------------------------------------------------------------- */

static int scale_value(const char *value, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (end == value || *end || errno || v < -100 || v > 100)
        return -1;
    *out = (int)v;
    return 0;
}

/* The index of value in words[], or -1. */
static int word_index(const char *value, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(value, words[i]))
            return (int)i;
    return -1;
}

static int bad(char *why, size_t size, const char *name, const char *value, const char *expected)
{
    snprintf(why, size, "%s=%.64s: expected %s", name, value, expected);
    return -1;
}

static int set_scale(int *field, const char *name, const char *value, char *why, size_t size)
{
    return scale_value(value, field) ? bad(why, size, name, value, "a whole number from -100 to 100") : 1;
}

static int set_name(char *field, const char *name, const char *value, char *why, size_t size)
{
    if (!strcmp(value, "NULL")) {
        field[0] = '\0';
        return 1;
    }
    if (strlen(value) >= SD_NAME_MAX)
        return bad(why, size, name, value, "a shorter name");
    strcpy(field, value);
    return 1;
}

int sd_params_set(sd_params *p, const char *name, const char *value, char *why, size_t size)
{
    static const char *const punctuation[] = {"none", "some", "most", "all"};
    static const ravi_punctuation ravi_punct[] = {RAVI_PUNCTUATION_NONE, RAVI_PUNCTUATION_SOME,
                                                  RAVI_PUNCTUATION_SOME, RAVI_PUNCTUATION_ALL};
    static const char *const spelling[] = {"off", "on"};
    static const char *const capitals[] = {"none", "spell", "icon"};
    static const char *const voices[] = {"male1", "male2", "male3", "female1", "female2",
                                         "female3", "child_male", "child_female"};
    int i;
    if (!strcmp(name, "rate"))
        return set_scale(&p->rate, name, value, why, size);
    if (!strcmp(name, "pitch"))
        return set_scale(&p->pitch, name, value, why, size);
    if (!strcmp(name, "pitch_range"))
        return set_scale(&p->pitch_range, name, value, why, size);
    if (!strcmp(name, "volume"))
        return set_scale(&p->volume, name, value, why, size);
    if (!strcmp(name, "punctuation_mode")) {
        if ((i = word_index(value, punctuation, 4)) < 0)
            return bad(why, size, name, value, "none, some, most or all");
        p->punctuation = ravi_punct[i];
        return 1;
    }
    if (!strcmp(name, "spelling_mode")) {
        if ((i = word_index(value, spelling, 2)) < 0)
            return bad(why, size, name, value, "on or off");
        p->spelling = i;
        return 1;
    }
    if (!strcmp(name, "cap_let_recogn")) {
        if ((i = word_index(value, capitals, 3)) < 0)
            return bad(why, size, name, value, "none, spell or icon");
        p->capitals = (sd_capitals)i;
        return 1;
    }
    if (!strcmp(name, "voice")) {
        if ((i = word_index(value, voices, 8)) < 0)
            return bad(why, size, name, value, "male1-3, female1-3, child_male or child_female");
        p->female = i >= 3; /* Ravi has one male and one female voice: children get the female */
        return 1;
    }
    if (!strcmp(name, "synthesis_voice"))
        return set_name(p->synthesis_voice, name, value, why, size);
    if (!strcmp(name, "language"))
        return set_name(p->language, name, value, why, size);
    return 0;
}

/* ---- settings ------------------------------------------------------------------------------ */

/* -100..0..100 onto lo..mid..hi, each half linear. */
static int map_scale(int v, int lo, int mid, int hi)
{
    return v < 0 ? mid + (mid - lo) * v / 100 : mid + (hi - mid) * v / 100;
}

const char *sd_params_voice(const sd_params *p, const sd_config *config, const sd_voice_names *voices)
{
    if (p->synthesis_voice[0] && voices)
        for (size_t i = 0; i < voices->n; i++)
            if (!strcasecmp(p->synthesis_voice, voices->names[i]))
                return voices->names[i];
    return p->female ? config->female_voice : config->male_voice;
}

void sd_params_settings(const sd_params *p, const sd_config *config, const sd_voice_names *voices,
                        ravi_settings *s)
{
    ravi_settings_init(s);
    s->voice = sd_params_voice(p, config, voices);
    s->rate = map_scale(p->rate, config->min_rate, config->normal_rate, config->max_rate);
    s->pitch = map_scale(p->pitch, 0, 50, RAVI_PITCH_MAX);
    s->volume = map_scale(p->volume, 0, 50, 100);
    s->punctuation = p->punctuation;
    s->format = RAVI_FORMAT_SSML;
    s->sentence_pause_ms = config->sentence_pause_ms;
    s->paragraph_pause_ms = config->paragraph_pause_ms;
    s->headline_pause_ms = config->paragraph_pause_ms; /* no headlines in a screen's text */
}
