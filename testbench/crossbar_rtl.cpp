// The Verilated crossbar models behind CrossbarRtl: one adapter template over the generated classes.
#include "testbench/crossbar_rtl.h"

#include <verilated.h>
#include <verilated_fst_c.h>

#include "testbench/harness_support.h"
#include "testbench/rtl_models.h"

namespace snsim::cosim {
namespace {

template <typename T>
uint64_t get_bits(const T& value, uint32_t lsb, uint32_t width) {
  uint64_t v = 0;
  for (uint32_t b = 0; b < width; ++b) v |= uint64_t(get_bit(value, lsb + b)) << b;
  return v;
}

template <typename T>
void set_bits(T& value, uint32_t lsb, uint32_t width, uint64_t v) {
  for (uint32_t b = 0; b < width; ++b) set_bit(value, lsb + b, (v >> b) & 1);
}

// rtl/crossbar_switch.sv's QW: $clog2(DEPTH) + 1 + $clog2(N) bits per input.
uint32_t queued_bits(uint32_t ports) { return pointer_width(kXbarQueueDepth) + 1 + pointer_width(ports); }

template <typename Model>
class CrossbarRtlOf final : public CrossbarRtl {
 public:
  explicit CrossbarRtlOf(uint32_t ports)
      : context_(std::make_unique<VerilatedContext>()), ports_(ports), pw_(pointer_width(ports)),
        fw_(pw_ + kXbarCostBits + kXbarTagBits) {
    context_->traceEverOn(true);
    context_->timeunit(-9);
    context_->timeprecision(-12);
    model_ = std::make_unique<Model>(context_.get());
  }
  ~CrossbarRtlOf() override {
    if (fst_) fst_->close();
    model_->final();
  }

