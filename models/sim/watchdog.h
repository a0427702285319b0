// simulation.watchdog: auto. The deadlock watchdog stops a run after this many cycles without a delivery
// while packets are in flight, so it must exceed the longest time a working fabric can go without one:
// at the start, every packet is still on its way; on long cables that is far more than a fixed period.
//
//   route    = N x (L + S) + (N - 1) x P + R
//   watchdog = max(20000, 4 x route)
//
// N: links on the longest route between two endpoints, theirs included (fabric_shape.h; 2 on a single
// switch), L: the longest link's latency, S: the slowest serialization of the largest packet on any
// link, P: the switch or router pipeline (switch.latency), R: the longest credit round trip of a link
// (latency + credit_latency: a sender that waits for credits). The factor 4 leaves room for queueing;
// the floor keeps every report of the shipped configs as it was with the former fixed 20000 cycles.
#pragma once

#include <cstdint>

#include "models/fabric/fabric_config.h"
#include "models/graph/fabric_graph.h"

namespace snsim {

constexpr uint64_t kWatchdogFloorCycles = 20000;

struct WatchdogTerms {
  uint32_t route_links = 0;       // N
  uint64_t link_cycles = 0;       // L + S of the slowest link
  uint64_t pipeline_cycles = 0;   // P
  uint64_t credit_round_trip = 0; // R
  uint64_t route_cycles() const {
    return route_links * link_cycles + (route_links ? route_links - 1 : 0) * pipeline_cycles + credit_round_trip;
  }
  uint64_t watchdog_cycles() const;
};

// After the fabric is built from `graph` (it reads the parameters of every Link in the SystemC hierarchy).
WatchdogTerms auto_watchdog_terms(const FabricConfig& config, const FabricGraph& graph);

}  // namespace snsim
