#include "models/switch/crossbar_switch.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snsim {

const Schema& switch_schema() {
  static const Schema schema{
      "switch",
      "Crossbar switch: FIFO or VOQ input buffers, separable (random / round-robin) or iSLIP allocation, "
      "optional output queues with internal speed-up, a pipeline latency.",
      {
          {"ports", ParamKind::Integer, "auto", 1, 4096, {}, false,
           "Number of ports; auto gives one per endpoint",
           "NVLink 5 switch chip: 72 ports (facts 1.3); the single-switch fabric needs >= endpoints", true},
          {"input_queue", ParamKind::Choice, "voq", 0, 0, {"fifo", "voq"}, false,
           "fifo: one queue per input and VC (head-of-line blocking); voq: one queue per input, VC and output",
           "NVSwitch embodiment uses input VOQs (US20230070690A1; facts 1.2)"},
          {"arbiter", ParamKind::Choice, "islip", 0, 0, {"round_robin", "random", "islip"}, false,
           "Output arbitration among contending inputs; islip needs input_queue: voq",
           "iSLIP: McKeown, IEEE/ACM ToN 1999"},
          {"islip_iterations", ParamKind::Integer, "2", 1, 16, {}, false,
           "iSLIP request-grant-accept iterations per cycle",
           "McKeown 1999: more iterations lower delay at high load; 2 is a common hardware choice"},
          {"output_queue", ParamKind::Boolean, "false", 0, 0, {}, false,
           "Add per-output queues fed by a crossbar running `speedup` times the link rate",
           "Karol, Hluchyj and Morgan, IEEE Trans. Commun. 1987 (output queueing)"},
          {"speedup", ParamKind::Integer, "1", 1, 4096, {}, false,
           "Internal crossbar speed-up over the link rate (only with output_queue: true)",
           "1 = no speed-up; ports = ideal output queueing"},
          {"output_buffer", ParamKind::Size, "unbounded", 16, 1ULL << 40, {}, true,
           "Capacity of each output queue in bytes (only with output_queue: true)",
           "unbounded reproduces the ideal output-queued switch"},
          {"input_buffer", ParamKind::Size, "32KiB", 16, 1ULL << 40, {}, false,
           "Input buffer per port and VC, in bytes (VOQs of an input share it); upstream holds this as credits",
           "Not public for NVSwitch (facts 8.5); covers the credit loop of the default NVLink-5 link and "
           "200 ns pipeline: 50 B/cycle x (6 + 93 + 200 + 93) cycles = 19.6 KB"},
          {"switching", ParamKind::Choice, "store_and_forward", 0, 0, {"store_and_forward", "cut_through"}, false,
           "store_and_forward: a packet may be switched once its tail has arrived; cut_through (virtual "
           "cut-through): once its head has, with credits for the whole packet downstream",
           "Dally and Towles 2004, ch. 13 (flow control)"},
          {"latency", ParamKind::Time, "200ns", 0, 1e9, {}, false,
           "Pipeline latency from a packet's arrival (tail, or head with cut_through) to when it may be switched "
           "(for a router: route computation + VC allocation + switch allocation + traversal)",
           "UALink 1.0 switch port-to-port target < 200 ns for a 51.2T switch (UALink webinar Q&A; facts 2); NVSwitch latency is not published (facts 1.3)"},
          {"impl", ParamKind::Choice, "tlm", 0, 0, {"tlm", "rtl"}, false,
           "tlm: this C++ model; rtl: its Verilated SystemVerilog twin (rtl/crossbar_switch.sv) through "
           "transactors, cycle for cycle the same (single_switch only; the subset is in docs/cosim.md)",
           "tlm is the fast model; rtl exists to check it (docs/cosim.md)"},
      },
      {}};
  return schema;
}

