// What memory-semantic traffic adds to FabricStats: the life of each load or store (issued by an
// initiator, served by the HBM of its home accelerator, completed when the response's tail is back), the
// split of its round trip into fabric and memory shares, bytes per initiator, and the HBM channels'
// own counters over the measurement window. Filled only through FabricStats (the one stats path).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/packet.h"
#include "models/stats/latency_histogram.h"
#include "models/stats/window.h"

namespace snsim {

// One HBM channel over the measurement window (differences of the controller's counters at the window's
// edges, taken by a probe in the HBM clock domain). Cycles are HBM clock cycles.
struct MemoryChannelRecord {
  std::string name;            // "<controller>.ch<i>"
  uint32_t accelerator = 0;    // whose HBM it is
  uint32_t channel = 0;
  uint64_t cycles = 0;         // window length in HBM cycles
  double clock_hz = 0;
  uint32_t pseudo_channels = 0, banks_per_pc = 0, burst_bytes = 0, burst_cycles = 0;
  uint64_t read_bursts = 0, write_bursts = 0;
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  uint64_t refreshes = 0, refresh_bank_cycles = 0, turnarounds = 0;
  double queue_area = 0;       // integral of queued bursts over HBM cycles, summed over pseudo-channels

  double bytes_per_second() const;
  double data_bus_utilization() const;
  double row_hit_rate() const;
  double mean_queued_bursts_per_pc() const;
  double refresh_bank_time_fraction() const;
};

struct MemoryStats {
  explicit MemoryStats(uint32_t endpoints) : bytes_completed_in_window(endpoints, 0), reads_completed_in_window(endpoints, 0), writes_completed_in_window(endpoints, 0), atomics_completed_in_window(endpoints, 0) {}

  uint64_t issued = 0, completed = 0;                    // transactions over the whole run
  uint64_t measured_issued = 0, measured_completed = 0;  // issued inside the window
  uint64_t local = 0, remote = 0;                        // completed measured transactions by kind

  // Per message class, packets created in the window: creation -> tail delivery, injection -> delivery.
  LatencyHistogram request_latency, request_network_latency;
  LatencyHistogram response_latency, response_network_latency;
  // Measured transactions: issue -> completion, and its split. memory = request at the target endpoint
  // -> response back in the fabric clock domain (HBM queueing and service, both clock crossings);
  // fabric = the rest (source queueing, both network legs, the response's wait to be injected).
  LatencyHistogram read_round_trip, write_round_trip, atomic_round_trip;
  LatencyHistogram remote_read_round_trip, local_read_round_trip;
  LatencyHistogram memory_share, fabric_share;
  uint64_t memory_share_cycles = 0, fabric_share_cycles = 0;  // sums, for the exact mean split

  std::vector<uint64_t> bytes_completed_in_window;  // per initiator: bytes of loads and stores completed
  std::vector<uint64_t> reads_completed_in_window, writes_completed_in_window, atomics_completed_in_window;
  std::vector<MemoryChannelRecord> channels;
  // hbm.controller.check_timing: JEDEC violations the controllers' independent checkers found (whole run).
  bool timing_checked = false;
  uint64_t timing_violations = 0;
  uint64_t commands_checked = 0;
};

}  // namespace snsim
