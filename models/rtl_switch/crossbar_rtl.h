// The Verilated crossbar switch (rtl/crossbar_switch.sv) behind a plain C++ interface, free of
// Verilator's and SystemC's headers, so that the SystemC transactor (rtl_crossbar_switch.*) and the
// Verilated code never meet in one translation unit. The adapter itself is crossbar_rtl_adapter.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace snsim::cosim {

// The widths the Verilated models are built with (models/rtl_switch/CMakeLists.txt passes the defaults
// of rtl/crossbar_switch.sv): a tag names one of 65 536 packets in the switch, a cost is at most 65 535
// buffer flits, a queue holds 64 packets.
constexpr uint32_t kXbarTagBits = 16;
constexpr uint32_t kXbarCostBits = 16;
constexpr uint32_t kXbarQueueDepth = 64;

struct XbarFlit {
  uint32_t dest = 0;  // output port
  uint32_t cost = 0;  // credits it takes downstream (buffer flits)
  uint32_t tag = 0;   // names the packet in the transactor's packet memory
};

struct CrossbarRtlConfig {
  uint32_t ports = 4;
  bool voq = false;         // false: FIFO inputs, round-robin outputs; true: VOQs and iSLIP
  uint32_t iterations = 1;  // iSLIP iterations (VOQ only)
  uint32_t mutate = 0;      // the allocator's MUTATE: 0 here; the harness builds the mutants
  std::string name() const;  // e.g. "crossbar N=4 voq islip2"
};

class CrossbarRtl {
 public:
  virtual ~CrossbarRtl() = default;
  // Reset with `credits` at every output (the downstream buffer, in flits).
  virtual void reset(uint32_t credits) = 0;
  // Inputs of the cycle being evaluated.
  virtual void set_cycle(uint64_t cycle, uint64_t latency) = 0;
  virtual void set_input(uint32_t port, bool valid, const XbarFlit& flit) = 0;
  virtual void set_out_ready(uint32_t port, bool ready) = 0;
  virtual void set_credit(uint32_t port, uint32_t flits) = 0;  // 0: no credits arrive at this output
  virtual void eval() = 0;
  // Outputs after eval().
  virtual bool in_ready(uint32_t port) const = 0;
  virtual bool out_valid(uint32_t port) const = 0;
  virtual XbarFlit out_flit(uint32_t port) const = 0;
  virtual bool credit_valid(uint32_t port) const = 0;  // credits returned upstream by input `port`
  virtual uint32_t credit_flits(uint32_t port) const = 0;
  virtual uint32_t credits(uint32_t port) const = 0;  // output's counter before this cycle
  virtual bool waiting(uint32_t port) const = 0;      // an eligible head of this input was not granted
  // Observability outputs (no decision depends on them).
  virtual bool stalled(uint32_t port) const = 0;   // output `port` holds back a head only for want of credits
  virtual bool busy(uint32_t port) const = 0;      // input `port` streams a packet
  virtual uint32_t queued(uint32_t port) const = 0;  // packets in input `port`'s queue(s)
  // A flit as the RTL's ports carry it, {dest, cost, tag}, and that field's width in bits.
  virtual uint64_t packed(const XbarFlit& flit) const = 0;
  virtual unsigned flit_bits() const = 0;
  // The clock edge that ends the cycle (rising, then falling).
  virtual void clock() = 0;
  // Writes an FST (cycle c at c ns) to `path` of the cycles from `from_cycle` on (its ports are those of
  // rtl/crossbar_switch.sv under TOP.crossbar_switch).
  virtual void trace(const std::string& path, uint64_t from_cycle = 0) = 0;
};

// The configurations `switch.impl: rtl` can run (no mutants); null when that configuration was not built.
std::unique_ptr<CrossbarRtl> make_crossbar_rtl(const CrossbarRtlConfig& config);
std::vector<CrossbarRtlConfig> crossbar_rtl_configs();  // the configurations that are built

}  // namespace snsim::cosim
