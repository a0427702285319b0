#include "models/sim/watchdog.h"

#include <algorithm>
#include <systemc>

#include "models/link/link.h"
#include "models/sim/fabric_shape.h"

namespace snsim {
namespace {

// Every Link below `objects`, however the builder nests them.
void visit_links(const std::vector<sc_core::sc_object*>& objects, uint32_t largest_packet, WatchdogTerms& terms) {
  for (sc_core::sc_object* object : objects) {
    if (const auto* link = dynamic_cast<const Link*>(object)) {
      const LinkParams& p = link->params();
      terms.link_cycles = std::max(terms.link_cycles, p.latency + p.serialization_cycles(largest_packet));
      terms.credit_round_trip = std::max(terms.credit_round_trip, p.latency + p.credit_latency);
    }
    visit_links(object->get_child_objects(), largest_packet, terms);
  }
}

}  // namespace

uint64_t WatchdogTerms::watchdog_cycles() const { return std::max<uint64_t>(kWatchdogFloorCycles, 4 * route_cycles()); }

WatchdogTerms auto_watchdog_terms(const FabricConfig& config, const FabricGraph& graph) {
  WatchdogTerms terms;
  terms.route_links = fabric_shape(config, graph).route_links;
  terms.pipeline_cycles = config.switch_params.latency;
  uint32_t largest = config.workload.max_bytes();
  if (config.workload.memory.enabled) {
    largest = std::max(largest, config.workload.memory.largest_payload());
  }
  visit_links(sc_core::sc_get_top_level_objects(), largest, terms);
  return terms;
}

}  // namespace snsim
