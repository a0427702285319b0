// An N-port crossbar switch, packet-switched (store-and-forward: a packet is switched once its tail has
// arrived), with credit flow control on every port.
//
// Input queueing: one FIFO per input and VC (head-of-line blocking), or virtual output queues (one queue
// per input, VC and output) sharing the input's buffer. Allocation each cycle, input-first: an input
// offers one of its eligible head packets (round robin over its VCs/VOQs), and each output picks one of
// the inputs that offered it (random or round robin); or, with VOQs, iSLIP (McKeown 1999) with a
// configurable number of iterations. A head packet is eligible when its pipeline delay has passed, the
// input's crossbar port is free, and (without output queues) its output link is free and has credits.
//
// Optional output queueing: the crossbar runs `speedup` times faster than a link and moves packets into
// per-output queues (bounded or not); each output then sends from its queue at link rate. With speedup
// equal to the port count this is the ideal output-queued switch of Karol, Hluchyj and Morgan (1987).
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <vector>

#include "models/core/bit_set.h"
#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/core/ring_queue.h"
#include "models/core/params.h"
#include "models/core/rng.h"
#include "models/router/routing.h"
#include "models/stats/fabric_stats.h"
#include "models/switch/arbiters.h"
#include "models/switch/switch_control.h"

namespace snsim {

enum class InputQueueing { Fifo, Voq };
enum class Arbitration { RoundRobin, Random, Islip };

struct SwitchParams {
  uint32_t ports = 16;
  InputQueueing input_queueing = InputQueueing::Fifo;
  Arbitration arbitration = Arbitration::RoundRobin;
  uint32_t islip_iterations = 1;
  bool output_queued = false;
  uint32_t speedup = 1;
  double output_buffer_bytes = 0;  // +inf: unbounded
  uint64_t input_buffer_bytes = 16384;
  uint64_t latency = 1;  // cycles from a packet's arrival to when it may be switched
  bool cut_through = false;  // switch a packet once its head has arrived (else once its tail has)
  bool rtl = false;  // impl: rtl, a Verilated twin replaces this model (models/fabric/switch_impl.h)
};

const Schema& switch_schema();
SwitchParams switch_params_from(const ParamValues& values);

// What the switch needs to know about the fabric it sits in (given by the builder).
struct SwitchContext {
  uint32_t vcs = 1;
  uint32_t flit_bytes = 16;
  double link_bytes_per_cycle = 16;  // the crossbar moves speedup x this per port per cycle
  std::vector<uint32_t> route;        // destination endpoint -> output port (when routing is null)
  const RoutingFunction* routing = nullptr;  // a router's routing function (direct topologies)
  uint32_t router_id = 0;
  uint64_t seed = 1;
  // The name reports use (hierarchical, with dots); empty: the module's name. SystemC names cannot hold
  // dots, so a switch named pod0.sw3 in the graph is the module pod0_sw3.
  std::string report_name;
};

class CrossbarSwitch : public Component, public SwitchControl {
 public:
  tlm_utils::multi_passthrough_target_socket<CrossbarSwitch, 32, FabricProtocol> in;      // port i = i-th binding
  tlm_utils::multi_passthrough_initiator_socket<CrossbarSwitch, 32, FabricProtocol> out;  // port j = j-th binding

  CrossbarSwitch(const sc_core::sc_module_name& name, ClockDomain& domain, const SwitchParams& params,
                 const SwitchContext& context, FabricStats& stats);

