// What a controller counts: sums over its pseudo-channels, cumulative from the start of the run. A
// measurement window is the difference of two snapshots.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "models/hbm/pseudo_channel.h"

namespace snsim::hbm {

struct HbmCounters {
  uint64_t cycle = 0;  // when the snapshot was taken
  uint64_t read_requests = 0, write_requests = 0;  // transactions answered
  uint64_t read_bytes = 0, write_bytes = 0;        // bytes of answered transactions
  PcCounters bursts;                               // summed over pseudo-channels

  HbmCounters operator-(const HbmCounters& o) const;
};

// Row-hit rate and the other ratios, as the report shows them.
nlohmann::json counters_json(const HbmCounters& c, uint32_t pseudo_channels, uint32_t banks_per_pc,
                             uint32_t burst_cycles, uint32_t burst_bytes, double clock_hz);

}  // namespace snsim::hbm
