// snsim_cosim: runs one lock-step harness from the command line, e.g. for a longer run or another seed
// than the tests use, and to get the waveform of a mismatch (docs/cosim.md).
//
//   snsim_cosim islip --ports 8 --seed 7 --cycles 1000000 --wave-dir waves
//   snsim_cosim rr_arbiter --ports 4 --mutant          (shows what a caught mismatch looks like)
//   snsim_cosim crossbar --stimulus capture.jsonl      (replays `snsim run --capture-switch capture.jsonl`)
//
// Exit status: 0 when RTL and twin agree on every cycle, 1 at a mismatch, 2 on a usage error.
#include <systemc>

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include "testbench/crossbar_lockstep.h"
#include "testbench/crossbar_rtl_harness.h"
#include "testbench/lockstep.h"

namespace {

const char kUsage[] =
    "usage: snsim_cosim BLOCK [options]     lock-step co-simulation of an RTL block against its C++ twin\n"
    "  BLOCK              rr_arbiter, islip or credit_link\n"
    "  --ports N          rr_arbiter, islip: port count (one of the built configurations, see --list)\n"
    "  --credits C --link L --return R\n"
    "                     credit_link: the configuration (see --list)\n"
    "  --full-load        credit_link: valid and ready always high, no corruption (throughput)\n"
    "  --seed S           stimulus seed (default 1)\n"
    "  --cycles C         cycles to compare (default 100000)\n"
    "  --mutant           compare the mutated RTL (MUTATE != 0) instead of the real one\n"
    "  --mutate K         with --mutant, iSLIP and credit_link: which MUTATE variant, 1 or 2 (default 1)\n"
    "  --wave-dir DIR     directory for the waveform of a mismatch (default .)\n"
    "  --window W         cycles of waveform before the mismatch (default 32)\n"
    "  --list             list the built port counts\n";

// A number for `option`, or an exception that names it.
uint64_t number(const std::string& option, const char* text) {
  if (!text) throw std::invalid_argument(option + " needs a value");
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (errno || end == text || *end || text[0] == '-') {
    throw std::invalid_argument(option + ": '" + text + "' is not a non-negative integer");
  }
  return value;
}

// Seed, length and waveform options, which every harness's options have.
template <class Options>
void copy_run_options(const snsim::cosim::LockstepOptions& o, Options& target) {
  target.seed = o.seed;
  target.cycles = o.cycles;
  target.wave_dir = o.wave_dir;
  target.wave_window = o.wave_window;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  using namespace snsim::cosim;
  std::string block;
  LockstepOptions o;
  CreditLinkOptions link;
  CrossbarLockstepOptions crossbar;
  bool list = false;
  try {
    for (int k = 1; k < argc; ++k) {
      const std::string arg = argv[k];
      const char* value = k + 1 < argc ? argv[k + 1] : nullptr;
      if (arg == "-h" || arg == "--help") {
        std::cout << kUsage;
        return 0;
      } else if (arg == "--list") {
        list = true;
      } else if (arg == "--mutant") {
        o.mutant = true;
      } else if (arg == "--ports") {
        o.ports = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--seed") {
        o.seed = number(arg, value), ++k;
      } else if (arg == "--cycles") {
        o.cycles = number(arg, value), ++k;
      } else if (arg == "--mutate") {
        o.mutant_kind = static_cast<uint32_t>(number(arg, value)), ++k;
        if (o.mutant_kind < 1 || o.mutant_kind > 2) throw std::invalid_argument("--mutate must be 1 or 2");
      } else if (arg == "--wave-dir") {
        if (!value) throw std::invalid_argument("--wave-dir needs a value");
        o.wave_dir = value, ++k;
      } else if (arg == "--window") {
        o.wave_window = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--credits") {
        link.credits = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--link") {
        link.link_delay = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--return") {
        link.credit_delay = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--full-load") {
        link.full_load = true;
      } else if (arg == "--voq") {
        crossbar.rtl.voq = true;
      } else if (arg == "--iterations") {
        crossbar.rtl.iterations = static_cast<uint32_t>(number(arg, value)), ++k;
      } else if (arg == "--stimulus") {
        if (!value) throw std::invalid_argument("--stimulus needs a value");
        crossbar.stimulus = value, ++k;
      } else if (block.empty() &&
                 (arg == "rr_arbiter" || arg == "islip" || arg == "credit_link" || arg == "crossbar")) {
        block = arg;
      } else {
        throw std::invalid_argument("unexpected argument '" + arg + "'");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "snsim_cosim: " << e.what() << "\n" << kUsage;
    return 2;
  }
  if (list) {
    std::cout << "rr_arbiter ports:";
    for (uint32_t n : available_rr_arbiter_ports()) std::cout << " " << n;
    std::cout << "\nislip ports:";
    for (uint32_t n : available_islip_ports()) std::cout << " " << n;
    std::cout << "\ncredit_link configurations (credits, link, return, mutate):";
    for (const auto& c : available_credit_link_configs()) {
      std::cout << " (" << c[0] << ", " << c[1] << ", " << c[2] << ", " << c[3] << ")";
    }
    std::cout << "\ncrossbar configurations:";
    for (const auto& c : harness_crossbar_rtl_configs()) std::cout << " (" << c.name() << ")";
    std::cout << "\n";
    return 0;
  }
  if (block.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    if (block == "crossbar") {
      crossbar.rtl.ports = o.ports;
      crossbar.rtl.mutate = o.mutant ? 1 : 0;
      copy_run_options(o, crossbar);
      const CrossbarLockstepResult r = run_crossbar_lockstep(crossbar);
      std::cout << r.summary() << std::endl;
      return r.mismatch_found ? 1 : 0;
    }
    if (block == "credit_link") {
      link.mutant = o.mutant;
      link.mutant_kind = o.mutant_kind;
      copy_run_options(o, link);
      const CreditLinkResult r = run_credit_link_lockstep(link);
      std::cout << r.summary() << std::endl;
      return r.mismatch_found || !r.drained ? 1 : 0;
    }
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