SwitchParams switch_params_from(const ParamValues& v) {
  SwitchParams p;
  p.ports = v.automatic("ports") ? 0 : static_cast<uint32_t>(v.whole("ports"));  // 0: the builder decides
  p.input_queueing = v.text("input_queue") == "voq" ? InputQueueing::Voq : InputQueueing::Fifo;
  const std::string& arb = v.text("arbiter");
  p.arbitration = arb == "islip" ? Arbitration::Islip : arb == "random" ? Arbitration::Random : Arbitration::RoundRobin;
  p.islip_iterations = static_cast<uint32_t>(v.whole("islip_iterations"));
  p.output_queued = v.flag("output_queue");
  p.speedup = static_cast<uint32_t>(v.whole("speedup"));
  p.output_buffer_bytes = v.number("output_buffer");
  p.input_buffer_bytes = v.whole("input_buffer");
  p.latency = v.whole("latency");
  p.cut_through = v.text("switching") == "cut_through";
  p.rtl = v.text("impl") == "rtl";
  return p;
}

CrossbarSwitch::CrossbarSwitch(const sc_core::sc_module_name& name, ClockDomain& domain, const SwitchParams& params,
                               const SwitchContext& context, FabricStats& stats)
    : Component(name, domain), in("in"), out("out"), params_(params), context_(context), stats_(stats),
      rng_(context.seed, std::string(this->name()) + ".arbiter"), inputs_(params.ports), outputs_(params.ports),
      requests_(params.ports), offered_queue_(params.ports, -1), request_set_(params.ports),
      islip_(params.ports, params.islip_iterations) {
  in.register_nb_transport_fw(this, &CrossbarSwitch::on_packet);
  out.register_nb_transport_bw(this, &CrossbarSwitch::on_credit);
  const uint32_t queues = params.input_queueing == InputQueueing::Voq ? context.vcs * params.ports : context.vcs;
  for (uint32_t i = 0; i < params.ports; ++i) {
    inputs_[i].queues.resize(queues);
    inputs_[i].nonempty = BitSet(queues);
    arriving_ = BitSet(params.ports);
    held_ = BitSet(params.ports);
    messages_ = BitSet(params.ports);
    const std::string report_name = context.report_name.empty() ? std::string(this->name()) : context.report_name;
    inputs_[i].occupancy = &stats.add_queue(report_name + ".in" + std::to_string(i), "flits",
                                            double(input_buffer_flits()) * context.vcs);
    if (params.output_queued) {
      outputs_[i].queue.resize(context.vcs);
      outputs_[i].occupancy = &stats.add_queue(
          report_name + ".out" + std::to_string(i), "flits",
          std::isinf(params.output_buffer_bytes) ? INFINITY : params.output_buffer_bytes / context.flit_bytes);
    }
  }
  round_robin_.assign(params.ports, RoundRobinArbiter(params.ports));
  adaptive_ = context.routing && context.routing->adaptive();
  if (adaptive_ && params.input_queueing != InputQueueing::Fifo) {
    throw std::logic_error(std::string(this->name()) + ": adaptive routing needs FIFO input queues");
  }
  // Crossbar time per byte: a port moves speedup x link bytes per cycle.
  transfer_fp_ = static_cast<uint64_t>(
      std::ceil(double(1ULL << kFrac) / (context.link_bytes_per_cycle * params.speedup)));
}

uint32_t CrossbarSwitch::input_buffer_flits() const {
  return static_cast<uint32_t>(params_.input_buffer_bytes / context_.flit_bytes);
}

void CrossbarSwitch::configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) {
  inputs_.at(port).flow.configure(mode, context_.vcs, input_buffer_flits(), xoff, xon, name());
}

void CrossbarSwitch::configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                                      LinkStats* link) {
  outputs_.at(port).flow.configure(params, context_.vcs, downstream_flits_per_vc, link);
}

void CrossbarSwitch::send_flow_control(uint32_t input, const std::optional<FlowControlInfo>& message) {
  if (!message) return;
  tlm::tlm_phase phase = FLOW_CONTROL;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  in[input]->nb_transport_bw(inputs_[input].message.fill(*message), phase, delay);
}

tlm::tlm_sync_enum CrossbarSwitch::on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                             sc_core::sc_time& delay) {
  uint64_t arrival = domain().cycle_after(delay);  // the tail
  if (params_.cut_through) arrival -= packet_info(gp).lead;                          // the head
  inputs_[port].inbound.emplace_back(arrival, &gp);
  arriving_.set(static_cast<uint32_t>(port));
  wake_at(arrival);
  return tlm::TLM_ACCEPTED;
}

