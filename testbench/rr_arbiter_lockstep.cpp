// Lock-step harness: rtl/rr_arbiter.sv (through testbench/tb_rr_arbiter.sv) against
// snsim::RoundRobinArbiter, compared after every evaluation: the grant and the pointer in the cycle,
// and the pointer after the clock edge.
#include <algorithm>
#include <array>
#include <deque>
#include <sstream>
#include <stdexcept>

#include "models/core/bit_set.h"
#include "models/core/rng.h"
#include "models/switch/arbiters.h"
#include "testbench/harness_support.h"
#include "testbench/rtl_models.h"

namespace snsim::cosim {
namespace {

// ---- stimulus ------------------------------------------------------------------------------------
enum class Kind { kIdle, kAll, kSingle, kWalking, kWrapPair, kBlink, kRandom, kQueued, kOnOff };

struct Phase {
  Kind kind;
  uint64_t length;
  double p = 0;      // density (kRandom), load (kQueued), flip probability (kOnOff)
  uint32_t who = 0;  // requester (kSingle)
};

std::string describe(const Phase& ph) {
  std::ostringstream out;
  switch (ph.kind) {
    case Kind::kIdle: out << "idle"; break;
    case Kind::kAll: out << "all requesting"; break;
    case Kind::kSingle: out << "single requester " << ph.who; break;
    case Kind::kWalking: out << "walking single requester"; break;
    case Kind::kWrapPair: out << "pair around the wrap (N-1, 0)"; break;
    case Kind::kBlink: out << "all / none alternating"; break;
    case Kind::kRandom: out << "random, density " << ph.p; break;
    case Kind::kQueued: out << "queued requesters, total load " << ph.p; break;
    case Kind::kOnOff: out << "on/off requesters, flip probability " << ph.p; break;
  }
  return out.str();
}

// Requests for an N-way arbiter: a directed prologue (every corner case, whatever the seed), then random
// phases of random kinds, densities and lengths.
class ArbiterStimulus {
 public:
  ArbiterStimulus(uint32_t n, uint64_t seed)
      : n_(n), rng_(seed, "rr_arbiter_lockstep"), req_(n, false), backlog_(n, 0) {
    prologue_ = {{Kind::kIdle, 8},          {Kind::kAll, 3ull * n},  {Kind::kWalking, 2ull * n},
                 {Kind::kWrapPair, 2ull * n}, {Kind::kBlink, 4ull * n}, {Kind::kIdle, 3}};
    for (uint32_t i = 0; i < n; ++i) prologue_.push_back({Kind::kSingle, 3, 0, i});
    prologue_.push_back({Kind::kAll, 2ull * n});
  }

  // The requests of the next cycle. `last_grant` is the previous cycle's winner (or BitSet::kNone): the
  // queued phase holds a request until it is granted.
  const std::vector<bool>& next(uint32_t last_grant) {
    if (last_grant != BitSet::kNone && backlog_[last_grant] > 0) --backlog_[last_grant];
    while (left_ == 0) start_phase();
    --left_;
    ++step_;
    switch (phase_.kind) {
      case Kind::kIdle: std::fill(req_.begin(), req_.end(), false); break;
      case Kind::kAll: std::fill(req_.begin(), req_.end(), true); break;
      case Kind::kSingle:
        for (uint32_t i = 0; i < n_; ++i) req_[i] = i == phase_.who;
        break;
      case Kind::kWalking:
        for (uint32_t i = 0; i < n_; ++i) req_[i] = i == step_ % n_;
        break;
      case Kind::kWrapPair:
        for (uint32_t i = 0; i < n_; ++i) req_[i] = i == 0 || i == n_ - 1;
        break;
      case Kind::kBlink: std::fill(req_.begin(), req_.end(), step_ % 2 == 0); break;
      case Kind::kRandom:
        for (uint32_t i = 0; i < n_; ++i) req_[i] = rng_.uniform() < phase_.p;
        break;
      case Kind::kQueued:
        for (uint32_t i = 0; i < n_; ++i) {
          if (rng_.uniform() < phase_.p / n_ && backlog_[i] < 8) ++backlog_[i];
          req_[i] = backlog_[i] > 0;
        }
        break;
      case Kind::kOnOff:
        for (uint32_t i = 0; i < n_; ++i) {
          if (rng_.uniform() < phase_.p) req_[i] = !req_[i];
        }
        break;
    }
    return req_;
  }