  uint32_t input_buffer_flits() const;
  // Wiring by the builder: the receive side of input `port` and the send side of output `port`.
  void configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon);
  void configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link);
  void step(uint64_t cycle) override;
  // Head packets that wait only for flow control on their output (deadlock diagnosis).
  void blocked_heads(uint64_t cycle, std::vector<BlockedHead>& out) const override;
  uint32_t buffered() const { return buffered_; }
  // Optical circuit reconfiguration: a held input leaves arriving packets unrouted in its inbound queue
  // (upstream runs out of credits and stops); releasing it routes them with the routing in force then.
  void hold_input(uint32_t port, bool hold) override;
  size_t held_packets(uint32_t port) const override { return held_.test(port) ? inputs_[port].inbound.size() : 0; }
  // Waveform tracing (models/trace): the receive side of input `port`, to hook its per-VC occupancy.
  uint32_t ports() const { return params_.ports; }
  RxFlowControl& input_flow_control(uint32_t port) { return inputs_.at(port).flow; }

 private:
  struct Entry {
    tlm::tlm_generic_payload* gp;
    uint64_t ready;  // first cycle the packet may be switched
    uint32_t out;
    uint32_t flits;
    uint32_t frame_bytes;
    uint16_t vc;                      // input VC (the queue it waits in)
    uint16_t vc_begin, vc_end;        // output VCs the routing allows
    uint64_t tail;                    // cycle its tail arrives here
  };
  struct Input {
    RingQueue<std::pair<uint64_t, tlm::tlm_generic_payload*>> inbound;  // (tail arrival, packet)
    std::vector<RingQueue<Entry>> queues;  // FIFO: [vc]; VOQ: [vc * ports + out]
    BitSet nonempty;                        // which queues hold packets: visit only those
    uint64_t busy_fp = 0;                   // crossbar read port free time (16 fractional bits)
    uint32_t next_queue = 0;                // round-robin pointer over queues
    uint32_t buffered = 0;                  // packets in queues
    QueueStats* occupancy = nullptr;        // flits
    RxFlowControl flow;
    FlowControlMessage message;
  };
  struct Output {
    uint64_t link_free = 0;  // first cycle the output link takes another packet
    TxFlowControl flow;      // credits or pause state toward the downstream receiver
    bool flow_blocked = false;  // this step, a packet for this output was held back only by flow control
    std::vector<RingQueue<Entry>> queue;  // per VC (output-queued mode)
    double queued_bytes = 0;
    uint32_t queued = 0;
    uint64_t write_fp = 0;     // crossbar write port free time (output-queued mode)
    uint32_t next_vc = 0;
    QueueStats* occupancy = nullptr;
  };

  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  void absorb(uint64_t cycle);
  void send_flow_control(uint32_t input, const std::optional<FlowControlInfo>& message);
  bool eligible(const Input& input, const Entry& e, uint64_t cycle);  // notes flow-control stalls
  int offer(uint32_t i, uint64_t cycle, int only_output);  // queue index an input offers, or -1
  uint32_t pick(uint32_t output);  // winner among requests_[output]
  void allocate_separable(uint64_t cycle);
  void allocate_islip(uint64_t cycle);
  void grant(uint32_t i, uint32_t queue, uint64_t cycle);
  void transmit(uint32_t j, const Entry& e, uint64_t cycle);
  void transmit_output_queues(uint64_t cycle);
  uint64_t next_wake(uint64_t cycle);  // also refreshes min_head_ready_
  // Adaptive routing (routing->adaptive()): pick among route_choices_ by room downstream (credits;
  // with output queues, room in the queue), and pick again for head packets held back (so a blocked
  // packet can always take its escape VC, as Duato's condition requires). FIFO input queues only: a
  // VOQ is tied to its output.
  void choose_route(Entry& e) const;
  void readapt_blocked_heads(uint64_t cycle);
  // The first allowed output VC with room for the packet, or -1.
  int out_vc(const Output& o, const Entry& e) const {
    for (uint16_t vc = e.vc_begin; vc < e.vc_end; ++vc) {
      if (o.flow.can_send(vc, e.flits)) return vc;
    }
    return -1;
  }
  uint32_t queue_index(uint16_t vc, uint32_t out) const {
    return params_.input_queueing == InputQueueing::Voq ? vc * params_.ports + out : vc;
  }

  static constexpr unsigned kFrac = 16;
  SwitchParams params_;
  SwitchContext context_;
  FabricStats& stats_;
  Rng rng_;
  std::vector<Input> inputs_;
  std::vector<Output> outputs_;
  std::vector<std::vector<uint32_t>> requests_;  // per output: requesting inputs (reused each cycle)
  std::vector<int> offered_queue_;               // per input: offered queue this round
  BitSet request_set_;                           // scratch for round-robin picks
  std::vector<RoundRobinArbiter> round_robin_;   // per output (separable allocation)
  IslipAllocator islip_;
  uint32_t buffered_ = 0;                        // packets in all input queues
  // The earliest cycle any head packet's pipeline delay ends: before it, allocation has nothing to do
  // (and would note no flow-control stall), so the step skips it.
  uint64_t min_head_ready_ = kNever;
  std::vector<uint32_t> requested_outputs_;      // outputs with requests this round (to clear only those)
  BitSet arriving_;                              // inputs with packets on their way in
  BitSet held_;                                  // inputs whose arrivals wait unrouted (hold_input)
  BitSet messages_;                              // outputs with flow-control messages not yet applied
  mutable std::vector<RouteChoice> route_choices_;  // scratch for the routing function
  bool adaptive_ = false;                        // the routing function offers several choices
  bool sent_ = false;                            // a packet went to a link in this step
  uint64_t transfer_fp_ = 0;                     // crossbar time of one byte, fixed point
};

}  // namespace snsim
