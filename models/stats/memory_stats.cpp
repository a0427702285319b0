#include "models/stats/memory_stats.h"

namespace snsim {
namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

}  // namespace

double MemoryChannelRecord::bytes_per_second() const {
  return ratio(double(read_bursts + write_bursts) * burst_bytes * clock_hz, double(cycles));
}

double MemoryChannelRecord::data_bus_utilization() const {
  return ratio(double(read_bursts + write_bursts) * burst_cycles, double(cycles) * pseudo_channels);
}

double MemoryChannelRecord::row_hit_rate() const {
  return ratio(double(row_hits), double(read_bursts + write_bursts));
}

double MemoryChannelRecord::mean_queued_bursts_per_pc() const {
  return ratio(queue_area, double(cycles) * pseudo_channels);
}

double MemoryChannelRecord::refresh_bank_time_fraction() const {
  return ratio(double(refresh_bank_cycles), double(cycles) * pseudo_channels * banks_per_pc);
}

}  // namespace snsim
