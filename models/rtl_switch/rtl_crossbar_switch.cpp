#include "models/rtl_switch/rtl_crossbar_switch.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace snsim {
namespace {
uint64_t total_clocked_cycles = 0;
constexpr unsigned kFrac = 16;  // fixed-point cycles of the waveform's time (LinkStats::kFractionBits)
}  // namespace

uint64_t RtlCrossbarSwitch::total_clocked() { return total_clocked_cycles; }

RtlCrossbarSwitch::RtlCrossbarSwitch(const sc_core::sc_module_name& name, ClockDomain& domain,
                                     const SwitchParams& params, const SwitchContext& context, FabricStats& stats,
                                     std::unique_ptr<cosim::CrossbarRtl> rtl)
    : Component(name, domain), in("in"), out("out"), params_(params), context_(context), rtl_(std::move(rtl)),
      inbound_(params.ports), flow_(params.ports), link_free_(params.ports, 0), occupancy_(params.ports, 0),
      messages_(params.ports), packets_(size_t(1) << cosim::kXbarTagBits, nullptr),
      tag_input_(packets_.size(), 0) {
  in.register_nb_transport_fw(this, &RtlCrossbarSwitch::on_packet);
  out.register_nb_transport_bw(this, &RtlCrossbarSwitch::on_credit);
  // The same queue statistics, under the same names, as the TLM switch keeps.
  for (uint32_t i = 0; i < params.ports; ++i) {
    queue_stats_.push_back(&stats.add_queue(std::string(this->name()) + ".in" + std::to_string(i), "flits",
                                            double(input_buffer_flits()) * context.vcs));
  }
  for (uint32_t tag = static_cast<uint32_t>(packets_.size()); tag-- > 0;) free_tags_.push_back(tag);
  trace_ = stats.trace_signals(this->name(), std::string(this->name()) + "_rtl");
  if (trace_) declare_signals(*trace_);
}

void RtlCrossbarSwitch::declare_signals(SignalTrace& t) {
  using F = SignalTrace::Format;
  const unsigned fw = rtl_->flit_bits();
  clk_signal_ = t.declare("clk_i", 1, F::kBit, 0);
  cycle_signal_ = t.declare("cycle_i", 64, F::kDecimal, 0);
  for (uint32_t i = 0; i < params_.ports; ++i) {
    const std::string p = "in" + std::to_string(i) + "_";
    in_signals_.push_back({t.declare(p + "valid_i", 1, F::kBit, 0), t.declare(p + "ready_o", 1, F::kBit, 1),
                           t.declare(p + "flit_i", fw, F::kHex, 0), t.declare(p + "credit_valid_o", 1, F::kBit, 0),
                           t.declare(p + "credit_flits_o", cosim::kXbarCostBits, F::kDecimal, 0),
                           t.declare(p + "waiting_o", 1, F::kBit, 0), t.declare(p + "queued_o", 16, F::kCount, 0),
                           t.declare(p + "busy_o", 1, F::kBit, 0)});
  }
  for (uint32_t j = 0; j < params_.ports; ++j) {
    const std::string p = "out" + std::to_string(j) + "_";
    out_signals_.push_back({t.declare(p + "valid_o", 1, F::kBit, 0), t.declare(p + "ready_i", 1, F::kBit, 1),
                            t.declare(p + "flit_o", fw, F::kHex, 0), t.declare(p + "credit_valid_i", 1, F::kBit, 0),
                            t.declare(p + "credit_flits_i", 32, F::kDecimal, 0), t.declare(p + "stall_o", 1, F::kBit, 0),
                            t.declare(p + "credits_o", 32, F::kCount, 0), 0});
  }
}

