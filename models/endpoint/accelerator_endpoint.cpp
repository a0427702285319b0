#include "models/endpoint/accelerator_endpoint.h"

#include <cmath>
#include <stdexcept>

namespace snsim {

const Schema& endpoint_schema() {
  static const Schema schema{
      "endpoint",
      "Accelerator endpoint: synthetic traffic source with a source queue, and a sink that consumes at "
      "link rate.",
      {
          {"receive_buffer", ParamKind::Size, "16KiB", 16, 1ULL << 40, {}, false,
           "Receive buffer per VC; the switch holds this many bytes of credits toward the endpoint",
           "Not public for NVLink (facts 1.2, 8.5); covers the credit loop of the default NVLink-5 link: "
           "50 B/cycle x (6 + 93 + 93) cycles = 9.6 KB"},
          {"source_queue", ParamKind::Integer, "unbounded", 1, 1e9, {}, true,
           "Source (injection) queue capacity in packets; a packet generated into a full queue is "
           "refused and counted",
           "Open-loop measurement needs an unbounded queue (Dally and Towles 2004, sec. 23.1)"},
      },
      {}};
  return schema;
}

EndpointParams endpoint_params_from(const ParamValues& values) {
  EndpointParams p;
  p.receive_buffer_bytes = values.whole("receive_buffer");
  p.source_queue_packets = values.unbounded("source_queue") ? 0 : values.whole("source_queue");
  return p;
}

AcceleratorEndpoint::AcceleratorEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain,
                                         const EndpointParams& params, const EndpointContext& context,
                                         const Workload& workload, FabricStats& stats)
    : Component(name, domain), tx("tx"), rx("rx"), params_(params), context_(context), workload_(workload),
      stats_(stats), rng_(context.seed, std::string(this->name()) + ".traffic"),
      source_queue_stats_(stats.add_queue(std::string(this->name()) + ".source_queue", "packets",
                                          params.source_queue_packets ? double(params.source_queue_packets)
                                                                      : INFINITY)) {
  tx.register_nb_transport_bw(this, &AcceleratorEndpoint::on_credit);
  rx.register_nb_transport_fw(this, &AcceleratorEndpoint::on_packet);
  // Non-blocking only; registering b_transport also spares the socket's adapter thread (see Link).
  rx.register_b_transport(this, &AcceleratorEndpoint::refuse_blocking);
  // Load is a fraction of link bandwidth in payload bytes: packets/cycle = load * B/cycle / mean bytes.
  packet_rate_ = workload.load * context.injection_bytes_per_cycle / workload.mean_bytes();
  if (packet_rate_ > 1.0 + 1e-12) {
    throw std::invalid_argument("load needs more than one packet per cycle");  // refused by the builder first
  }
}

uint32_t AcceleratorEndpoint::receive_buffer_flits() const {
  return static_cast<uint32_t>(params_.receive_buffer_bytes / context_.flit_bytes);
}

void AcceleratorEndpoint::start() {
  if (workload_.saturated) {
    next_generation_ = 0;  // generate() then keeps exactly one packet waiting
    wake_at(0);
    return;
  }
  if (packet_rate_ <= 0) return;
  next_generation_ = rng_.geometric(packet_rate_);
  if (next_generation_ >= context_.generation_end) next_generation_ = kNever;
  if (next_generation_ != kNever) wake_at(next_generation_);
}

void AcceleratorEndpoint::step(uint64_t cycle) {
  egress_flow_.apply(cycle);
  if (next_generation_ <= cycle) generate(cycle);
  inject(cycle);
  // A saturated source refills its queue as soon as the head leaves, for the next free cycle of the link.
  if (workload_.saturated && source_queue_.empty() && cycle + 1 < context_.generation_end) {
    next_generation_ = std::max(port_free_, cycle + 1);
  }

  uint64_t next = next_generation_;
  if (!source_queue_.empty()) {
    const Pending& head = source_queue_.front();
    if (egress_flow_.can_send(head.vc, flits_of(frame_bytes_of(head.bytes)))) {
      next = std::min(next, std::max(port_free_, cycle + 1));
    } else if (egress_flow_.next_arrival() != kNever) {
      next = std::min(next, egress_flow_.next_arrival());
    }
  }
  if (next != kNever) wake_at(next);
}

