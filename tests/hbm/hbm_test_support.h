// Helpers shared by the HBM tests: profile paths and a one-call isolated run.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/hbm/hbm_config.h"
#include "models/hbm/hbm_run.h"
#include "tests/test_support.h"

namespace snsim::hbm::test {

inline const std::vector<std::string>& profiles() {
  static const std::vector<std::string> names = {"hbm2", "hbm3", "hbm3e", "hbm4"};
  return names;
}

inline std::string profile_path(const std::string& name) { return snsim::test::config_path("hbm/" + name + ".yml"); }

inline HbmConfig profile(const std::string& name, const std::vector<std::string>& overrides = {}) {
  return load_hbm_config(profile_path(name), overrides);
}

// Runs the controller with the driver in a child process and returns the report.
inline nlohmann::json run(const HbmConfig& cfg, const HbmDriverParams& driver, const HbmRunOptions& options) {
  return run_isolated([cfg, driver, options] { return run_hbm(cfg, driver, options); });
}

}  // namespace snsim::hbm::test
