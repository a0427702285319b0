// snsim_cosim: runs one lock-step harness from the command line, e.g. for a longer run or another seed
// than the tests use, and to get the waveform of a mismatch (docs/cosim.md).
//
//   snsim_cosim islip --ports 8 --seed 7 --cycles 1000000 --wave-dir waves
//   snsim_cosim rr_arbiter --ports 4 --mutant          (shows what a caught mismatch looks like)
//
// Exit status: 0 when RTL and twin agree on every cycle, 1 at a mismatch, 2 on a usage error.
#include <CLI/CLI.hpp>
#include <systemc>

#include <cstdlib>
#include <iostream>

#include "testbench/lockstep.h"

int sc_main(int argc, char* argv[]) {
  using namespace snsim::cosim;
  CLI::App app{"Lock-step co-simulation of an RTL block against its C++ twin"};
  std::string block;
  LockstepOptions o;
  bool list = false;
  app.add_option("block", block, "rr_arbiter or islip")->check(CLI::IsMember({"rr_arbiter", "islip"}));
  app.add_option("--ports", o.ports, "port count (one of the built configurations)");
  app.add_option("--seed", o.seed, "stimulus seed");
  app.add_option("--cycles", o.cycles, "cycles to compare");
  app.add_flag("--mutant", o.mutant, "compare the mutated RTL (MUTATE != 0) instead of the real one");
  app.add_option("--mutate", o.mutant_kind, "with --mutant, iSLIP only: which MUTATE variant, 1 or 2")
      ->check(CLI::Range(1, 2));
  app.add_option("--wave-dir", o.wave_dir, "directory for the waveform of a mismatch");
  app.add_option("--window", o.wave_window, "cycles of waveform before the mismatch");
  app.add_flag("--list", list, "list the built port counts");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (list || block.empty()) {
    std::cout << "rr_arbiter ports:";
    for (uint32_t n : available_rr_arbiter_ports()) std::cout << " " << n;
    std::cout << "\nislip ports:";
    for (uint32_t n : available_islip_ports()) std::cout << " " << n;
    std::cout << "\n";
    return block.empty() && !list ? 2 : 0;
  }
  try {
    const LockstepResult r = block == "islip" ? run_islip_lockstep(o) : run_rr_arbiter_lockstep(o);
    std::cout << r.summary() << std::endl;
    return r.mismatch_found ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "snsim_cosim: " << e.what() << "\n";
    return 2;
  }
}

int main(int argc, char* argv[]) {
  // libsystemc.so (linked through snsim_models) needs an sc_main; enter through it like tests/test_main.cpp.
  // The harness itself never starts the SystemC kernel.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
