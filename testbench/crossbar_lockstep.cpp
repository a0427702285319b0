// The crossbar lock-step harness (crossbar_lockstep.h). Everything runs in one clock domain, stepped
// in this order each cycle: the driver offers packets to both switches, the TLM switch steps, the RTL
// switch steps, the checker compares what the two did in the cycle.
#include "testbench/crossbar_lockstep.h"

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <array>
#include <deque>
#include <functional>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "models/core/rng.h"
#include "models/rtl_switch/rtl_crossbar_switch.h"
#include "models/sim/isolated_run.h"
#include "models/switch/crossbar_switch.h"
#include "testbench/captured_stimulus.h"
#include "testbench/crossbar_events.h"
#include "testbench/crossbar_rtl_harness.h"

namespace snsim::cosim {
namespace {

constexpr unsigned kFrac = 16;
constexpr uint32_t kFlitBytes = 16;
constexpr uint32_t kInputBufferFlits = 64;  // 64 packets of 1 flit at most: the RTL queue depth

// The stimulus in phases: load per input, where packets go, how big they are, how long an output link
// stays busy with one, how long the receiver behind it keeps the credits.
struct Phase {
  std::string name;
  double load = 0.5;
  int hotspot = -1;              // every packet to this output
  bool permutation = false;      // input i to output (i + shift) % N
  uint32_t shift = 1;
  uint32_t max_flits = 4;
  uint64_t busy_min_fp = 1 << kFrac, busy_max_fp = 4 << kFrac;  // link busy per packet, fixed point
  uint64_t credit_delay_min = 1, credit_delay_max = 8;
  uint64_t length = 1000;
};

class Driver;

// The links and receivers behind one switch's outputs: a link busy for the packet's time (fractional,
// like models/link), a receiver that returns the packet's credits after its delay.
class Sink : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Sink, 32, FabricProtocol> in;
  Sink(const sc_core::sc_module_name& name, ClockDomain& domain, uint32_t ports, uint64_t latency, uint32_t credits,
       Events& log)
      : sc_core::sc_module(name), in("in"), domain_(domain), wire_free_fp_(ports, 0), last_credit_(ports, 0),
        messages_(ports), credits_(ports, credits), returns_(ports), latency_(latency), log_(log) {
    in.register_nb_transport_fw(this, &Sink::on_packet);
  }
  void start() {}  // the receivers answer packets; nothing to schedule
  // What the sender's credit counter of output `port` holds at the end of `cycle`: the downstream buffer,
  // less what was sent, plus the credits that have arrived by then.
  uint32_t credits_at(uint32_t port, uint64_t cycle) {
    auto& returns = returns_[port];
    while (!returns.empty() && returns.front().first <= cycle) credits_[port] += returns.front().second, returns.pop_front();
    return credits_[port];
  }
  uint64_t waited = 0;

 private:
  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    const uint64_t now = domain_.now();
    PacketInfo& info = packet_info(gp);
    log_.push_back({0, uint64_t(port), info.id});
    if (now > info.injected + latency_) ++waited;
    const uint64_t start = std::max(now << kFrac, wire_free_fp_[port]);
    wire_free_fp_[port] = start + info.bytes;  // `bytes` carries the link busy time here
    const uint64_t next_offer = std::max(now + 1, wire_free_fp_[port] >> kFrac);
    const uint32_t flits = info.flits;
    // The receiver's delay (`sequence` carries it), in order on one link as a real one would be.
    last_credit_[port] = std::max(last_credit_[port], now + info.sequence);
    sc_core::sc_time credit_delay = domain_.time_of(last_credit_[port]) - sc_core::sc_time_stamp();
    credits_[port] -= flits;
    returns_[port].emplace_back(last_credit_[port], flits);
    tlm::tlm_phase fc = FLOW_CONTROL;
    in[port]->nb_transport_bw(messages_[port].fill(FlowControlInfo{FlowControlKind::Credit, 0, flits}), fc, credit_delay);
    gp.release();
    phase = tlm::END_REQ;
    delay = domain_.time_of(next_offer) - sc_core::sc_time_stamp();
    return tlm::TLM_UPDATED;
  }

