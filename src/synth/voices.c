#include "voices.h"
#include "../diag.h"
#include "../util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ESPEAK_DIR "espeak-ng-data"
#define VARIANTS "!v"

/* Names that are safe as a file name in voices/: no path, no hidden files. */
static int plain_name(const char *name)
{
    if (!*name || *name == '.')
        return 0;
    for (const char *p = name; *p; p++)
        if (!(( *p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return 0;
    return 1;
}

int ravi_voice_exists(const char *data_dir, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    if (!data_dir || !plain_name(name) ||
        snprintf(path, sizeof path, "%s/voices/%s", data_dir, name) >= (int)sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Links every entry of `from` into `to`, except `except` (may be NULL). 0, or -1 (errno set). */
static int link_entries(const char *from, const char *to, const char *except)
{
    DIR *d = opendir(from);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    char src[PATH_MAX], dst[PATH_MAX];
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (except && !strcmp(e->d_name, except)))
            continue;
        if (snprintf(src, sizeof src, "%s/%s", from, e->d_name) >= (int)sizeof src ||
            snprintf(dst, sizeof dst, "%s/%s", to, e->d_name) >= (int)sizeof dst) {
            errno = ENAMETOOLONG;
            rc = -1;
        } else if (symlink(src, dst) && errno != EEXIST) {
            rc = -1;
        }
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

/* Links Ravi's variant files (plain names only) into `to`; they win over same-named ones. */
static int link_ravi_voices(const char *data_dir, const char *to)
{
    char from[PATH_MAX], src[PATH_MAX], dst[PATH_MAX], data_abs[PATH_MAX];
    /* a link is read from where it stands: a relative data directory (RAVI_DATA=.) would point
     * into the overlay itself, and eSpeak would quietly speak without the variant */
    if (!realpath(data_dir, data_abs))
        return errno == ENOENT ? 0 : -1;
    if (snprintf(from, sizeof from, "%s/voices", data_abs) >= (int)sizeof from) {
        errno = ENAMETOOLONG;
        return -1;
    }
    DIR *d = opendir(from);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (!plain_name(e->d_name))
            continue;
        if (snprintf(src, sizeof src, "%s/%s", from, e->d_name) >= (int)sizeof src ||
            snprintf(dst, sizeof dst, "%s/%s", to, e->d_name) >= (int)sizeof dst) {
            errno = ENAMETOOLONG;
            rc = -1;
            break;
        }
        unlink(dst);
        if (symlink(src, dst))
            rc = -1;
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

/* dir + "/" + name into buf; -1 (errno ENAMETOOLONG) when it does not fit. */
static int join(char *buf, size_t size, const char *dir, const char *name)
{
    if (snprintf(buf, size, "%s/%s", dir, name) >= (int)size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

static int build_overlay(const char *system_data, const char *data_dir, const char *root)
{
    char data[PATH_MAX], voices[PATH_MAX], variants[PATH_MAX], sys_voices[PATH_MAX], sys_variants[PATH_MAX];
    if (join(data, sizeof data, root, ESPEAK_DIR) || join(voices, sizeof voices, data, "voices") ||
        join(variants, sizeof variants, voices, VARIANTS) ||
        join(sys_voices, sizeof sys_voices, system_data, "voices") ||
        join(sys_variants, sizeof sys_variants, sys_voices, VARIANTS))
        return -1;
    if (mkdir(data, 0700) || mkdir(voices, 0700) || mkdir(variants, 0700))
        return -1;
    if (link_entries(system_data, data, "voices"))
        return -1;
    if (link_entries(sys_voices, voices, VARIANTS) && errno != ENOENT)
        return -1;
    if (link_entries(sys_variants, variants, NULL) && errno != ENOENT)
        return -1;
    return link_ravi_voices(data_dir, variants);
}

int voice_overlay_create(const char *system_data, const char *data_dir, char *root, size_t size,
                         diag *d)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (snprintf(root, size, "%s/ravi-voices.XXXXXX", tmp) >= (int)size || !mkdtemp(root)) {
        return diag_fail(d, RAVI_E_IO, "cannot make a temporary directory for Ravi's voices in %s: %s",
                         tmp, strerror(errno));
    }
    if (build_overlay(system_data, data_dir, root)) {
        int saved = errno;
        voice_overlay_remove(root);
        return diag_fail(d, RAVI_E_IO, "cannot prepare Ravi's voices for eSpeak NG (%s): %s",
                         system_data, strerror(saved));
    }
    return 0;
}

/* Unlinks the links in dir (never following them), then removes dir. */
static void remove_level(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[PATH_MAX];
        struct stat st;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
                continue;
            if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

void voice_overlay_remove(const char *root)
{
    char data[PATH_MAX], voices[PATH_MAX], variants[PATH_MAX];
    if (join(data, sizeof data, root, ESPEAK_DIR) || join(voices, sizeof voices, data, "voices") ||
        join(variants, sizeof variants, voices, VARIANTS))
        return;
    remove_level(variants);
    remove_level(voices);
    remove_level(data);
    rmdir(root);
}

/* Reads a variant's gender line and first comment. */
static void describe_voice(const char *path, char *gender, size_t gsize, char *about, size_t asize)
{
    snprintf(gender, gsize, "-");
    about[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!about[0] && !strncmp(line, "//", 2))
            snprintf(about, asize, "%s", line + 2 + strspn(line + 2, " "));
        else if (!strncmp(line, "gender ", 7))
            sscanf(line + 7, "%15s", gender);
    }
    fclose(f);
}


int ravi_voices_each(const char *data_dir,
                     int (*fn)(void *ctx, const char *name, const char *gender, const char *about),
                     void *ctx, diag *d)
{
    char dir[PATH_MAX], path[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/voices", data_dir);
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0)
        return errno == ENOENT ? 0 : diag_fail(d, RAVI_E_DATA, "%s: %s", dir, strerror(errno));
    int count = 0, stopped = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (!stopped && plain_name(name) &&
            snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
            ravi_voice_exists(data_dir, name)) {
            char gender[16], about[256];
            describe_voice(path, gender, sizeof gender, about, sizeof about);
            stopped = fn(ctx, name, gender, about);
            count++;
        }
        free(names[i]);
    }
    free(names);
    return stopped ? diag_cancel(d) : count;
}
