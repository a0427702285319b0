// What the crossbar harness adds to the RTL switch's Verilated crossbars (models/rtl_switch/crossbar_rtl.h):
// the mutants (MUTATE != 0), which only the harness builds (SNSIM_CROSSBAR_MUTANTS in
// testbench/CMakeLists.txt), and a GTKWave save file for a crossbar's waveform. Free of Verilator's and
// SystemC's headers, like crossbar_rtl.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/rtl_switch/crossbar_rtl.h"

namespace snsim::cosim {

// Every configuration the harness can run, the RTL switch's and the mutants; null when it is not built.
std::unique_ptr<CrossbarRtl> make_harness_crossbar_rtl(const CrossbarRtlConfig& config);
std::vector<CrossbarRtlConfig> harness_crossbar_rtl_configs();

// A GTKWave save file for the FST a crossbar of `config` wrote (CrossbarRtl::trace): the ports grouped,
// the view on [first_cycle, last_cycle], the marker on `marker_cycle`. False if it cannot be written.
bool write_crossbar_layout(const CrossbarRtlConfig& config, const std::string& gtkw_path, const std::string& fst_path,
                           uint64_t first_cycle, uint64_t last_cycle, uint64_t marker_cycle);

}  // namespace snsim::cosim