tlm::tlm_sync_enum CrossbarSwitch::on_credit(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                             sc_core::sc_time& delay) {
  const uint64_t arrival = domain().cycle_after(delay);
  outputs_[port].flow.receive(arrival, *gp.get_extension<FlowControlInfo>());
  messages_.set(static_cast<uint32_t>(port));
  // A message can unblock a waiting packet; with nothing buffered it is applied at the next step.
  if (buffered_ > 0 || params_.output_queued) wake_at(std::max(arrival, outputs_[port].flow.next_arrival()));
  return tlm::TLM_COMPLETED;
}

void CrossbarSwitch::step(uint64_t cycle) {
  absorb(cycle);
  if (adaptive_ && buffered_ > 0) readapt_blocked_heads(cycle);
  if (buffered_ > 0 && min_head_ready_ <= cycle) {  // steps for a credit or an arrival may find nothing to switch
    if (params_.arbitration == Arbitration::Islip) {
      allocate_islip(cycle);
    } else {
      allocate_separable(cycle);
    }
  }
  if (params_.output_queued) transmit_output_queues(cycle);  // output queues drain even with inputs empty
  bool stalled = false;
  for (Output& o : outputs_) {
    stalled = stalled || o.flow_blocked;
    o.flow.note_blocked(cycle, o.flow_blocked);
    o.flow_blocked = false;
  }
  uint64_t next = next_wake(cycle);
  // Flow-control stalls are noted per step and last until the next one. Besides the cycles next_wake()
  // gives (a held-back head's turn, credits arriving), a stall can end the cycle after a packet is sent:
  // that output's link, or the input it left, is busy then. Look again in the next cycle.
  if (stalled && sent_) next = std::min(next, cycle + 1);
  sent_ = false;
  if (next != kNever) wake_at(next);
}

void CrossbarSwitch::absorb(uint64_t cycle) {
  // Only ports with something in flight toward them are visited.
  arriving_.for_each([&](uint32_t port) {
    Input& input = inputs_[port];
    if (held_.test(port)) return;
    while (!input.inbound.empty() && input.inbound.front().first <= cycle) {
      auto [arrival, gp] = input.inbound.front();
      input.inbound.pop_front();
      PacketInfo& info = packet_info(*gp);
      Entry e{gp, arrival + params_.latency, 0, info.flits, info.frame_bytes, info.vc, info.vc,
              static_cast<uint16_t>(info.vc + 1), params_.cut_through ? arrival + info.lead : arrival};
      if (context_.routing) {
        route_choices_.clear();
        context_.routing->route(context_.router_id, port, info.vc, info, rng_, route_choices_);
        if (route_choices_.empty()) {
          throw std::logic_error(std::string(name()) + ": no route to endpoint " + std::to_string(info.destination));
        }
        e.out = route_choices_[0].port;
        e.vc_begin = route_choices_[0].vc_begin;
        e.vc_end = route_choices_[0].vc_end;
        if (adaptive_) choose_route(e);
      } else {
        if (info.destination >= context_.route.size()) {
          throw std::logic_error(std::string(name()) + ": no route to endpoint " + std::to_string(info.destination));
        }
        e.out = context_.route[info.destination];
      }
      const uint32_t q = queue_index(e.vc, e.out);
      if (input.queues[q].empty()) {
        input.nonempty.set(q);
        min_head_ready_ = std::min(min_head_ready_, e.ready);
      }
      input.queues[q].push_back(e);
      ++input.buffered;
      ++buffered_;
      input.occupancy->change(cycle, e.flits);
      send_flow_control(port, input.flow.on_arrival(e.vc, e.flits));
    }
    if (input.inbound.empty()) arriving_.reset(port);
  });
  messages_.for_each([&](uint32_t port) {
    outputs_[port].flow.apply(cycle);
    if (outputs_[port].flow.next_arrival() == kNever) messages_.reset(port);
  });
}

void CrossbarSwitch::hold_input(uint32_t port, bool hold) {
  if (hold) {
    held_.set(port);
  } else {
    held_.reset(port);
    if (!inputs_[port].inbound.empty()) wake_at(domain().now() + 1);
  }
}

