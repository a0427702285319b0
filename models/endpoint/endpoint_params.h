// What every endpoint kind (AcceleratorEndpoint, MemoryEndpoint) is configured with: its parameters
// from the `endpoint` section, and the context a fabric builder gives it (its index, the fabric's VCs and
// flits, how many ports it has and how it spreads packets over them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/core/packet.h"
#include "models/core/params.h"
#include "models/link/port_profile.h"

namespace snsim {

// How an endpoint with several ports (switch planes, or parallel links to one switch) picks the port of
// a packet (models/endpoint/network_interface.h says exactly when each is decided).
enum class PortSelect {
  FlowHash,     // a fixed hash of (source, destination, traffic class): a flow keeps one port, in order
  RoundRobin,   // the next port for every packet: a flow is sprayed over all ports (and may be reordered)
  LeastLoaded,  // the free port with the most credits downstream for the packet's VC (ties: lowest index)
};
const std::vector<std::string>& port_select_names();  // in PortSelect order, as the schema spells them

struct EndpointParams {
  uint64_t receive_buffer_bytes = 16384;
  uint64_t source_queue_packets = 0;  // 0: unbounded
  PortSelect port_select = PortSelect::FlowHash;
};

const Schema& endpoint_schema();
EndpointParams endpoint_params_from(const ParamValues& values);

// What an endpoint needs to know about the fabric it sits in (given by the builder).
struct EndpointContext {
  uint32_t index = 0;
  uint32_t endpoints = 1;
  uint32_t vcs = 1;
  uint32_t flit_bytes = 16;
  // The endpoint's whole injection bandwidth (the sum over its ports), to turn load into a packet rate.
  double injection_bytes_per_cycle = 16;
  const PortProfile* port = nullptr;      // the links' protocol: how many buffer bytes a payload takes
  uint64_t generation_end = kNever;       // no packets are created at or after this cycle
  uint64_t seed = 1;
  uint32_t ports = 1;  // links to the fabric: tx and rx are each bound this many times, port i = i-th binding
  PortSelect port_select = PortSelect::FlowHash;
};

// Why a source of `packets_per_cycle` cannot be offered through `ports` ports, or nothing if it can: each
// port starts at most one packet per cycle (a load needing more means tiny packets on a wide link).
// `load`, `injection_bytes_per_cycle` (summed over the ports) and `mean_bytes` only word the message.
// The config reader checks the load for one port's bandwidth, which is the same condition per port.
std::optional<std::string> injection_rate_problem(double load, double injection_bytes_per_cycle, double mean_bytes,
                                                  uint32_t ports);

// Whether every flow of such an endpoint leaves by one port, so that the fabric can keep it in order
// (a builder clears FabricStats::order_guaranteed otherwise).
inline bool keeps_flow_order(const EndpointContext& context) {
  return context.ports == 1 || context.port_select == PortSelect::FlowHash;
}

}  // namespace snsim
