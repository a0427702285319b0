// The crossbar's mutants behind the RTL switch's adapter, and the layout of the crossbar's ports.
#include "testbench/crossbar_rtl_harness.h"

#include "models/rtl_switch/crossbar_rtl_adapter.h"
#include "testbench/harness_support.h"
#include "testbench/rtl_models.h"

namespace snsim::cosim {

std::unique_ptr<CrossbarRtl> make_harness_crossbar_rtl(const CrossbarRtlConfig& c) {
  if (!c.mutate) return make_crossbar_rtl(c);
#define X(n, v, it, m)                                                                    \
  if (c.ports == n && c.voq == (v != 0) && (!c.voq || c.iterations == it) && c.mutate == m) \
    return std::make_unique<CrossbarRtlOf<Vcrossbar_switch_n##n##_v##v##_i##it##_m##m>>(n);
  SNSIM_CROSSBAR_MUTANTS(X)
#undef X
  return nullptr;
}

std::vector<CrossbarRtlConfig> harness_crossbar_rtl_configs() {
  std::vector<CrossbarRtlConfig> configs = crossbar_rtl_configs();
#define X(n, v, it, m) configs.push_back({n, v != 0, it, m});
  SNSIM_CROSSBAR_MUTANTS(X)
#undef X
  return configs;
}

bool write_crossbar_layout(const CrossbarRtlConfig& config, const std::string& gtkw_path, const std::string& fst_path,
                           uint64_t first_cycle, uint64_t last_cycle, uint64_t marker_cycle) {
  using F = GtkwLayout::Format;
  const std::string top = "TOP.crossbar_switch.";
  const uint32_t n = config.ports;
  const uint32_t fw = pointer_width(n) + kXbarCostBits + kXbarTagBits;  // a flit {dest, cost, tag}
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
  per_port("in", "in_flit_i", fw, F::kHex);
  layout.signal(top + "credit_valid_o", n, F::kBinary);
  layout.signal(top + "waiting_o", n, F::kBinary);
  layout.end_group();
  layout.begin_group("outputs: grants, link ready, credits");
  layout.signal(top + "out_valid_o", n, F::kBinary);
  layout.signal(top + "out_ready_i", n, F::kBinary);
  per_port("out", "out_flit_o", fw, F::kHex);
  per_port("credits", "credits_o", 32, F::kDecimal);
  layout.signal(top + "credit_valid_i", n, F::kBinary);
  layout.end_group();
  return layout.write(gtkw_path, fst_path, first_cycle * 1000, last_cycle * 1000 + 1000, marker_cycle * 1000);
}

}  // namespace snsim::cosim
