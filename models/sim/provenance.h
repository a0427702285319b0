// Where a report came from, beside what was simulated: the snsim version that made it and a hash of the
// configuration it ran. The seed is the report's config.seed. The report hash (report_hash.h) leaves
// provenance out: two builds that simulate the same thing give the same report hash.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/fabric/fabric_config.h"

namespace snsim {

// 16 hex digits: FNV-1a of the configuration as resolved from its file, the profiles it imports and the
// --set overrides (keys sorted, comments and layout ignored, empty sections dropped), without
// simulation.seed, so the same fabric and workload run with other seeds share it. Defaults the file
// leaves out are not in it: they belong to the version.
std::string config_hash(const ConfigDocument& document);

// {"snsim_version": ..., "config_hash": ...}
nlohmann::json provenance(const FabricConfig& config);

}  // namespace snsim