void CrossbarSwitch::choose_route(Entry& e) const {
  // The lowest tier with room for the whole packet downstream (credits; with output queues, room in
  // the queue); within it, the choice with the most room (ties: the routing function's order, so a lone
  // packet takes the first, e.g. the dimension-order path); with none available, wait on the escape
  // choice (else the first).
  int best = -1, wait = 0;
  uint64_t best_room = 0;
  for (size_t c = 0; c < route_choices_.size(); ++c) {
    const RouteChoice& rc = route_choices_[c];
    if (rc.escape && !route_choices_[static_cast<size_t>(wait)].escape) wait = static_cast<int>(c);
    const Output& o = outputs_[rc.port];
    uint64_t room = 0;
    if (params_.output_queued) {  // room in the output queue
      if (o.queued_bytes + e.frame_bytes > params_.output_buffer_bytes) continue;
      room = std::isinf(params_.output_buffer_bytes) ? 0 : static_cast<uint64_t>(params_.output_buffer_bytes - o.queued_bytes);
    } else {  // credits downstream (a busy link is not a reason to turn: measured worse on tornado)
      bool fits = false;
      for (uint16_t vc = rc.vc_begin; vc < rc.vc_end; ++vc) {
        room += o.flow.free_flits(vc);
        fits = fits || o.flow.can_send(vc, e.flits);
      }
      if (!fits) continue;
    }
    const RouteChoice* b = best < 0 ? nullptr : &route_choices_[static_cast<size_t>(best)];
    if (!b || rc.tier < b->tier || (rc.tier == b->tier && room > best_room)) best = static_cast<int>(c), best_room = room;
  }
  const RouteChoice& rc = route_choices_[static_cast<size_t>(best >= 0 ? best : wait)];
  e.out = rc.port;
  e.vc_begin = rc.vc_begin;
  e.vc_end = rc.vc_end;
}

void CrossbarSwitch::readapt_blocked_heads(uint64_t cycle) {
  for (uint32_t i = 0; i < inputs_.size(); ++i) {
    Input& input = inputs_[i];
    if (!input.buffered) continue;
    input.nonempty.for_each([&](uint32_t q) {
      Entry& e = input.queues[q].front();
      const Output& o = outputs_[e.out];
      const bool blocked = params_.output_queued ? o.queued_bytes + e.frame_bytes > params_.output_buffer_bytes
                                                 : out_vc(o, e) < 0;
      if (e.ready > cycle || !blocked) return;
      route_choices_.clear();
      context_.routing->route(context_.router_id, i, e.vc, packet_info(*e.gp), rng_, route_choices_);
      choose_route(e);
    });
  }
}

bool CrossbarSwitch::eligible(const Input& input, const Entry& e, uint64_t cycle) {
  if (e.ready > cycle) return false;
  const Output& o = outputs_[e.out];
  if (params_.output_queued) {
    const uint64_t next_edge = (cycle + 1) << kFrac;
    return input.busy_fp < next_edge && o.write_fp < next_edge &&
           o.queued_bytes + e.frame_bytes <= params_.output_buffer_bytes;
  }
  if (input.busy_fp > (cycle << kFrac) || o.link_free > cycle) return false;
  if (out_vc(o, e) >= 0) return true;
  outputs_[e.out].flow_blocked = true;  // held back only by flow control: a stall of that link
  return false;
}

int CrossbarSwitch::offer(uint32_t i, uint64_t cycle, int only_output) {
  Input& input = inputs_[i];
  const uint32_t n = static_cast<uint32_t>(input.queues.size());
  if (only_output >= 0 && params_.input_queueing == InputQueueing::Voq) {
    // A matched output: one VOQ per VC leads there; take the first eligible in round-robin order.
    int best = -1;
    uint32_t best_distance = n;
    for (uint16_t vc = 0; vc < context_.vcs; ++vc) {
      const uint32_t q = queue_index(vc, static_cast<uint32_t>(only_output));
      const uint32_t distance = (q + n - input.next_queue) % n;
      if (input.nonempty.test(q) && distance < best_distance && eligible(input, input.queues[q].front(), cycle)) {
        best = static_cast<int>(q), best_distance = distance;
      }
    }
    return best;
  }
  const uint32_t q = input.nonempty.find_from(input.next_queue, [&](uint32_t candidate) {
    const Entry& head = input.queues[candidate].front();
    return (only_output < 0 || head.out == static_cast<uint32_t>(only_output)) && eligible(input, head, cycle);
  });
  return q == BitSet::kNone ? -1 : static_cast<int>(q);
}

