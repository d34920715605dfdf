/* The guard's scan harness: speaks each line of a file as one utterance with libespeak-ng, the
 * way Ravi hands it a sentence (UTF-8, [[phonemes]] allowed, end pause), audio thrown away.
 * Run under valgrind, or with an AddressSanitizer build of the library on LD_LIBRARY_PATH, it
 * shows what in the text makes the library misbehave (tools/guard/scan.py).
 * usage: guard-harness FILE [VOICE] */
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int discard(short *wav, int n, espeak_EVENT *events)
{
    (void)wav;
    (void)n;
    (void)events;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: guard-harness FILE [VOICE]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f || espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT) <= 0) {
        perror(argv[1]);
        return 2;
    }
    espeak_SetSynthCallback(discard);
    if (espeak_SetVoiceByName(argc > 2 ? argv[2] : "fa") != EE_OK) {
        fprintf(stderr, "guard-harness: no voice %s\n", argc > 2 ? argv[2] : "fa");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        espeak_Synth(line, (size_t)n + 1, 0, POS_CHARACTER, 0,
                     espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE, NULL, NULL);
    }
    free(line);
    fclose(f);
    espeak_Terminate();
    return 0;
}