  void reset(uint32_t credits) override {
    Model& m = *model_;
    m.credit_init_i = credits;
    m.clk_i = 0;
    m.rst_ni = 1;
    m.eval();
    m.rst_ni = 0;
    m.eval();
    m.rst_ni = 1;
    m.eval();
  }
  void set_cycle(uint64_t cycle, uint64_t latency) override {
    if (!fst_ && !trace_path_.empty() && cycle >= trace_from_) {
      fst_ = std::make_unique<VerilatedFstC>();
      model_->trace(fst_.get(), 99);
      fst_->open(trace_path_.c_str());
    }
    model_->cycle_i = cycle;
    model_->latency_i = latency;
    cycle_ = cycle;
  }
  void set_input(uint32_t port, bool valid, const XbarFlit& f) override {
    set_bit(model_->in_valid_i, port, valid);
    set_bits(model_->in_flit_i, port * fw_, fw_, pack(f));
  }
  void set_out_ready(uint32_t port, bool ready) override { set_bit(model_->out_ready_i, port, ready); }
  void set_credit(uint32_t port, uint32_t flits) override {
    set_bit(model_->credit_valid_i, port, flits != 0);
    set_bits(model_->credit_flits_i, port * 32, 32, flits);
  }
  void eval() override {
    model_->eval();
    if (fst_) fst_->dump(cycle_ * 1000);
  }
  bool in_ready(uint32_t port) const override { return get_bit(model_->in_ready_o, port); }
  bool out_valid(uint32_t port) const override { return get_bit(model_->out_valid_o, port); }
  XbarFlit out_flit(uint32_t port) const override {
    const uint64_t v = get_bits(model_->out_flit_o, port * fw_, fw_);
    XbarFlit f;
    f.tag = static_cast<uint32_t>(v & ((1u << kXbarTagBits) - 1));
    f.cost = static_cast<uint32_t>((v >> kXbarTagBits) & ((1u << kXbarCostBits) - 1));
    f.dest = static_cast<uint32_t>(v >> (kXbarTagBits + kXbarCostBits));
    return f;
  }
  bool credit_valid(uint32_t port) const override { return get_bit(model_->credit_valid_o, port); }
  uint32_t credit_flits(uint32_t port) const override {
    return static_cast<uint32_t>(get_bits(model_->credit_flits_o, port * kXbarCostBits, kXbarCostBits));
  }
  uint32_t credits(uint32_t port) const override {
    return static_cast<uint32_t>(get_bits(model_->credits_o, port * 32, 32));
  }
  bool waiting(uint32_t port) const override { return get_bit(model_->waiting_o, port); }
  bool stalled(uint32_t port) const override { return get_bit(model_->stall_o, port); }
  bool busy(uint32_t port) const override { return get_bit(model_->busy_o, port); }
  uint32_t queued(uint32_t port) const override {
    const uint32_t width = queued_bits(ports_);
    return static_cast<uint32_t>(get_bits(model_->queued_o, port * width, width));
  }
  uint64_t packed(const XbarFlit& flit) const override { return pack(flit); }
  unsigned flit_bits() const override { return fw_; }
  void clock() override {
    model_->clk_i = 1;
    model_->eval();
    if (fst_) fst_->dump(cycle_ * 1000 + 500);
    model_->clk_i = 0;
    model_->eval();
  }
  void trace(const std::string& path, uint64_t from_cycle) override {
    trace_path_ = path;
    trace_from_ = from_cycle;
  }
  bool write_layout(const std::string& gtkw_path, const std::string& fst_path, uint64_t first_cycle,
                    uint64_t last_cycle, uint64_t marker_cycle) const override {
    using F = GtkwLayout::Format;
    const std::string top = "TOP.crossbar_switch.";
    const uint32_t n = ports_;
    GtkwLayout layout;
    // One row per port of a vector that packs `width` bits per port.
    auto per_port = [&](const std::string& label, const std::string& vector, uint32_t width, F format) {
      for (uint32_t p = 0; p < n; ++p) {
        layout.field(label + std::to_string(p), top + vector, n * width, p * width, width, format);
      }
    };
    layout.begin_group("cycle");
    layout.signal(top + "clk_i", 1, F::kBinary);
    layout.signal(top + "cycle_i", 64, F::kDecimal);
    layout.end_group();
    layout.begin_group("inputs: flits {dest, cost, tag}, ready, credits returned");
    layout.signal(top + "in_valid_i", n, F::kBinary);
    layout.signal(top + "in_ready_o", n, F::kBinary);
    per_port("in", "in_flit_i", fw_, F::kHex);
    layout.signal(top + "credit_valid_o", n, F::kBinary);
    layout.signal(top + "waiting_o", n, F::kBinary);
    layout.end_group();
    layout.begin_group("outputs: grants, link ready, credits");
    layout.signal(top + "out_valid_o", n, F::kBinary);
    layout.signal(top + "out_ready_i", n, F::kBinary);
    per_port("out", "out_flit_o", fw_, F::kHex);
    per_port("credits", "credits_o", 32, F::kDecimal);
    layout.signal(top + "credit_valid_i", n, F::kBinary);
    layout.end_group();
    return layout.write(gtkw_path, fst_path, first_cycle * 1000, last_cycle * 1000 + 1000, marker_cycle * 1000);
  }

 private:
  uint64_t pack(const XbarFlit& f) const {
    return (uint64_t(f.dest) << (kXbarTagBits + kXbarCostBits)) | (uint64_t(f.cost) << kXbarTagBits) | f.tag;
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedFstC> fst_;
  std::string trace_path_;
  uint64_t trace_from_ = 0;
  uint32_t ports_, pw_, fw_;
  uint64_t cycle_ = 0;
};

}  // namespace

std::string CrossbarRtlConfig::name() const {
  std::string s = "crossbar N=" + std::to_string(ports) +
                  (voq ? " voq islip" + std::to_string(iterations) : std::string(" fifo round_robin"));
  if (mutate) s += " MUTATE " + std::to_string(mutate);
  return s;
}

std::unique_ptr<CrossbarRtl> make_crossbar_rtl(const CrossbarRtlConfig& c) {
#define X(n, v, it, m)                                                                   \
  if (c.ports == n && c.voq == (v != 0) && (!c.voq || c.iterations == it) && c.mutate == m) \
    return std::make_unique<CrossbarRtlOf<Vcrossbar_switch_n##n##_v##v##_i##it##_m##m>>(n);
  SNSIM_CROSSBAR_CONFIGS(X)
#undef X
  return nullptr;
}

std::vector<CrossbarRtlConfig> crossbar_rtl_configs() {
  std::vector<CrossbarRtlConfig> configs;
#define X(n, v, it, m) configs.push_back({n, v != 0, it, m});
  SNSIM_CROSSBAR_CONFIGS(X)
#undef X
  return configs;
}

}  // namespace snsim::cosim
