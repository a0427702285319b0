// An accelerator with memory semantics: it issues loads and stores to the global address space, serves
// the requests other accelerators send to its own HBM, and sends their responses back.
//
// Initiator: requests are generated like AcceleratorEndpoint's packets (Bernoulli or saturated) into a
// source queue; a request leaves only when one of its max_outstanding tags is free. A request whose home
// is this accelerator goes straight to the local HBM (no fabric); the others become request packets on
// request_vc. A transaction completes when the response's tail is back (or the local HBM answered).
// Target: a request packet's buffer space stays taken (its credits are not returned) until the HBM
// controller accepts the request, so a busy HBM backpressures the fabric on the request VC only. The
// controller's BEGIN_RESP becomes a response packet (read: data; write: an ack) on response_vc.
// Responses are always consumed at once and leave before waiting requests: with requests and responses on
// separate VCs, no response ever waits for a request, so the protocol cannot deadlock.
// Clock crossings: a request reaches the HBM scheduler at the first HBM edge strictly after it is handed
// over (hbm_controller.h); a response re-enters the fabric at the first fabric edge strictly after the
// controller's BEGIN_RESP (one cycle, like a synchronizer).
// The fabric side is the same NetworkInterface as AcceleratorEndpoint's, with any number of ports:
// requests and responses wait in its lanes (a local request in the lane its policy picks, so it still
// leaves in issue order behind the remote requests of that lane), and each port sends its lane's
// response first, then its request.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/packet.h"
#include "models/core/rng.h"
#include "models/endpoint/arrival_process.h"
#include "models/endpoint/endpoint_params.h"
#include "models/endpoint/endpoint_ports.h"
#include "models/endpoint/memory_workload.h"
#include "models/endpoint/network_interface.h"
#include "models/endpoint/traffic.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

class MemoryEndpoint : public Component, public EndpointPorts, private NicClient {
 public:
  tlm_utils::simple_initiator_socket<MemoryEndpoint> memory;  // to the local HBM controller

  MemoryEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain, const EndpointParams& params,
                 const EndpointContext& context, const Workload& workload, const GlobalAddressMap& map,
                 FabricStats& stats);

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
  void start() override;
  size_t pool_size() const override { return nic_.pool_size(); }

  void step(uint64_t cycle) override;
  uint64_t outstanding() const { return outstanding_; }

 private:
  // A request at its initiator (source queue) or a response at its target (response queue).
  struct Message {
    MemoryFields memory;
    uint32_t destination = 0;
    uint64_t sequence = 0;  // packet sequence (remote requests and responses only)
    uint64_t created = 0;
  };
  // A request handed (or to be handed) to the local HBM.
  struct MemoryJob {
    MemoryFields memory;
    bool local = false;      // from this accelerator's own source (no packet, no credits)
    uint32_t port = 0;       // remote: the port whose receive buffer it occupies until the HBM accepts it
    uint16_t vc = 0;         // and the buffer's VC
    uint32_t flits = 0;
    uint64_t ready = 0;      // the cycle it may be handed over (arrival of the packet's tail)
    bool second_phase = false;  // an atomic whose read is done: its write is next
  };

  void generate(uint64_t cycle, uint32_t stream);
  void issue_local(uint64_t cycle);
  void to_memory(uint64_t cycle);
  void complete_memory(uint64_t cycle);
  void inject(uint64_t cycle);
  void send_packet(uint32_t port, uint64_t cycle, const Message& m, MessageClass kind, uint16_t vc, uint32_t payload);
  uint64_t next_wake(uint64_t cycle) const;
  uint64_t next_created_sequence(uint64_t cycle, uint32_t payload);
  uint64_t pick_address(uint32_t home);
  // The first fabric cycle strictly after the current time (crossing from another clock domain).
  uint64_t crossing_cycle() const;

  void on_packet(uint32_t port, tlm::tlm_generic_payload& gp, uint64_t arrival, const sc_core::sc_time& delay) override;
  void on_flow_control(uint32_t port, uint64_t arrival) override;
  tlm::tlm_sync_enum on_memory(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  EndpointParams params_;
  EndpointContext context_;
  const Workload& workload_;
  const MemoryWorkload& mw_;
  GlobalAddressMap map_;
  FabricStats& stats_;
  Rng rng_;
  // load is the share of the link that the data-carrying messages take: requests per cycle =
  // load x link bytes per cycle / (request bytes + header).
  double request_rate_ = 0;
  ArrivalProcess arrivals_;
  uint64_t sequence_ = 0;       // packets created by this endpoint
  uint64_t next_offset_ = 0;    // sequential access: next slot of the region
  uint64_t outstanding_ = 0;    // own transactions holding a tag
  std::deque<MemoryJob> arrived_;  // remote requests waiting for the HBM controller, in arrival order
  std::deque<MemoryJob> local_;    // own requests to the local HBM, in issue order
  struct CreditReturn {
    uint32_t port;
    uint16_t vc;
    uint32_t flits;
  };
  std::vector<CreditReturn> credit_returns_;  // buffers freed by a late END_REQ
  struct IngressEvent {
    uint64_t arrival;
    uint32_t port;
    uint16_t vc;
    uint32_t flits;
    bool consumed;  // a response: its buffer is free at once
  };
  std::deque<IngressEvent> ingress_events_;  // packets whose arrival flow control is still to be sent
  std::deque<uint64_t> tag_release_;  // cycles at which completed remote transactions free their tag
  bool hbm_busy_ = false;          // BEGIN_REQ sent, END_REQ not yet received
  // HBM transactions: payloads owned here, with the job each one carries.
  std::vector<std::unique_ptr<tlm::tlm_generic_payload>> hbm_payloads_;
  std::vector<tlm::tlm_generic_payload*> hbm_free_;
  std::unordered_map<tlm::tlm_generic_payload*, MemoryJob> at_hbm_;
  std::deque<MemoryJob> answered_;  // HBM answers back in this clock domain (ready = crossing cycle)
  std::vector<unsigned char> dummy_data_;
  QueueStats& source_queue_stats_;
  QueueStats& response_queue_stats_;
  NetworkInterface nic_;
  PortLanes<Message> requests_;   // source queue (no tag yet), per lane of the NIC
  PortLanes<Message> responses_;  // responses waiting to be injected, per lane
};

}  // namespace snsim