// The cycle's inputs and combinational outputs, at the cycle; the transfers they show last one cycle (on
// cycles the RTL is not clocked the transactor presents none: the later call of the next step wins).
void RtlCrossbarSwitch::trace_cycle(uint64_t cycle, const std::vector<uint32_t>& credits_arrived) {
  SignalTrace& t = *trace_;
  const cosim::CrossbarRtl& rtl = *rtl_;
  const uint64_t at = cycle << kFrac, next = (cycle + 1) << kFrac;
  t.set(at, cycle_signal_, cycle);
  for (uint32_t i = 0; i < params_.ports; ++i) {
    const PortSignals& s = in_signals_[i];
    const bool valid = arriving_[i] != nullptr;
    t.set(at, s.valid, valid);
    if (valid) t.set(at, s.flit, rtl.packed(in_flits_[i]));
    t.set(at, s.ready, rtl.in_ready(i));
    t.set(at, s.credit_valid, rtl.credit_valid(i));
    if (rtl.credit_valid(i)) t.set(at, s.credit_flits, rtl.credit_flits(i));
    t.set(at, s.flag, rtl.waiting(i));
    for (uint32_t signal : {s.valid, s.credit_valid, s.flag}) t.set(next, signal, 0);
  }
  for (uint32_t j = 0; j < params_.ports; ++j) {
    const PortSignals& s = out_signals_[j];
    t.set(at, s.valid, rtl.out_valid(j));
    if (rtl.out_valid(j)) t.set(at, s.flit, rtl.packed(rtl.out_flit(j)));
    t.set(at, s.ready, cycle >= link_free_[j]);
    t.set(at, s.credit_valid, credits_arrived[j] != 0);
    if (credits_arrived[j] != 0) t.set(at, s.credit_flits, credits_arrived[j]);
    t.set(at, s.flag, rtl.stalled(j));
    for (uint32_t signal : {s.valid, s.credit_valid}) t.set(next, signal, 0);
  }
}

// The rising edge half a cycle in: the clock, and the registers as it left them.
void RtlCrossbarSwitch::trace_edge(uint64_t cycle) {
  SignalTrace& t = *trace_;
  const cosim::CrossbarRtl& rtl = *rtl_;
  const uint64_t edge = (cycle << kFrac) + (uint64_t(1) << (kFrac - 1)), next = (cycle + 1) << kFrac;
  t.set(edge, clk_signal_, 1);
  t.set(next, clk_signal_, 0);
  for (uint32_t i = 0; i < params_.ports; ++i) {
    t.set(edge, in_signals_[i].count, rtl.queued(i));
    t.set(edge, in_signals_[i].busy, rtl.busy(i));
  }
  for (uint32_t j = 0; j < params_.ports; ++j) t.set(edge, out_signals_[j].count, rtl.credits(j));
}

uint32_t RtlCrossbarSwitch::input_buffer_flits() const {
  return static_cast<uint32_t>(params_.input_buffer_bytes / context_.flit_bytes);
}

void RtlCrossbarSwitch::configure_input(uint32_t port, FlowControlMode mode, uint32_t, uint32_t) {
  if (mode != FlowControlMode::Credit) throw std::logic_error(std::string(name()) + ": the RTL switch takes credits only");
  if (port >= params_.ports) throw std::out_of_range(std::string(name()) + ": no input " + std::to_string(port));
}

void RtlCrossbarSwitch::configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                                         LinkStats* link) {
  if (params.mode != FlowControlMode::Credit) throw std::logic_error(std::string(name()) + ": the RTL switch takes credits only");
  flow_.at(port).configure(params, 1, downstream_flits_per_vc, link);
  // The RTL resets every output's counter to one value: the single-switch fabric's receivers are all alike.
  if (downstream_credits_ != 0 && downstream_credits_ != downstream_flits_per_vc) {
    throw std::logic_error(std::string(name()) + ": output " + std::to_string(port) +
                           " has a different downstream buffer; the RTL switch starts every output with the same credits");
  }
  downstream_credits_ = downstream_flits_per_vc;
}

void RtlCrossbarSwitch::start_of_simulation() {
  rtl_->reset(downstream_credits_);
  if (trace_) {
    for (uint32_t j = 0; j < params_.ports; ++j) trace_->set(0, out_signals_[j].count, rtl_->credits(j));
  }
}

tlm::tlm_sync_enum RtlCrossbarSwitch::on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                                sc_core::sc_time& delay) {
  const uint64_t arrival = domain().cycle_at_or_after(sc_core::sc_time_stamp() + delay);  // the tail
  auto& queue = inbound_[port];
  // One flit per input and cycle: the configuration check keeps packets at least a cycle apart.
  if (!queue.empty() && queue.back().first >= arrival) {
    throw std::runtime_error(std::string(name()) + ": two packets reach input " + std::to_string(port) +
                             " in cycle " + std::to_string(arrival) +
                             "; the RTL input takes one flit per cycle (outside the impl: rtl subset)");
  }
  queue.emplace_back(arrival, &gp);
  wake_at(arrival);
  return tlm::TLM_ACCEPTED;
}

