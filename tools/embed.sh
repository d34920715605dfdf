#!/bin/sh
# embed.sh NAME FILE: prints a C file that defines NAME, the file's bytes (with a NUL after
# them), and NAME_len, their number: a page the server serves, compiled into the program.
name=$1
file=$2
printf '/* generated from %s by tools/embed.sh */\n#include <stddef.h>\n' "$file"
printf 'extern const unsigned char %s[];\nextern const size_t %s_len;\n' "$name" "$name"
printf 'const unsigned char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst size_t %s_len = sizeof %s - 1;\n' "$name" "$name"
