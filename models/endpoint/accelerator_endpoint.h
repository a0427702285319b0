// An accelerator endpoint: a synthetic traffic source and an infinitely fast sink, on the fabric through
// its NetworkInterface (one or more ports).
//
// Source: Bernoulli injection (ArrivalProcess: one packet per cycle with probability p, drawn as
// geometric gaps, so the endpoint is woken only on cycles where something happens). Generated packets
// wait in the source queue (unbounded, or bounded: a packet generated into a full queue is refused and
// counted), split into the NIC's lanes when it has several ports, and each port injects its lane's head
// when its egress link can take one and the receiver has credits for the packet's VC.
// Sink: records the delivery in FabricStats at the tail's arrival cycle and returns the credits at once.
#pragma once

#include <deque>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/packet.h"
#include "models/core/rng.h"
#include "models/endpoint/arrival_process.h"
#include "models/endpoint/endpoint_params.h"
#include "models/endpoint/endpoint_ports.h"
#include "models/endpoint/network_interface.h"
#include "models/endpoint/traffic.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

class AcceleratorEndpoint : public Component, public EndpointPorts, private NicClient {
 public:
  AcceleratorEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain, const EndpointParams& params,
                      const EndpointContext& context, const Workload& workload, FabricStats& stats);

  // EndpointPorts (wiring by the builder), answered by the network interface.
  uint32_t ports() const override { return nic_.ports(); }
  tlm_utils::multi_init_base<32, FabricProtocol>& tx_socket() override { return nic_.tx; }
  tlm_utils::multi_target_base<32, FabricProtocol>& rx_socket() override { return nic_.rx; }
  uint32_t receive_buffer_flits() const override { return nic_.receive_buffer_flits(); }
  void configure_egress(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link) override {
    nic_.configure_egress(port, params, downstream_flits_per_vc, link);
  }
  void configure_ingress(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) override {
    nic_.configure_ingress(port, mode, xoff, xon);
  }
  void start() override;  // schedules the first packet
  size_t pool_size() const override { return nic_.pool_size(); }

  void step(uint64_t cycle) override;
  // Packets per cycle this endpoint generates at the configured load.
  double packet_rate() const { return packet_rate_; }

 private:
  struct Pending {
    uint64_t created;
    uint64_t sequence;
    uint32_t destination;
    uint32_t bytes;
    uint16_t vc;
  };

  void generate(uint64_t cycle, uint32_t stream);
  void inject(uint64_t cycle);
  void on_packet(uint32_t port, tlm::tlm_generic_payload& gp, uint64_t arrival, const sc_core::sc_time& delay) override;
  void on_flow_control(uint32_t port, uint64_t arrival) override;

  EndpointParams params_;
  EndpointContext context_;
  const Workload& workload_;
  FabricStats& stats_;
  Rng rng_;
  double packet_rate_ = 0;
  ArrivalProcess arrivals_;
  uint64_t sequence_ = 0;
  QueueStats& source_queue_stats_;
  NetworkInterface nic_;
  PortLanes<Pending> source_queue_;  // one FIFO per lane of the NIC
};

}  // namespace snsim
