// What fabric-level controllers may ask of a switch or router, whatever implements it: the deadlock
// diagnosis reads the heads held back by flow control, and an optical circuit switch controller holds a
// port's arrivals while it rewires. Controllers reach switches only through this interface (no raw
// pointers into a switch model), so a controller and its switches could sit in different partitions
// behind a proxy later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace snsim {

// A packet whose head is held back only by flow control (for the deadlock watchdog's wait-for graph).
struct BlockedHead {
  uint32_t in_port;
  uint16_t in_vc;
  uint32_t out_port;
  uint16_t out_vc_begin, out_vc_end;
  uint64_t packet_id;
};

class SwitchControl {
 public:
  virtual ~SwitchControl() = default;
  // Head packets that wait only for flow control on their output.
  virtual void blocked_heads(uint64_t cycle, std::vector<BlockedHead>& out) const = 0;
  // A held input leaves arriving packets unrouted (upstream runs out of credits and stops); releasing it
  // routes them with the routing in force then.
  virtual void hold_input(uint32_t port, bool hold) = 0;
  virtual size_t held_packets(uint32_t port) const = 0;
};

}  // namespace snsim