  std::string phase() const { return describe(phase_); }

 private:
  void start_phase() {
    step_ = 0;
    if (prologue_index_ < prologue_.size()) {
      phase_ = prologue_[prologue_index_++];
    } else {
      static constexpr std::array<double, 7> kDensities = {0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98};
      static constexpr std::array<double, 4> kLoads = {0.3, 0.7, 0.95, 1.2};
      static constexpr std::array<double, 3> kFlips = {0.02, 0.1, 0.5};
      const uint64_t length = 16 + rng_.below(2000);
      switch (rng_.below(10)) {
        case 0: phase_ = {Kind::kIdle, 1 + rng_.below(64)}; break;
        case 1: phase_ = {Kind::kAll, 1 + rng_.below(256)}; break;
        case 2: phase_ = {Kind::kSingle, 1 + rng_.below(64), 0, static_cast<uint32_t>(rng_.below(n_))}; break;
        case 3: phase_ = {Kind::kBlink, 2 + rng_.below(64)}; break;
        case 4: case 5: phase_ = {Kind::kRandom, length, kDensities[rng_.below(kDensities.size())]}; break;
        case 6: case 7: phase_ = {Kind::kQueued, length, kLoads[rng_.below(kLoads.size())]}; break;
        default: phase_ = {Kind::kOnOff, length, kFlips[rng_.below(kFlips.size())]}; break;
      }
    }
    left_ = phase_.length;
  }

