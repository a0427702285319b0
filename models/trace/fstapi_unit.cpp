// Compiles the FST writer library that Debian's verilator ships as source, so snsim writes FST without
// converting a VCD afterwards.
//
// The configuration is exactly the one Verilator's own runtime (verilated_fst_c.cpp) compiles it with:
// a build with Verilated RTL links both, and the linker then sees two copies of the same functions,
// which must be the same code (models/rtl_switch/CMakeLists.txt lets the first copy stand). snsim never turns
// the parallel writer on, so FST_WRITER_PARALLEL only compiles the code path in.
#define HAVE_LIBPTHREAD
#define FST_WRITER_PARALLEL
#define FST_CONFIG_INCLUDE "fst_config.h"
#include "gtkwave/fastlz.c"
#include "gtkwave/fstapi.c"
#include "gtkwave/lz4.c"
