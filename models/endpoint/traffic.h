// The synthetic workload: who sends to whom (pattern), how big (size distribution), how often (load).
// Built once from the `workload` section and shared read-only by all endpoints.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/core/rng.h"
#include "models/endpoint/memory_workload.h"

namespace snsim {

enum class Pattern { Uniform, UniformNoSelf, Permutation, Transpose, BitComplement, Hotspot, Tornado };

struct SizeChoice {
  uint32_t bytes;
  double weight;
};

struct Workload {
  double load = 0;  // offered load: fraction of the injection link's bandwidth, 0..1
  bool saturated = false;  // the source always has a packet ready (closed loop), instead of Bernoulli
  Pattern pattern = Pattern::Uniform;
  std::string pattern_name = "uniform";
  std::vector<SizeChoice> sizes;  // one entry = fixed size
  std::vector<uint32_t> hotspots;
  double hotspot_fraction = 0;
  int vc = 0;                       // -1: spread packets over VCs uniformly at random
  std::vector<uint32_t> permutation;  // destination of each source for Pattern::Permutation
  MemoryWorkload memory;              // enabled: loads and stores instead of data packets

  double mean_bytes() const;
  uint32_t max_bytes() const;
};

const Schema& workload_schema();
const std::vector<std::string>& pattern_names();

// Reads and validates the `workload` section for a fabric of `endpoints` endpoints with `vcs` VCs.
// The permutation (for Pattern::Permutation) is drawn from its own stream of `seed`. `ideal_link`: the
// links add no protocol headers (memory messages then carry workload.memory.header bytes).
Workload read_workload(const ConfigSection& section, uint32_t endpoints, uint32_t vcs, uint64_t seed,
                       bool ideal_link = true);

// Destination for a packet from `source`.
uint32_t pick_destination(const Workload& w, uint32_t endpoints, uint32_t source, Rng& rng);
uint32_t pick_size(const Workload& w, Rng& rng);

}  // namespace snsim
