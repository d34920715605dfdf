/* listen: a listening TCP socket for an address the command line gives: HOST:PORT ("127.0.0.1:5000",
 * "[::1]:5000", "localhost:5000", "0.0.0.0:5000") or a port alone (on 127.0.0.1). */
#ifndef RAVI_SERVE_LISTEN_H
#define RAVI_SERVE_LISTEN_H

#include <stddef.h>

/* The socket, or -1 after printing why, naming `option` and the address. `bound` gets the
 * address actually bound ("127.0.0.1:5000", the port chosen for :0). */
int listen_socket(const char *spec, const char *option, char *bound, size_t boundsize);

#endif
