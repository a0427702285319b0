#include "models/endpoint/endpoint_params.h"

#include <algorithm>

namespace snsim {

const std::vector<std::string>& port_select_names() {
  static const std::vector<std::string> names = {"flow_hash", "round_robin", "least_loaded"};
  return names;
}

const Schema& endpoint_schema() {
  static const Schema schema{
      "endpoint",
      "Accelerator endpoint: synthetic traffic source with a source queue, and a sink that consumes at "
      "link rate.",
      {
          {"receive_buffer", ParamKind::Size, "16KiB", 16, 1ULL << 40, {}, false,
           "Receive buffer per VC; the switch holds this many bytes of credits toward the endpoint",
           "Not public for NVLink (facts 1.2, 8.5); covers the credit loop of the default NVLink-5 link: "
           "50 B/cycle x (6 + 93 + 93) cycles = 9.6 KB"},
          {"source_queue", ParamKind::Integer, "unbounded", 1, 1e9, {}, true,
           "Source (injection) queue capacity in packets; a packet generated into a full queue is "
           "refused and counted",
           "Open-loop measurement needs an unbounded queue (Dally and Towles 2004, sec. 23.1)"},
          {"port_select", ParamKind::Choice, "flow_hash", 0, 0, port_select_names(), false,
           "How an endpoint with several ports (one per switch plane, or parallel links to one switch) "
           "picks each packet's port. flow_hash: a fixed hash of (source, destination, traffic class), so "
           "a flow keeps one port and its order; round_robin: the next port for every packet (spraying; "
           "a flow may be reordered); least_loaded: among the ports whose link is free, the one with the "
           "most credits downstream for the packet's VC (ties: the lowest port). No effect with one port",
           "GB200 NVL72 wires each GPU to all 18 switch planes (facts 1.4); per-flow hashing keeps a "
           "flow on one path and in order (ECMP hash-threshold, RFC 2992)"},
      },
      {}};
  return schema;
}

EndpointParams endpoint_params_from(const ParamValues& values) {
  EndpointParams p;
  p.receive_buffer_bytes = values.whole("receive_buffer");
  p.source_queue_packets = values.unbounded("source_queue") ? 0 : values.whole("source_queue");
  const auto& names = port_select_names();
  p.port_select = static_cast<PortSelect>(std::find(names.begin(), names.end(), values.text("port_select")) -
                                          names.begin());
  return p;
}

std::optional<std::string> injection_rate_problem(double load, double injection_bytes_per_cycle, double mean_bytes,
                                                  uint32_t ports) {
  const double rate = load * injection_bytes_per_cycle / mean_bytes;
  if (rate <= ports * (1.0 + 1e-12)) return std::nullopt;
  auto num = [](double v) { return format_number(v, 6); };
  const std::string limit = ports == 1 ? "an endpoint makes at most one per cycle"
                                       : "each of the endpoint's " + std::to_string(ports) +
                                             " ports starts at most one per cycle";
  return num(load) + " of " + num(injection_bytes_per_cycle) + " B/cycle with " + num(mean_bytes) +
         " B packets needs " + num(rate) + " packets per cycle; " + limit + ", so the highest load here is " +
         num(ports * mean_bytes / injection_bytes_per_cycle) + " (use larger packets or a lower load)";
}

}  // namespace snsim
