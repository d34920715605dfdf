/* F_SETPIPE_SZ (Linux) */
#define _GNU_SOURCE
#include "module.h"
#include "names.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* Audio waiting for the server past this, the child's records wait too: the child then blocks
 * on its socket, and no more than this is ever dropped or held in memory. */
#define OUT_HIGH_WATER (32u << 10)
#define READ_CHUNK 65536

/* The pipe to the server: audio in it is past recall, since the server reads through all of it
 * before it sees a STOP's 703 (the 64 KB default is 1.5 s of sound, tens of milliseconds of
 * reading on a busy machine). A page keeps what is sent ahead small; the rest waits in the
 * module's queue, which a STOP drops at once. */
#define PIPE_BYTES 4096

int sd_module_init(sd_module *m, const char *config_path)
{
    memset(m, 0, sizeof *m);
    sd_log_init(&m->log);
    sb_init(&m->config_error);
    sb_init(&m->doc);
    sd_params_init(&m->params);
    sd_reader_init(&m->reader);
    sd_out_init(&m->out, STDOUT_FILENO);
    sd_worker_init(&m->worker);
    if (sd_config_init(&m->config))
        return -1;
    if (config_path) {
        int missing = 0;
        if (sd_config_read(&m->config, config_path, &missing, &m->config_error))
            sd_logf(&m->log, SD_LOG_ERROR, "%s", m->config_error.s);
        else if (missing)
            sd_logf(&m->log, SD_LOG_INFO, "%s: no such file; using the defaults", config_path);
    }
    return 0;
}

static void free_voices(sd_module *m)
{
    for (size_t i = 0; i < m->nvoices; i++)
        free(m->voices[i]);
    free(m->voices);
    m->voices = NULL;
    m->nvoices = 0;
}

void sd_module_free(sd_module *m)
{
    sd_worker_shutdown(&m->worker);
    ravi_engine_free(m->engine);
    m->engine = NULL;
    free_voices(m);
    sd_config_free(&m->config);
    sb_free(&m->config_error);
    sb_free(&m->doc);
    sd_reader_free(&m->reader);
    sd_out_free(&m->out);
    sd_log_close(&m->log);
}

/* Out of memory while queueing an answer: nothing sensible can follow. */
static int reply(sd_module *m, const char *line)
{
    if (sd_out_line(&m->out, line) == 0)
        return 0;
    sd_logf(&m->log, SD_LOG_ERROR, "out of memory");
    m->quit = 1;
    m->exit_status = 1;
    return -1;
}

/* ---- INIT: the engine ---------------------------------------------------------------------- */

typedef struct voice_list {
    sd_module *m;
    const char *started_with;  /* the voice the engine started with */
    int failed;
    int started_with_ravi;     /* it is one of Ravi's */
    long first_ravi;           /* the first of Ravi's voices in the list, or -1 */
} voice_list;

static int add_voice(void *ctx, const ravi_voice *v)
{
    voice_list *l = ctx;
    sd_module *m = l->m;
    char **list = realloc(m->voices, (m->nvoices + 1) * sizeof *list);
    if (list)
        m->voices = list;
    if (!list || !(list[m->nvoices] = xstrndup(v->name, strlen(v->name)))) {
        l->failed = 1;
        return 1;
    }
    if (v->is_ravi && l->first_ravi < 0)
        l->first_ravi = (long)m->nvoices;
    if (v->is_ravi && !strcasecmp(v->name, l->started_with))
        l->started_with_ravi = 1;
    m->nvoices++;
    return 0;
}

static ravi_engine *new_engine(sd_module *m, const char *voice, int user_lexicon, ravi_status *st)
{
    ravi_config rc;
    ravi_config_init(&rc);
    rc.data_dir = m->config.data_dir;
    rc.lexicons = (const char *const *)m->config.lexicons;
    rc.nlexicons = m->config.nlexicons;
    rc.user_lexicon = user_lexicon;
    rc.ezafe = m->config.ezafe;
    rc.settings.voice = voice;
    return ravi_engine_new(&rc, st);
}

