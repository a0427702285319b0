#include "models/sim/verdict.h"

#include <algorithm>
#include <cmath>

namespace snsim {

const char* const kSaturationRule =
    "measured set undelivered at a non-zero drain limit, or accepted < offered by more than "
    "max(1%, 4 sqrt(2 L / (W N))): L mean latency, W window, N packets created in it";

SaturationVerdict saturation_verdict(const nlohmann::json& r) {
  SaturationVerdict v;
  const bool stopped_early = !r["deadlock"].is_null() || r.contains("partial");
  v.hit_drain_limit = !r["drained"].get<bool>() && !stopped_early &&
                      r["cycles"].get<uint64_t>() > r["window"]["end"].get<uint64_t>();
  const double offered = r["offered_throughput"].get<double>();
  const double accepted = r["accepted_throughput"].get<double>();
  const double created = r["measured"]["created"].get<double>();
  const double window = r["window"]["measure"].get<double>();
  const double latency = r["latency"]["mean"].get<double>();
  v.shortfall = offered > 0 ? (offered - accepted) / offered : 0.0;
  v.margin = created > 0 ? std::max(0.01, 4 * std::sqrt(2 * latency / (window * created))) : 0.01;
  v.saturated = v.hit_drain_limit || (!stopped_early && offered > 0 && v.short_of_offered());
  return v;
}

}  // namespace snsim
