#include "models.h"

void stage_models_init(stage_models *m, const ravi_config *cfg)
{
    m->cfg = cfg;
    m->ezafe = NULL;
}

void stage_models_free(stage_models *m)
{
    ezafe_model_free(m->ezafe);
    m->ezafe = NULL;
}

const ezafe_model *stage_models_ezafe(stage_models *m, diag *d)
{
    if (m->ezafe)
        return m->ezafe;
    strbuf path;
    sb_init(&path);
    if (sb_printf(&path, "%s/lexicon/ezafe.model", m->cfg->data_dir ? m->cfg->data_dir : ".")) {
        diag_nomem(d);
        return NULL;
    }
    char err[512];
    if (!(m->ezafe = ezafe_model_load(path.s, err, sizeof err)))
        diag_fail(d, RAVI_E_DATA, "cannot load the ezafe model: %s", err);
    sb_free(&path);
    return m->ezafe;
}
