#include "models/stats/fabric_stats.h"

#include <algorithm>

namespace snsim {

FabricStats::FabricStats(Window window, uint32_t endpoints)
    : memory(endpoints), window_(window), created_per_source_(endpoints, 0), delivered_seen_(endpoints) {}

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
  if (delivery_observer) delivery_observer(p, arrival);
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
  if (p.sequence + 1 <= last) ++(order_guaranteed ? out_of_order : reordered);
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
    if (p.message == MessageClass::Request) {
      memory.request_latency.add(arrival - p.created);
      memory.request_network_latency.add(arrival - p.injected);
    } else if (p.message == MessageClass::Response) {
      memory.response_latency.add(arrival - p.created);
      memory.response_network_latency.add(arrival - p.injected);
    }
  }
  notify_drains(p.measured);
}

void FabricStats::notify_drains(bool measured) {
  if (generation_closed && all_done()) all_drained.notify(sc_core::SC_ZERO_TIME);
  if (measured && measured_done()) measured_drained.notify(sc_core::SC_ZERO_TIME);
}

void FabricStats::on_memory_issued(uint32_t, uint64_t cycle) {
  ++memory.issued;
  if (window_.contains(cycle)) ++memory.measured_issued;
}

void FabricStats::on_memory_completed(const MemoryFields& m, bool local, uint64_t done) {
  ++memory.completed;
  if (done > last_arrival) last_arrival = done;
  if (window_.contains(done)) {
    memory.bytes_completed_in_window[m.initiator] += m.access_bytes;
    ++(m.op == MemoryOp::Read    ? memory.reads_completed_in_window
       : m.op == MemoryOp::Write ? memory.writes_completed_in_window
                                 : memory.atomics_completed_in_window)[m.initiator];
  }
  const bool measured = window_.contains(m.issued);
  if (measured) {
    ++memory.measured_completed;
    ++(local ? memory.local : memory.remote);
    const uint64_t round_trip = done - m.issued;
    const uint64_t at_memory = m.response_ready - m.at_target;
    (m.op == MemoryOp::Read    ? memory.read_round_trip
     : m.op == MemoryOp::Write ? memory.write_round_trip
                               : memory.atomic_round_trip).add(round_trip);
    if (m.op == MemoryOp::Read) (local ? memory.local_read_round_trip : memory.remote_read_round_trip).add(round_trip);
    memory.memory_share.add(at_memory);
    memory.fabric_share.add(round_trip - at_memory);
    memory.memory_share_cycles += at_memory;
    memory.fabric_share_cycles += round_trip - at_memory;
  }
  notify_drains(measured);
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
