/* An example program on libravi: speaks a Persian text into a WAV file and prints each sentence
 * and word with the time it is said at.
 *
 *     cc speak.c $(pkg-config --cflags --libs ravi) -o speak
 *     ./speak out.wav 'سازمان هواشناسی از بارش باران در ۱۲ استان خبر داد.'
 *
 * Ravi's data (lexicons, voices) is found where `make install` put it, or at $RAVI_DATA. */
#include <ravi.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct output {
    FILE *wav;
    uint32_t samples;
} output;

static void put_le(FILE *f, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        fputc((int)(v >> (8 * i)) & 0xff, f);
}

/* A 16-bit mono PCM WAV header; written again with the sizes once the audio is complete. */
static void write_header(FILE *f, int rate, uint32_t samples)
{
    fputs("RIFF", f);
    put_le(f, 36 + samples * 2, 4);
    fputs("WAVEfmt ", f);
    put_le(f, 16, 4);
    put_le(f, 1, 2);                   /* PCM */
    put_le(f, 1, 2);                   /* mono */
    put_le(f, (uint32_t)rate, 4);
    put_le(f, (uint32_t)rate * 2, 4);  /* bytes per second */
    put_le(f, 2, 2);
    put_le(f, 16, 2);
    fputs("data", f);
    put_le(f, samples * 2, 4);
}

static int on_audio(void *ctx, const int16_t *samples, size_t n)
{
    output *out = ctx;
    for (size_t i = 0; i < n; i++)
        put_le(out->wav, (uint16_t)samples[i], 2);
    out->samples += (uint32_t)n;
    return ferror(out->wav) ? 1 : 0; /* non-zero stops the speech at once */
}

static int on_event(void *ctx, const ravi_event *ev)
{
    (void)ctx;
    if (ev->type == RAVI_EVENT_SENTENCE)
        printf("sentence %llu at %llu ms: %.*s\n", (unsigned long long)ev->sentence,
               (unsigned long long)ev->ms, (int)ev->text_len, ev->text);
    else if (ev->type == RAVI_EVENT_WORD)
        printf("  word at %llu ms, bytes %llu-%llu: %.*s\n", (unsigned long long)ev->ms,
               (unsigned long long)ev->byte_start, (unsigned long long)ev->byte_end,
               (int)ev->text_len, ev->text);
    return 0;
}

static int on_warning(void *ctx, ravi_warning warning, const char *message)
{
    (void)ctx;
    (void)warning;
    fprintf(stderr, "speak: warning: %s\n", message);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: speak OUT.wav TEXT\n");
        return 2;
    }
    ravi_config config;
    ravi_config_init(&config);
    ravi_status status;
    ravi_engine *engine = ravi_engine_new(&config, &status);
    if (status != RAVI_OK) {
        fprintf(stderr, "speak: %s\n", engine ? ravi_engine_error(engine) : "out of memory");
        ravi_engine_free(engine);
        return 1;
    }
    output out = {fopen(argv[1], "wb"), 0};
    if (!out.wav) {
        perror(argv[1]);
        ravi_engine_free(engine);
        return 1;
    }
    int rate = ravi_engine_sample_rate(engine);
    write_header(out.wav, rate, 0);
    ravi_callbacks callbacks = {on_audio, on_event, NULL, on_warning};
    status = ravi_speak(engine, argv[2], strlen(argv[2]), NULL, &callbacks, &out);
    if (status != RAVI_OK)
        fprintf(stderr, "speak: %s: %s\n", ravi_status_name(status), ravi_engine_error(engine));
    rewind(out.wav);
    write_header(out.wav, rate, out.samples);
    int failed = fclose(out.wav) != 0 || status != RAVI_OK;
    printf("%u samples at %d Hz\n", out.samples, rate);
    ravi_engine_free(engine);
    return failed;
}
