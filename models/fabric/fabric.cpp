#include "models/fabric/fabric.h"

#include "models/fabric/fabric_config.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

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
