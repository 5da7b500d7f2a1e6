/*
 * replay_main.c - the main of every fuzz_<name>_replay binary: runs
 * LLVMFuzzerTestOneInput once on each file named on the command line, or on
 * each file of each folder named. ctest replays every seed corpus this way
 * with whatever compiler the build uses, so the targets and their seeds
 * keep working without clang (and run under ASan in the sanitizer build).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (1u << 20) /* seeds are small; bigger files are a mistake */

/* Returns 0 when path was replayed, 1 when it could not be read. */
static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  /* Exactly sized, like libFuzzer's own copy, so ASan sees any read past the end.
     Plain malloc: the driver's memory is not the code under test. */
  uint8_t *buf = malloc(REPLAY_MAX_INPUT);
  size_t n = buf ? fread(buf, 1, REPLAY_MAX_INPUT, f) : 0;
  int bad = !buf || ferror(f) || n == REPLAY_MAX_INPUT;
  fclose(f);
  uint8_t *exact = bad ? NULL : malloc(n ? n : 1);
  if (exact) {
    memcpy(exact, buf, n);
    LLVMFuzzerTestOneInput(exact, n);
  } else {
    fprintf(stderr, "cannot replay %s (unreadable or over %u bytes)\n", path, REPLAY_MAX_INPUT);
    bad = 1;
  }
  free(exact);
  free(buf);
  return bad;
}

int main(int argc, char **argv) {
  int bad = 0, runs = 0;
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) != 0) {
      fprintf(stderr, "no such path %s\n", argv[i]);
      bad++;
      continue;
    }
    if (!S_ISDIR(sb.st_mode)) {
      bad += replay_file(argv[i]);
      runs++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      char p[4096];
      if (e->d_name[0] == '.')
        continue;
      if (snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name) >= (int)sizeof(p))
        continue;
      bad += replay_file(p);
      runs++;
    }
    if (d)
      closedir(d);
  }
  printf("replayed %d input(s), %d error(s)\n", runs, bad);
  return bad || runs == 0;
}