void AcceleratorEndpoint::generate(uint64_t cycle) {
  // Bernoulli injection makes at most one packet per cycle; the endpoint is woken exactly then.
  const Window& window = stats_.window();
  Pending p{cycle, sequence_, pick_destination(workload_, context_.endpoints, context_.index, rng_),
            pick_size(workload_, rng_),
            static_cast<uint16_t>(workload_.vc >= 0 ? workload_.vc : rng_.below(context_.vcs))};
  next_generation_ = workload_.saturated ? kNever : cycle + 1 + rng_.geometric(packet_rate_);
  if (next_generation_ >= context_.generation_end) next_generation_ = kNever;
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
  source_queue_.push_back(p);
  source_queue_stats_.change(cycle, +1);
}

void AcceleratorEndpoint::inject(uint64_t cycle) {
  if (source_queue_.empty() || cycle < port_free_) return;
  const Pending& head = source_queue_.front();
  const uint32_t frame_bytes = frame_bytes_of(head.bytes);
  const uint32_t flits = flits_of(frame_bytes);
  if (!egress_flow_.can_send(head.vc, flits)) {
    egress_flow_.note_blocked(cycle, true);
    return;
  }
  egress_flow_.note_blocked(cycle, false);
  egress_flow_.on_send(head.vc, flits);

  tlm::tlm_generic_payload* gp = pool_.acquire();
  PacketInfo& info = packet_info(*gp);
  info = PacketInfo();
  info.id = (static_cast<uint64_t>(context_.index) << 40) | head.sequence;
  info.source = context_.index;
  info.destination = head.destination;
  info.bytes = head.bytes;
  info.frame_bytes = frame_bytes;
  info.flits = flits;
  info.vc = head.vc;
  info.traffic_class = head.vc;  // the VC it was injected on: routers keep a flow on one VC per hop
  info.sequence = head.sequence;
  info.created = head.created;
  info.injected = cycle;
  info.measured = stats_.window().contains(head.created);
  gp->set_address(head.destination);
  gp->set_data_length(head.bytes);
  source_queue_.pop_front();
  source_queue_stats_.change(cycle, -1);
  stats_.on_injected(info);

  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tx->nb_transport_fw(*gp, phase, delay);  // returns END_REQ + time until the wire is free
  port_free_ = domain().cycle_after(delay);
}

tlm::tlm_sync_enum AcceleratorEndpoint::on_credit(tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                                  sc_core::sc_time& delay) {
  const uint64_t arrival = domain().cycle_after(delay);
  egress_flow_.receive(arrival, *gp.get_extension<FlowControlInfo>());
  if (!source_queue_.empty()) wake_at(std::max(arrival, egress_flow_.next_arrival()));
  return tlm::TLM_COMPLETED;
}

tlm::tlm_sync_enum AcceleratorEndpoint::on_packet(tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                                  sc_core::sc_time& delay) {
  PacketInfo& info = packet_info(gp);
  const uint64_t arrival = domain().cycle_after(delay);
  stats_.on_delivered(info, context_.index, arrival);
  // The sink consumes at line rate: the buffer space is free when the tail arrives.
  send_flow_control(ingress_flow_.on_arrival(info.vc, info.flits), delay);
  send_flow_control(ingress_flow_.on_departure(info.vc, info.flits), delay);
  gp.release();
  return tlm::TLM_COMPLETED;
}

void AcceleratorEndpoint::refuse_blocking(tlm::tlm_generic_payload&, sc_core::sc_time&) {
  throw std::logic_error(std::string(name()) + ": endpoints accept packets through nb_transport only");
}

void AcceleratorEndpoint::send_flow_control(const std::optional<FlowControlInfo>& message, const sc_core::sc_time& delay) {
  if (!message) return;
  tlm::tlm_phase phase = FLOW_CONTROL;
  sc_core::sc_time message_delay = delay;
  rx->nb_transport_bw(message_.fill(*message), phase, message_delay);
}

}  // namespace snsim
