/* sd_ravi: Ravi as a speech-dispatcher output module. speech-dispatcher starts it as
 * `sd_ravi CONFIG_FILE` and talks to it on its standard input and output (module.h). */
#include "module.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))) {
        fprintf(stderr, "usage: sd_ravi [CONFIG_FILE]\n\nRavi's speech-dispatcher output module: "
                        "speech-dispatcher starts it and speaks to it\non its standard input and "
                        "output. See README.md, \"Screen readers\".\n");
        return argc == 2 ? 0 : 2;
    }
    if (argc == 2 && !strcmp(argv[1], "--version")) {
        printf("sd_ravi %s\n", ravi_version());
        return 0;
    }
    sd_module m;
    if (sd_module_init(&m, argc == 2 ? argv[1] : NULL)) {
        fprintf(stderr, "sd_ravi: out of memory\n");
        sd_module_free(&m);
        return 1;
    }
    int status = sd_module_run(&m);
    sd_module_free(&m);
    return status;
}
