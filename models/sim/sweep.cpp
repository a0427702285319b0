#include "models/sim/sweep.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "models/core/config.h"
#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"

namespace snsim {
namespace {

struct Number {
  double value;
  std::string suffix;
  int decimals;
};

Number split_number(const std::string& text, const std::string& spec) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v)) {
    throw ConfigError("--values " + spec + ": '" + text + "' is not a number");
  }
  std::string number(begin, static_cast<const char*>(end));
  size_t dot = number.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(number.size() - dot - 1);
  return {v, std::string(end), decimals};
}

}  // namespace

std::vector<std::string> parse_sweep_values(const std::string& spec) {
  std::vector<std::string> values;
  if (spec.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream split(spec);
    for (std::string p; std::getline(split, p, ':');) parts.push_back(p);
    if (parts.size() != 3) throw ConfigError("--values " + spec + ": a range is START:STOP:STEP");
    Number start = split_number(parts[0], spec), stop = split_number(parts[1], spec), step = split_number(parts[2], spec);
    if (start.suffix != stop.suffix || start.suffix != step.suffix) {
      throw ConfigError("--values " + spec + ": START, STOP and STEP must have the same unit");
    }
    if (step.value <= 0) throw ConfigError("--values " + spec + ": STEP must be positive");
    if (stop.value < start.value) throw ConfigError("--values " + spec + ": STOP is below START");
    const int decimals = std::max({start.decimals, stop.decimals, step.decimals});
    const long count = std::lround(std::floor((stop.value - start.value) / step.value + 1e-9)) + 1;
    if (count > 10000) throw ConfigError("--values " + spec + ": more than 10000 points");
    for (long i = 0; i < count; ++i) {
      std::ostringstream v;
      v.setf(std::ios::fixed);
      v.precision(decimals);
      v << start.value + i * step.value << start.suffix;
      values.push_back(v.str());
    }
  } else {
    std::stringstream split(spec);
    for (std::string p; std::getline(split, p, ',');) {
      if (p.empty()) throw ConfigError("--values " + spec + ": empty value in the list");
      values.push_back(p);
    }
  }
  if (values.empty()) throw ConfigError("--values: no values given");
  return values;
}

nlohmann::json run_sweep(const SweepRequest& request) {
  // Validate every point in this process first, so a bad value fails fast with its own message.
  std::vector<FabricConfig> configs;
  for (const auto& value : request.values) {
    std::vector<std::string> overrides = request.overrides;
    overrides.push_back(request.param + "=" + value);
    configs.push_back(load_fabric_config(request.config_path, overrides, request.seed));
  }
  std::vector<IsolatedJob> jobs;
  for (const auto& config : configs) {
    jobs.push_back([config] { return run_simulation(config, RunOptions{false}); });
  }
  std::vector<nlohmann::json> reports = run_isolated_all(jobs, request.jobs);

  nlohmann::json sweep;
  sweep["config"] = request.config_path;
  sweep["param"] = request.param;
  sweep["points"] = nlohmann::json::array();
  nlohmann::json saturation = nullptr, saturation_point = nullptr;
  double max_accepted = 0;
  for (size_t i = 0; i < reports.size(); ++i) {
    const auto& r = reports[i];
    const double offered = r["offered_throughput"].get<double>();
    const double accepted = r["accepted_throughput"].get<double>();
    const bool saturated = !r["drained"].get<bool>() || accepted < 0.99 * offered;
    max_accepted = std::max(max_accepted, accepted);
    if (saturated) {
      if (saturation_point.is_null()) saturation_point = request.values[i];
      if (saturation.is_null() || accepted > saturation.get<double>()) saturation = accepted;
    }
    sweep["points"].push_back({{"value", request.values[i]}, {"saturated", saturated}, {"report", r}});
  }
  sweep["saturation_throughput"] = saturation;
  sweep["saturation_point"] = saturation_point;
  sweep["saturation_rule"] = "measured set not drained, or accepted < 0.99 x offered";
  sweep["max_accepted_throughput"] = max_accepted;
  return sweep;
}

}  // namespace snsim
