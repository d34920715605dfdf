/* clean: one spelling for each letter, so that later stages and the lexicon match.
 * Arabic letter forms and presentation forms fold to Persian (ICU NFKC for the presentation
 * forms, then NFC); Arabic-Indic digits become Persian digits; tatweel and invisible controls go;
 * ZWNJ stays (once, inside the word) and so do the short vowels, above all the written ezafe.
 * The folding itself lives in fold.c, shared with the lexicon's written forms. Then the words
 * web text writes apart where careful text joins them with a ZWNJ are joined (spacing.c). */
#include "../stage.h"
#include "../util.h"
#include "fold.h"
#include "spacing.h"

#include <stdlib.h>

typedef struct clean_state {
    clean_folder folder;
    spacing_rules spacing;
    strbuf out;
} clean_state;

static int clean_open(const ravi_config *cfg, stage_models *models, diag *d, void **state)
{
    (void)models;
    clean_state *st = calloc(1, sizeof *st);
    if (!st)
        return diag_nomem(d);
    spacing_rules_init(&st->spacing);
    if (clean_folder_init(&st->folder)) {
        diag_fail(d, RAVI_E_DATA, "ICU normalizer unavailable: %s", st->folder.failure);
        free(st);
        return -1;
    }
    /* without a data directory there is no shipped data: no spacing rules, as no lexicon */
    if (cfg->data_dir && spacing_rules_load_defaults(&st->spacing, cfg->data_dir, d)) {
        clean_folder_free(&st->folder);
        spacing_rules_free(&st->spacing);
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void clean_close(void *state)
{
    clean_state *st = state;
    if (!st)
        return;
    clean_folder_free(&st->folder);
    spacing_rules_free(&st->spacing);
    sb_free(&st->out);
    free(st);
}

static int clean_run(void *state, sentence *s)
{
    clean_state *st = state;
    for (size_t i = 0; i < s->n;) {
        if (!clean_fold_needed(s->tok[i].text)) {
            i++; /* a token is never empty, and this one stays as it is */
            continue;
        }
        if (clean_fold_text(&st->folder, s->tok[i].text, &st->out) ||
            token_set_text(&s->tok[i], st->out.s))
            return -1;
        if (s->tok[i].text[0] == '\0')
            sentence_replace(s, i, 1, NULL, NULL, 0); /* only invisible characters: nothing to say */
        else
            i++;
    }
    return spacing_repair(&st->spacing, s);
}

const stage stage_clean = {"clean", clean_open, clean_run, clean_close};