/* A screen reader without speech is worse than one with the wrong voice or lexicon: an engine
 * that does not start with the user's lexicon or the configured voice is started without them,
 * and the log says why. Returns the engine (*voice: the voice it started with), or NULL with
 * the message in why. */
static ravi_engine *start_engine(sd_module *m, const char **voice, strbuf *why)
{
    ravi_status st;
    int user_lexicon = m->config.user_lexicon;
    for (int attempt = 0; attempt < 3; attempt++) {
        ravi_engine *e = new_engine(m, *voice, user_lexicon, &st);
        if (st == RAVI_OK)
            return e;
        const char *msg = e ? ravi_engine_error(e) : "out of memory";
        if (st == RAVI_E_VOICE && strcmp(*voice, "fa")) {
            sd_logf(&m->log, SD_LOG_ERROR, "%s; speaking with eSpeak NG's Persian voice (fa)", msg);
            *voice = "fa";
        } else if (st == RAVI_E_LEXICON && user_lexicon) {
            sd_logf(&m->log, SD_LOG_ERROR, "%s\nthe user's lexicon is left out until it is mended", msg);
            user_lexicon = 0;
        } else {
            sb_reset(why);
            sb_puts(why, msg);
            ravi_engine_free(e);
            return NULL;
        }
        ravi_engine_free(e);
    }
    sb_reset(why);
    sb_puts(why, "the engine did not start");
    return NULL;
}

static int list_voices(sd_module *m, voice_list *l, const char *started_with)
{
    free_voices(m);
    memset(l, 0, sizeof *l);
    l->m = m;
    l->started_with = started_with;
    l->first_ravi = -1;
    ravi_status st = ravi_voices(m->engine, add_voice, l);
    return l->failed || st < 0 ? -1 : 0;
}

/* Whether LIST VOICES has the voice, or it is an eSpeak NG voice with a variant ("fa+f3"). */
static int voice_known(const sd_module *m, const char *voice)
{
    for (size_t i = 0; i < m->nvoices; i++)
        if (!strcasecmp(voice, m->voices[i]))
            return 1;
    return strchr(voice, '+') != NULL;
}

/* The engine, with one of Ravi's voices if there is one. Ravi's voices live in a private eSpeak
 * data directory that the engine makes when one is first used and removes when it is freed: made
 * now, in the module's process, it is there for every child; a child that made it would leave it
 * behind when a STOP kills it. */
static int init_engine(sd_module *m, strbuf *why)
{
    const char *voice = m->config.male_voice;
    voice_list l;
    if (!(m->engine = start_engine(m, &voice, why)))
        return -1;
    if (list_voices(m, &l, voice))
        goto nomem;
    if (l.first_ravi >= 0 && !l.started_with_ravi) {
        char *first = xstrndup(m->voices[l.first_ravi], strlen(m->voices[l.first_ravi]));
        if (!first)
            goto nomem;
        ravi_engine_free(m->engine);
        voice = first;
        m->engine = start_engine(m, &voice, why);
        int rc = m->engine ? list_voices(m, &l, voice) : -1;
        free(first);
        if (!m->engine)
            return -1;
        if (rc)
            goto nomem;
    }
    /* a voice the engine does not have would fail every message in it: the log says so, and the
     * engine's own voice speaks instead */
    char **fields[2] = {&m->config.male_voice, &m->config.female_voice};
    for (int i = 0; i < 2; i++) {
        if (voice_known(m, *fields[i]))
            continue;
        const char *instead = i ? m->config.male_voice : l.first_ravi >= 0 ? m->voices[l.first_ravi] : "fa";
        char *copy = xstrndup(instead, strlen(instead));
        if (!copy)
            goto nomem;
        sd_logf(&m->log, SD_LOG_ERROR, "Ravi%sVoice '%s' is not one of the voices (LIST VOICES); "
                "using %s", i ? "Female" : "Male", *fields[i], copy);
        free(*fields[i]);
        *fields[i] = copy;
    }
    return 0;
nomem:
    sb_reset(why);
    sb_puts(why, "cannot list the voices: out of memory");
    return -1;
}