uint32_t CrossbarSwitch::pick(uint32_t output) {
  const std::vector<uint32_t>& requesters = requests_[output];
  if (params_.arbitration == Arbitration::Random) return requesters[rng_.below(requesters.size())];
  if (requesters.size() == 1) return round_robin_[output].grant_lone(requesters[0]);
  BitSet& set = request_set_;
  for (uint32_t i : requesters) set.set(i);
  const uint32_t winner = round_robin_[output].arbitrate(set);
  for (uint32_t i : requesters) set.reset(i);
  return winner;
}

void CrossbarSwitch::allocate_separable(uint64_t cycle) {
  // Without output queues one round fills every free output; with them, rounds repeat while the
  // sped-up crossbar still has time in this cycle.
  for (bool progress = true; progress;) {
    progress = false;
    for (uint32_t j : requested_outputs_) requests_[j].clear();
    requested_outputs_.clear();
    for (uint32_t i = 0; i < params_.ports; ++i) {
      offered_queue_[i] = inputs_[i].buffered ? offer(i, cycle, -1) : -1;
      if (offered_queue_[i] < 0) continue;
      const uint32_t j = inputs_[i].queues[offered_queue_[i]].front().out;
      if (requests_[j].empty()) requested_outputs_.push_back(j);
      requests_[j].push_back(i);
    }
    // Outputs in increasing order, as the allocation has always visited them (the random arbiter draws
    // in this order, so the order is part of the result).
    std::sort(requested_outputs_.begin(), requested_outputs_.end());
    for (uint32_t j : requested_outputs_) {
      uint32_t winner = pick(j);
      grant(winner, static_cast<uint32_t>(offered_queue_[winner]), cycle);
      progress = params_.output_queued;
    }
  }
}

void CrossbarSwitch::allocate_islip(uint64_t cycle) {
  // Requests: input i asks output j when one of its VOQs toward j has an eligible head.
  bool any = false;
  for (uint32_t i = 0; i < params_.ports; ++i) {
    const Input& input = inputs_[i];
    if (!input.buffered) continue;
    input.nonempty.for_each([&](uint32_t q) {
      const Entry& head = input.queues[q].front();
      if (eligible(input, head, cycle)) islip_.request(i, head.out), any = true;
    });
  }
  if (!any) return;
  const std::vector<int>& match = islip_.allocate();
  for (uint32_t i = 0; i < params_.ports; ++i) {
    if (match[i] < 0) continue;
    const int q = offer(i, cycle, match[i]);
    if (q >= 0) grant(i, static_cast<uint32_t>(q), cycle);
  }
}

void CrossbarSwitch::grant(uint32_t i, uint32_t q, uint64_t cycle) {
  Input& input = inputs_[i];
  Entry e = input.queues[q].front();
  input.queues[q].pop_front();
  if (input.queues[q].empty()) input.nonempty.reset(q);
  input.next_queue = (q + 1) % static_cast<uint32_t>(input.queues.size());
  --input.buffered;
  --buffered_;
  input.occupancy->change(cycle, -static_cast<int64_t>(e.flits));
  // The input buffer space is free as soon as the packet leaves it: credits (or a resume) go upstream.
  send_flow_control(i, input.flow.on_departure(e.vc, e.flits));

  if (!params_.output_queued) {
    transmit(e.out, e, cycle);
    input.busy_fp = outputs_[e.out].link_free << kFrac;  // the input streams the packet at link rate
    return;
  }
  Output& o = outputs_[e.out];
  const uint64_t transfer = uint64_t(e.frame_bytes) * transfer_fp_;
  input.busy_fp = std::max(input.busy_fp, cycle << kFrac) + transfer;
  o.write_fp = std::max(o.write_fp, cycle << kFrac) + transfer;
  // Cut-through into the output queue: the link may start reading while the faster crossbar writes.
  e.ready = cycle;
  e.vc_end = static_cast<uint16_t>(e.vc_begin + 1);  // an output queue per VC: the first allowed one
  o.queue[e.vc_begin].push_back(e);
  o.queued_bytes += e.frame_bytes;
  ++o.queued;
  o.occupancy->change(cycle, e.flits);
}

