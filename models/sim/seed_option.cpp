#include "models/sim/seed_option.h"

#include <cerrno>
#include <cstdlib>

#include "models/core/params.h"
#include "models/fabric/fabric_config.h"

namespace snsim {

uint64_t parse_seed_option(const std::string& text) {
  const ParamSpec* spec = nullptr;
  for (const ParamSpec& p : simulation_schema().params) {
    if (p.key == "seed") spec = &p;
  }
  const uint64_t max = static_cast<uint64_t>(spec->max);
  const std::string range = "a whole number in [0, " + std::to_string(max) + "] (the range of simulation.seed)";
  bool digits = !text.empty() && text.size() <= 20;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) throw ConfigError("--seed " + text + ": expected " + range);
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value > max) throw ConfigError("--seed " + text + ": out of range; expected " + range);
  return value;
}

}  // namespace snsim
