/* frames: what the server and a worker child say to each other over a job's socket, and what the
 * listen page's stream (POST /stream) is made of. A frame is a type byte, three zero bytes, a
 * 32-bit little-endian length and that many bytes of payload.
 *
 *   server → worker   'R' the request (a job_request), 'T' input text (repeated), 'E' end of input
 *   worker → server   'h' hello: the worker's process id (32-bit little-endian)
 *                     'a' audio: encoded bytes, or raw 16-bit PCM for SPEECH_RAW
 *                     'e' an event, JSON: {"type":"sentence",...} (see job_event_json)
 *                     'l' a line: a sentence of `normalize`, a voice of `voices` (JSON)
 *                     'w' a warning, text
 *                     'x' an error, JSON: {"status":-8,"name":"RAVI_E_EMPTY","message":"..."}
 *                     'd' done, JSON: {"status":0,"samples":N,"peak_rss_kb":N,"private_kb":N}
 * A worker always ends with 'd' (after 'x' when the job failed); a socket that closes before it
 * is a worker that died. */
#ifndef RAVI_SERVE_FRAME_H
#define RAVI_SERVE_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

#define FRAME_HEADER 8
#define FRAME_MAX (1u << 20) /* the largest payload either side sends */

/* Writes a frame in one piece. Returns 0, or -1 with errno set (EPIPE: the other end is gone). */
int frame_write(int fd, char type, const void *payload, size_t len);
/* Fills out[FRAME_HEADER] for a frame of that type and length. */
void frame_header(unsigned char *out, char type, uint32_t len);
/* Reads a frame header: its type and payload length. 0, or -1 when it is not one. */
int frame_parse_header(const unsigned char *head, char *type, uint32_t *len);
/* Reads the next frame into *type and payload (reset first). timeout_ms < 0: no timeout.
 * Returns 1, 0 at a clean end of stream (before any byte of a frame), -1 otherwise, with errno:
 * ETIMEDOUT, EPROTO (a bad header, or a stream that ends inside a frame), ENOMEM, or the
 * system's. */
int frame_read(int fd, char *type, strbuf *payload, int timeout_ms);

#endif
