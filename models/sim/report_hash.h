// A report's identity: a 64-bit FNV-1a hash of its JSON text, without the parts that depend on where
// the run happened (the config file's path). Same config + seed gives the same hash on any machine with
// the same build; benchmarks and the determinism test compare these hashes across optimizations.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace snsim {

uint64_t report_hash(nlohmann::json report);
std::string report_hash_hex(const nlohmann::json& report);

}  // namespace snsim
