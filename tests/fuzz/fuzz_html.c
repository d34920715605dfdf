/* libFuzzer target: arbitrary bytes read as an HTML document (libxml2's push parser with Ravi's
 * SAX callbacks), then the sentences and the language stages; see fuzz_markup.h. */
#include "fuzz_markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_markup_one(data, size, INPUT_HTML);
}
