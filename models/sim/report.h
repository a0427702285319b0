// Reports: the JSON that machines diff, the summary people read, and CSV tables.
// The JSON holds only simulated quantities, so the same config and seed give identical bytes; wall-clock
// time goes to stderr and to the benchmark, never into the report.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "models/fabric/fabric_config.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

struct RunFacts {
  uint64_t end_cycle = 0;
  bool drained = false;
  uint64_t activations = 0;
  uint64_t busy_cycles = 0;
  uint64_t payloads_allocated = 0;  // payload objects ever created by the pools (not per packet)
  nlohmann::json deadlock = nullptr;  // the watchdog's finding, if it stopped the run
  nlohmann::json fabric = nullptr;    // fabric-specific results (Fabric::fabric_report), merged into the report
  uint32_t ports_per_endpoint = 1;    // the throughput's reference is this many links per endpoint
};

nlohmann::json make_report(const FabricConfig& config, const FabricStats& stats, const RunFacts& facts);

void print_summary(std::ostream& out, const nlohmann::json& report);
void print_sweep_summary(std::ostream& out, const nlohmann::json& sweep);

// One header row and one row per report: the scalar metrics.
void write_runs_csv(std::ostream& out, const nlohmann::json& reports);
void write_links_csv(std::ostream& out, const nlohmann::json& report);
void write_queues_csv(std::ostream& out, const nlohmann::json& report);
// Memory-semantic runs: one row per HBM channel, one row per accelerator (headers only otherwise).
void write_memory_channels_csv(std::ostream& out, const nlohmann::json& report);
void write_memory_accelerators_csv(std::ostream& out, const nlohmann::json& report);

}  // namespace snsim
