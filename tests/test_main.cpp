// GoogleTest entry for binaries that link SystemC: libsystemc.so calls sc_main, so tests run from there.
// Each simulation inside a test runs in a forked child (snsim::run_isolated), because SystemC can
// elaborate only one design per process.
#include <gtest/gtest.h>
#include <systemc>

#include <cstdlib>

int sc_main(int argc, char* argv[]) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