  ClockDomain& domain_;
  std::vector<uint64_t> wire_free_fp_;
  std::vector<uint64_t> last_credit_;
  std::vector<FlowControlMessage> messages_;
  std::vector<uint32_t> credits_;
  std::vector<std::deque<std::pair<uint64_t, uint32_t>>> returns_;  // (arrival, flits)
  uint64_t latency_;
  Events& log_;
};

class Driver : public Component {
 public:
  tlm_utils::multi_passthrough_initiator_socket<Driver, 32, FabricProtocol> to_tlm, to_rtl;

  Driver(const sc_core::sc_module_name& name, ClockDomain& domain, uint32_t ports, uint64_t seed, uint64_t cycles,
         Events& tlm_log, Events& rtl_log)
      : Component(name, domain), to_tlm("to_tlm"), to_rtl("to_rtl"), ports_(ports), cycles_(cycles),
        rng_(seed, "crossbar_lockstep.stimulus"), credits_tlm_(ports, kInputBufferFlits),
        credits_rtl_(ports, kInputBufferFlits), pending_(ports), tlm_log_(tlm_log), rtl_log_(rtl_log) {
    to_tlm.register_nb_transport_bw(this, &Driver::on_credit_tlm);
    to_rtl.register_nb_transport_bw(this, &Driver::on_credit_rtl);
    link_latency_ = 1 + rng_.below(4);
  }
  void start() { wake_at(0); }
  void step(uint64_t cycle) override {
    if (cycle >= phase_end_) next_phase(cycle);
    for (uint32_t i = 0; i < ports_; ++i) {
      if (!pending_[i] && rng_.uniform() < phase_.load) pending_[i] = make_packet(i, cycle);
      if (!pending_[i]) continue;
      const PacketInfo& p = pending_[i]->info;
      if (credits_tlm_[i] < p.flits) {
        ++credit_stalls;
        continue;
      }
      send(to_tlm, tlm_pool_, i, *pending_[i], cycle);
      send(to_rtl, rtl_pool_, i, *pending_[i], cycle);
      credits_tlm_[i] -= p.flits;
      credits_rtl_[i] -= p.flits;
      pending_[i].reset();
      ++packets;
    }
    if (cycle + 1 < cycles_) wake_at(cycle + 1);
  }
  const std::string& phase_name() const { return phase_.name; }

  uint64_t packets = 0, credit_stalls = 0;

 private:
  struct Pending {
    PacketInfo info;
  };

  void next_phase(uint64_t cycle) {
    Phase p;
    const uint64_t k = phase_count_++;
    // A directed prologue, then random phases.
    if (k == 0) {
      p.name = "every input to output 0, full load";
      p.load = 1.0, p.hotspot = 0, p.length = 400;
    } else if (k == 1) {
      p.name = "permutation, full load";
      p.load = 1.0, p.permutation = true, p.shift = 1, p.length = 400;
    } else if (k == 2) {
      p.name = "slow receivers (credits back after 40-120 cycles)";
      p.load = 0.9, p.credit_delay_min = 40, p.credit_delay_max = 120, p.length = 600;
    } else if (k == 3) {
      p.name = "short link occupancy (0.3-1.2 cycles), single flits";
      p.load = 1.0, p.max_flits = 1, p.busy_min_fp = (1 << kFrac) * 3 / 10, p.busy_max_fp = (1 << kFrac) * 12 / 10;
      p.length = 400;
    } else if (k == 4) {
      p.name = "idle";
      p.load = 0.0, p.length = 300;
    } else {
      const uint64_t kind = rng_.below(5);
      p.load = 0.05 + 0.95 * rng_.uniform();
      p.max_flits = 1 + static_cast<uint32_t>(rng_.below(12));
      p.busy_min_fp = (1 << kFrac) / 4 + rng_.below(2 << kFrac);
      p.busy_max_fp = p.busy_min_fp + rng_.below(6 << kFrac);
      p.credit_delay_min = 1 + rng_.below(10);
      p.credit_delay_max = p.credit_delay_min + rng_.below(rng_.below(4) == 0 ? 200 : 20);
      p.length = 16 + rng_.below(2000);
      if (kind == 0) {
        p.name = "uniform";
      } else if (kind == 1) {
        p.name = "hotspot";
        p.hotspot = static_cast<int>(rng_.below(ports_));
      } else if (kind == 2) {
        p.name = "permutation";
        p.permutation = true, p.shift = static_cast<uint32_t>(rng_.below(ports_));
      } else if (kind == 3) {
        p.name = "idle";
        p.load = 0.0;
      } else {
        p.name = "bursts at full load";
        p.load = 1.0;
      }
    }
    phase_ = p;
    phase_end_ = cycle + p.length;
  }

