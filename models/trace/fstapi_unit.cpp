// Compiles the FST writer library that Debian's verilator ships as source, with the configuration its
// own verilated_fst_c.cpp uses (the fst_config.h next to it), so snsim writes FST without converting a
// VCD afterwards. Single-threaded writer: a run's waveform is small next to its simulation.
#define FST_CONFIG_INCLUDE "gtkwave/fst_config.h"
#include "gtkwave/fastlz.c"
#include "gtkwave/fstapi.c"
#include "gtkwave/lz4.c"
