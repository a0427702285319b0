#include "models/endpoint/network_interface.h"

#include <algorithm>
#include <stdexcept>

namespace snsim {
namespace {

// splitmix64's finalizer: every input bit moves every output bit, so nearby endpoint indices spread.
uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

uint32_t flow_hash_port(uint32_t source, uint32_t destination, uint16_t traffic_class, uint32_t ports) {
  const uint64_t pair = uint64_t(source) << 32 | destination;
  return static_cast<uint32_t>(mix(mix(pair) ^ traffic_class) % ports);
}

NetworkInterface::NetworkInterface(Component& owner, NicClient& client, const EndpointParams& params,
                                   const EndpointContext& context, FabricStats& stats)
    : tx("tx"), rx("rx"), owner_(owner), client_(client), params_(params), context_(context), stats_(stats) {
  if (context.ports == 0) throw std::invalid_argument(std::string(owner.name()) + ": an endpoint needs at least one port");
  for (uint32_t p = 0; p < context.ports; ++p) {
    ports_.emplace_back();
    ports_.back().name = context.ports == 1 ? std::string(owner.name()) : std::string(owner.name()) + ".port" + std::to_string(p);
  }
  shared_lane_ = context.ports > 1 && context.port_select == PortSelect::LeastLoaded;
  tx.register_nb_transport_bw(this, &NetworkInterface::on_credit);
  rx.register_nb_transport_fw(this, &NetworkInterface::on_packet);
}

uint32_t NetworkInterface::receive_buffer_flits() const {
  return static_cast<uint32_t>(params_.receive_buffer_bytes / context_.flit_bytes);
}

void NetworkInterface::configure_egress(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                                        LinkStats* link) {
  Port& p = ports_.at(port);
  p.egress.configure(params, context_.vcs, downstream_flits_per_vc, link);
  p.egress_configured = true;
}

void NetworkInterface::configure_ingress(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) {
  Port& p = ports_.at(port);
  p.ingress.configure(mode, context_.vcs, receive_buffer_flits(), xoff, xon, p.name.c_str());
  p.ingress_configured = true;
}

void NetworkInterface::check_wiring() {
  const std::string who = std::string(owner_.name()) + ": " + std::to_string(ports()) + " port(s), but ";
  if (tx.size() != ports()) throw std::logic_error(who + "tx is bound " + std::to_string(tx.size()) + " times");
  if (rx.size() != ports()) throw std::logic_error(who + "rx is bound " + std::to_string(rx.size()) + " times");
  for (uint32_t p = 0; p < ports(); ++p) {
    if (!ports_[p].egress_configured || !ports_[p].ingress_configured) {
      throw std::logic_error(who + "port " + std::to_string(p) + " has no " +
                             (ports_[p].egress_configured ? "ingress" : "egress") + " flow control configured");
    }
  }
}

uint32_t NetworkInterface::lane_for(uint32_t destination, uint16_t traffic_class) {
  if (lanes() == 1) return 0;
  if (context_.port_select == PortSelect::RoundRobin) {
    const uint32_t lane = next_lane_;
    next_lane_ = (next_lane_ + 1) % ports();
    return lane;
  }
  return flow_hash_port(context_.index, destination, traffic_class, ports());
}

bool NetworkInterface::any_link_free(uint32_t lane, uint64_t cycle) const {
  for (uint32_t p = first_port(lane); p < last_port(lane); ++p) {
    if (ports_[p].link_free <= cycle) return true;
  }
  return false;
}

int NetworkInterface::ready_port(uint32_t lane, uint16_t vc, uint32_t flits, uint64_t cycle) const {
  int best = -1;
  uint64_t most_room = 0;
  for (uint32_t p = first_port(lane); p < last_port(lane); ++p) {
    const Port& port = ports_[p];
    if (port.link_free > cycle || !port.egress.can_send(vc, flits)) continue;
    const uint64_t room = port.egress.free_flits(vc);
    if (best < 0 || room > most_room) best = static_cast<int>(p), most_room = room;
  }
  return best;
}

void NetworkInterface::note_blocked(uint32_t lane, uint64_t cycle, bool blocked) {
  for (uint32_t p = first_port(lane); p < last_port(lane); ++p) {
    if (ports_[p].link_free <= cycle) ports_[p].egress.note_blocked(cycle, blocked);
  }
}

uint64_t NetworkInterface::next_chance(uint32_t lane, uint16_t vc, uint32_t flits, uint64_t cycle) const {
  uint64_t next = kNever;
  bool room = false;
  for (uint32_t p = first_port(lane); p < last_port(lane); ++p) {
    if (ports_[p].egress.can_send(vc, flits)) room = true, next = std::min(next, std::max(ports_[p].link_free, cycle + 1));
  }
  if (room) return next;
  for (uint32_t p = first_port(lane); p < last_port(lane); ++p) next = std::min(next, ports_[p].egress.next_arrival());
  return next;
}

uint64_t NetworkInterface::next_free_link(uint64_t cycle) const {
  uint64_t next = kNever;
  for (const Port& p : ports_) next = std::min(next, std::max(p.link_free, cycle + 1));
  return next;
}

void NetworkInterface::send(uint32_t port, uint64_t cycle, const OutgoingPacket& packet) {
  Port& out = ports_[port];
  const uint32_t frame_bytes = frame_bytes_of(packet.bytes);
  const uint32_t flits = (frame_bytes + context_.flit_bytes - 1) / context_.flit_bytes;
  out.egress.note_blocked(cycle, false);
  out.egress.on_send(packet.vc, flits);

  tlm::tlm_generic_payload* gp = pool_.acquire();
  PacketInfo& info = packet_info(*gp);
  info = PacketInfo();
  info.id = (static_cast<uint64_t>(context_.index) << 40) | packet.sequence;
  info.source = context_.index;
  info.destination = packet.destination;
  info.bytes = packet.bytes;
  info.frame_bytes = frame_bytes;
  info.flits = flits;
  info.vc = packet.vc;
  info.traffic_class = packet.vc;
  info.sequence = packet.sequence;
  info.created = packet.created;
  info.injected = cycle;
  info.measured = stats_.window().contains(packet.created);
  info.message = packet.message;
  if (packet.memory) info.memory = *packet.memory;
  if (packet.message == MessageClass::Request) info.memory.request_injected = cycle;
  gp->set_address(packet.destination);
  gp->set_data_length(packet.bytes);
  stats_.on_injected(info);

  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  tx[static_cast<int>(port)]->nb_transport_fw(*gp, phase, delay);  // returns END_REQ + time until the wire is free
  out.link_free = owner_.domain().cycle_after(delay);
}

void NetworkInterface::apply(uint64_t cycle) {
  for (Port& p : ports_) p.egress.apply(cycle);
}

void NetworkInterface::ingress_arrival(uint32_t port, uint16_t vc, uint32_t flits, const sc_core::sc_time& delay) {
  send_flow_control(port, ports_[port].ingress.on_arrival(vc, flits), delay);
}

void NetworkInterface::ingress_departure(uint32_t port, uint16_t vc, uint32_t flits, const sc_core::sc_time& delay) {
  send_flow_control(port, ports_[port].ingress.on_departure(vc, flits), delay);
}

void NetworkInterface::send_flow_control(uint32_t port, const std::optional<FlowControlInfo>& message,
                                         const sc_core::sc_time& delay) {
  if (!message) return;
  tlm::tlm_phase phase = FLOW_CONTROL;
  sc_core::sc_time message_delay = delay;
  rx[static_cast<int>(port)]->nb_transport_bw(ports_[port].message.fill(*message), phase, message_delay);
}

tlm::tlm_sync_enum NetworkInterface::on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                               sc_core::sc_time& delay) {
  const uint64_t arrival = owner_.domain().cycle_after(delay);
  ports_[port].egress.receive(arrival, *gp.get_extension<FlowControlInfo>());
  client_.on_flow_control(static_cast<uint32_t>(port), arrival);
  return tlm::TLM_COMPLETED;
}

tlm::tlm_sync_enum NetworkInterface::on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                               sc_core::sc_time& delay) {
  client_.on_packet(static_cast<uint32_t>(port), gp, owner_.domain().cycle_after(delay), delay);
  return tlm::TLM_COMPLETED;
}

}  // namespace snsim
