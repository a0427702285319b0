// The one place a packet's life is recorded: created and injected at its source, delivered at its
// destination. Components also register their links and queues here so the report can list them.
// Partition note: a partitioned run gives each partition its own FabricStats and merges them at the end
// (everything in here is a commutative sum, a histogram or a per-source set).
#pragma once

#include <systemc>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/core/packet.h"
#include "models/stats/latency_histogram.h"
#include "models/stats/link_stats.h"
#include "models/stats/memory_stats.h"
#include "models/stats/queue_stats.h"
#include "models/stats/window.h"

namespace snsim {

class SwitchTap;

class FabricStats {
 public:
  FabricStats(Window window, uint32_t endpoints);

  const Window& window() const { return window_; }

  void on_created(const PacketInfo& p);
  void on_injected(const PacketInfo& p);
  // The packet's tail reaches its destination at `arrival` (a cycle that may lie after the current one).
  void on_delivered(const PacketInfo& p, uint32_t at_endpoint, uint64_t arrival);
  // Optional: sees every delivery (tests that compare runs packet by packet).
  std::function<void(const PacketInfo& p, uint64_t arrival)> delivery_observer;
  void on_generation_refused(uint64_t cycle);
  // Memory-semantic transactions: a load or store issued at `cycle` by `initiator`, and its completion
  // (the response's tail back at the initiator, or the local HBM's answer) at `done`. `local`: served by
  // the initiator's own HBM without crossing the fabric.
  void on_memory_issued(uint32_t initiator, uint64_t cycle);
  void on_memory_completed(const MemoryFields& m, bool local, uint64_t done);
  // Run control: every measured packet delivered and measured transaction completed; nothing in flight.
  bool measured_done() const {
    return measured_delivered == measured_created && memory.measured_completed == memory.measured_issued;
  }
  bool all_done() const { return delivered == created && memory.completed == memory.issued; }

  LinkStats& add_link(std::string name, std::string from, std::string to, double bytes_per_cycle);
  QueueStats& add_queue(std::string name, std::string unit, double capacity);
  void finish();  // closes time integrals at the end of the run
  // Waveform tracing: links and queues registered after this get their hooks from `directory`.
  void set_trace_directory(TraceDirectory* directory) { trace_directory_ = directory; }
  // What make_switch puts around the TLM switch for this run (null: nothing; models/fabric/switch_impl.h).
  void set_switch_tap(SwitchTap* tap) { switch_tap_ = tap; }
  SwitchTap* switch_tap() const { return switch_tap_; }
  // Signals a component drives itself, for the waveform (null unless the run traces `component`).
  SignalTrace* trace_signals(const std::string& component, const std::string& scope) {
    return trace_directory_ ? trace_directory_->signals(component, scope) : nullptr;
  }

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
  MemoryStats memory;

  // Integrity: each packet is delivered once, to its destination, and only packets that were created.
  uint64_t duplicates = 0, misrouted = 0, invented = 0;
  // Order: packets of one flow (source, destination, traffic class = injection VC) must arrive in the
  // order they were created.
  uint64_t out_of_order = 0;
  // Routing that spreads a flow over several paths (Valiant, adaptive, detours) may reorder it: the
  // builder clears order_guaranteed, and overtaken packets are then counted in `reordered` (a measured
  // quantity) instead of `out_of_order` (an error). The other integrity checks stay strict.
  bool order_guaranteed = true;
  uint64_t reordered = 0;

  const std::deque<LinkStats>& links() const { return links_; }
  const std::deque<QueueStats>& queues() const { return queues_; }
  // The builder tags the queues a component registered (those from index `first` on) with its place.
  void tag_queues_from(size_t first, const std::string& tier, int32_t plane) {
    for (size_t i = first; i < queues_.size(); ++i) queues_[i].set_tags(tier, plane);
  }

  // Notified when the measured set has been delivered completely and the window has closed, and when
  // nothing is in flight any more (for drain = all).
  sc_core::sc_event measured_drained;
  sc_core::sc_event all_drained;
  bool generation_closed = false;  // set by the run controller once no source will create packets

 private:
  void notify_drains(bool measured);

  Window window_;
  TraceDirectory* trace_directory_ = nullptr;
  SwitchTap* switch_tap_ = nullptr;
  std::vector<uint64_t> created_per_source_;
  std::vector<std::vector<bool>> delivered_seen_;  // [source][sequence]
  std::unordered_map<uint64_t, uint64_t> last_sequence_;  // flow -> last delivered sequence + 1
  std::deque<LinkStats> links_;
  std::deque<QueueStats> queues_;
};

}  // namespace snsim
