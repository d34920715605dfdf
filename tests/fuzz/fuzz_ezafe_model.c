/* libFuzzer target: arbitrary bytes as an ezafe model file. The checksum is recomputed over the
 * input first (when it has room for one), so that the search reaches the checks behind it: the
 * header, the section sizes and the table indexes. Whatever loads then tags a few sentences, the
 * runtime way and the plain way, so that a file that passes the checks cannot make a lookup
 * leave its table. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ezafe/ezafe.h"
#include "ezafe/tagger.h"

#define MODEL_FILE "fuzz-ezafe.model"

static const char *const sentences[][12] = {
    {"روابط", "ایران", "و", "جمهوری", "آذربایجان", "گسترش", "یافت", ".", NULL},
    {"وزیر", "امور", "خارجه", "هزار", "و", "چهارصد", "«", "کتابِ", "من", "»", "!", NULL},
    {"سلام", NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *bytes = malloc(size ? size : 1);
    if (!bytes)
        return 0;
    memcpy(bytes, data, size);
    if (size >= EZ_MODEL_HEADER + 8 && size % 8 == 0) {
        uint64_t sum = ez_checksum(bytes, size - 8);
        for (int k = 0; k < 8; k++)
            bytes[size - 8 + (size_t)k] = (unsigned char)(sum >> (8 * k));
    }
    FILE *f = fopen(MODEL_FILE, "wb");
    int written = f && fwrite(bytes, 1, size, f) == size;
    if (f && fclose(f))
        written = 0;
    free(bytes);
    if (!written)
        abort();
    char err[256];
    for (int copy = 0; copy < 2; copy++) {
        ezafe_model *m = copy ? ez_model_load_copy(MODEL_FILE, err, sizeof err) : ezafe_model_load(MODEL_FILE, err, sizeof err);
        if (!m)
            continue;
        for (size_t k = 0; k < sizeof sentences / sizeof *sentences; k++) {
            size_t n = 0;
            while (sentences[k][n])
                n++;
            unsigned char out[12], ref[12];
            ezafe_model_predict(m, sentences[k], NULL, n, out);
            ez_model_predict_reference(m, sentences[k], NULL, n, ref);
        }
        ezafe_model_free(m);
    }
    return 0;
}
