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
  bool stop_on_signal = false;  // SIGINT / SIGTERM stop the sweep, keeping every point's result (interrupt.h)
};

// "0.1,0.2,0.5" or "START:STOP:STEP" (inclusive; a unit suffix shared by all three is kept: "1ns:5ns:1ns").
std::vector<std::string> parse_sweep_values(const std::string& spec);

// A point is saturated by the rule of verdict.h; the saturation throughput is the highest accepted
// throughput among saturated points. A point whose simulation failed (its process died, or it threw)
// is listed with "failed" and its error, and the others are kept; "failed_points" counts them. A stop
// signal (with stop_on_signal) ends the sweep early: running points come back "partial", points not
// started are "not_run", and the sweep is marked "partial".
nlohmann::json run_sweep(const SweepRequest& request);

}  // namespace snsim
