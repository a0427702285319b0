#include "models/sim/report_hash.h"

#include <cinttypes>
#include <cstdio>

namespace snsim {

uint64_t report_hash(nlohmann::json report) {
  if (report.contains("config") && report["config"].is_object()) report["config"].erase("file");
  // FNV-1a (Fowler, Noll, Vo): fixed by its definition, unlike std::hash, so hashes kept in tests stay
  // meaningful across standard libraries.
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : report.dump()) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string report_hash_hex(const nlohmann::json& report) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, report_hash(report));
  return text;
}

}  // namespace snsim
