// Lock-step harness: rtl/islip_allocator.sv (through testbench/tb_islip_allocator.sv, which holds the
// allocator with 1, 2 and 4 iterations and two mutants) against snsim::IslipAllocator. Every compared
// variant has its own twin; after every evaluation the harness compares each input's match and every
// grant and accept pointer, in the cycle and after the clock edge.
#include <algorithm>
#include <array>
#include <deque>
#include <sstream>
#include <stdexcept>

#include "models/core/rng.h"
#include "models/switch/arbiters.h"
#include "testbench/harness_support.h"
#include "testbench/rtl_models.h"

namespace snsim::cosim {
namespace {

// ---- stimulus ------------------------------------------------------------------------------------
enum class Kind {
  kIdle, kAll, kSinglePair, kRow, kColumn, kRotation, kBlink, kRandom, kQueued, kOnOff, kHotspot
};

struct Phase {
  Kind kind;
  uint64_t length;
  double p = 0;      // density (kRandom), load per input (kQueued), flip probability (kOnOff)
  uint32_t who = 0;  // input (kRow), output (kColumn, kHotspot), pair index (kSinglePair)
};

// Request matrices for an N x N allocator (req[i * N + j]: input i wants output j): a directed prologue,
// then random phases of random kinds, densities and lengths.
class MatrixStimulus {
 public:
  MatrixStimulus(uint32_t n, uint64_t seed)
      : n_(n), rng_(seed, "islip_lockstep"), req_(n * n, false), backlog_(n * n, 0) {
    prologue_ = {{Kind::kIdle, 8}, {Kind::kAll, 3ull * n}, {Kind::kBlink, 4ull * n}, {Kind::kRotation, 3ull * n}};
    for (uint32_t k = 0; k < n * n; ++k) prologue_.push_back({Kind::kSinglePair, 2, 0, k});
    for (uint32_t i = 0; i < n; ++i) prologue_.push_back({Kind::kRow, 2, 0, i});
    for (uint32_t j = 0; j < n; ++j) prologue_.push_back({Kind::kColumn, n, 0, j});
    prologue_.push_back({Kind::kAll, 4ull * n});
  }

  // The requests of the next cycle. `last_match` is the previous cycle's match (per input, -1 for none)
  // of the first compared variant: the queued phase keeps a request until its packets have gone.
  const std::vector<bool>& next(const std::vector<int>& last_match) {
    for (uint32_t i = 0; i < n_ && !last_match.empty(); ++i) {
      if (last_match[i] >= 0 && backlog_[i * n_ + last_match[i]] > 0) --backlog_[i * n_ + last_match[i]];
    }
    while (left_ == 0) start_phase();
    --left_;
    ++step_;
    const uint32_t nn = n_ * n_;
    switch (phase_.kind) {
      case Kind::kIdle: std::fill(req_.begin(), req_.end(), false); break;
      case Kind::kAll: std::fill(req_.begin(), req_.end(), true); break;
      case Kind::kSinglePair:
        for (uint32_t k = 0; k < nn; ++k) req_[k] = k == phase_.who;
        break;
      case Kind::kRow:
        for (uint32_t k = 0; k < nn; ++k) req_[k] = k / n_ == phase_.who;
        break;
      case Kind::kColumn:
        for (uint32_t k = 0; k < nn; ++k) req_[k] = k % n_ == phase_.who;
        break;
      case Kind::kRotation:  // a permutation that shifts every cycle
        for (uint32_t k = 0; k < nn; ++k) req_[k] = k % n_ == (k / n_ + step_) % n_;
        break;
      case Kind::kBlink: std::fill(req_.begin(), req_.end(), step_ % 2 == 0); break;
      case Kind::kRandom:
        for (uint32_t k = 0; k < nn; ++k) req_[k] = rng_.uniform() < phase_.p;
        break;
      case Kind::kQueued:  // Bernoulli arrivals per input to a uniform output; VOQs hold them
        for (uint32_t i = 0; i < n_; ++i) {
          if (rng_.uniform() < phase_.p) {
            const uint32_t k = i * n_ + static_cast<uint32_t>(rng_.below(n_));
            if (backlog_[k] < 16) ++backlog_[k];
          }
        }
        for (uint32_t k = 0; k < nn; ++k) req_[k] = backlog_[k] > 0;
        break;
      case Kind::kOnOff:
        for (uint32_t k = 0; k < nn; ++k) {
          if (rng_.uniform() < phase_.p) req_[k] = !req_[k];
        }
        break;
      case Kind::kHotspot:  // most inputs want one output, a few want others
        for (uint32_t k = 0; k < nn; ++k) {
          req_[k] = k % n_ == phase_.who ? rng_.uniform() < 0.8 : rng_.uniform() < 0.1;
        }
        break;
    }
    return req_;
  }