static void cmd_init(sd_module *m)
{
    strbuf why;
    sb_init(&why);
    if (m->config_error.len) {
        sb_puts(&why, m->config_error.s);
    } else if (init_engine(m, &why) == 0) {
        char line[256];
        snprintf(line, sizeof line, "299-Ravi %s (libravi), %zu Persian voices",
                 ravi_version(), m->nvoices);
        sd_logf(&m->log, SD_LOG_INFO, "%s", line + 4);
        m->initialized = 1;
        if (reply(m, line) == 0)
            reply(m, "299 OK LOADED SUCCESSFULLY");
        sb_free(&why);
        return;
    }
    sd_logf(&m->log, SD_LOG_ERROR, "cannot start: %s", why.s ? why.s : "");
    /* one 399- line per line of the message, as the server gathers them */
    for (char *p = why.s ? why.s : (char *)"", *nl;; p = nl + 1) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        sd_out_printf(&m->out, 0, "399-%s\n", p);
        if (!nl)
            break;
    }
    reply(m, "399 ERR CANT INIT MODULE");
    sb_free(&why);
    m->quit = 1;
    m->exit_status = 1;
}

/* ---- speaking ------------------------------------------------------------------------------ */

static void begin(sd_module *m)
{
    if (!m->begun)
        reply(m, "701 BEGIN");
    m->begun = 1;
}

/* The message ends: 702 END, 703 STOP or 704 PAUSE (a BEGIN before it, as the protocol wants). */
static void finish(sd_module *m, const char *event)
{
    begin(m);
    reply(m, event);
    m->speaking = 0;
    m->pause_requested = 0;
}

/* The message as SSML the server sent, with the bytes XML forbids (C0 controls) made spaces: a
 * client's stray control character must not cost the whole message. */
static int sanitized_message(sd_module *m, const char *text, size_t len)
{
    sb_reset(&m->doc);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (sb_putc(&m->doc, c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : (char)c))
            return -1;
    }
    return 0;
}

/* The document for the message: the server's SSML, or names (CHAR, KEY, spelling). */
static int build_document(sd_module *m, const sd_command *cmd, int *named)
{
    *named = 1;
    switch (cmd->kind) {
    case SD_CMD_CHAR:
        return sd_char_ssml(cmd->text, cmd->len, m->params.capitals, &m->doc);
    case SD_CMD_KEY:
        return sd_key_ssml(cmd->text, cmd->len, m->params.capitals, &m->doc);
    default:
        if (m->params.spelling)
            return sd_spell_ssml(cmd->text, cmd->len, m->params.capitals, &m->doc);
        *named = 0;
        return sanitized_message(m, cmd->text, cmd->len);
    }
}

