// Runs one HBM controller with the stand-alone driver and returns a JSON report: throughput over a
// measurement window (and as a fraction of peak), latency distributions, row-buffer statistics, refresh
// and turnaround counts, the timing checker's verdict and the engine's work. Like every simulation it
// must run in its own process (snsim::run_isolated), because SystemC elaborates once per process.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "models/hbm/hbm_config.h"
#include "models/hbm/hbm_driver.h"

namespace snsim::hbm {

struct HbmRunOptions {
  uint64_t warmup = 2000;        // CK cycles before the window
  uint64_t measure = 20000;      // window length, CK cycles
  uint64_t drain_limit = 200000; // longest wait for outstanding requests after the window
  // Attach a second, independent checker that believes these timings (tests: a scheduler given wrong
  // timings must be caught by a checker given the right ones).
  std::optional<HbmTiming> reference_timing;
};

nlohmann::json run_hbm(const HbmConfig& cfg, const HbmDriverParams& driver, const HbmRunOptions& options);

// The part of the report that depends only on the configuration (peak, organization, timings).
nlohmann::json describe_hbm(const HbmConfig& cfg);

}  // namespace snsim::hbm
