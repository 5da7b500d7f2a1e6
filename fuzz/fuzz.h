/*
 * fuzz.h - what every fuzz target and the shared replay driver agree on.
 *
 * A target defines LLVMFuzzerTestOneInput. common.c defines
 * LLVMFuzzerInitialize, which installs the project allocator (docs/conventions.md rule 6)
 * so jansson and protobuf-c allocate the way they do in the server.
 * replay_main.c is linked only into the fuzz_<name>_replay binaries, which
 * are built by every compiler and replay a seed corpus as a ctest.
 */
#ifndef DBF_FUZZ_FUZZ_H
#define DBF_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input. Must return 0; a bug is reported by crashing. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Called once before the first input, by libFuzzer or by the replay main. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
