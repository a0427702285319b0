// An accelerator endpoint: a synthetic traffic source and an infinitely fast sink.
//
// Source: Bernoulli injection (one packet per cycle with probability p) drawn as geometric gaps, so the
// endpoint is woken only on cycles where something happens. Generated packets wait in the source queue
// (unbounded, or bounded: a packet generated into a full queue is refused and counted) and are injected
// one at a time when the egress link can take one and the receiver has credits for the packet's VC.
// Sink: records the delivery in FabricStats at the tail's arrival cycle and returns the credits at once.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/core/params.h"
#include "models/core/rng.h"
#include "models/endpoint/traffic.h"
#include "models/link/port_profile.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

struct EndpointParams {
  uint64_t receive_buffer_bytes = 16384;
  uint64_t source_queue_packets = 0;  // 0: unbounded
};

const Schema& endpoint_schema();
EndpointParams endpoint_params_from(const ParamValues& values);

// What an endpoint needs to know about the fabric it sits in (given by the builder).
struct EndpointContext {
  uint32_t index = 0;
  uint32_t endpoints = 1;
  uint32_t vcs = 1;
  uint32_t flit_bytes = 16;
  double injection_bytes_per_cycle = 16;  // the egress link's bandwidth, to turn load into a packet rate
  const PortProfile* port = nullptr;      // the links' protocol: how many buffer bytes a payload takes
  uint64_t generation_end = kNever;       // no packets are created at or after this cycle
  uint64_t seed = 1;
};

class AcceleratorEndpoint : public Component {
 public:
  tlm_utils::simple_initiator_socket<AcceleratorEndpoint, 32, FabricProtocol> tx;  // to the egress link
  tlm_utils::simple_target_socket<AcceleratorEndpoint, 32, FabricProtocol> rx;     // from the ingress link

  AcceleratorEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain, const EndpointParams& params,
                      const EndpointContext& context, const Workload& workload, FabricStats& stats);

  uint32_t receive_buffer_flits() const;
  // Wiring by the builder: flow control toward the switch (egress) and of the receive buffer (ingress).
  void configure_egress(const FlowControlParams& params, uint32_t downstream_flits_per_vc, LinkStats* link) {
    egress_flow_.configure(params, context_.vcs, downstream_flits_per_vc, link);
  }
  void configure_ingress(FlowControlMode mode, uint32_t xoff, uint32_t xon) {
    ingress_flow_.configure(mode, context_.vcs, receive_buffer_flits(), xoff, xon, name());
  }
  void start();  // schedules the first packet
  void step(uint64_t cycle) override;

  // Packets per cycle this endpoint generates at the configured load.
  double packet_rate() const { return packet_rate_; }
  size_t pool_size() const { return pool_.allocated(); }

 private:
  struct Pending {
    uint64_t created;
    uint64_t sequence;
    uint32_t destination;
    uint32_t bytes;
    uint16_t vc;
  };

  void generate(uint64_t cycle);
  void inject(uint64_t cycle);
  tlm::tlm_sync_enum on_credit(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_packet(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  uint32_t flits_of(uint32_t frame_bytes) const { return (frame_bytes + context_.flit_bytes - 1) / context_.flit_bytes; }
  uint32_t frame_bytes_of(uint32_t payload) const { return context_.port ? context_.port->buffer_bytes(payload) : payload; }
  void send_flow_control(const std::optional<FlowControlInfo>& message, const sc_core::sc_time& delay);
  void refuse_blocking(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

  EndpointParams params_;
  EndpointContext context_;
  const Workload& workload_;
  FabricStats& stats_;
  Rng rng_;
  PacketPool pool_;
  FlowControlMessage message_;
  double packet_rate_ = 0;
  uint64_t next_generation_ = kNever;
  uint64_t sequence_ = 0;
  uint64_t port_free_ = 0;  // first cycle the egress link takes another packet
  std::deque<Pending> source_queue_;
  QueueStats& source_queue_stats_;
  TxFlowControl egress_flow_;
  RxFlowControl ingress_flow_;
};

}  // namespace snsim
