// The adapter from a Verilated crossbar class (rtl/crossbar_switch.sv, one class per configuration) to
// CrossbarRtl. Include only where the Verilated classes are: the RTL switch's factory
// (crossbar_rtl.cpp) and the harness's, which also builds the mutants (testbench/crossbar_mutants.cpp).
// It pulls in Verilator's headers, which must not meet SystemC's in one translation unit.
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <memory>
#include <string>

#include "models/rtl_switch/crossbar_rtl.h"
#include "models/rtl_switch/verilated_ports.h"

namespace snsim::cosim {

// rtl/crossbar_switch.sv's QW: $clog2(DEPTH) + 1 + $clog2(N) bits per input.
inline uint32_t queued_bits(uint32_t ports) { return pointer_width(kXbarQueueDepth) + 1 + pointer_width(ports); }

// CrossbarRtl over one Verilated class of rtl/crossbar_switch.sv (they all have the same ports).
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

}  // namespace snsim::cosim