  std::unique_ptr<Pending> make_packet(uint32_t i, uint64_t cycle) {
    auto p = std::make_unique<Pending>();
    PacketInfo& info = p->info;
    info.id = (uint64_t(i) << 40) | sequence_++;
    info.source = i;
    info.destination = phase_.hotspot >= 0 ? uint32_t(phase_.hotspot)
                       : phase_.permutation ? (i + phase_.shift) % ports_
                                            : static_cast<uint32_t>(rng_.below(ports_));
    info.flits = 1 + static_cast<uint32_t>(rng_.below(phase_.max_flits));
    info.bytes = static_cast<uint32_t>(phase_.busy_min_fp + rng_.below(phase_.busy_max_fp - phase_.busy_min_fp + 1));
    info.sequence = phase_.credit_delay_min + rng_.below(phase_.credit_delay_max - phase_.credit_delay_min + 1);
    info.created = cycle;
    return p;
  }

  void send(tlm_utils::multi_passthrough_initiator_socket<Driver, 32, FabricProtocol>& socket, PacketPool& pool,
            uint32_t i, const Pending& p, uint64_t cycle) {
    tlm::tlm_generic_payload* gp = pool.acquire();
    PacketInfo& info = packet_info(*gp);
    info = p.info;
    info.injected = cycle + link_latency_;  // its arrival at the switch
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_core::sc_time delay = domain().period() * static_cast<double>(link_latency_);
    socket[i]->nb_transport_fw(*gp, phase, delay);
  }

  tlm::tlm_sync_enum on_credit_tlm(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time&) {
    const uint32_t flits = gp.get_extension<FlowControlInfo>()->flits;
    credits_tlm_[port] += flits;
    tlm_log_.push_back({1, uint64_t(port), flits});
    return tlm::TLM_COMPLETED;
  }
  tlm::tlm_sync_enum on_credit_rtl(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time&) {
    const uint32_t flits = gp.get_extension<FlowControlInfo>()->flits;
    credits_rtl_[port] += flits;
    rtl_log_.push_back({1, uint64_t(port), flits});
    return tlm::TLM_COMPLETED;
  }

  uint32_t ports_;
  uint64_t cycles_;
  Rng rng_;
  uint64_t link_latency_ = 1;
  std::vector<uint32_t> credits_tlm_, credits_rtl_;
  std::vector<std::unique_ptr<Pending>> pending_;
  PacketPool tlm_pool_, rtl_pool_;
  Phase phase_;
  uint64_t phase_end_ = 0, phase_count_ = 0, sequence_ = 0;
  Events& tlm_log_;
  Events& rtl_log_;
};

