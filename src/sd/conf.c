#include "conf.h"

#include "../../include/ravi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_CONFIG_BYTES (1u << 20)

static int set_string(char **field, const char *value)
{
    char *copy = xstrndup(value, strlen(value));
    if (!copy)
        return -1;
    free(*field);
    *field = copy;
    return 0;
}

int sd_config_init(sd_config *c)
{
    memset(c, 0, sizeof *c);
    c->user_lexicon = 1;
    c->ezafe = 1;
    c->min_rate = RAVI_RATE_MIN;
    c->normal_rate = 165;
    c->max_rate = RAVI_RATE_MAX;
    return set_string(&c->male_voice, "ravi-male") || set_string(&c->female_voice, "ravi-female") ||
                   set_string(&c->sound_icon_folder, "/usr/share/sounds/sound-icons")
               ? -1 : 0;
}

void sd_config_free(sd_config *c)
{
    free(c->data_dir);
    for (size_t i = 0; i < c->nlexicons; i++)
        free(c->lexicons[i]);
    free(c->lexicons);
    free(c->male_voice);
    free(c->female_voice);
    free(c->sound_icon_folder);
    memset(c, 0, sizeof *c);
}

/* ---- options ------------------------------------------------------------------------------- */

typedef enum option_type { OPT_STRING, OPT_LIST, OPT_INT, OPT_BOOL } option_type;

typedef struct option {
    const char *name;
    option_type type;
    size_t offset;     /* of the field in sd_config */
    int min, max;      /* OPT_INT */
} option;

#define FIELD(f) offsetof(sd_config, f)
static const option options[] = {
    {"RaviDataDir", OPT_STRING, FIELD(data_dir), 0, 0},
    {"RaviLexicon", OPT_LIST, FIELD(lexicons), 0, 0},
    {"RaviUserLexicon", OPT_BOOL, FIELD(user_lexicon), 0, 1},
    {"RaviEzafe", OPT_BOOL, FIELD(ezafe), 0, 1},
    {"RaviMaleVoice", OPT_STRING, FIELD(male_voice), 0, 0},
    {"RaviFemaleVoice", OPT_STRING, FIELD(female_voice), 0, 0},
    {"RaviMinRate", OPT_INT, FIELD(min_rate), RAVI_RATE_MIN, RAVI_RATE_MAX},
    {"RaviNormalRate", OPT_INT, FIELD(normal_rate), RAVI_RATE_MIN, RAVI_RATE_MAX},
    {"RaviMaxRate", OPT_INT, FIELD(max_rate), RAVI_RATE_MIN, RAVI_RATE_MAX},
    {"RaviSentencePause", OPT_INT, FIELD(sentence_pause_ms), 0, RAVI_PAUSE_MAX_MS},
    {"RaviParagraphPause", OPT_INT, FIELD(paragraph_pause_ms), 0, RAVI_PAUSE_MAX_MS},
    {"RaviSoundIconFolder", OPT_STRING, FIELD(sound_icon_folder), 0, 0},
};

/* "NAME:LINE: " and the reason, `what` naming the option or the problem. */
static int fail(strbuf *err, const char *name, size_t line, const char *what, const char *detail)
{
    sb_reset(err);
    sb_printf(err, "%s:%zu: %s%s", name, line, what, detail);
    return -1;
}

static int parse_int(const char *value, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (end == value || *end || errno)
        return -1;
    *out = v;
    return 0;
}

static int add_lexicon(sd_config *c, const char *value)
{
    char **list = realloc(c->lexicons, (c->nlexicons + 1) * sizeof *list);
    if (!list)
        return -1;
    c->lexicons = list;
    if (!(list[c->nlexicons] = xstrndup(value, strlen(value))))
        return -1;
    c->nlexicons++;
    return 0;
}

static int apply(sd_config *c, const option *o, const char *value, const char *name, size_t line,
                 strbuf *err)
{
    char *field = (char *)c + o->offset;
    long v;
    switch (o->type) {
    case OPT_STRING:
        if (!*value)
            return fail(err, name, line, o->name, ": needs a value");
        return set_string((char **)(void *)field, value) ? fail(err, name, line, "out of memory", "") : 0;
    case OPT_LIST:
        if (!*value)
            return fail(err, name, line, o->name, ": needs a value");
        return add_lexicon(c, value) ? fail(err, name, line, "out of memory", "") : 0;
    case OPT_BOOL:
    case OPT_INT:
        if (parse_int(value, &v) || v < o->min || v > o->max) {
            sb_reset(err);
            sb_printf(err, "%s:%zu: %s: expected a whole number from %d to %d, not '%s'", name, line,
                      o->name, o->min, o->max, value);
            return -1;
        }
        *(int *)(void *)field = (int)v;
        return 0;
    }
    return 0;
}

