#include "models/hbm/hbm_counters.h"

namespace snsim::hbm {

HbmCounters HbmCounters::operator-(const HbmCounters& o) const {
  HbmCounters d;
  d.cycle = cycle - o.cycle;
  d.read_requests = read_requests - o.read_requests;
  d.write_requests = write_requests - o.write_requests;
  d.read_bytes = read_bytes - o.read_bytes;
  d.write_bytes = write_bytes - o.write_bytes;
  const PcCounters& a = bursts;
  const PcCounters& b = o.bursts;
  PcCounters& r = d.bursts;
  r.reads = a.reads - b.reads;
  r.writes = a.writes - b.writes;
  r.row_hits = a.row_hits - b.row_hits;
  r.row_misses = a.row_misses - b.row_misses;
  r.row_conflicts = a.row_conflicts - b.row_conflicts;
  r.acts = a.acts - b.acts;
  r.pres = a.pres - b.pres;
  r.preas = a.preas - b.preas;
  r.auto_precharges = a.auto_precharges - b.auto_precharges;
  r.refreshes = a.refreshes - b.refreshes;
  r.refresh_bank_cycles = a.refresh_bank_cycles - b.refresh_bank_cycles;
  r.turnarounds = a.turnarounds - b.turnarounds;
  r.queue_area = a.queue_area - b.queue_area;
  return d;
}

nlohmann::json counters_json(const HbmCounters& c, uint32_t pseudo_channels, uint32_t banks_per_pc,
                             uint32_t burst_cycles, uint32_t burst_bytes, double clock_hz) {
  const PcCounters& b = c.bursts;
  const double cycles = c.cycle ? static_cast<double>(c.cycle) : 1.0;
  const double accesses = static_cast<double>(b.reads + b.writes);
  const double bus_cycles = static_cast<double>(pseudo_channels) * cycles;
  const double bytes = accesses * burst_bytes;
  auto ratio = [](double a, double d) { return d > 0 ? a / d : 0.0; };
  return {
      {"cycles", c.cycle},
      {"read_requests", c.read_requests},
      {"write_requests", c.write_requests},
      {"read_bytes", c.read_bytes},
      {"write_bytes", c.write_bytes},
      {"read_bursts", b.reads},
      {"write_bursts", b.writes},
      {"data_bus_utilization", ratio(accesses * burst_cycles, bus_cycles)},
      {"burst_bytes_per_cycle", bytes / cycles},
      {"burst_gbytes_per_second", bytes / cycles * clock_hz / 1e9},
      {"row_hits", b.row_hits},
      {"row_misses", b.row_misses},
      {"row_conflicts", b.row_conflicts},
      {"row_hit_rate", ratio(static_cast<double>(b.row_hits), accesses)},
      {"activates", b.acts},
      {"precharges", b.pres},
      {"precharge_alls", b.preas},
      {"auto_precharges", b.auto_precharges},
      {"refreshes", b.refreshes},
      // Share of bank-time spent refreshing: what refresh takes away from a bank on average.
      {"refresh_bank_time_fraction",
       ratio(static_cast<double>(b.refresh_bank_cycles), bus_cycles * banks_per_pc)},
      {"read_write_turnarounds", b.turnarounds},
      {"mean_queued_bursts_per_pc", ratio(static_cast<double>(b.queue_area), bus_cycles)},
  };
}

}  // namespace snsim::hbm