// Compares the two switches' events of each cycle, after both have stepped.
class Checker : public Component {
 public:
  // What the checker asks of the stimulus: its phase (for the report), the credit counter the TLM side's
  // traffic implies, and for a replay the captured events of a cycle and why the replay cannot go on.
  struct Hooks {
    std::function<std::string()> phase;
    std::function<uint32_t(uint32_t output, uint64_t cycle)> credits_at;
    std::function<const Events*(uint64_t cycle)> witness;  // empty: no third witness
    std::function<std::string()> problem;                  // empty: none
  };
  Checker(const sc_core::sc_module_name& name, ClockDomain& domain, uint64_t cycles, Events& tlm_log, Events& rtl_log,
          Hooks hooks, RtlCrossbarSwitch& rtl, uint32_t ports)
      : Component(name, domain), cycles_(cycles), tlm_log_(tlm_log), rtl_log_(rtl_log), hooks_(std::move(hooks)),
        rtl_(rtl), ports_(ports) {}
  void start() { wake_at(0); }
  void step(uint64_t cycle) override {
    std::sort(tlm_log_.begin(), tlm_log_.end());
    std::sort(rtl_log_.begin(), rtl_log_.end());
    uint32_t departures = 0;
    for (const auto& e : rtl_log_) departures += e[0] == 0;
    if (departures >= 2) ++contended;
    this->departures += departures;
    std::string what;
    const Events* captured = hooks_.witness ? hooks_.witness(cycle) : nullptr;
    if (tlm_log_ != rtl_log_ || (captured && tlm_log_ != *captured)) {
      what = "tlm " + describe(tlm_log_) + ", rtl " + describe(rtl_log_);
      if (captured) what += ", captured " + describe(*captured);
    }
    if (what.empty() && hooks_.problem) what = hooks_.problem();
    // Credit counters: on the cycles the RTL was clocked, its counter (after the edge) against the one
    // the TLM switch's traffic implies.
    if (what.empty() && rtl_.clocked_cycles() != last_clocked_) {
      last_clocked_ = rtl_.clocked_cycles();
      for (uint32_t j = 0; j < ports_ && what.empty(); ++j) {
        const uint32_t expected = hooks_.credits_at(j, cycle), got = rtl_.rtl().credits(j);
        if (expected != got) {
          what = "credit counter of output " + std::to_string(j) + ": tlm " + std::to_string(expected) + ", rtl " +
                 std::to_string(got);
        }
      }
      ++credit_checks;
    }
    if (!what.empty()) {
      mismatch_found = true;
      mismatch_cycle = cycle;
      std::ostringstream s;
      s << "first mismatch at cycle " << cycle << ": " << what << "\n  phase: " << hooks_.phase() << "\n  recent cycles (cycle: tlm = rtl events):\n";
      for (const std::string& line : history_) s << "    " << line << "\n";
      mismatch = s.str();
      sc_core::sc_stop();
      return;
    }
    if (!tlm_log_.empty()) {
      history_.push_back(std::to_string(cycle) + ": " + describe(tlm_log_));
      if (history_.size() > 8) history_.pop_front();
    }
    tlm_log_.clear();
    rtl_log_.clear();
    compared = cycle + 1;
    if (cycle + 1 < cycles_) wake_at(cycle + 1);
  }

  uint64_t compared = 0, contended = 0, departures = 0, mismatch_cycle = 0, credit_checks = 0;
  bool mismatch_found = false;
  std::string mismatch;

 private:
  uint64_t cycles_;
  Events& tlm_log_;
  Events& rtl_log_;
  Hooks hooks_;
  RtlCrossbarSwitch& rtl_;
  uint32_t ports_;
  uint64_t last_clocked_ = 0;
  std::deque<std::string> history_;
};