/* ---- lines --------------------------------------------------------------------------------- */

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    return p;
}

/* The value after the option's name: "quoted" or bare up to a blank or '#'; nothing may follow
 * but blanks and a comment. Written into `out` (NUL-terminated). Returns 0, or -1 with a reason. */
static int read_value(const char *p, const char *end, strbuf *out, const char **why)
{
    sb_reset(out);
    p = skip_blanks(p, end);
    if (p < end && *p == '"') {
        const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
        if (!close) {
            *why = "a quoted value without its closing quote";
            return -1;
        }
        if (sb_append(out, p + 1, (size_t)(close - p - 1)))
            return *why = "out of memory", -1;
        p = close + 1;
    } else {
        const char *start = p;
        while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#')
            p++;
        if (sb_append(out, start, (size_t)(p - start)))
            return *why = "out of memory", -1;
    }
    p = skip_blanks(p, end);
    if (p < end && *p != '#') {
        *why = "more than one value";
        return -1;
    }
    if (out->len != strlen(out->s ? out->s : "")) {
        *why = "a NUL byte in the value";
        return -1;
    }
    return 0;
}

static int config_line(sd_config *c, const char *p, const char *end, const char *name, size_t line,
                       strbuf *value, strbuf *err)
{
    p = skip_blanks(p, end);
    if (p == end || *p == '#')
        return 0;
    const char *key = p;
    while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#')
        p++;
    size_t key_len = (size_t)(p - key);
    const option *o = NULL;
    for (size_t i = 0; i < sizeof options / sizeof *options; i++)
        if (strlen(options[i].name) == key_len && !strncasecmp(options[i].name, key, key_len))
            o = &options[i];
    if (!o) {
        char shown[64];
        snprintf(shown, sizeof shown, "%.*s", (int)(key_len < 48 ? key_len : 48), key);
        sb_reset(err);
        sb_printf(err, "%s:%zu: unknown option '%s' (the options are in ravi.conf's comments)", name,
                  line, shown);
        return -1;
    }
    const char *why = NULL;
    if (read_value(p, end, value, &why))
        return fail(err, name, line, why, "");
    return apply(c, o, value->s ? value->s : "", name, line, err);
}

static int check_rates(const sd_config *c, const char *name, strbuf *err)
{
    if (c->min_rate <= c->normal_rate && c->normal_rate <= c->max_rate)
        return 0;
    sb_reset(err);
    sb_printf(err, "%s: RaviMinRate %d, RaviNormalRate %d and RaviMaxRate %d must rise in that order",
              name, c->min_rate, c->normal_rate, c->max_rate);
    return -1;
}

int sd_config_parse(sd_config *c, const char *name, const char *text, size_t len, strbuf *err)
{
    strbuf value;
    sb_init(&value);
    const char *p = text, *end = text + len;
    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    int rc = 0;
    for (size_t line = 1; p <= end && rc == 0; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        rc = config_line(c, p, stop, name, line, &value, err);
        if (!nl)
            break;
        p = nl + 1;
    }
    sb_free(&value);
    return rc ? rc : check_rates(c, name, err);
}

int sd_config_read(sd_config *c, const char *path, int *missing, strbuf *err)
{
    *missing = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) {
            *missing = 1;
            return 0;
        }
        sb_reset(err);
        sb_printf(err, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    strbuf text;
    sb_init(&text);
    char buf[4096];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (sb_append(&text, buf, n) || text.len > MAX_CONFIG_BYTES) {
            sb_reset(err);
            sb_printf(err, "%s: too large for a configuration file (over 1 MiB)", path);
            rc = -1;
        }
    if (rc == 0 && ferror(f)) {
        sb_reset(err);
        sb_printf(err, "%s: cannot read: %s", path, strerror(errno));
        rc = -1;
    }
    fclose(f);
    if (rc == 0)
        rc = sd_config_parse(c, path, text.s ? text.s : "", text.len, err);
    sb_free(&text);
    return rc;
}
