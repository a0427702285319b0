// The lock-step harnesses: each drives a Verilated RTL block and its C++ twin with the same stimulus,
// compares them after every evaluation, and stops at the first difference with a report and a waveform
// of the cycles before it (docs/cosim.md). This header is free of Verilator and SystemC headers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snsim::cosim {

struct LockstepOptions {
  uint32_t ports = 4;
  uint64_t seed = 1;
  uint64_t cycles = 100000;
  bool mutant = false;            // compare the mutated RTL (MUTATE != 0) instead of the real one
  uint32_t mutant_kind = 1;       // iSLIP only: which MUTATE variant (1 or 2)
  std::string wave_dir = ".";     // where the waveform of a mismatch goes
  uint32_t wave_window = 32;      // cycles of waveform before the mismatch
  bool compare_pointers = true;   // false: compare only grants/matches (to test that those comparisons work)
};

struct Mismatch {
  uint64_t cycle = 0;
  std::string what;     // the first difference, one line
  std::string details;  // the requests and both sides' state, several lines
  uint32_t variant = 0; // iSLIP: the top's variant that differed
};

struct LockstepResult {
  std::string block;               // e.g. "islip_allocator N=8"
  uint64_t cycles_compared = 0;    // cycles in which every compared output agreed
  uint64_t configurations = 0;     // RTL variants compared in lock-step (iSLIP: 1, 2, 4 iterations)
  bool mismatch_found = false;
  Mismatch mismatch;
  std::string wave_path;           // FST of the cycles around the mismatch, if any
  std::string layout_path;         // GTKWave save file for it: gtkwave <layout_path>
  bool mismatch_reproduced = false;  // the replay that wrote the waveform hit the same mismatch
  // Coverage, to show that the stimulus exercised the block (tests assert on these).
  uint64_t decisions = 0;          // grants (arbiter) or matched pairs (iSLIP), summed over variants
  uint64_t idle_cycles = 0;        // cycles without any request
  uint64_t full_cycles = 0;        // cycles with every request present
  uint64_t single_cycles = 0;      // cycles with exactly one request
  uint64_t later_round_cycles = 0; // iSLIP: cycles in which a variant matched a pair after round 1
  uint64_t pointer_values_missed = 0;  // (port, pointer value) pairs never observed
  std::vector<uint64_t> decisions_per_port;  // grants per requester / matches per input
  std::string summary() const;     // one line, or the mismatch report
};

// Runs one harness; `ports` must be one of the configured port counts (see available_*_ports()).
LockstepResult run_rr_arbiter_lockstep(const LockstepOptions& options);
LockstepResult run_islip_lockstep(const LockstepOptions& options);
std::vector<uint32_t> available_rr_arbiter_ports();
std::vector<uint32_t> available_islip_ports();

}  // namespace snsim::cosim
