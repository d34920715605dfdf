/* sd_ravi, Ravi as a speech-dispatcher output module: the commands of the protocol (proto.h)
 * answered, messages spoken by worker processes (worker.h), their audio and marks sent to the
 * server as 705 and 700 events (out.h) for the server to play ("server-side audio").
 *
 * One loop polls the server's commands, the speaking child's records and the way out to the
 * server, and never blocks on any of them: a STOP is read while a child speaks and while the
 * server is busy taking audio, and ends the message at once (SIGKILL, 703 STOP). */
#ifndef RAVI_SD_MODULE_H
#define RAVI_SD_MODULE_H

#include "../../include/ravi.h"

#include "conf.h"
#include "log.h"
#include "out.h"
#include "params.h"
#include "proto.h"
#include "worker.h"

typedef struct sd_module {
    sd_log log;
    sd_config config;
    strbuf config_error;    /* ravi.conf was bad: INIT answers with this */
    ravi_engine *engine;
    char **voices;          /* what LIST VOICES offers (the engine's voices) */
    size_t nvoices;
    sd_params params;
    sd_reader reader;
    sd_out out;
    sd_worker worker;
    strbuf doc;             /* the document the worker speaks */
    int initialized;        /* INIT answered */
    int speaking;           /* a message is being spoken: its end event is still to come */
    int begun;              /* its 701 BEGIN has gone out */
    int pause_requested;    /* PAUSE: stop at the next __spd_ mark */
    int quit;               /* the loop ends */
    int exit_status;
} sd_module;

/* Reads ravi.conf (path may be NULL: the defaults); the engine starts at INIT. Returns 0, or -1
 * when out of memory. */
int sd_module_init(sd_module *m, const char *config_path);
void sd_module_free(sd_module *m);

/* Serves the server on descriptors 0 and 1 until QUIT or the end of the input. Returns the exit
 * status: 0, or 1 after an error (the server went away mid-message, INIT failed, ...), 3 when
 * the server did not start with INIT. */
int sd_module_run(sd_module *m);

#endif