// Binds driver -> both switches -> their sinks, configures the ports, runs to the end and returns the
// result. Each switch's outputs report their flow-control stall cycles to links of their own in `stats`
// (the TLM switch from its eligibility test, the RTL from stall_o); after a run without mismatch they
// must agree output by output, else that is the mismatch ("stall_cycles": the TLM switch's total).
template <class DriverT, class SinkT>
nlohmann::json run_switches(DriverT& driver, CrossbarSwitch& tlm, RtlCrossbarSwitch& rtl,
                            SinkT& tlm_sink, SinkT& rtl_sink, Checker& checker, uint32_t n, uint32_t downstream_flits,
                            FabricStats& stats, uint32_t flit_bytes) {
  std::vector<LinkStats*> tlm_links, rtl_links;
  for (uint32_t j = 0; j < n; ++j) {
    tlm_links.push_back(&stats.add_link("tlm_out" + std::to_string(j), "tlm", "sink", double(flit_bytes)));
    rtl_links.push_back(&stats.add_link("rtl_out" + std::to_string(j), "rtl", "sink", double(flit_bytes)));
  }
  for (uint32_t i = 0; i < n; ++i) {
    driver.to_tlm.bind(tlm.in);
    driver.to_rtl.bind(rtl.in);
    tlm.out.bind(tlm_sink.in);
    rtl.out.bind(rtl_sink.in);
    tlm.configure_input(i, FlowControlMode::Credit, 0, 0);
    rtl.configure_input(i, FlowControlMode::Credit, 0, 0);
    tlm.configure_output(i, FlowControlParams{}, downstream_flits, tlm_links[i]);
    rtl.configure_output(i, FlowControlParams{}, downstream_flits, rtl_links[i]);
  }
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  driver.start();
  checker.start();
  tlm_sink.start();
  rtl_sink.start();
  sc_core::sc_start();
  uint64_t stall_cycles = 0;
  for (uint32_t j = 0; j < n; ++j) {
    const uint64_t t = tlm_links[j]->flow_control_stall_cycles(), r = rtl_links[j]->flow_control_stall_cycles();
    stall_cycles += t;
    if (t != r && !checker.mismatch_found) {
      checker.mismatch_found = true;
      checker.mismatch_cycle = checker.compared;
      checker.mismatch = "after " + std::to_string(checker.compared) + " cycles: output " + std::to_string(j) +
                         " was stalled for credits on " + std::to_string(t) + " cycles in the TLM switch, " +
                         std::to_string(r) + " in the RTL (stall_o)";
    }
  }
  return nlohmann::json{{"compared", checker.compared},
                        {"mismatch_found", checker.mismatch_found},
                        {"mismatch_cycle", checker.mismatch_cycle},
                        {"mismatch", checker.mismatch},
                        {"packets", driver.packets},
                        {"departures", checker.departures},
                        {"contended", checker.contended},
                        {"waited", rtl_sink.waited},
                        {"rtl_clocked", rtl.clocked_cycles()},
                        {"credit_checks", checker.credit_checks},
                        {"stall_cycles", stall_cycles},
                        {"downstream", downstream_flits}};
}

SwitchContext identity_context(uint32_t n, uint32_t flit_bytes, uint64_t seed) {
  SwitchContext context;
  context.flit_bytes = flit_bytes;
  context.route.resize(n);
  for (uint32_t e = 0; e < n; ++e) context.route[e] = e;  // endpoint e sits on port e
  context.seed = seed;
  return context;
}

// `wave_path` non-empty: the RTL writes an FST of the cycles from `wave_from` on (a replay).
nlohmann::json run_random(const CrossbarLockstepOptions& o, const std::string& wave_path, uint64_t wave_from) {
  const uint32_t n = o.rtl.ports;
  Rng setup(o.seed, "crossbar_lockstep.setup");
  SwitchParams params;
  params.ports = n;
  params.input_queueing = o.rtl.voq ? InputQueueing::Voq : InputQueueing::Fifo;
  params.arbitration = o.rtl.voq ? Arbitration::Islip : Arbitration::RoundRobin;
  params.islip_iterations = o.rtl.iterations;
  params.input_buffer_bytes = uint64_t(kInputBufferFlits) * kFlitBytes;
  const uint64_t latencies[] = {1, 2, 5, 20};
  params.latency = latencies[setup.below(4)];
  const uint32_t downstream_flits = 12 + static_cast<uint32_t>(setup.below(40));
  const SwitchContext context = identity_context(n, kFlitBytes, o.seed);

  ClockDomain domain("clock", 1e9);
  FabricStats stats({0, o.cycles}, n);
  Events tlm_log, rtl_log;
  Driver driver("driver", domain, n, o.seed, o.cycles, tlm_log, rtl_log);
  CrossbarSwitch tlm("tlm", domain, params, context, stats);
  RtlCrossbarSwitch rtl("rtl", domain, params, context, stats, make_harness_crossbar_rtl(o.rtl));
  if (!wave_path.empty()) rtl.rtl().trace(wave_path, wave_from);
  Sink tlm_sink("tlm_sink", domain, n, params.latency, downstream_flits, tlm_log);
  Sink rtl_sink("rtl_sink", domain, n, params.latency, downstream_flits, rtl_log);
  Checker::Hooks hooks{[&] { return driver.phase_name(); },
                       [&](uint32_t j, uint64_t cycle) { return tlm_sink.credits_at(j, cycle); }, {}, {}};
  Checker checker("checker", domain, o.cycles, tlm_log, rtl_log, std::move(hooks), rtl, n);
  nlohmann::json j =
      run_switches(driver, tlm, rtl, tlm_sink, rtl_sink, checker, n, downstream_flits, stats, kFlitBytes);
  j["credit_stalls"] = driver.credit_stalls;
  j["latency"] = params.latency;
  return j;
}