static int sound_icon_name_ok(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* SOUND_ICON: the server plays the file (706 ICON) when the folder has it. */
static void sound_icon(sd_module *m, const sd_command *cmd)
{
    char path[PATH_MAX];
    reply(m, "200 OK SPEAKING");
    m->speaking = 1;
    m->begun = 0;
    int ok = sound_icon_name_ok(cmd->text) &&
             snprintf(path, sizeof path, "%s/%s", m->config.sound_icon_folder, cmd->text) < (int)sizeof path &&
             access(path, R_OK) == 0;
    begin(m);
    if (ok)
        sd_out_printf(&m->out, 0, "706-%s\n706 ICON\n", path);
    else
        sd_logf(&m->log, SD_LOG_INFO, "SOUND_ICON %.200s: no such sound in %s; nothing played",
                cmd->text, m->config.sound_icon_folder);
    finish(m, "702 END");
}

static void speak(sd_module *m, const sd_command *cmd)
{
    const char *what = sd_command_name(cmd->kind);
    if (cmd->error) {
        sd_logf(&m->log, SD_LOG_ERROR, "%s: %s", what, cmd->error);
        reply(m, "301 ERROR CANT SPEAK");
        return;
    }
    if (m->speaking) {
        sd_logf(&m->log, SD_LOG_ERROR, "%s while a message is being spoken (the server must STOP it "
                "first); refused", what);
        reply(m, "301 ERROR CANT SPEAK");
        return;
    }
    if (cmd->len == 0) {
        sd_logf(&m->log, SD_LOG_WARNING, "%s with no text; nothing to say", what);
        reply(m, "301 ERROR CANT SPEAK");
        return;
    }
    if (cmd->kind != SD_CMD_SPEAK && cmd->lines > 1) {
        sd_logf(&m->log, SD_LOG_ERROR, "%s takes one line, not %zu", what, cmd->lines);
        reply(m, "305 DATA MORE THAN ONE LINE");
        return;
    }
    if (cmd->kind == SD_CMD_SOUND_ICON) {
        sound_icon(m, cmd);
        return;
    }
    int named;
    if (build_document(m, cmd, &named)) {
        sd_logf(&m->log, SD_LOG_ERROR, "out of memory");
        reply(m, "401 ERROR INTERNAL");
        return;
    }
    sd_job job;
    sd_voice_names voices = {(const char *const *)m->voices, m->nvoices};
    sd_params_settings(&m->params, &m->config, &voices, &job.settings);
    if (named)
        job.settings.punctuation = RAVI_PUNCTUATION_NONE; /* the names say the punctuation */
    job.text = m->doc.s ? m->doc.s : "";
    job.len = m->doc.len;
    sd_logf(&m->log, SD_LOG_TRACE, "%s (voice %s, rate %d): %s", what, job.settings.voice,
            job.settings.rate, job.text);
    if (sd_worker_start(&m->worker, m->engine, &job)) {
        sd_logf(&m->log, SD_LOG_ERROR, "%s: cannot start a process to speak it: %s", what, strerror(errno));
        reply(m, "301 ERROR CANT SPEAK");
        return;
    }
    m->speaking = 1;
    m->begun = 0;
    m->pause_requested = 0;
    reply(m, "200 OK SPEAKING");
}

static void stop(sd_module *m)
{
    if (!m->speaking)
        return; /* not an error: the protocol says so */
    sd_worker_kill(&m->worker);
    sd_out_drop(&m->out);
    finish(m, "703 STOP");
}

/* ---- the child's records ------------------------------------------------------------------- */

static void describe_death(sd_module *m, int status)
{
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        sd_logf(&m->log, SD_LOG_ERROR, "the synthesis of this message crashed (signal %d, %s); the "
                "message is stopped, the module carries on", sig, strsignal(sig));
    } else if (WIFEXITED(status) && WEXITSTATUS(status)) {
        sd_logf(&m->log, SD_LOG_ERROR, "the synthesis process ended with status %d; the message is "
                "stopped", WEXITSTATUS(status));
    } else {
        sd_logf(&m->log, SD_LOG_ERROR, "the synthesis process ended without finishing the message");
    }
}

static void worker_ended(sd_module *m, ravi_status status, const char *message)
{
    sd_worker_release(&m->worker); /* its END is sent now, not when its memory is freed */
    if (status == RAVI_OK || status == RAVI_CANCELLED) {
        finish(m, "702 END");
    } else if (status == RAVI_E_EMPTY) {
        sd_logf(&m->log, SD_LOG_DEBUG, "%s", message);
        finish(m, "702 END");
    } else {
        sd_logf(&m->log, SD_LOG_ERROR, "the message was not spoken: %s", message);
        finish(m, "703 STOP");
    }
}