  std::string phase() const {
    std::ostringstream out;
    switch (phase_.kind) {
      case Kind::kIdle: out << "idle"; break;
      case Kind::kAll: out << "every input requests every output"; break;
      case Kind::kSinglePair: out << "single pair " << phase_.who / n_ << "->" << phase_.who % n_; break;
      case Kind::kRow: out << "input " << phase_.who << " requests every output"; break;
      case Kind::kColumn: out << "every input requests output " << phase_.who; break;
      case Kind::kRotation: out << "rotating permutation"; break;
      case Kind::kBlink: out << "all / none alternating"; break;
      case Kind::kRandom: out << "random, density " << phase_.p; break;
      case Kind::kQueued: out << "VOQs with Bernoulli arrivals, load " << phase_.p; break;
      case Kind::kOnOff: out << "on/off pairs, flip probability " << phase_.p; break;
      case Kind::kHotspot: out << "hotspot on output " << phase_.who; break;
    }
    return out.str();
  }

 private:
  void start_phase() {
    step_ = 0;
    if (prologue_index_ < prologue_.size()) {
      phase_ = prologue_[prologue_index_++];
    } else {
      static constexpr std::array<double, 6> kDensities = {0.02, 0.1, 0.25, 0.5, 0.75, 0.95};
      static constexpr std::array<double, 4> kLoads = {0.3, 0.6, 0.9, 1.0};
      static constexpr std::array<double, 3> kFlips = {0.02, 0.1, 0.5};
      const uint64_t length = 16 + rng_.below(2000);
      const auto port = static_cast<uint32_t>(rng_.below(n_));
      switch (rng_.below(12)) {
        case 0: phase_ = {Kind::kIdle, 1 + rng_.below(64)}; break;
        case 1: phase_ = {Kind::kAll, 1 + rng_.below(256)}; break;
        case 2: phase_ = {Kind::kSinglePair, 1 + rng_.below(32), 0, static_cast<uint32_t>(rng_.below(n_ * n_))}; break;
        case 3: phase_ = {Kind::kColumn, 1 + rng_.below(128), 0, port}; break;
        case 4: phase_ = {Kind::kRotation, 1 + rng_.below(256)}; break;
        case 5: phase_ = {Kind::kHotspot, length, 0, port}; break;
        case 6: case 7: phase_ = {Kind::kRandom, length, kDensities[rng_.below(kDensities.size())]}; break;
        case 8: case 9: phase_ = {Kind::kQueued, length, kLoads[rng_.below(kLoads.size())]}; break;
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

// ---- the Verilated top (testbench/tb_islip_allocator.sv) ------------------------------------------
constexpr uint32_t kVariants = 5;  // tb_islip_allocator's V

enum Port : int {
  kClk, kRstN, kReq, kMatchValid, kMatchOut, kGrantPtr, kAcceptPtr, kIterations, kMutate, kLaterRoundMatch,
  kTwinVariant, kTwinMatchValid, kTwinMatchOut, kTwinGrantPtr, kTwinAcceptPtr, kMismatch
};

struct IslipPorts {
  template <typename Model, typename F>
  static void with(Model& m, int port, F&& f) {
    switch (port) {
      case kClk: f(m.clk_i); break;
      case kRstN: f(m.rst_ni); break;
      case kReq: f(m.req_i); break;
      case kMatchValid: f(m.match_valid_o); break;
      case kMatchOut: f(m.match_out_o); break;
      case kGrantPtr: f(m.grant_ptr_o); break;
      case kAcceptPtr: f(m.accept_ptr_o); break;
      case kIterations: f(m.iterations_o); break;
      case kMutate: f(m.mutate_o); break;
      case kLaterRoundMatch: f(m.later_round_match_o); break;
      case kTwinVariant: f(m.twin_variant_i); break;
      case kTwinMatchValid: f(m.twin_match_valid_i); break;
      case kTwinMatchOut: f(m.twin_match_out_i); break;
      case kTwinGrantPtr: f(m.twin_grant_ptr_i); break;
      case kTwinAcceptPtr: f(m.twin_accept_ptr_i); break;
      case kMismatch: f(m.mismatch_i); break;
      default: throw std::logic_error("tb_islip_allocator has no port " + std::to_string(port));
    }
  }
};

std::unique_ptr<Dut> make_top(uint32_t ports, VerilatedContext* context) {
  switch (ports) {
#define SNSIM_PORTS(n) \
  case n: return std::make_unique<DutOf<Vtb_islip_allocator_n##n, IslipPorts>>(context);
    SNSIM_ISLIP_PORTS(SNSIM_PORTS)
#undef SNSIM_PORTS
    default:
      throw std::invalid_argument("islip_allocator with " + std::to_string(ports) +
                                  " ports is not built (testbench/CMakeLists.txt lists the port counts)");
  }
}

// ---- the harness ---------------------------------------------------------------------------------

struct Pass {
  uint64_t wave_from = 0;
  std::string wave_path;  // empty: no waveform
  uint32_t shown_variant = 0;  // the variant whose twin the waveform shows
};

struct Compared {
  uint32_t variant;
  uint32_t iterations;
  uint32_t mutate;
  IslipAllocator twin;
  std::vector<uint32_t> grant_before, accept_before;
  std::vector<int> match;      // the twin's, this cycle
  std::vector<int> rtl_match;  // the RTL's, this cycle (before the clock edge)
};

std::string matrix_text(const std::vector<bool>& req, uint32_t n) {
  std::ostringstream out;
  for (uint32_t i = 0; i < n; ++i) {
    out << "    in" << i << " ->";
    bool any = false;
    for (uint32_t j = 0; j < n; ++j) {
      if (req[i * n + j]) out << " " << j, any = true;
    }
    out << (any ? "\n" : " (none)\n");
  }
  return out.str();
}

std::string list_text(const std::vector<int>& values) {
  std::ostringstream out;
  out << "[";
  for (size_t k = 0; k < values.size(); ++k) out << (k ? " " : "") << (values[k] < 0 ? "-" : std::to_string(values[k]));
  out << "]";
  return out.str();
}

LockstepResult run_pass(const LockstepOptions& o, const Pass& pass) {
  const uint32_t n = o.ports;
  const uint32_t pw = pointer_width(n);
  LockstepResult result;
  result.decisions_per_port.assign(n, 0);

  auto context = make_context();
  std::unique_ptr<Dut> top = make_top(n, context.get());
  Dut& dut = *top;
  WaveWindow wave(context.get(), pass.wave_path, pass.wave_from);

  // Reset (a falling edge on rst_ni: it must first be high, or the asynchronous reset never fires), then
  // read which variants the top holds.
  dut.set(kClk, 0, false);
  dut.set(kRstN, 0, true);
  dut.eval();
  dut.set(kRstN, 0, false);
  for (uint32_t k = 0; k < n * n; ++k) dut.set(kReq, k, false);
  dut.eval();
  dut.set(kRstN, 0, true);
  dut.eval();
  std::vector<Compared> compared;
  for (uint32_t v = 0; v < kVariants; ++v) {
    const uint32_t iterations = dut.field(kIterations, v * 8, 8);
    const uint32_t mutate = dut.field(kMutate, v * 8, 8);
    const bool wanted = o.mutant ? mutate == o.mutant_kind : mutate == 0;
    if (wanted) compared.push_back({v, iterations, mutate, IslipAllocator(n, iterations), {}, {}, {}, {}});
  }
  if (compared.empty()) throw std::invalid_argument("tb_islip_allocator has no variant with MUTATE " + std::to_string(o.mutant_kind));
  result.configurations = compared.size();
  {
    std::ostringstream b;
    b << "islip_allocator N=" << n << " iterations";
    for (const Compared& c : compared) b << " " << c.iterations << (c.mutate ? " (MUTATE " + std::to_string(c.mutate) + ")" : "");
    b << " seed " << o.seed;
    result.block = b.str();
  }
  const Compared* shown = &compared[0];
  for (const Compared& c : compared) {
    if (c.variant == pass.shown_variant) shown = &c;
  }
  dut.set_field(kTwinVariant, 0, 3, shown->variant);

  MatrixStimulus stimulus(n, o.seed);
  std::vector<std::vector<bool>> grant_seen(compared.size(), std::vector<bool>(n * n, false));
  std::vector<std::vector<bool>> accept_seen(compared.size(), std::vector<bool>(n * n, false));
  std::deque<std::string> recent;

  auto show_twin = [&](bool after_edge) {
    for (uint32_t k = 0; k < n; ++k) {
      dut.set(kTwinMatchValid, k, shown->match[k] >= 0);
      dut.set_field(kTwinMatchOut, k * pw, pw, shown->match[k] < 0 ? 0 : shown->match[k]);
      dut.set_field(kTwinGrantPtr, k * pw, pw, after_edge ? shown->twin.grant_pointer(k) : shown->grant_before[k]);
      dut.set_field(kTwinAcceptPtr, k * pw, pw, after_edge ? shown->twin.accept_pointer(k) : shown->accept_before[k]);
    }
  };
  auto rtl_match = [&](uint32_t v) {
    std::vector<int> m(n, -1);
    for (uint32_t i = 0; i < n; ++i) {
      if (dut.get(kMatchValid, v * n + i)) m[i] = static_cast<int>(dut.field(kMatchOut, (v * n + i) * pw, pw));
    }
    return m;
  };
  auto rtl_pointers = [&](int port, uint32_t v) {
    std::vector<int> p(n);
    for (uint32_t k = 0; k < n; ++k) p[k] = static_cast<int>(dut.field(port, (v * n + k) * pw, pw));
    return p;
  };
  auto as_int = [](const std::vector<uint32_t>& values) { return std::vector<int>(values.begin(), values.end()); };
  auto twin_pointers = [&](const Compared& c, bool grant) {
    std::vector<int> p(n);
    for (uint32_t k = 0; k < n; ++k) p[k] = static_cast<int>(grant ? c.twin.grant_pointer(k) : c.twin.accept_pointer(k));
    return p;
  };

  std::vector<int> last_match;
  for (uint64_t cycle = 0; cycle < o.cycles; ++cycle) {
    const std::vector<bool>& req = stimulus.next(last_match);
    size_t count = 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t row = 0;  // bit j: input i requests output j
      for (uint32_t j = 0; j < n; ++j) row |= static_cast<uint32_t>(req[i * n + j]) << j;
      dut.set_field(kReq, i * n, n, row);
      count += __builtin_popcount(row);
    }
    result.idle_cycles += count == 0;
    result.single_cycles += count == 1;
    result.full_cycles += count == size_t(n) * n;

    for (Compared& c : compared) {
      c.grant_before.resize(n);
      c.accept_before.resize(n);
      for (uint32_t k = 0; k < n; ++k) {
        c.grant_before[k] = c.twin.grant_pointer(k);
        c.accept_before[k] = c.twin.accept_pointer(k);
      }
      for (uint32_t k = 0; k < n * n; ++k) {
        if (req[k]) c.twin.request(k / n, k % n);
      }
      c.match = c.twin.allocate();
    }

    // First half: clock low, this cycle's requests; the match is combinational.
    dut.set(kClk, 0, false);
    dut.set(kMismatch, 0, false);
    show_twin(false);
    dut.eval();

    std::string what;
    const Compared* failed = nullptr;
    bool after_edge = false;
    std::vector<int> rtl_m, rtl_g, rtl_a;
    for (Compared& c : compared) {
      c.rtl_match = rtl_match(c.variant);  // kept for the report: the edge re-evaluates the match
      rtl_m = c.rtl_match;
      rtl_g = rtl_pointers(kGrantPtr, c.variant);
      rtl_a = rtl_pointers(kAcceptPtr, c.variant);
      if (rtl_m != c.match) what = "match differs";
      else if (o.compare_pointers && rtl_g != as_int(c.grant_before)) what = "grant pointers differ before the clock edge";
      else if (o.compare_pointers && rtl_a != as_int(c.accept_before)) what = "accept pointers differ before the clock edge";
      if (!what.empty()) {
        failed = &c;
        break;
      }
    }
    std::ostringstream line;
    line << "    " << cycle << ": " << count << " requests, twin match " << list_text(compared[0].match);
    recent.push_back(line.str());
    if (recent.size() > 6) recent.pop_front();

    if (!failed) {
      wave.sample(dut, cycle, false);
      // Second half: the rising edge moves the pointers.
      dut.set(kClk, 0, true);
      show_twin(true);
      dut.eval();
      for (const Compared& c : compared) {
        if (!o.compare_pointers) break;
        rtl_m = c.rtl_match;
        rtl_g = rtl_pointers(kGrantPtr, c.variant);
        rtl_a = rtl_pointers(kAcceptPtr, c.variant);
        if (rtl_g != twin_pointers(c, true)) what = "grant pointers differ after the clock edge";
        else if (rtl_a != twin_pointers(c, false)) what = "accept pointers differ after the clock edge";
        if (!what.empty()) {
          failed = &c;
          after_edge = true;
          break;
        }
      }
    }
    if (failed) {
      const Compared& c = *failed;
      result.mismatch_found = true;
      result.mismatch.cycle = cycle;
      result.mismatch.what = "variant " + std::to_string(c.variant) + " (" + std::to_string(c.iterations) +
                             " iteration(s)" + (c.mutate ? ", MUTATE " + std::to_string(c.mutate) : "") + "): " + what;
      std::ostringstream d;
      d << "  phase: " << stimulus.phase() << "\n"
        << "  requests (input -> outputs):\n" << matrix_text(req, n)
        << "  match per input (- = none):   rtl " << list_text(rtl_m) << "\n"
        << "                                twin " << list_text(c.match) << "\n"
        << "  grant pointers per output:    rtl " << list_text(rtl_g) << (after_edge ? " (after the edge)" : " (before the edge)") << "\n"
        << "                                twin " << list_text(as_int(c.grant_before)) << " before, "
        << list_text(twin_pointers(c, true)) << " after the edge\n"
        << "  accept pointers per input:    rtl " << list_text(rtl_a) << (after_edge ? " (after the edge)" : " (before the edge)") << "\n"
        << "                                twin " << list_text(as_int(c.accept_before)) << " before, "
        << list_text(twin_pointers(c, false)) << " after the edge\n"
        << "  recent cycles (variant " << compared[0].variant << "'s twin):\n";
      for (const std::string& r : recent) d << r << "\n";
      result.mismatch.details = d.str();
      result.mismatch.variant = c.variant;
      dut.set(kMismatch, 0, true);
      dut.eval();
      wave.sample(dut, cycle, after_edge);
      wave.sample(dut, cycle + 1, false);  // unchanged: gives the last values a width in the viewer
      break;
    }
    wave.sample(dut, cycle, true);
    ++result.cycles_compared;
    for (size_t k = 0; k < compared.size(); ++k) {
      const Compared& c = compared[k];
      if (dut.get(kLaterRoundMatch, c.variant)) {
        ++result.later_round_cycles;
      }
      for (uint32_t i = 0; i < n; ++i) {
        if (c.match[i] >= 0) {
          ++result.decisions;
          ++result.decisions_per_port[i];
        }
        grant_seen[k][i * n + c.twin.grant_pointer(i)] = true;
        accept_seen[k][i * n + c.twin.accept_pointer(i)] = true;
      }
    }
    last_match = compared[0].match;
  }
  dut.final();
  wave.close();
  for (size_t k = 0; k < compared.size(); ++k) {
    result.pointer_values_missed += std::count(grant_seen[k].begin(), grant_seen[k].end(), false);
    result.pointer_values_missed += std::count(accept_seen[k].begin(), accept_seen[k].end(), false);
  }
  return result;
}

}  // namespace

LockstepResult run_islip_lockstep(const LockstepOptions& o) {
  LockstepResult first = run_pass(o, Pass{});
  if (!first.mismatch_found) return first;
  // Replay the same stimulus with the waveform on for the window before the mismatch, showing the twin
  // of the variant that failed.
  Pass shown;
  shown.shown_variant = first.mismatch.variant;
  const Pass replay = replay_mismatch(
      first, o.wave_window, o.wave_dir,
      "islip_n" + std::to_string(o.ports) + "_seed" + std::to_string(o.seed) +
          (o.mutant ? "_mutant" + std::to_string(o.mutant_kind) : "") + "_mismatch.fst",
      [&](const Pass& p) { return run_pass(o, p); }, shown);

  // The save file shows the failing variant next to its twin, port by port. The top's packed outputs
  // hold every variant; variant v's fields start at v * N (match_valid_o) and v * N * PW (the others).
  using F = GtkwLayout::Format;
  const std::string top = "TOP.tb_islip_allocator.";
  const uint32_t n = o.ports;
  const uint32_t pw = pointer_width(n);
  const uint32_t v = first.mismatch.variant;
  GtkwLayout layout;
  layout.begin_group("stimulus (req_in<i> bit j: input i requests output j)");
  layout.signal(top + "clk_i", 1, F::kBinary);
  layout.signal(top + "mismatch_i", 1, F::kBinary);
  for (uint32_t i = 0; i < n; ++i) {
    layout.field("req_in" + std::to_string(i), top + "req_i", n * n, i * n, n, F::kBinary);
  }
  layout.end_group();
  layout.begin_group("match per input (valid, output): rtl variant " + std::to_string(v) + ", twin");
  layout.field("rtl_valid", top + "match_valid_o", kVariants * n, v * n, n, F::kBinary);
  layout.signal(top + "twin_match_valid_i", n, F::kBinary);
  for (uint32_t i = 0; i < n; ++i) {
    layout.field("rtl_in" + std::to_string(i), top + "match_out_o", kVariants * n * pw, (v * n + i) * pw, pw, F::kDecimal);
    layout.field("twin_in" + std::to_string(i), top + "twin_match_out_i", n * pw, i * pw, pw, F::kDecimal);
  }
  layout.end_group();
  layout.begin_group("grant pointer per output: rtl, twin");
  for (uint32_t j = 0; j < n; ++j) {
    layout.field("rtl_out" + std::to_string(j), top + "grant_ptr_o", kVariants * n * pw, (v * n + j) * pw, pw, F::kDecimal);
    layout.field("twin_out" + std::to_string(j), top + "twin_grant_ptr_i", n * pw, j * pw, pw, F::kDecimal);
  }
  layout.end_group();
  layout.begin_group("accept pointer per input: rtl, twin");
  for (uint32_t i = 0; i < n; ++i) {
    layout.field("rtl_in" + std::to_string(i), top + "accept_ptr_o", kVariants * n * pw, (v * n + i) * pw, pw, F::kDecimal);
    layout.field("twin_in" + std::to_string(i), top + "twin_accept_ptr_i", n * pw, i * pw, pw, F::kDecimal);
  }
  layout.end_group();
  const std::string gtkw = gtkw_path_for(first.wave_path);
  if (layout.write(gtkw, first.wave_path, replay.wave_from * 1000, first.mismatch.cycle * 1000 + 1000,
                   first.mismatch.cycle * 1000)) {
    first.layout_path = gtkw;
  }
  return first;
}

std::vector<uint32_t> available_islip_ports() {
  std::vector<uint32_t> ports;
#define SNSIM_PORTS(n) ports.push_back(n);
  SNSIM_ISLIP_PORTS(SNSIM_PORTS)
#undef SNSIM_PORTS
  return ports;
}

}  // namespace snsim::cosim
