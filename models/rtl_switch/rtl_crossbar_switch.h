// The transactor that puts the Verilated crossbar (rtl/crossbar_switch.sv) into a fabric in place of the
// TLM CrossbarSwitch (switch.impl: rtl): TLM-2.0 packets in and out on the same sockets and protocol
// (models/core/packet.h), RTL flits (crossbar_rtl.h) in between.
//
//   packet in (nb_transport_fw, delay = its tail's arrival) -> a flit {output, cost, tag} on the input's
//     valid/ready port in the arrival cycle; the tag names the payload in this transactor's packet memory;
//   out_valid of output j -> the tagged packet goes to link j in that cycle; the link's answer (when it
//     takes the next packet) is output j's ready until then;
//   credits from downstream (nb_transport_bw) -> credit_valid/credit_flits of the output in the cycle
//     they arrive; credit_valid_o of input i -> a credit message upstream in that cycle.
//
// Statistics as the TLM switch keeps them: input occupancy (QueueStats `sw0.in<i>`) and the output links'
// flow-control stalls (the RTL's stall_o: a head held back only by credits). A shadow of each output's
// credit counter (TxFlowControl, as the TLM switch's) is checked against the RTL's every clocked cycle and
// drives the link's credit waveform.
// When the run traces this switch (--vcd/--fst with a filter that selects it), every port of the RTL,
// the clock edges it was given and its observability outputs go into the run's waveform under the
// scope `<name>_rtl`, on the run's time base: inputs and combinational outputs at the cycle, registers
// at the rising edge half a cycle later.
//
// The RTL is clocked only on cycles that can change something: a flit arrives, credits arrive while
// packets wait, a waiting packet's pipeline latency ends, an output's link frees up, or the RTL reports
// an eligible packet it did not grant. No clock runs otherwise (the engine is event-driven,
// models/core/clock_domain.h).
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/fabric/switch_impl.h"
#include "models/rtl_switch/crossbar_rtl.h"

namespace snsim {

class RtlCrossbarSwitch final : public Component, public SwitchPorts {
 public:
  tlm_utils::multi_passthrough_target_socket<RtlCrossbarSwitch, 32, FabricProtocol> in;
  tlm_utils::multi_passthrough_initiator_socket<RtlCrossbarSwitch, 32, FabricProtocol> out;

  RtlCrossbarSwitch(const sc_core::sc_module_name& name, ClockDomain& domain, const SwitchParams& params,
                    const SwitchContext& context, FabricStats& stats, std::unique_ptr<cosim::CrossbarRtl> rtl);

  tlm_utils::multi_target_base<32, FabricProtocol>& in_socket() override { return in; }
  tlm_utils::multi_init_base<32, FabricProtocol>& out_socket() override { return out; }
  uint32_t input_buffer_flits() const override;
  void configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) override;
  void configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link) override;
  void step(uint64_t cycle) override;

  cosim::CrossbarRtl& rtl() { return *rtl_; }
  uint64_t clocked_cycles() const { return clocked_; }
  static uint64_t total_clocked();  // cycles clocked by every RTL switch of this process (measurements)

 private:
  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  void start_of_simulation() override;
  void declare_signals(SignalTrace& trace);
  void trace_cycle(uint64_t cycle, const std::vector<uint32_t>& credits_arrived);  // after eval()
  void trace_edge(uint64_t cycle);                                                // after clock()

  SwitchParams params_;
  SwitchContext context_;
  std::unique_ptr<cosim::CrossbarRtl> rtl_;
  uint32_t downstream_credits_ = 0;  // every output's, at reset
  std::vector<std::deque<std::pair<uint64_t, tlm::tlm_generic_payload*>>> inbound_;  // per input: (tail arrival, packet)
  std::vector<TxFlowControl> flow_;  // per output: the credits downstream, as the TLM switch counts them
  std::vector<uint64_t> link_free_;  // per output: first cycle its link takes another packet
  std::vector<uint32_t> occupancy_;  // per input, flits (checked against the buffer)
  std::vector<QueueStats*> queue_stats_;
  std::vector<FlowControlMessage> messages_;  // per input
  std::vector<tlm::tlm_generic_payload*> packets_;  // the packet memory, by tag
  std::vector<uint32_t> tag_input_;                 // the input each tagged packet came in on
  std::vector<uint32_t> free_tags_;
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> ready_times_;
  struct Grant {
    uint32_t input, output, tag;
  };
  std::vector<tlm::tlm_generic_payload*> arriving_;  // per input, this step (reused)
  std::vector<Grant> grants_;                         // this step's grants (reused)
  std::vector<uint32_t> credits_arrived_;             // per output, this step (reused)
  std::vector<cosim::XbarFlit> in_flits_;             // per input, this step (reused)
  // The waveform's signals (null: this switch is not traced).
  SignalTrace* trace_ = nullptr;
  struct PortSignals {
    // input: in_valid_i, in_ready_o, in_flit_i, credit_valid_o, credit_flits_o, waiting_o, queued_o, busy_o
    // output: out_valid_o, out_ready_i, out_flit_o, credit_valid_i, credit_flits_i, stall_o, credits_o
    uint32_t valid, ready, flit, credit_valid, credit_flits, flag, count, busy;
  };
  std::vector<PortSignals> in_signals_, out_signals_;
  uint32_t clk_signal_ = 0, cycle_signal_ = 0;
  uint32_t buffered_ = 0;  // packets inside the RTL
  uint64_t clocked_ = 0;
};

}  // namespace snsim
