#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int has_lexicon(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/lexicon", dir) >= (int)sizeof path)
        return 0;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void datadir_binary_dir(const char *argv0, char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) {
        snprintf(buf, size, "%s", argv0 ? argv0 : ".");
        n = (ssize_t)strlen(buf);
    }
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(buf, size, ".");
}

int datadir_find(const char *argv0, char *buf, size_t size)
{
    const char *env = getenv("RAVI_DATA");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return has_lexicon(buf) ? 0 : -1;
    }
    char bin[PATH_MAX];
    datadir_binary_dir(argv0, bin, sizeof bin);
    /* build tree: ./ravi next to lexicon/, or build-san/ravi one level down */
    const char *suffixes[] = {"", "/..", "/../share/ravi"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(buf, size, "%s%s", bin, suffixes[i]);
        if (has_lexicon(buf))
            return 0;
    }
    return -1;
}