static void record(sd_module *m, const sd_record *r)
{
    switch (r->type) {
    case SD_REC_AUDIO:
        begin(m);
        if (sd_out_audio(&m->out, r->samples, r->nsamples, ravi_engine_sample_rate(m->engine)))
            sd_logf(&m->log, SD_LOG_ERROR, "out of memory: audio lost");
        break;
    case SD_REC_MARK:
        begin(m);
        if (sd_out_mark(&m->out, r->text))
            sd_logf(&m->log, SD_LOG_ERROR, "out of memory: mark %s lost", r->text);
        if (m->pause_requested && !strncmp(r->text, "__spd_", 6)) {
            /* the server pauses its playing here, and resumes from this mark later */
            sd_worker_kill(&m->worker);
            finish(m, "704 PAUSE");
        }
        break;
    case SD_REC_WARNING:
        sd_logf(&m->log, SD_LOG_WARNING, "%s", r->text);
        break;
    case SD_REC_END:
        worker_ended(m, r->status, r->text);
        break;
    }
}

static void read_worker(sd_module *m)
{
    sd_record r;
    int rc = sd_worker_read(&m->worker, &r);
    if (rc > 0) {
        record(m, &r);
        return;
    }
    if (rc < 0) {
        sd_logf(&m->log, SD_LOG_ERROR, "a bad record from the synthesis process (%s)", strerror(errno));
        sd_worker_kill(&m->worker);
    } else {
        describe_death(m, sd_worker_reap(&m->worker));
    }
    if (m->speaking)
        finish(m, "703 STOP");
}

/* ---- settings ------------------------------------------------------------------------------ */

static void set(sd_module *m, const sd_command *cmd)
{
    int bad = 0;
    if (cmd->error) {
        sd_logf(&m->log, SD_LOG_ERROR, "SET: %s", cmd->error);
        bad = 1;
    }
    for (size_t i = 0; i < cmd->nparams; i++) {
        char why[256];
        int rc = sd_params_set(&m->params, cmd->params[i].name, cmd->params[i].value, why, sizeof why);
        if (rc < 0) {
            sd_logf(&m->log, SD_LOG_ERROR, "SET %s; the last good value stays", why);
            bad = 1;
        } else if (rc == 0) {
            sd_logf(&m->log, SD_LOG_DEBUG, "SET: %.64s is not a parameter sd_ravi knows; ignored",
                    cmd->params[i].name);
        }
    }
    if (m->params.language[0] && strncasecmp(m->params.language, "fa", 2))
        sd_logf(&m->log, SD_LOG_DEBUG, "language %s: Ravi reads Persian", m->params.language);
    reply(m, bad ? "303 ERROR INVALID PARAMETER OR VALUE" : "203 OK SETTINGS RECEIVED");
}

static void audio(sd_module *m, const sd_command *cmd)
{
    int bad = cmd->error != NULL;
    for (size_t i = 0; i < cmd->nparams; i++) {
        const sd_param *p = &cmd->params[i];
        if (!strcmp(p->name, "audio_output_method") && !strcmp(p->value, "server"))
            continue;
        sd_logf(&m->log, SD_LOG_ERROR, "AUDIO %.64s=%.64s: sd_ravi plays only through the server "
                "(audio_output_method=server)", p->name, p->value);
        bad = 1;
    }
    reply(m, bad ? "303 ERROR INVALID PARAMETER OR VALUE" : "203 OK AUDIO INITIALIZED");
}

static void loglevel(sd_module *m, const sd_command *cmd)
{
    int bad = cmd->error != NULL;
    for (size_t i = 0; i < cmd->nparams; i++) {
        const sd_param *p = &cmd->params[i];
        char *end;
        long v = strtol(p->value, &end, 10);
        if (strcmp(p->name, "log_level") || end == p->value || *end || v < 0 || v > 5) {
            sd_logf(&m->log, SD_LOG_ERROR, "LOGLEVEL %.64s=%.64s: expected log_level=0..5", p->name,
                    p->value);
            bad = 1;
            continue;
        }
        m->log.level = (int)v;
    }
    reply(m, bad ? "303 ERROR INVALID PARAMETER OR VALUE" : "203 OK LOGLEVEL SET");
}

/* LIST VOICES: name, language, variant. Ravi reads the Persian of Iran; a voice whose name says
 * another (fa-Latn) is listed under its name. */
