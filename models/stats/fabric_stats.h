// The one place a packet's life is recorded: created and injected at its source, delivered at its
// destination. Components also register their links and queues here so the report can list them.
// Partition note: a partitioned run gives each partition its own FabricStats and merges them at the end
// (everything in here is a commutative sum, a histogram or a per-source set).
#pragma once

#include <systemc>

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/core/packet.h"
#include "models/stats/latency_histogram.h"
#include "models/stats/link_stats.h"
#include "models/stats/queue_stats.h"
#include "models/stats/window.h"

namespace snsim {

class FabricStats {
 public:
  FabricStats(Window window, uint32_t endpoints);

  const Window& window() const { return window_; }

  void on_created(const PacketInfo& p);
  void on_injected(const PacketInfo& p);
  // The packet's tail reaches its destination at `arrival` (a cycle that may lie after the current one).
  void on_delivered(const PacketInfo& p, uint32_t at_endpoint, uint64_t arrival);
  void on_generation_refused(uint64_t cycle);

  LinkStats& add_link(std::string name, std::string from, std::string to, double bytes_per_cycle);
  QueueStats& add_queue(std::string name, std::string unit, double capacity);
  void finish();  // closes time integrals at the end of the run
  // Waveform tracing: links and queues registered after this get their hooks from `directory`.
  void set_trace_directory(TraceDirectory* directory) { trace_directory_ = directory; }

  // Counters over the whole run.
  uint64_t created = 0, injected = 0, delivered = 0, refused = 0;
  // Counters over the measurement window.
  uint64_t created_in_window = 0, bytes_created_in_window = 0;
  uint64_t delivered_in_window = 0, bytes_delivered_in_window = 0;
  // Packets created in the window (the measured set) and how many of them have arrived.
  uint64_t measured_created = 0, measured_delivered = 0;
  uint64_t last_arrival = 0;

  LatencyHistogram latency;          // creation -> tail delivery (includes source queueing)
  LatencyHistogram network_latency;  // injection -> tail delivery
  LatencyHistogram hops;

  // Integrity: each packet is delivered once, to its destination, and only packets that were created.
  uint64_t duplicates = 0, misrouted = 0, invented = 0;
  // Order: packets of one flow (source, destination, traffic class = injection VC) must arrive in the
  // order they were created.
  uint64_t out_of_order = 0;

  const std::deque<LinkStats>& links() const { return links_; }
  const std::deque<QueueStats>& queues() const { return queues_; }

  // Notified when the measured set has been delivered completely and the window has closed, and when
  // nothing is in flight any more (for drain = all).
  sc_core::sc_event measured_drained;
  sc_core::sc_event all_drained;
  bool generation_closed = false;  // set by the run controller once no source will create packets

 private:
  Window window_;
  TraceDirectory* trace_directory_ = nullptr;
  std::vector<uint64_t> created_per_source_;
  std::vector<std::vector<bool>> delivered_seen_;  // [source][sequence]
  std::unordered_map<uint64_t, uint64_t> last_sequence_;  // flow -> last delivered sequence + 1
  std::deque<LinkStats> links_;
  std::deque<QueueStats> queues_;
};

}  // namespace snsim
