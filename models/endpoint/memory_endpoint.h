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
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/core/rng.h"
#include "models/endpoint/accelerator_endpoint.h"
#include "models/endpoint/memory_workload.h"
#include "models/endpoint/traffic.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

class MemoryEndpoint : public Component {
 public:
  tlm_utils::simple_initiator_socket<MemoryEndpoint, 32, FabricProtocol> tx;  // to the egress link
  tlm_utils::simple_target_socket<MemoryEndpoint, 32, FabricProtocol> rx;     // from the ingress link
  tlm_utils::simple_initiator_socket<MemoryEndpoint> memory;                  // to the local HBM controller

  MemoryEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain, const EndpointParams& params,
                 const EndpointContext& context, const Workload& workload, const GlobalAddressMap& map,
                 FabricStats& stats);

  uint32_t receive_buffer_flits() const;
  void configure_egress(const FlowControlParams& params, uint32_t downstream_flits_per_vc, LinkStats* link) {
    egress_flow_.configure(params, context_.vcs, downstream_flits_per_vc, link);
  }
  void configure_ingress(FlowControlMode mode, uint32_t xoff, uint32_t xon) {
    ingress_flow_.configure(mode, context_.vcs, receive_buffer_flits(), xoff, xon, name());
  }
  void start();
  void step(uint64_t cycle) override;

  size_t pool_size() const { return pool_.allocated(); }
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
    uint16_t vc = 0;         // remote: the buffer it occupies until the HBM accepts it
    uint32_t flits = 0;
    uint64_t ready = 0;      // the cycle it may be handed over (arrival of the packet's tail)
    bool second_phase = false;  // an atomic whose read is done: its write is next
  };

  void generate(uint64_t cycle);
  void issue_local(uint64_t cycle);
  void to_memory(uint64_t cycle);
  void complete_memory(uint64_t cycle);
  void inject(uint64_t cycle);
  void send_packet(uint64_t cycle, const Message& m, MessageClass kind, uint16_t vc, uint32_t payload);
  uint64_t next_wake(uint64_t cycle) const;
  uint64_t next_created_sequence(uint64_t cycle, uint32_t payload);
  uint64_t pick_address(uint32_t home);
  // The first fabric cycle strictly after the current time (crossing from another clock domain).
  uint64_t crossing_cycle() const;

  tlm::tlm_sync_enum on_credit(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_packet(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_memory(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  void refuse_blocking(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void send_flow_control(const std::optional<FlowControlInfo>& message, const sc_core::sc_time& delay);
  uint32_t flits_of(uint32_t payload) const;

  EndpointParams params_;
  EndpointContext context_;
  const Workload& workload_;
  const MemoryWorkload& mw_;
  GlobalAddressMap map_;
  FabricStats& stats_;
  Rng rng_;
  PacketPool pool_;
  FlowControlMessage message_;
  double request_rate_ = 0;
  uint64_t next_generation_ = kNever;
  uint64_t sequence_ = 0;       // packets created by this endpoint
  uint64_t next_offset_ = 0;    // sequential access: next slot of the region
  uint64_t port_free_ = 0;
  uint64_t outstanding_ = 0;    // own transactions holding a tag
  std::deque<Message> requests_;   // source queue (no tag yet)
  std::deque<Message> responses_;  // responses waiting to be injected
  std::deque<MemoryJob> arrived_;  // remote requests waiting for the HBM controller, in arrival order
  std::deque<MemoryJob> local_;    // own requests to the local HBM, in issue order
  std::vector<std::pair<uint16_t, uint32_t>> credit_returns_;  // buffers freed by a late END_REQ
  struct IngressEvent {
    uint64_t arrival;
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
  TxFlowControl egress_flow_;
  RxFlowControl ingress_flow_;
};

}  // namespace snsim
