#include "models/endpoint/accelerator_endpoint.h"

#include <cmath>
#include <stdexcept>

namespace snsim {

AcceleratorEndpoint::AcceleratorEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain,
                                         const EndpointParams& params, const EndpointContext& context,
                                         const Workload& workload, FabricStats& stats)
    : Component(name, domain), params_(params), context_(context), workload_(workload), stats_(stats),
      rng_(context.seed, std::string(this->name()) + ".traffic"),
      // Load is a fraction of the injection bandwidth in payload bytes: packets/cycle = load * B/cycle / mean bytes.
      packet_rate_(workload.load * context.injection_bytes_per_cycle / workload.mean_bytes()),
      arrivals_(packet_rate_, context.generation_end),
      source_queue_stats_(stats.add_queue(std::string(this->name()) + ".source_queue", "packets",
                                          params.source_queue_packets ? double(params.source_queue_packets)
                                                                      : INFINITY)),
      nic_(*this, *this, params, context, stats), source_queue_(nic_.lanes()) {
  if (auto problem = injection_rate_problem(workload.load, context.injection_bytes_per_cycle, workload.mean_bytes(),
                                            context.ports)) {
    throw std::invalid_argument(*problem);  // refused by the builder first
  }
}

void AcceleratorEndpoint::start() {
  nic_.check_wiring();
  if (workload_.saturated) {
    arrivals_.set(0, 0);  // generate() then keeps a packet waiting for every port
    wake_at(0);
    return;
  }
  if (packet_rate_ <= 0) return;
  arrivals_.start(rng_);
  if (arrivals_.next() != kNever) wake_at(arrivals_.next());
}

void AcceleratorEndpoint::step(uint64_t cycle) {
  nic_.apply(cycle);
  if (workload_.saturated) {
    if (arrivals_.at(0) <= cycle) {
      for (size_t n = source_queue_.size(); n < nic_.ports(); ++n) generate(cycle, 0);
    }
  } else {
    for (uint32_t s = 0; s < arrivals_.streams(); ++s) {
      if (arrivals_.at(s) <= cycle) generate(cycle, s);
    }
  }
  inject(cycle);
  // A saturated source refills its queue as soon as a head leaves, for the next free cycle of a link.
  if (workload_.saturated && source_queue_.size() < nic_.ports() && cycle + 1 < context_.generation_end) {
    arrivals_.set(0, nic_.next_free_link(cycle));
  }

  uint64_t next = arrivals_.next();
  for (uint32_t lane = 0; lane < source_queue_.lanes(); ++lane) {
    if (source_queue_[lane].empty()) continue;
    const Pending& head = source_queue_[lane].front();
    next = std::min(next, nic_.next_chance(lane, head.vc, nic_.flits_of(head.bytes), cycle));
  }
  if (next != kNever) wake_at(next);
}

void AcceleratorEndpoint::generate(uint64_t cycle, uint32_t stream) {
  const Window& window = stats_.window();
  Pending p{cycle, sequence_, pick_destination(workload_, context_.endpoints, context_.index, rng_),
            pick_size(workload_, rng_),
            static_cast<uint16_t>(workload_.vc >= 0 ? workload_.vc : rng_.below(context_.vcs))};
  if (workload_.saturated) {
    arrivals_.set(stream, kNever);
  } else {
    arrivals_.draw_after(stream, cycle, rng_);
  }
  if (params_.source_queue_packets && source_queue_.size() >= params_.source_queue_packets) {
    stats_.on_generation_refused(cycle);
    return;
  }
  ++sequence_;
  PacketInfo info;
  info.source = context_.index;
  info.sequence = p.sequence;
  info.created = cycle;
  info.bytes = p.bytes;
  info.measured = window.contains(cycle);
  stats_.on_created(info);
  source_queue_.push(nic_.lane_for(p.destination, p.vc), p);
  source_queue_stats_.change(cycle, +1);
}

void AcceleratorEndpoint::inject(uint64_t cycle) {
  for (uint32_t lane = 0; lane < source_queue_.lanes(); ++lane) {
    while (!source_queue_[lane].empty()) {
      const Pending head = source_queue_[lane].front();
      const int port = nic_.ready_port(lane, head.vc, nic_.flits_of(head.bytes), cycle);
      if (port < 0) {
        nic_.note_blocked(lane, cycle, true);  // the free ports lack credits (a busy one notes nothing)
        break;
      }
      OutgoingPacket out;
      out.destination = head.destination;
      out.bytes = head.bytes;
      out.vc = head.vc;
      out.sequence = head.sequence;
      out.created = head.created;
      nic_.send(static_cast<uint32_t>(port), cycle, out);
      source_queue_.pop(lane);
      source_queue_stats_.change(cycle, -1);
    }
    if (source_queue_[lane].empty()) nic_.note_blocked(lane, cycle, false);
  }
}

void AcceleratorEndpoint::on_flow_control(uint32_t port, uint64_t arrival) {
  if (!source_queue_.empty()) wake_at(std::max(arrival, nic_.next_arrival(port)));
}

void AcceleratorEndpoint::on_packet(uint32_t port, tlm::tlm_generic_payload& gp, uint64_t arrival,
                                    const sc_core::sc_time& delay) {
  PacketInfo& info = packet_info(gp);
  stats_.on_delivered(info, context_.index, arrival);
  // The sink consumes at line rate: the buffer space is free when the tail arrives.
  nic_.ingress_arrival(port, info.vc, info.flits, delay);
  nic_.ingress_departure(port, info.vc, info.flits, delay);
  gp.release();
}

}  // namespace snsim
