/* b64img — the check every fuzz target uses
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64IMG_FUZZ_CHECK_H
#define B64IMG_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* Aborts with a message (a finding for libFuzzer) unless @cond. */
#define FUZZ_CHECK(cond)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf (                                                                \
          stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
      abort ();                                                                \
    }                                                                          \
  } while (0)

#endif