// The captured run replayed (captured_stimulus.h): the switch as the header says, packets, link answers
// and downstream credits as captured, the capture as the third witness.
nlohmann::json run_replay(const CrossbarLockstepOptions& o, const std::string& wave_path, uint64_t wave_from) {
  const CapturedStimulus stimulus(o.stimulus);
  const SwitchCaptureHeader& h = stimulus.header();
  const CrossbarRtlConfig rtl_config = stimulus.rtl_config(o.rtl.mutate);
  const uint32_t n = h.ports;
  SwitchParams params;
  params.ports = n;
  params.input_queueing = rtl_config.voq ? InputQueueing::Voq : InputQueueing::Fifo;
  params.arbitration = rtl_config.voq ? Arbitration::Islip : Arbitration::RoundRobin;
  params.islip_iterations = h.islip_iterations;
  params.input_buffer_bytes = uint64_t(h.input_buffer_flits) * h.flit_bytes;
  params.latency = h.latency_cycles;
  const SwitchContext context = identity_context(n, h.flit_bytes, h.seed);
  const uint64_t cycles = stimulus.end_cycle();

  ClockDomain domain("clock", h.clock_hz);
  FabricStats stats({0, cycles}, n);
  Events tlm_log, rtl_log;
  ReplayDriver driver("driver", domain, stimulus, tlm_log, rtl_log);
  CrossbarSwitch tlm("tlm", domain, params, context, stats);
  RtlCrossbarSwitch rtl("rtl", domain, params, context, stats, make_harness_crossbar_rtl(rtl_config));
  if (!wave_path.empty()) rtl.rtl().trace(wave_path, wave_from);
  ReplaySink tlm_sink("tlm_sink", domain, stimulus, tlm_log);
  ReplaySink rtl_sink("rtl_sink", domain, stimulus, rtl_log);
  Checker::Hooks hooks{[&] { return "replay of " + stimulus.path(); },
                       [&](uint32_t j, uint64_t cycle) { return tlm_sink.credits_at(j, cycle); },
                       [&](uint64_t cycle) { return &stimulus.witness(cycle); },
                       [&] { return tlm_sink.problem().empty() ? rtl_sink.problem() : tlm_sink.problem(); }};
  Checker checker("checker", domain, cycles, tlm_log, rtl_log, std::move(hooks), rtl, n);
  nlohmann::json j = run_switches(driver, tlm, rtl, tlm_sink, rtl_sink, checker, n, stimulus.downstream_flits(),
                                  stats, h.flit_bytes);
  j["credit_stalls"] = j["stall_cycles"];
  j["latency"] = params.latency;
  j["captured_packets"] = stimulus.arrivals().size();
  j["captured_departures"] = stimulus.departures();
  j["block"] = rtl_config.name() + " replaying " + o.stimulus;
  return j;
}

nlohmann::json run_in_child(const CrossbarLockstepOptions& o, const std::string& wave_path, uint64_t wave_from) {
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  return o.stimulus.empty() ? run_random(o, wave_path, wave_from) : run_replay(o, wave_path, wave_from);
}

}  // namespace

