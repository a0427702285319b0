#include "models/fabric/fabric.h"

#include "models/fabric/fabric_config.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

// SystemC's object registries find a module, port or export to remove by scanning from the newest, so
// destroying in reverse creation order costs O(1) each; in forward order (std::vector's) it is quadratic
// in the fabric's size (tens of seconds at exit for a 16,384-endpoint Clos).
template <typename T>
static void destroy_newest_first(std::vector<std::unique_ptr<T>>& objects) {
  while (!objects.empty()) objects.pop_back();
}

FabricBase::~FabricBase() { destroy_components(); }

void FabricBase::destroy_components() {
  destroy_newest_first(links_);
  destroy_newest_first(memory_endpoints_);
  destroy_newest_first(endpoints_);
  memory_.reset();
}

void FabricBase::start() {
  if (memory_) memory_->start();
  for (auto& e : endpoints_) e->start();
  for (auto& e : memory_endpoints_) e->start();
}

size_t FabricBase::payloads_allocated() const {
  size_t n = 0;
  for (const auto& e : endpoints_) n += e->pool_size();
  for (const auto& e : memory_endpoints_) n += e->pool_size();
  return n;
}

void FabricBase::finish() {
  if (memory_) memory_->finish();
}

EndpointContext FabricBase::endpoint_context(const FabricConfig& config, const FabricStats& stats) {
  EndpointContext ec;
  ec.endpoints = config.fabric.endpoints;
  ec.vcs = config.fabric.vcs;
  ec.flit_bytes = config.fabric.flit_bytes;
  ec.injection_bytes_per_cycle = config.link.bytes_per_cycle;
  ec.port = &config.link.profile;
  ec.seed = config.simulation.seed;
  ec.port_select = config.endpoint.port_select;  // builders with several ports per endpoint set ec.ports
  if (config.simulation.drain_all) ec.generation_end = stats.window().end;
  return ec;
}

SwitchContext FabricBase::switch_context(const FabricConfig& config) {
  SwitchContext sc;
  sc.vcs = config.fabric.vcs;
  sc.flit_bytes = config.fabric.flit_bytes;
  sc.link_bytes_per_cycle = config.link.bytes_per_cycle;
  sc.seed = config.simulation.seed;
  return sc;
}

}  // namespace snsim
