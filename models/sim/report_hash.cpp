#include "models/sim/report_hash.h"

#include <cinttypes>
#include <cstdio>

namespace snsim {
namespace {

// FNV-1a: fixed by its definition, unlike std::hash, so hashes kept in tests stay meaningful across
// standard libraries.
uint64_t fnv1a(const std::string& text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex(uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, v);
  return text;
}

}  // namespace

uint64_t report_hash(nlohmann::json report) {
  if (report.contains("config") && report["config"].is_object()) report["config"].erase("file");
  if (report.is_object()) report.erase("provenance");
  return fnv1a(report.dump());
}

std::string report_hash_hex(const nlohmann::json& report) { return hex(report_hash(report)); }

std::string fnv1a_hex(const std::string& text) { return hex(fnv1a(text)); }

}  // namespace snsim
