#pragma once

#include <cstdint>

namespace snsim {

struct FabricConfig;

// Cycles from injection to tail delivery of a lone packet of `bytes` on a single-switch fabric: two links
// (serialization, rounded up to whole cycles, plus the latency budget) and the switch pipeline.
uint64_t single_switch_zero_load_latency(const FabricConfig& config, uint32_t bytes);

}  // namespace snsim