tlm::tlm_sync_enum RtlCrossbarSwitch::on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                                sc_core::sc_time& delay) {
  const uint64_t arrival = domain().cycle_at_or_after(sc_core::sc_time_stamp() + delay);
  const FlowControlInfo& info = *gp.get_extension<FlowControlInfo>();
  if (info.kind != FlowControlKind::Credit) throw std::logic_error(std::string(name()) + ": the RTL switch takes credits only");
  flow_[port].receive(arrival, info);
  // Credits can unblock a waiting packet; with nothing buffered they are applied at the next step.
  if (buffered_ > 0) wake_at(arrival);
  return tlm::TLM_COMPLETED;
}

void RtlCrossbarSwitch::step(uint64_t cycle) {
  cosim::CrossbarRtl& rtl = *rtl_;
  const uint32_t n = params_.ports;
  ++clocked_;
  ++total_clocked_cycles;
  rtl.set_cycle(cycle, params_.latency);
  std::vector<tlm::tlm_generic_payload*>& arriving = arriving_;
  arriving.assign(n, nullptr);
  in_flits_.assign(n, cosim::XbarFlit{});
  for (uint32_t i = 0; i < n; ++i) {
    auto& queue = inbound_[i];
    cosim::XbarFlit& flit = in_flits_[i];
    if (!queue.empty() && queue.front().first <= cycle) {
      if (queue.front().first < cycle) throw std::logic_error(std::string(name()) + ": a packet arrival was missed");
      tlm::tlm_generic_payload* gp = queue.front().second;
      const PacketInfo& info = packet_info(*gp);
      if (info.destination >= context_.route.size()) {
        throw std::logic_error(std::string(name()) + ": no route to endpoint " + std::to_string(info.destination));
      }
      if (info.flits >= (1u << cosim::kXbarCostBits)) {
        throw std::runtime_error(std::string(name()) + ": a packet of " + std::to_string(info.flits) +
                                 " flits is more than the RTL's cost field holds");
      }
      if (free_tags_.empty()) throw std::runtime_error(std::string(name()) + ": more packets than the RTL has tags");
      flit.tag = free_tags_.back();
      free_tags_.pop_back();
      packets_[flit.tag] = gp;
      tag_input_[flit.tag] = i;
      flit.dest = context_.route[info.destination];
      flit.cost = info.flits;
      arriving[i] = gp;
    }
    rtl.set_input(i, arriving[i] != nullptr, flit);
  }
  credits_arrived_.assign(n, 0);
  for (uint32_t j = 0; j < n; ++j) {
    rtl.set_out_ready(j, cycle >= link_free_[j]);
    const uint64_t before = flow_[j].free_flits(0);
    flow_[j].apply(cycle);
    credits_arrived_[j] = static_cast<uint32_t>(flow_[j].free_flits(0) - before);
    rtl.set_credit(j, credits_arrived_[j]);
  }
  rtl.eval();
  for (uint32_t j = 0; j < n; ++j) {
    if (rtl.credits(j) + uint64_t(credits_arrived_[j]) != flow_[j].free_flits(0)) {
      throw std::logic_error(std::string(name()) + ": the RTL's credit counter of output " + std::to_string(j) + " is " +
                             std::to_string(rtl.credits(j)) + " + " + std::to_string(credits_arrived_[j]) +
                             " arriving, the credits the traffic leaves are " + std::to_string(flow_[j].free_flits(0)));
    }
  }
  if (trace_) trace_cycle(cycle, credits_arrived_);

  // Arrivals enter the input queues.
  for (uint32_t i = 0; i < n; ++i) {
    if (!arriving[i]) continue;
    if (!rtl.in_ready(i)) {
      throw std::runtime_error(std::string(name()) + ": input " + std::to_string(i) + " queue full (" +
                               std::to_string(cosim::kXbarQueueDepth) +
                               " packets per RTL queue); use a smaller switch.input_buffer or larger packets");
    }
    const PacketInfo& info = packet_info(*arriving[i]);
    occupancy_[i] += info.flits;
    if (occupancy_[i] > input_buffer_flits()) {
      throw std::logic_error(std::string(name()) + ": input " + std::to_string(i) + " buffer overflow: flow control failed");
    }
    inbound_[i].pop_front();
    ++buffered_;
    ready_times_.push(cycle + params_.latency);
    queue_stats_[i]->change(cycle, info.flits);
  }
  // Departures, in the order the TLM switch makes its grants (iSLIP: by input; separable: by output),
  // so that even the order of calls within a cycle is the same: each frees its input buffer space
  // (credits upstream) and goes to its output's link.
  std::vector<Grant>& grants = grants_;
  grants.clear();
  for (uint32_t j = 0; j < n; ++j) {
    if (!rtl.out_valid(j)) continue;
    const cosim::XbarFlit flit = rtl.out_flit(j);
    if (!packets_.at(flit.tag) || flit.dest != j) throw std::logic_error(std::string(name()) + ": the RTL sent an unknown packet");
    grants.push_back({tag_input_[flit.tag], j, flit.tag});
  }
  if (params_.input_queueing == InputQueueing::Voq) {
    std::sort(grants.begin(), grants.end(), [](const Grant& a, const Grant& b) { return a.input < b.input; });
  }
  bool waiting = false;
  uint32_t credit_returns = 0;
  for (uint32_t i = 0; i < n; ++i) {
    waiting = waiting || rtl.waiting(i);
    credit_returns += rtl.credit_valid(i);
  }
  if (credit_returns != grants.size()) throw std::logic_error(std::string(name()) + ": RTL credit returns do not match its grants");
  for (const Grant& g : grants) {
    tlm::tlm_generic_payload* gp = packets_[g.tag];
    PacketInfo& info = packet_info(*gp);
    const uint32_t flits = rtl.credit_flits(g.input);
    if (!rtl.credit_valid(g.input) || flits != info.flits) {
      throw std::logic_error(std::string(name()) + ": RTL input " + std::to_string(g.input) + " returned the wrong credits");
    }
    packets_[g.tag] = nullptr;
    free_tags_.push_back(g.tag);
    occupancy_[g.input] -= flits;
    --buffered_;
    queue_stats_[g.input]->change(cycle, -static_cast<int64_t>(flits));
    tlm::tlm_phase fc = FLOW_CONTROL;
    sc_core::sc_time fc_delay = sc_core::SC_ZERO_TIME;
    in[g.input]->nb_transport_bw(messages_[g.input].fill(FlowControlInfo{FlowControlKind::Credit, 0, flits}), fc, fc_delay);

    info.vc = 0;
    info.tail_not_before = 0;
    flow_[g.output].on_send(0, flits);
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    out[g.output]->nb_transport_fw(*gp, phase, delay);
    link_free_[g.output] = domain().cycle_at_or_after(sc_core::sc_time_stamp() + delay);
  }
  // Flow-control stalls of the output links, noted on every step as the TLM switch does.
  bool stalled = false;
  for (uint32_t j = 0; j < n; ++j) {
    stalled = stalled || rtl.stalled(j);
    flow_[j].note_blocked(cycle, rtl.stalled(j));
  }
  rtl.clock();
  if (trace_) trace_edge(cycle);

  // The next cycle that can change anything.
  uint64_t next = kNever;
  auto consider = [&](uint64_t t) { next = std::min(next, std::max(t, cycle + 1)); };
  // A stall lasts until the next step; a departure can end it in the next cycle (CrossbarSwitch::step).
  if (stalled && !grants.empty()) consider(cycle + 1);
  for (const auto& queue : inbound_) {
    if (!queue.empty()) consider(queue.front().first);
  }
  if (buffered_ > 0) {
    if (waiting) consider(cycle + 1);
    while (!ready_times_.empty() && ready_times_.top() <= cycle) ready_times_.pop();
    if (!ready_times_.empty()) consider(ready_times_.top());
    for (uint32_t j = 0; j < n; ++j) {
      if (link_free_[j] > cycle) consider(link_free_[j]);
      if (flow_[j].next_arrival() != kNever) consider(flow_[j].next_arrival());
    }
  }
  if (next != kNever) wake_at(next);
}

}  // namespace snsim
