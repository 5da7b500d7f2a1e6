/*
 * common.c - start-up shared by every fuzz target (see fuzz.h).
 */
#include "fuzz.h"

#include <stdlib.h>

#include "core/alloc.h"
#include "core/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* Warnings from the code under test would flood a fuzzing run's output. */
  dbf_log_init(DBF_LOG_ERROR, NULL);
  if (dbf_alloc_install() != 0)
    abort(); /* nothing could be trusted without the allocator hook */
  return 0;
}