  uint32_t n_;
  Rng rng_;
  std::vector<bool> req_;
  std::vector<uint32_t> backlog_;
  std::vector<Phase> prologue_;
  size_t prologue_index_ = 0;
  Phase phase_{Kind::kIdle, 0};
  uint64_t left_ = 0;
  uint64_t step_ = 0;
};

std::string set_text(const std::vector<bool>& bits) {
  std::ostringstream out;
  out << "{";
  bool first = true;
  for (size_t i = 0; i < bits.size(); ++i) {
    if (!bits[i]) continue;
    out << (first ? "" : ",") << i;
    first = false;
  }
  out << "}";
  return out.str();
}

std::vector<bool> to_bits(uint32_t value, uint32_t n) {
  std::vector<bool> bits(n);
  for (uint32_t i = 0; i < n; ++i) bits[i] = (value >> i) & 1;
  return bits;
}

std::string winner_text(uint32_t winner) { return winner == BitSet::kNone ? "none" : std::to_string(winner); }

// ---- the Verilated top (testbench/tb_rr_arbiter.sv) ----------------------------------------------
enum Port : int { kClk, kRstN, kReq, kGrant, kPtr, kMutantGrant, kMutantPtr, kTwinGrant, kTwinPtr, kMismatch };

struct ArbiterPorts {
  template <typename Model, typename F>
  static void with(Model& m, int port, F&& f) {
    switch (port) {
      case kClk: f(m.clk_i); break;
      case kRstN: f(m.rst_ni); break;
      case kReq: f(m.req_i); break;
      case kGrant: f(m.grant_o); break;
      case kPtr: f(m.ptr_o); break;
      case kMutantGrant: f(m.mutant_grant_o); break;
      case kMutantPtr: f(m.mutant_ptr_o); break;
      case kTwinGrant: f(m.twin_grant_i); break;
      case kTwinPtr: f(m.twin_ptr_i); break;
      case kMismatch: f(m.mismatch_i); break;
      default: throw std::logic_error("tb_rr_arbiter has no port " + std::to_string(port));
    }
  }
};

std::unique_ptr<Dut> make_top(uint32_t ports, VerilatedContext* context) {
  switch (ports) {
#define SNSIM_PORTS(n) \
  case n: return std::make_unique<DutOf<Vtb_rr_arbiter_n##n, ArbiterPorts>>(context);
    SNSIM_RR_ARBITER_PORTS(SNSIM_PORTS)
#undef SNSIM_PORTS
    default:
      throw std::invalid_argument("rr_arbiter with " + std::to_string(ports) +
                                  " ports is not built (testbench/CMakeLists.txt lists the port counts)");
  }
}

// ---- the harness ---------------------------------------------------------------------------------
struct Pass {
  uint64_t wave_from = 0;
  std::string wave_path;  // empty: no waveform
};

LockstepResult run_pass(const LockstepOptions& o, const Pass& pass) {
  const uint32_t n = o.ports;
  LockstepResult result;
  result.block = "rr_arbiter N=" + std::to_string(n) + (o.mutant ? " (MUTATE 1)" : "") + " seed " +
                 std::to_string(o.seed);
  result.configurations = 1;
  result.decisions_per_port.assign(n, 0);

  const uint32_t pw = pointer_width(n);
  auto context = make_context();
  std::unique_ptr<Dut> top = make_top(n, context.get());
  Dut& dut = *top;
  WaveWindow wave(context.get(), pass.wave_path, pass.wave_from);
  auto rtl_grant = [&]() { return dut.field(o.mutant ? kMutantGrant : kGrant, 0, n); };
  auto rtl_ptr = [&]() { return dut.field(o.mutant ? kMutantPtr : kPtr, 0, pw); };

  RoundRobinArbiter twin(n);
  ArbiterStimulus stimulus(n, o.seed);
  std::vector<bool> pointer_seen(n, false);
  struct Recent {
    uint64_t cycle;
    std::vector<bool> req;
    uint32_t twin_winner;
    uint32_t rtl_grant;
  };
  std::deque<Recent> recent;

  // Reset: a falling edge on rst_ni (it must first be high, or the asynchronous reset never fires).
  dut.set(kClk, 0, false);
  dut.set(kRstN, 0, true);
  dut.eval();
  dut.set(kRstN, 0, false);
  dut.set_field(kReq, 0, n, 0);
  dut.eval();
  dut.set(kRstN, 0, true);
  dut.eval();

  uint32_t last_winner = BitSet::kNone;
  for (uint64_t cycle = 0; cycle < o.cycles; ++cycle) {
    const std::vector<bool>& req = stimulus.next(last_winner);
    BitSet requests(n);
    uint32_t rtl_req = 0;
    size_t count = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (!req[i]) continue;
      requests.set(i);
      rtl_req |= 1u << i;
      ++count;
    }
    result.idle_cycles += count == 0;
    result.single_cycles += count == 1;
    result.full_cycles += count == n;

    const uint32_t twin_ptr_before = twin.pointer();
    const uint32_t winner = twin.arbitrate(requests);
    const uint32_t twin_ptr_after = twin.pointer();
    const uint32_t twin_grant = winner == BitSet::kNone ? 0 : 1u << winner;

    // First half: clock low, this cycle's requests; the grant is combinational.
    dut.set(kClk, 0, false);
    dut.set_field(kReq, 0, n, rtl_req);
    dut.set_field(kTwinGrant, 0, n, twin_grant);
    dut.set_field(kTwinPtr, 0, pw, twin_ptr_before);
    dut.set(kMismatch, 0, false);
    dut.eval();
    const uint32_t grant = rtl_grant();  // kept for the report: the edge re-evaluates the grant
    const uint32_t ptr_before = rtl_ptr();
    recent.push_back({cycle, req, winner, grant});
    if (recent.size() > 6) recent.pop_front();

    std::string what;
    if (grant != twin_grant) {
      what = "grant differs";
    } else if (o.compare_pointers && ptr_before != twin_ptr_before) {
      what = "pointer differs before the clock edge";
    }
    bool after_edge = false;
    if (what.empty()) {
      wave.sample(dut, cycle, false);
      // Second half: the rising edge moves the pointer.
      dut.set(kClk, 0, true);
      dut.set_field(kTwinPtr, 0, pw, twin_ptr_after);
      dut.eval();
      if (o.compare_pointers && rtl_ptr() != twin_ptr_after) {
        what = "pointer differs after the clock edge";
        after_edge = true;
      }
    }
    if (!what.empty()) {
      result.mismatch_found = true;
      result.mismatch.cycle = cycle;
      std::ostringstream w;
      w << what << ": rtl grant " << set_text(to_bits(grant, n)) << " pointer " << rtl_ptr() << ", twin grant "
        << winner_text(winner) << " pointer " << (after_edge ? twin_ptr_after : twin_ptr_before);
      result.mismatch.what = w.str();
      std::ostringstream d;
      d << "  phase: " << stimulus.phase() << "\n"
        << "  requests " << set_text(req) << "\n"
        << "  twin: pointer " << twin_ptr_before << " -> winner " << winner_text(winner) << " -> pointer "
        << twin_ptr_after << "\n"
        << "  rtl:  pointer " << ptr_before << " -> grant one-hot 0x" << std::hex << grant << std::dec;
      if (after_edge) d << " -> pointer " << rtl_ptr();
      d << "\n"
        << "  recent cycles (cycle: requests -> twin winner / rtl grant one-hot):\n";
      for (const Recent& r : recent) {
        d << "    " << r.cycle << ": " << set_text(r.req) << " -> " << winner_text(r.twin_winner) << " / 0x"
          << std::hex << r.rtl_grant << std::dec << "\n";
      }
      result.mismatch.details = d.str();
      dut.set(kMismatch, 0, true);
      dut.eval();
      wave.sample(dut, cycle, after_edge);
      // One more sample, unchanged, so that the last values have a width in the viewer.
      wave.sample(dut, cycle + 1, false);
      break;
    }
    wave.sample(dut, cycle, true);
    ++result.cycles_compared;
    if (winner != BitSet::kNone) {
      ++result.decisions;
      ++result.decisions_per_port[winner];
    }
    pointer_seen[twin_ptr_after] = true;
    last_winner = winner;
  }
  dut.final();
  wave.close();
  result.pointer_values_missed = std::count(pointer_seen.begin(), pointer_seen.end(), false);
  return result;
}

}  // namespace