static void list_voices_reply(sd_module *m)
{
    if (!m->nvoices) {
        reply(m, "304 CANT LIST VOICES");
        return;
    }
    for (size_t i = 0; i < m->nvoices; i++) {
        const char *v = m->voices[i];
        sd_out_printf(&m->out, 0, "200-%s\t%s\tnone\n", v, !strncmp(v, "fa-", 3) ? v : "fa-IR");
    }
    reply(m, "200 OK VOICE LIST SENT");
}

static void debug(sd_module *m, const sd_command *cmd)
{
    char line[SD_MAX_LINE + 1];
    snprintf(line, sizeof line, "%.*s", (int)cmd->line_len, cmd->line);
    char *save = NULL, *word = strtok_r(line, " ", &save);
    char *on = word ? strtok_r(NULL, " ", &save) : NULL;
    char *file = on ? strtok_r(NULL, " ", &save) : NULL;
    if (on && !strcmp(on, "ON") && file) {
        if (sd_log_debug_file(&m->log, file)) {
            sd_logf(&m->log, SD_LOG_ERROR, "DEBUG ON %s: cannot open: %s", file, strerror(errno));
            reply(m, "303 CANT OPEN CUSTOM DEBUG FILE");
        } else {
            reply(m, "200 OK DEBUGGING ON");
        }
    } else if (on && !strcmp(on, "OFF")) {
        sd_log_debug_file(&m->log, NULL);
        reply(m, "200 OK DEBUGGING OFF");
    } else {
        sd_logf(&m->log, SD_LOG_ERROR, "%.64s: expected DEBUG ON FILE or DEBUG OFF", cmd->line);
        reply(m, "302 ERROR BAD SYNTAX");
    }
}

/* ---- commands ------------------------------------------------------------------------------ */

static void opened(sd_module *m, const sd_command *cmd)
{
    switch (cmd->kind) {
    case SD_CMD_SET: reply(m, "203 OK RECEIVING SETTINGS"); break;
    case SD_CMD_AUDIO: reply(m, "207 OK RECEIVING AUDIO SETTINGS"); break;
    case SD_CMD_LOGLEVEL: reply(m, "207 OK RECEIVING LOGLEVEL SETTINGS"); break;
    default: reply(m, "202 OK RECEIVING MESSAGE"); break;
    }
}

/* One command: its answer queued, what it asks for done. Returns non-zero when the loop ends. */
static int command(sd_module *m, const sd_command *cmd)
{
    if (!m->initialized) {
        if (cmd->kind == SD_CMD_INIT) {
            cmd_init(m);
            return m->quit;
        }
        sd_logf(&m->log, SD_LOG_ERROR, "the server did not start with INIT (it sent '%.64s')", cmd->line);
        m->quit = 1;
        m->exit_status = 3;
        return 1;
    }
    if (cmd->phase == SD_PHASE_OPEN) {
        opened(m, cmd);
        return m->quit;
    }
    switch (cmd->kind) {
    case SD_CMD_SPEAK:
    case SD_CMD_CHAR:
    case SD_CMD_KEY:
    case SD_CMD_SOUND_ICON: speak(m, cmd); break;
    case SD_CMD_STOP: stop(m); break;
    case SD_CMD_PAUSE: m->pause_requested = m->speaking; break;
    case SD_CMD_SET: set(m, cmd); break;
    case SD_CMD_AUDIO: audio(m, cmd); break;
    case SD_CMD_LOGLEVEL: loglevel(m, cmd); break;
    case SD_CMD_LIST_VOICES: list_voices_reply(m); break;
    case SD_CMD_DEBUG: debug(m, cmd); break;
    case SD_CMD_QUIT:
        sd_worker_kill(&m->worker);
        reply(m, "210 OK QUIT");
        m->quit = 1;
        break;
    case SD_CMD_INIT:
    case SD_CMD_UNKNOWN:
        sd_logf(&m->log, SD_LOG_ERROR, "unknown command '%.64s'", cmd->line);
        reply(m, "300 ERR UNKNOWN COMMAND");
        break;
    }
    return m->quit;
}

