// The network interface of an endpoint: everything between its traffic (data packets, or memory
// requests and responses) and the links to the fabric. One class, used by every endpoint kind, so the
// fabric side cannot drift between them.
//
// It owns, per port: the egress flow control toward the fabric (credits or pause state of the
// downstream buffer), the link's free time, and the ingress flow control of its receive buffer; and, for
// all ports, the payload pool, the PacketInfo fill and the two multi-sockets (port i = the i-th binding
// of tx and of rx). Each port injects independently: its own link-free time and credits, so P ports
// carry P links' worth of traffic.
//
// Port selection (EndpointContext::port_select). Packets wait for a port in *lanes*, FIFOs the endpoint
// keeps (PortLanes):
//   flow_hash, round_robin: one lane per port. A packet's lane, hence its port, is fixed when it is
//     queued (lane_for): the hash of (source, destination, traffic class), or the next port in turn. A
//     packet waits only behind packets for the same port, so a busy port holds back no other.
//   least_loaded: one lane for all ports. The head leaves by whichever port can take it now (link free,
//     credits for its VC) with the most credits for its VC downstream; ties: the lowest port.
// With one port every policy is the same single FIFO on port 0.
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <deque>
#include <string>

#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/endpoint/endpoint_params.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

// The port of the flow (source, destination, traffic class) under flow_hash: a fixed hash of the flow
// alone (not of the seed), so a flow has the same port in every run.
uint32_t flow_hash_port(uint32_t source, uint32_t destination, uint16_t traffic_class, uint32_t ports);

// What the endpoint that owns a NetworkInterface does with what arrives from the fabric.
class NicClient {
 public:
  virtual ~NicClient() = default;
  // A packet's tail reaches the endpoint through `port` at cycle `arrival` (`delay` after now). The
  // client owns the payload from here (it release()s it) and frees its receive buffer space (ingress_*).
  virtual void on_packet(uint32_t port, tlm::tlm_generic_payload& gp, uint64_t arrival,
                         const sc_core::sc_time& delay) = 0;
  // A flow-control message for `port` arrived; it takes effect at `arrival` (NetworkInterface::apply).
  virtual void on_flow_control(uint32_t port, uint64_t arrival) = 0;
};

// What an endpoint says about a packet it sends; the interface fills in the rest of its PacketInfo.
struct OutgoingPacket {
  uint32_t destination = 0;
  uint32_t bytes = 0;  // payload
  uint16_t vc = 0;     // also its traffic class: routers keep a flow on one VC per hop
  uint64_t sequence = 0;
  uint64_t created = 0;
  MessageClass message = MessageClass::Data;
  const MemoryFields* memory = nullptr;  // requests and responses
};

// The FIFOs in which an endpoint's packets (of type T) wait for a port, one per lane (see above).
template <class T>
class PortLanes {
 public:
  explicit PortLanes(uint32_t lanes) : lanes_(lanes) {}
  uint32_t lanes() const { return static_cast<uint32_t>(lanes_.size()); }
  const std::deque<T>& operator[](uint32_t lane) const { return lanes_[lane]; }
  std::deque<T>& operator[](uint32_t lane) { return lanes_[lane]; }
  void push(uint32_t lane, const T& item) {
    lanes_[lane].push_back(item);
    ++size_;
  }
  void pop(uint32_t lane) {
    lanes_[lane].pop_front();
    --size_;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::vector<std::deque<T>> lanes_;
  size_t size_ = 0;
};

class NetworkInterface {
 public:
  tlm_utils::multi_passthrough_initiator_socket<NetworkInterface, 32, FabricProtocol> tx;  // to the egress links
  tlm_utils::multi_passthrough_target_socket<NetworkInterface, 32, FabricProtocol> rx;     // from the ingress links

  // Constructed inside `owner`'s constructor, so that the sockets are named owner.tx and owner.rx.
  NetworkInterface(Component& owner, NicClient& client, const EndpointParams& params, const EndpointContext& context,
                   FabricStats& stats);

