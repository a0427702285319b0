// A sweep: the same config run at each value of one parameter (usually workload.load), giving a
// latency-versus-load curve and the saturation throughput.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace snsim {

struct SweepRequest {
  std::string config_path;
  std::vector<std::string> overrides;
  std::optional<uint64_t> seed;
  std::string param;
  std::vector<std::string> values;
  unsigned jobs = 1;
};

// "0.1,0.2,0.5" or "START:STOP:STEP" (inclusive; a unit suffix shared by all three is kept: "1ns:5ns:1ns").
std::vector<std::string> parse_sweep_values(const std::string& spec);

// A point is saturated when its measured set did not drain or it accepted less than 99 % of what was
// offered; the saturation throughput is the highest accepted throughput among saturated points.
nlohmann::json run_sweep(const SweepRequest& request);

}  // namespace snsim