static int on_command(void *ctx, const sd_command *cmd)
{
    return command(ctx, cmd);
}

/* ---- the loop ------------------------------------------------------------------------------ */

static void input_ended(sd_module *m)
{
    const char *unfinished = sd_reader_unfinished(&m->reader);
    if (unfinished) {
        sd_logf(&m->log, SD_LOG_ERROR, "%s; dropped", unfinished);
        m->exit_status = 1;
    } else {
        sd_logf(&m->log, SD_LOG_INFO, "the server closed the connection");
    }
    sd_worker_kill(&m->worker);
    m->quit = 1;
}

static void read_input(sd_module *m)
{
    char buf[READ_CHUNK];
    ssize_t k = read(STDIN_FILENO, buf, sizeof buf);
    if (k < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        sd_logf(&m->log, SD_LOG_ERROR, "cannot read from the server: %s", strerror(errno));
        m->exit_status = 1;
        input_ended(m);
        return;
    }
    if (k == 0) {
        input_ended(m);
        return;
    }
    if (sd_reader_feed(&m->reader, buf, (size_t)k, on_command, m) < 0) {
        sd_logf(&m->log, SD_LOG_ERROR, "out of memory");
        m->quit = 1;
        m->exit_status = 1;
    }
}

static int write_output(sd_module *m)
{
    if (sd_out_write(&m->out) == 0)
        return 0;
    if (errno == EPIPE)
        sd_logf(&m->log, SD_LOG_INFO, "the server has gone");
    else
        sd_logf(&m->log, SD_LOG_ERROR, "cannot write to the server: %s", strerror(errno));
    sd_worker_kill(&m->worker);
    m->quit = 1;
    m->exit_status = 1;
    return -1;
}

int sd_module_run(sd_module *m)
{
    /* the server reading our answers may go away: a failed write says so, not a signal */
    signal(SIGPIPE, SIG_IGN);
    int out_flags = fcntl(STDOUT_FILENO, F_GETFL);
    if (out_flags >= 0)
        fcntl(STDOUT_FILENO, F_SETFL, out_flags | O_NONBLOCK);
#ifdef F_SETPIPE_SZ
    fcntl(STDOUT_FILENO, F_SETPIPE_SZ, PIPE_BYTES); /* fails harmlessly when it is not a pipe */
#endif
    while (!m->quit) {
        struct pollfd fds[3];
        nfds_t n = 0;
        int in = -1, work = -1, out = -1;
        fds[n] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
        in = (int)n++;
        if (m->worker.fd >= 0 && sd_out_pending(&m->out) < OUT_HIGH_WATER) {
            fds[n] = (struct pollfd){m->worker.fd, POLLIN, 0};
            work = (int)n++;
        }
        if (sd_out_pending(&m->out)) {
            fds[n] = (struct pollfd){STDOUT_FILENO, POLLOUT, 0};
            out = (int)n++;
        }
        /* children still ending are looked at again soon, so none stays a zombie for long */
        int dying = sd_worker_collect(&m->worker);
        if (poll(fds, n, dying ? 20 : -1) < 0) {
            if (errno == EINTR)
                continue;
            sd_logf(&m->log, SD_LOG_ERROR, "poll: %s", strerror(errno));
            m->exit_status = 1;
            break;
        }
        /* commands first: a STOP waiting beside records ends the message before they go out */
        if (fds[in].revents)
            read_input(m);
        if (!m->quit && work >= 0 && m->worker.fd >= 0 && fds[work].revents)
            read_worker(m);
        (void)out;
        if (sd_out_pending(&m->out) && write_output(m))
            break;
    }
    sd_worker_kill(&m->worker);
    if (sd_out_flush(&m->out) && errno != EPIPE)
        sd_logf(&m->log, SD_LOG_ERROR, "cannot write to the server: %s", strerror(errno));
    sd_worker_shutdown(&m->worker); /* the answers first, then the children's last breath */
    if (out_flags >= 0)
        fcntl(STDOUT_FILENO, F_SETFL, out_flags);
    return m->exit_status;
}