LockstepResult run_rr_arbiter_lockstep(const LockstepOptions& o) {
  LockstepResult first = run_pass(o, Pass{});
  if (!first.mismatch_found) return first;
  const Pass replay = replay_mismatch(
      first, o.wave_window, o.wave_dir,
      "rr_arbiter_n" + std::to_string(o.ports) + "_seed" + std::to_string(o.seed) + (o.mutant ? "_mutant" : "") +
          "_mismatch.fst",
      [&](const Pass& p) { return run_pass(o, p); }, Pass{});

  using F = GtkwLayout::Format;
  const std::string top = "TOP.tb_rr_arbiter.";
  const uint32_t n = o.ports;
  const uint32_t pw = pointer_width(n);
  GtkwLayout layout;
  layout.begin_group("stimulus");
  layout.signal(top + "clk_i", 1, F::kBinary);
  layout.signal(top + "mismatch_i", 1, F::kBinary);
  layout.signal(top + "req_i", n, F::kBinary);
  layout.end_group();
  layout.begin_group("grant one-hot: rtl, twin");
  layout.signal(top + (o.mutant ? "mutant_grant_o" : "grant_o"), n, F::kBinary);
  layout.signal(top + "twin_grant_i", n, F::kBinary);
  layout.end_group();
  layout.begin_group("pointer: rtl, twin");
  layout.signal(top + (o.mutant ? "mutant_ptr_o" : "ptr_o"), pw, F::kDecimal);
  layout.signal(top + "twin_ptr_i", pw, F::kDecimal);
  layout.end_group();
  const std::string gtkw = gtkw_path_for(first.wave_path);
  if (layout.write(gtkw, first.wave_path, replay.wave_from * 1000, first.mismatch.cycle * 1000 + 1000,
                   first.mismatch.cycle * 1000)) {
    first.layout_path = gtkw;
  }
  return first;
}

std::vector<uint32_t> available_rr_arbiter_ports() {
  std::vector<uint32_t> ports;
#define SNSIM_PORTS(n) ports.push_back(n);
  SNSIM_RR_ARBITER_PORTS(SNSIM_PORTS)
#undef SNSIM_PORTS
  return ports;
}

}  // namespace snsim::cosim