std::string CrossbarLockstepResult::summary() const {
  std::ostringstream s;
  s << block << ": ";
  if (mismatch_found) {
    s << mismatch;
    if (!wave_path.empty()) {
      s << "  waveform: " << wave_path << (mismatch_reproduced ? "" : " (the replay did NOT reproduce the mismatch)")
        << "\n  open it:  gtkwave " << (layout_path.empty() ? wave_path : layout_path) << "\n";
    }
  } else {
    s << cycles_compared << " cycles, no mismatch; " << packets << " packets, " << departures << " departures, "
      << contended_cycles << " cycles with several, " << waited << " waited, " << credit_stalls
      << (captured_packets ? " cycles of output stalls for credits" : " input credit stalls") << "; RTL clocked on " << rtl_clocked << " cycles, its credit counters compared on "
      << credit_checks << "; " << output_stalls << " output stall cycles, the same in both";
    if (captured_packets) {
      s << "; the capture: " << captured_packets << " packets, " << captured_departures << " departures, all matched";
    }
  }
  return s.str();
}

CrossbarLockstepResult run_crossbar_lockstep(const CrossbarLockstepOptions& options) {
  // A replay takes the switch's configuration from the capture; read and check it here, so a bad file is
  // a SwitchCaptureError naming its line rather than a child's failure.
  const CrossbarRtlConfig c =
      options.stimulus.empty() ? options.rtl : CapturedStimulus(options.stimulus).rtl_config(options.rtl.mutate);
  if (!make_harness_crossbar_rtl(c)) {
    throw std::invalid_argument("no Verilated " + c.name() + " is built (SNSIM_CROSSBAR_CONFIGS in "
                                "models/rtl_switch/CMakeLists.txt, SNSIM_CROSSBAR_MUTANTS in testbench/CMakeLists.txt)");
  }
  const nlohmann::json j = run_isolated([&] { return run_in_child(options, "", 0); });
  CrossbarLockstepResult r;
  r.block = (j.contains("block") ? j["block"].get<std::string>() : c.name() + " seed " + std::to_string(options.seed)) +
            " latency " + std::to_string(j["latency"].get<uint64_t>()) + " downstream credits " +
            std::to_string(j["downstream"].get<uint32_t>());
  r.cycles_compared = j["compared"];
  r.mismatch_found = j["mismatch_found"];
  r.mismatch_cycle = j["mismatch_cycle"];
  r.mismatch = j["mismatch"];
  r.packets = j["packets"];
  r.departures = j["departures"];
  r.contended_cycles = j["contended"];
  r.waited = j["waited"];
  r.credit_stalls = j["credit_stalls"];
  r.output_stalls = j["stall_cycles"];
  r.rtl_clocked = j["rtl_clocked"];
  r.credit_checks = j["credit_checks"];
  r.captured_packets = j.value("captured_packets", uint64_t(0));
  r.captured_departures = j.value("captured_departures", uint64_t(0));
  if (!r.mismatch_found || options.wave_dir.empty()) return r;

  // The run is deterministic: replay it with the waveform on for the window before the mismatch.
  std::filesystem::create_directories(options.wave_dir);
  const std::string stimulus =
      options.stimulus.empty() ? "_seed" + std::to_string(options.seed)
                               : "_replay_" + std::filesystem::path(options.stimulus).stem().string();
  const std::string name = "crossbar_n" + std::to_string(c.ports) + (c.voq ? "_voq" : "_fifo") +
                           (c.mutate ? "_mutant" + std::to_string(c.mutate) : "") + stimulus + "_mismatch";
  r.wave_path = std::filesystem::absolute(std::filesystem::path(options.wave_dir) / (name + ".fst")).string();
  const uint64_t from = r.mismatch_cycle > options.wave_window ? r.mismatch_cycle - options.wave_window : 0;
  const nlohmann::json replay = run_isolated([&] { return run_in_child(options, r.wave_path, from); });
  r.mismatch_reproduced = replay["mismatch_found"].get<bool>() && replay["mismatch_cycle"] == j["mismatch_cycle"] &&
                          replay["mismatch"] == j["mismatch"];
  const std::string layout = r.wave_path.substr(0, r.wave_path.size() - 4) + ".gtkw";
  if (write_crossbar_layout(c, layout, r.wave_path, from, r.mismatch_cycle, r.mismatch_cycle)) {
    r.layout_path = layout;
  }
  return r;
}

}  // namespace snsim::cosim
