#include "testbench/captured_stimulus.h"

#include <algorithm>

#include "testbench/crossbar_rtl_harness.h"

namespace snsim::cosim {

CapturedStimulus::CapturedStimulus(const std::string& path) : path_(path), capture_(read_switch_capture(path)) {
  const SwitchCaptureHeader& h = capture_.header;
  const uint64_t end = capture_.end_cycle;
  // One downstream buffer for every bound output: the RTL resets every credit counter to one value.
  for (int64_t d : h.downstream_flits) {
    if (d < 0) continue;
    if (downstream_flits_ && d != downstream_flits_) {
      throw SwitchCaptureError(path + ": outputs with different downstream buffers (" + std::to_string(downstream_flits_) +
                               " and " + std::to_string(d) + " flits): the RTL crossbar resets every output to one count");
    }
    downstream_flits_ = static_cast<uint32_t>(d);
  }
  if (!downstream_flits_) throw SwitchCaptureError(path + ": no output was bound to a link (no downstream buffer)");
  auto by_cycle = [](const auto& a, const auto& b) { return a.cycle < b.cycle; };
  auto before_end = [end](const auto& e) { return e.cycle >= end; };
  auto& arrivals = capture_.arrivals;
  arrivals.erase(std::remove_if(arrivals.begin(), arrivals.end(), before_end), arrivals.end());
  std::stable_sort(arrivals.begin(), arrivals.end(), by_cycle);
  auto& credits = capture_.credits_in;
  credits.erase(std::remove_if(credits.begin(), credits.end(), before_end), credits.end());
  std::stable_sort(credits.begin(), credits.end(), by_cycle);
  for (const CapturedDeparture& d : capture_.departures) {
    if (d.cycle >= end) continue;
    witness_[d.cycle].push_back({0, d.output, d.id});
    link_free_[{d.id, d.output}] = d.link_free;
    ++departures_;
  }
  for (const CapturedCredit& c : capture_.credits_out) {
    if (c.cycle < end) witness_[c.cycle].push_back({1, c.port, c.flits});
  }
  for (auto& [cycle, events] : witness_) std::sort(events.begin(), events.end());
}

CrossbarRtlConfig CapturedStimulus::rtl_config(uint32_t mutate) const {
  const SwitchCaptureHeader& h = header();
  CrossbarRtlConfig c{h.ports, h.input_queue == "voq", h.input_queue == "voq" ? h.islip_iterations : 1, mutate};
  std::string built;
  for (const CrossbarRtlConfig& b : harness_crossbar_rtl_configs()) {
    if (b.ports == c.ports && b.voq == c.voq && b.iterations == c.iterations && b.mutate == c.mutate) return c;
    built += (built.empty() ? "" : ", ") + b.name();
  }
  throw SwitchCaptureError(path_ + ": the capture's switch (" + c.name() +
                           ") has no Verilated RTL; built: " + built + " (SNSIM_CROSSBAR_CONFIGS in models/rtl_switch/CMakeLists.txt, "
                           "SNSIM_CROSSBAR_MUTANTS in testbench/CMakeLists.txt)");
}

const Events& CapturedStimulus::witness(uint64_t cycle) const {
  const auto it = witness_.find(cycle);
  return it == witness_.end() ? none_ : it->second;
}

uint64_t CapturedStimulus::link_free(uint32_t output, uint64_t id) const {
  const auto it = link_free_.find({id, output});
  return it == link_free_.end() ? 0 : it->second;
}

ReplayDriver::ReplayDriver(const sc_core::sc_module_name& name, ClockDomain& domain, const CapturedStimulus& stimulus,
                           Events& tlm_log, Events& rtl_log)
    : Component(name, domain), to_tlm("to_tlm"), to_rtl("to_rtl"), stimulus_(stimulus), tlm_log_(tlm_log),
      rtl_log_(rtl_log) {
  to_tlm.register_nb_transport_bw(this, &ReplayDriver::on_credit_tlm);
  to_rtl.register_nb_transport_bw(this, &ReplayDriver::on_credit_rtl);
}

void ReplayDriver::start() {
  if (!stimulus_.arrivals().empty()) wake_at(stimulus_.arrivals().front().cycle - 1);
}

void ReplayDriver::step(uint64_t cycle) {
  const auto& arrivals = stimulus_.arrivals();
  for (; next_ < arrivals.size() && arrivals[next_].cycle == cycle + 1; ++next_) {
    send(to_tlm, tlm_pool_, arrivals[next_], cycle);
    send(to_rtl, rtl_pool_, arrivals[next_], cycle);
    ++packets;
  }
  if (next_ < arrivals.size()) wake_at(arrivals[next_].cycle - 1);
}

void ReplayDriver::send(tlm_utils::multi_passthrough_initiator_socket<ReplayDriver, 32, FabricProtocol>& socket,
                        PacketPool& pool, const CapturedArrival& a, uint64_t cycle) {
  tlm::tlm_generic_payload* gp = pool.acquire();
  PacketInfo& info = packet_info(*gp);
  info = PacketInfo{};
  info.id = a.id;
  info.source = a.input;
  info.destination = a.output;  // the harness routes endpoint e to port e
  info.flits = a.flits;
  info.frame_bytes = a.flits * stimulus_.header().flit_bytes;
  info.created = cycle;
  info.injected = a.cycle;  // its arrival at the switch (the sink measures waits from here)
  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = domain().period();
  socket[a.input]->nb_transport_fw(*gp, phase, delay);
}

tlm::tlm_sync_enum ReplayDriver::log_credit(Events& log, int port, tlm::tlm_generic_payload& gp) {
  log.push_back({1, uint64_t(port), gp.get_extension<FlowControlInfo>()->flits});
  return tlm::TLM_COMPLETED;
}

ReplaySink::ReplaySink(const sc_core::sc_module_name& name, ClockDomain& domain, const CapturedStimulus& stimulus,
                       Events& log)
    : Component(name, domain), in("in"), stimulus_(stimulus), messages_(stimulus.header().ports),
      sent_(stimulus.header().ports, 0), returned_(stimulus.header().ports, 0),
      credits_(stimulus.header().ports, stimulus.downstream_flits()), returns_(stimulus.header().ports), log_(log) {
  in.register_nb_transport_fw(this, &ReplaySink::on_packet);
}

void ReplaySink::start() {
  if (!stimulus_.credits_in().empty()) wake_at(stimulus_.credits_in().front().cycle - 1);
}

// Announces the credits that arrive in the next cycle, as a link does (one cycle of delay).
void ReplaySink::step(uint64_t cycle) {
  const auto& credits = stimulus_.credits_in();
  for (; next_ < credits.size() && credits[next_].cycle == cycle + 1; ++next_) {
    const CapturedCredit& c = credits[next_];
    if (returned_[c.port] + c.flits > sent_[c.port]) {
      if (problem_.empty()) {
        problem_ = "the capture returns " + std::to_string(c.flits) + " credits to output " + std::to_string(c.port) +
                   " in cycle " + std::to_string(c.cycle) + ", more than the replayed switch has sent there (" +
                   std::to_string(sent_[c.port]) + " flits sent, " + std::to_string(returned_[c.port]) +
                   " returned): the replay has left the captured run";
      }
      continue;  // withheld: the counter would exceed the downstream buffer
    }
    returned_[c.port] += c.flits;
    returns_[c.port].emplace_back(c.cycle, c.flits);
    tlm::tlm_phase phase = FLOW_CONTROL;
    sc_core::sc_time delay = domain().period();
    in[c.port]->nb_transport_bw(messages_[c.port].fill(FlowControlInfo{FlowControlKind::Credit, 0, c.flits}), phase,
                                delay);
  }
  if (next_ < credits.size()) wake_at(credits[next_].cycle - 1);
}

uint32_t ReplaySink::credits_at(uint32_t port, uint64_t cycle) {
  auto& returns = returns_[port];
  while (!returns.empty() && returns.front().first <= cycle) credits_[port] += returns.front().second, returns.pop_front();
  return credits_[port];
}

tlm::tlm_sync_enum ReplaySink::on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                         sc_core::sc_time& delay) {
  const uint64_t now = domain().now();
  const PacketInfo& info = packet_info(gp);
  log_.push_back({0, uint64_t(port), info.id});
  if (now > info.injected + stimulus_.header().latency_cycles) ++waited;
  sent_[port] += info.flits;
  credits_[port] -= info.flits;
  // The captured link's answer; a packet the capture does not have leaving here is a mismatch the
  // checker reports in this cycle, so any answer will do for it (the next cycle).
  const uint64_t free = std::max(now + 1, stimulus_.link_free(static_cast<uint32_t>(port), info.id));
  gp.release();
  phase = tlm::END_REQ;
  delay = domain().time_of(free) - sc_core::sc_time_stamp();
  return tlm::TLM_UPDATED;
}

}  // namespace snsim::cosim
