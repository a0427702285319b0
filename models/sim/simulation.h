// One simulation run: build the fabric from a validated config, run warm-up + window + drain, and
// return the report. SystemC elaborates once per process, so a process runs at most one simulation;
// run_isolated() (isolated_run.h) forks a child for each further one (sweeps, tests).
#pragma once

#include <nlohmann/json.hpp>

#include "models/fabric/fabric_config.h"
#include "models/trace/waveform.h"

namespace snsim {

struct RunOptions {
  RunOptions() = default;
  explicit RunOptions(bool show_progress) : progress(show_progress) {}
  bool progress = true;  // a progress line on stderr when the run takes more than a few seconds
  TraceOptions trace;    // waveform files (none by default)
};

nlohmann::json run_simulation(const FabricConfig& config, const RunOptions& options = {});

}  // namespace snsim
