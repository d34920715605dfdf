/* The user's config file (cli.h): defaults for the options, one `name = value` a line.
 *
 *     # ~/.config/ravi/config
 *     voice = ravi-female
 *     rate = 180
 *     loudness = -16
 *     format = mp3
 *     publisher = Radio Example
 *     no-ezafe = no
 *
 * Names are the long options; a value is checked as the option's would be. Options that take no
 * value take yes or no. `format` is the format of outputs whose name says none (standard output,
 * a device, a name without an extension). Blank lines and lines starting with # are skipped. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_MAX_BYTES (1 << 20)

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    *end = '\0';
    return s;
}

/* yes/no for an option that takes no value: 1, 0, or -1. */
static int parse_switch(const char *v)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 0;
    }
    return -1;
}

/* One `name = value` line. Returns 0, or -1 after recording why in d. */
static int config_line(const cli_command *cmd, cli_options *opt, cli_options *scratch,
                       char *line, char *end, const char *name, unsigned number, diag *d)
{
    char *text = trim(line, end);
    if (!*text || *text == '#')
        return 0;
    if (utf8_first_invalid(text, strlen(text)) >= 0)
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: not UTF-8 text", name, number);
    char *eq = strchr(text, '=');
    if (!eq)
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: expected 'name = value', got '%s'", name, number, text);
    char *key = trim(text, eq), *value = trim(eq + 1, eq + 1 + strlen(eq + 1));
    size_t vlen = strlen(value);
    if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
        value[vlen - 1] = '\0';
        value++;
    }
    int id, has_arg;
    unsigned group;
    int known = cli_config_option(key, &id, &has_arg, &group);
    if (known < 0)
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: unknown setting '%s' (see ravi(1), FILES)", name, number, key);
    if (known == 0)
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: %s is given on the command line, not in the config file",
                         name, number, key);
    /* options this command does not take are checked all the same, then left */
    cli_options *into = group & cmd->accepts ? opt : scratch;
    if (!*value)
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: %s: no value", name, number, key);
    char why[256];
    if (!has_arg) {
        int on = parse_switch(value);
        if (on < 0)
            return diag_fail(d, RAVI_E_INVALID, "%s:%u: %s: expected yes or no, got '%s'", name, number, key, value);
        if (on)
            cli_apply_option(into, id, NULL, why, sizeof why);
        return 0;
    }
    const char *saved_format = into->format;
    if (cli_apply_option(into, id, value, why, sizeof why))
        return diag_fail(d, RAVI_E_INVALID, "%s:%u: %s: %s", name, number, key, why);
    if (!strcmp(key, "format")) {
        /* a default for outputs whose name says nothing, not --format's override */
        into->default_format = into->format;
        into->format = saved_format;
    }
    return 0;
}

int cli_config_parse(const cli_command *cmd, cli_options *opt, char *text, size_t len,
                     const char *name, diag *d)
{
    opt->config_text = text;
    cli_options scratch;
    cli_options_init(&scratch);
    int rc = 0;
    char *p = text, *end = text + len;
    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    for (unsigned number = 1; p < end; number++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line_end = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(line_end - p)))
            rc = diag_fail(d, RAVI_E_INVALID, "%s:%u: a NUL byte: not a text file", name, number);
        else if (config_line(cmd, opt, &scratch, p, line_end, name, number, d))
            rc = -1;
        p = line_end + (nl != NULL);
    }
    return rc;
}

/* $XDG_CONFIG_HOME/ravi/config, or ~/.config/ravi/config; NULL when neither can be named. */
static char *config_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    strbuf path;
    sb_init(&path);
    int rc = xdg && xdg[0] == '/' ? sb_printf(&path, "%s/ravi/config", xdg)
             : home && *home      ? sb_printf(&path, "%s/.config/ravi/config", home)
                                  : -1;
    if (rc) {
        sb_free(&path);
        return NULL;
    }
    return path.s;
}

/* Reads the whole file into *text (NUL after it). 1 when there is none, 0, or -1 after printing. */
static int read_config(const char *path, char **text, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return 1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        cli_error("%s: cannot read the config file: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_BYTES) {
        cli_error("%s: not a config file (%s)", path, S_ISREG(st.st_mode) ? "larger than 1 MB" : "not a regular file");
        close(fd);
        return -1;
    }
    *text = malloc((size_t)st.st_size + 1);
    ssize_t got = *text ? read(fd, *text, (size_t)st.st_size) : -1;
    close(fd);
    if (got < 0) {
        cli_error("%s: cannot read the config file: %s", path, *text ? strerror(errno) : "out of memory");
        free(*text);
        *text = NULL;
        return -1;
    }
    (*text)[got] = '\0';
    *len = (size_t)got;
    return 0;
}

int cli_config_load(const cli_command *cmd, cli_options *opt)
{
    char *path = config_path();
    if (!path)
        return 0;
    char *text = NULL;
    size_t len = 0;
    int rc = read_config(path, &text, &len);
    if (rc == 0) {
        diag d;
        diag_init(&d);
        rc = cli_config_parse(cmd, opt, text, len, path, &d);
        cli_report(&d);
        diag_free(&d);
    }
    free(path);
    return rc < 0 ? -1 : 0;
}
