// Lock-step harness of the crossbar switch: the Verilated RTL behind its transactor
// (rtl_crossbar_switch.*) and the TLM CrossbarSwitch (models/switch/) side by side in one SystemC run,
// fed the same packets and the same downstream behaviour, compared every cycle: which packet leaves on
// which output, which input returns how many credits upstream, and (on the cycles the RTL is clocked)
// every output's credit counter. The first difference stops the run.
// Free of SystemC and Verilator headers; the run itself happens in a child process (SystemC elaborates
// one design per process).
#pragma once

#include <cstdint>
#include <string>

#include "models/rtl_switch/crossbar_rtl.h"

namespace snsim::cosim {

struct CrossbarLockstepOptions {
  CrossbarRtlConfig rtl;       // ports, FIFO or VOQ/iSLIP, iterations, mutant
  uint64_t seed = 1;
  uint64_t cycles = 100000;
  // Non-empty: replay this switch capture (`snsim run --capture-switch`, captured_stimulus.h) instead of
  // the seeded stimulus. The switch's settings then come from the capture (only rtl.mutate is used), the
  // run lasts as long as the capture, and the capture is compared too, as a third witness.
  std::string stimulus;
  std::string wave_dir;        // non-empty: after a mismatch, a replay writes an FST and a .gtkw here
  uint32_t wave_window = 32;   // cycles of waveform before the mismatch
};

struct CrossbarLockstepResult {
  std::string block;
  uint64_t cycles_compared = 0;
  bool mismatch_found = false;
  uint64_t mismatch_cycle = 0;
  std::string mismatch;          // what differed, with both sides' events and the recent history
  std::string wave_path;         // FST of the RTL over the cycles before the mismatch (the replay's)
  std::string layout_path;       // GTKWave save file for it: gtkwave <layout_path>
  bool mismatch_reproduced = false;  // the replay hit the same mismatch
  // Coverage, to show the stimulus exercised the switch.
  uint64_t packets = 0;          // packets offered to each switch
  uint64_t departures = 0;       // packets that left (RTL side)
  uint64_t contended_cycles = 0; // cycles with two or more departures
  uint64_t waited = 0;           // packets that left later than the cycle their latency ended
  uint64_t credit_stalls = 0;    // random: cycles in which an input had no credits for its next packet;
                                 // replay: the TLM switch's output stall cycles (a head held only by credits)
  uint64_t output_stalls = 0;    // flow-control stall cycles of the outputs, the same in TLM and RTL (compared)
  uint64_t rtl_clocked = 0;      // cycles on which the RTL was clocked
  uint64_t credit_checks = 0;    // cycles on which the RTL's credit counters were compared (all outputs)
  uint64_t captured_packets = 0;     // replay: arrivals in the capture (before its end cycle)
  uint64_t captured_departures = 0;  // replay: departures in the capture (before its end cycle)
  std::string summary() const;
};

// Throws std::invalid_argument when the RTL configuration is not built, SwitchCaptureError when the
// stimulus file is unreadable, garbled, truncated or names a switch that is not built.
CrossbarLockstepResult run_crossbar_lockstep(const CrossbarLockstepOptions& options);

}  // namespace snsim::cosim