void CrossbarSwitch::transmit(uint32_t j, const Entry& e, uint64_t /*cycle*/) {
  Output& o = outputs_[j];
  const int vc = out_vc(o, e);
  if (vc < 0) throw std::logic_error(std::string(name()) + ": transmit without flow-control room");
  o.flow.on_send(static_cast<uint16_t>(vc), e.flits);
  sent_ = true;
  PacketInfo& info = packet_info(*e.gp);
  info.vc = static_cast<uint16_t>(vc);
  info.tail_not_before = params_.cut_through ? e.tail : 0;
  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  out[j]->nb_transport_fw(*e.gp, phase, delay);
  o.link_free = domain().cycle_after(delay);
}

void CrossbarSwitch::transmit_output_queues(uint64_t cycle) {
  for (uint32_t j = 0; j < params_.ports; ++j) {
    Output& o = outputs_[j];
    if (!o.queued || o.link_free > cycle) continue;
    for (uint32_t k = 0; k < context_.vcs; ++k) {
      uint32_t vc = (o.next_vc + k) % context_.vcs;
      auto& queue = o.queue[vc];
      if (queue.empty() || queue.front().ready > cycle) continue;
      if (!o.flow.can_send(vc, queue.front().flits)) {
        o.flow_blocked = true;
        continue;
      }
      Entry e = queue.front();
      queue.pop_front();
      o.queued_bytes -= e.frame_bytes;
      --o.queued;
      o.occupancy->change(cycle, -static_cast<int64_t>(e.flits));
      o.next_vc = (vc + 1) % context_.vcs;
      transmit(j, e, cycle);
      break;
    }
  }
}

uint64_t CrossbarSwitch::next_wake(uint64_t cycle) {
  uint64_t next = kNever;
  min_head_ready_ = kNever;
  auto consider = [&](uint64_t t) { next = std::min(next, std::max(t, cycle + 1)); };
  arriving_.for_each([&](uint32_t port) {
    if (!held_.test(port)) consider(inputs_[port].inbound.front().first);
  });
  if (!buffered_ && !params_.output_queued) return next;  // messages wait for the next step
  messages_.for_each([&](uint32_t port) { consider(outputs_[port].flow.next_arrival()); });
  for (const Input& input : inputs_) {
    if (!input.buffered) continue;
    const uint64_t input_free = (input.busy_fp + (1ULL << kFrac) - 1) >> kFrac;
    input.nonempty.for_each([&](uint32_t q) {
      const Entry& e = input.queues[q].front();
      min_head_ready_ = std::min(min_head_ready_, e.ready);
      const Output& o = outputs_[e.out];
      uint64_t t = std::max(e.ready, params_.output_queued ? (input.busy_fp >> kFrac) : input_free);
      if (params_.output_queued) {
        if (o.queued_bytes + e.frame_bytes > params_.output_buffer_bytes) t = std::max(t, o.link_free);
      } else {
        t = std::max(t, o.link_free);
        if (out_vc(o, e) < 0) {
          // A flow-control message wakes the switch to send it; but from t on the head is held back only by
          // flow control, a stall of that link, and the stall is noted by stepping (eligible()). Without
          // this step the stall would start at whichever step came next, and its length would depend on
          // the wake-up schedule.
          if (t > cycle) consider(t);
          return;
        }
      }
      consider(t);
    });
  }
  for (const Output& o : outputs_) {
    if (!o.queued) continue;
    for (uint32_t vc = 0; vc < context_.vcs; ++vc) {
      if (!o.queue[vc].empty() && o.flow.can_send(vc, o.queue[vc].front().flits)) {
        consider(std::max(o.link_free, o.queue[vc].front().ready));
      }
    }
  }
  return next;
}

void CrossbarSwitch::blocked_heads(uint64_t cycle, std::vector<BlockedHead>& out) const {
  for (uint32_t i = 0; i < inputs_.size(); ++i) {
    const Input& input = inputs_[i];
    input.nonempty.for_each([&](uint32_t q) {
      const Entry& e = input.queues[q].front();
      if (e.ready <= cycle && out_vc(outputs_[e.out], e) < 0) {
        out.push_back({i, e.vc, e.out, e.vc_begin, e.vc_end, packet_info(*e.gp).id});
      }
    });
  }
}

}  // namespace snsim
