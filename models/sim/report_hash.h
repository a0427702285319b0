// A report's identity: a 64-bit FNV-1a hash of its JSON text, without the parts that say where and by
// what the run was made rather than what it simulated (the config file's path, `provenance`: the snsim
// version and the config hash). Same config + seed gives the same hash on any machine with the same
// build; benchmarks and the determinism test compare these hashes across optimizations.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace snsim {

uint64_t report_hash(nlohmann::json report);
std::string report_hash_hex(const nlohmann::json& report);

// FNV-1a (Fowler, Noll, Vo) of any text, as 16 hex digits.
std::string fnv1a_hex(const std::string& text);

}  // namespace snsim
