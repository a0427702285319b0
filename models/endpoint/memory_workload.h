// Memory-semantic workloads: loads and stores (UALink-style 64-256 B requests) from every accelerator to
// a global address space that the fabric builder maps onto every accelerator's HBM. Read from the
// `workload.memory` section; the workload's `pattern` picks the home accelerator of each request.
#pragma once

#include <cstdint>

#include "models/core/config.h"
#include "models/core/packet.h"
#include "models/core/params.h"

namespace snsim {

enum class MemoryAccess { Sequential, Random };

struct MemoryWorkload {
  bool enabled = false;
  bool local = false;               // every request goes to the initiator's own HBM (the baseline)
  MemoryAccess access = MemoryAccess::Sequential;
  double read_fraction = 1.0;      // of the requests that are not atomics
  double atomic_fraction = 0.0;
  uint32_t request_bytes = 64;      // bytes each load reads or each store writes
  uint32_t max_outstanding = 64;    // requests an initiator may have in flight (tags)
  uint64_t region_bytes = 1 << 20;  // each initiator's window in every HBM: [index x region, + region)
  uint32_t header_bytes = 0;        // added to every message's payload (ideal links carry no framing)
  uint16_t request_vc = 0, response_vc = 1;

  // Payload bytes of each message on the fabric.
  // Payload bytes of each message on the fabric: data goes with write and atomic requests, and with read
  // and atomic responses.
  uint32_t request_payload(MemoryOp op) const { return (op != MemoryOp::Read ? request_bytes : 0) + header_bytes; }
  uint32_t response_payload(MemoryOp op) const { return (op != MemoryOp::Write ? request_bytes : 0) + header_bytes; }
  uint32_t largest_payload() const { return request_bytes + header_bytes; }
};

// The global address space: accelerator a's HBM holds [a x capacity, (a + 1) x capacity). The high part
// of an address selects the home accelerator, the rest is the address inside its HBM (no interleaving:
// a request of at most 256 B never straddles two accelerators because capacity is a multiple of 256 B).
struct GlobalAddressMap {
  uint64_t capacity = 0;  // bytes of one accelerator's HBM
  uint32_t accelerators = 0;

  uint32_t home(uint64_t address) const { return static_cast<uint32_t>(address / capacity); }
  uint64_t local(uint64_t address) const { return address % capacity; }
  uint64_t global(uint32_t accelerator, uint64_t local_address) const { return accelerator * capacity + local_address; }
};

const Schema& memory_workload_schema();

// Reads `workload.memory` and finishes it. `ideal_link`: the links add no headers, so dataless messages
// get `header` bytes (auto: 16 B, one UALink TL header share) to occupy the wire at all.
MemoryWorkload read_memory_workload(const ConfigSection& section, uint32_t vcs, bool ideal_link);

}  // namespace snsim
