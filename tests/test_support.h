// Helpers shared by the test binaries.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"

namespace snsim::test {

inline std::string config_path(const std::string& relative) { return std::string(SNSIM_CONFIG_DIR) + "/" + relative; }

// Loads a config (with overrides) and runs it in a child process; returns the report.
inline nlohmann::json run_config(const std::string& path, const std::vector<std::string>& overrides = {},
                                 std::optional<uint64_t> seed = std::nullopt) {
  FabricConfig config = load_fabric_config(path, overrides, seed);
  return run_isolated([config] { return run_simulation(config, RunOptions{false}); });
}

// Every YAML fabric shipped in configs/, recursively, sorted; configs/presets/large/ (thousands of chips,
// minutes per run) only when asked, for the nightly label.
std::vector<std::string> all_config_files(bool include_large = false);

}  // namespace snsim::test
