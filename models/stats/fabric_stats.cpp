#include "models/stats/fabric_stats.h"

#include <algorithm>

namespace snsim {

FabricStats::FabricStats(Window window, uint32_t endpoints)
    : window_(window), created_per_source_(endpoints, 0), delivered_seen_(endpoints) {}

void FabricStats::on_created(const PacketInfo& p) {
  ++created;
  ++created_per_source_[p.source];
  if (window_.contains(p.created)) {
    ++created_in_window;
    bytes_created_in_window += p.bytes;
  }
  if (p.measured) ++measured_created;
}

void FabricStats::on_injected(const PacketInfo&) { ++injected; }

void FabricStats::on_generation_refused(uint64_t) { ++refused; }

void FabricStats::on_delivered(const PacketInfo& p, uint32_t at_endpoint, uint64_t arrival) {
  if (p.source >= delivered_seen_.size() || p.sequence >= created_per_source_[p.source]) {
    ++invented;
    return;
  }
  std::vector<bool>& seen = delivered_seen_[p.source];
  if (p.sequence >= seen.size()) seen.resize(std::max<size_t>(p.sequence + 1, seen.size() * 2), false);
  if (seen[p.sequence]) {
    ++duplicates;
    return;
  }
  seen[p.sequence] = true;
  if (p.destination != at_endpoint) ++misrouted;
  // Sequence numbers are per source; within one flow they must rise.
  uint64_t& last = last_sequence_[(uint64_t(p.source) << 36) | (uint64_t(p.destination) << 8) | p.traffic_class];
  if (p.sequence + 1 <= last) ++out_of_order;
  last = std::max(last, p.sequence + 1);
  ++delivered;
  if (arrival > last_arrival) last_arrival = arrival;
  if (window_.contains(arrival)) {
    ++delivered_in_window;
    bytes_delivered_in_window += p.bytes;
  }
  if (p.measured) {
    ++measured_delivered;
    latency.add(arrival - p.created);
    network_latency.add(arrival - p.injected);
    hops.add(p.hops);
  }
  if (generation_closed && delivered == created) all_drained.notify(sc_core::SC_ZERO_TIME);
  if (p.measured && measured_delivered == measured_created) measured_drained.notify(sc_core::SC_ZERO_TIME);
}

LinkStats& FabricStats::add_link(std::string name, std::string from, std::string to, double bytes_per_cycle) {
  links_.emplace_back(std::move(name), std::move(from), std::move(to), bytes_per_cycle, window_);
  if (trace_directory_) links_.back().set_trace(trace_directory_->link(links_.back().name()));
  return links_.back();
}

QueueStats& FabricStats::add_queue(std::string name, std::string unit, double capacity) {
  queues_.emplace_back(std::move(name), std::move(unit), capacity, window_);
  QueueStats& q = queues_.back();
  if (trace_directory_) q.set_trace(trace_directory_->queue(q.name(), q.unit()));
  return q;
}

void FabricStats::finish() {
  for (auto& q : queues_) q.finish();
}

}  // namespace snsim
