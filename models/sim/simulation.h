// One simulation run: build the fabric from a validated config, run warm-up + window + drain, and
// return the report. SystemC elaborates once per process, so a process runs at most one simulation;
// run_isolated() (isolated_run.h) forks a child for each further one (sweeps, tests).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/fabric/fabric_config.h"
#include "models/trace/waveform.h"

namespace snsim {

// Wall-clock facts about a run, for benchmarks. They stay out of the report, which must not depend on
// the machine (same config + seed, same report).
struct RunTimings {
  double build_seconds = 0;     // wall time building the fabric and finishing elaboration
  double run_seconds = 0;       // wall time simulating: warm-up, window and drain
  double run_cpu_seconds = 0;   // CPU time of this process while simulating (robust on a busy machine)
};

struct RunOptions {
  RunOptions() = default;
  explicit RunOptions(bool show_progress) : progress(show_progress) {}
  bool progress = true;           // a progress line on stderr when the run takes more than a few seconds
  TraceOptions trace;             // waveform files (none by default)
  std::string capture_switch;     // non-empty: record the switch's traffic here (models/fabric/switch_capture.h)
  RunTimings* timings = nullptr;  // filled in when given
};

nlohmann::json run_simulation(const FabricConfig& config, const RunOptions& options = {});

}  // namespace snsim