  // The EndpointPorts calls (the endpoints forward them here).
  uint32_t ports() const { return static_cast<uint32_t>(ports_.size()); }
  uint32_t receive_buffer_flits() const;
  void configure_egress(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link);
  void configure_ingress(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon);
  void check_wiring();  // after elaboration: every port bound once on each socket and configured
  size_t pool_size() const { return pool_.allocated(); }

  uint32_t frame_bytes_of(uint32_t payload) const { return context_.port ? context_.port->buffer_bytes(payload) : payload; }
  uint32_t flits_of(uint32_t payload) const { return (frame_bytes_of(payload) + context_.flit_bytes - 1) / context_.flit_bytes; }

  // Port selection over lanes.
  uint32_t lanes() const { return shared_lane_ ? 1 : ports(); }
  // The lane of a packet being queued now (round_robin: takes the next port's turn).
  uint32_t lane_for(uint32_t destination, uint16_t traffic_class);
  // Whether a port of `lane` has its link free at `cycle` (the lane may send this cycle).
  bool any_link_free(uint32_t lane, uint64_t cycle) const;
  // The port by which the head of `lane` (on `vc`, `flits` long) leaves at `cycle`, or -1 if none can
  // take it now (link busy or flow control).
  int ready_port(uint32_t lane, uint16_t vc, uint32_t flits, uint64_t cycle) const;
  // Stall accounting of the ports of `lane` whose link is free: `blocked` when the lane still holds a
  // packet that only flow control keeps from them (TxFlowControl::note_blocked).
  void note_blocked(uint32_t lane, uint64_t cycle, bool blocked);
  // The next cycle after `cycle` at which such a head could leave: when a port that has room for it is
  // free, else when flow control next arrives for one of the lane's ports (kNever: none pending).
  uint64_t next_chance(uint32_t lane, uint16_t vc, uint32_t flits, uint64_t cycle) const;
  // The first cycle after `cycle` at which some port's link is free.
  uint64_t next_free_link(uint64_t cycle) const;
  // Sends a packet by `port` (which ready_port chose) at `cycle`.
  void send(uint32_t port, uint64_t cycle, const OutgoingPacket& packet);

  // Flow control arrived for the egress ports takes effect (call first in every step).
  void apply(uint64_t cycle);
  uint64_t next_arrival(uint32_t port) const { return ports_[port].egress.next_arrival(); }

  // The receive buffer of `port`: a packet of `flits` on `vc` fills it / leaves it, and the flow control
  // that follows goes back, annotated with `delay`.
  void ingress_arrival(uint32_t port, uint16_t vc, uint32_t flits, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);
  void ingress_departure(uint32_t port, uint16_t vc, uint32_t flits, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);

 private:
  struct Port {
    TxFlowControl egress;
    RxFlowControl ingress;
    FlowControlMessage message;  // reused for every flow-control message this port's receiver sends
    uint64_t link_free = 0;      // first cycle the egress link takes another packet
    bool egress_configured = false, ingress_configured = false;
    std::string name;            // the receive buffer's owner in error messages
  };
  // The ports a lane's packets may leave by: [first, last).
  uint32_t first_port(uint32_t lane) const { return shared_lane_ ? 0 : lane; }
  uint32_t last_port(uint32_t lane) const { return shared_lane_ ? ports() : lane + 1; }
  void send_flow_control(uint32_t port, const std::optional<FlowControlInfo>& message, const sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  Component& owner_;
  NicClient& client_;
  EndpointParams params_;
  EndpointContext context_;
  FabricStats& stats_;
  PacketPool pool_;
  std::deque<Port> ports_;  // a deque: Port holds a FlowControlMessage, which cannot move
  bool shared_lane_ = false;
  uint32_t next_lane_ = 0;  // round_robin: the port of the next packet
};

}  // namespace snsim
