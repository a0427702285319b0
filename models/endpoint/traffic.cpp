#include "models/endpoint/traffic.h"

#include <algorithm>
#include <cmath>

namespace snsim {
namespace {

bool is_power_of_two(uint32_t n) { return n && !(n & (n - 1)); }
uint32_t log2_exact(uint32_t n) {
  uint32_t b = 0;
  while ((1u << b) < n) ++b;
  return b;
}

}  // namespace

const std::vector<std::string>& pattern_names() {
  static const std::vector<std::string> names = {"uniform",        "uniform_no_self", "permutation", "transpose",
                                                 "bit_complement", "hotspot",         "tornado"};
  return names;
}

const Schema& workload_schema() {
  static const Schema schema{
      "workload",
      "Synthetic traffic: Bernoulli injection at `load`, a destination pattern and a packet-size mix.",
      {
          {"load", ParamKind::Real, "", 0, 1, {}, false,
           "Offered load: fraction of each endpoint's injection-link bandwidth (payload bytes)",
           "required: the experiment's independent variable"},
          {"process", ParamKind::Choice, "bernoulli", 0, 0, {"bernoulli", "saturated"}, false,
           "bernoulli: a packet each cycle with probability load x link bytes per cycle / mean packet bytes; "
           "saturated: a new packet whenever the source queue is empty, so the link is never idle for lack "
           "of data (needs load 1); for peak-throughput measurements",
           "Dally and Towles 2004, sec. 23.1 (Bernoulli injection; saturated sources for throughput)"},
          {"pattern", ParamKind::Choice, "uniform", 0, 0, pattern_names(), false,
           "Destination pattern. uniform includes the source itself; uniform_no_self excludes it; "
           "permutation is a random fixed permutation; transpose swaps the high and low halves of the "
           "index bits (endpoints = 4^k); bit_complement sends to ~i (endpoints = 2^k); hotspot sends "
           "`hotspot.fraction` of packets to `hotspot.nodes`, the rest uniform; tornado sends i to "
           "(i + ceil(N/2) - 1) mod N, the worst case for minimal routing on a ring",
           "Dally and Towles, Principles and Practices of Interconnection Networks (2004), ch. 3"},
          {"packet_size", ParamKind::Size, "256B", 1, 1 << 20, {}, false,
           "Payload bytes of every packet (ignored when packet_sizes is given)",
           "NVLink maximum payload, 256 B (Hot Chips 28; facts 1.2)"},
          {"vc", ParamKind::Integer, "0", -1, 15, {}, false,
           "Virtual channel of the generated packets; -1 spreads them uniformly over all VCs",
           "one traffic class; memory workloads choose their VCs in workload.memory"},
      },
      {"packet_sizes: list of {size: <bytes>, weight: <number>}; a weighted mix of payload sizes",
       "hotspot: {nodes: [endpoint indices], fraction: 0..1}; required for pattern hotspot",
       "memory: loads and stores to the accelerators' HBM instead of data packets (section workload.memory)"}};
  return schema;
}

double Workload::mean_bytes() const {
  double total = 0, weights = 0;
  for (const auto& s : sizes) total += s.bytes * s.weight, weights += s.weight;
  return total / weights;
}

uint32_t Workload::max_bytes() const {
  uint32_t m = 0;
  for (const auto& s : sizes) m = std::max(m, s.bytes);
  return m;
}

Workload read_workload(const ConfigSection& section, uint32_t endpoints, uint32_t vcs, uint64_t seed,
                       bool ideal_link) {
  Workload w;
  ParamValues v = read_params(section, workload_schema(), 1.0);
  w.load = v.number("load");
  w.saturated = v.text("process") == "saturated";
  if (w.saturated && w.load != 1.0) {
    section.fail("load", "a saturated source offers all the link takes; set load: 1 (or process: bernoulli)");
  }
  w.pattern_name = v.text("pattern");
  const auto& names = pattern_names();
  w.pattern = static_cast<Pattern>(std::find(names.begin(), names.end(), w.pattern_name) - names.begin());
  w.vc = static_cast<int>(v.number("vc"));
  if (w.vc >= static_cast<int>(vcs)) {
    section.fail("vc", std::to_string(w.vc) + " is out of range [-1, " + std::to_string(vcs - 1) +
                           "] (fabric.vcs is " + std::to_string(vcs) + ")");
  }

  if (section.has("memory")) {
    // Message sizes follow from the requests; the request and response VCs from the memory section.
    for (const char* key : {"packet_size", "packet_sizes", "vc"}) {
      if (section.has(key)) {
        section.fail(key, "memory workloads size and place their messages with workload.memory "
                          "(request_size, request_vc, response_vc); remove this key");
      }
    }
    w.memory = read_memory_workload(section.section("memory"), vcs, ideal_link);
    // load is the share of the link the data-carrying messages (read responses, write requests) take.
    w.sizes.push_back({w.memory.largest_payload(), 1.0});
  } else if (section.has("packet_sizes")) {
    if (section.has("packet_size")) section.fail("packet_size", "give either packet_size or packet_sizes, not both");
    YAML::Node list = section.raw("packet_sizes");
    if (!list.IsSequence() || list.size() == 0) {
      section.fail("packet_sizes", "expected a non-empty list of {size: <bytes>, weight: <number>}");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      ConfigSection item(&section.document(), list[i], section.key_path("packet_sizes") + "[" + std::to_string(i) + "]");
      Schema item_schema{"", "", {
          {"size", ParamKind::Size, "", 1, 1 << 20, {}, false, "payload bytes", ""},
          {"weight", ParamKind::Real, "1", 1e-12, 1e12, {}, false, "relative frequency", ""}}, {}};
      ParamValues iv = read_params(item, item_schema, 1.0);
      item.finish();
      w.sizes.push_back({static_cast<uint32_t>(iv.number("size")), iv.number("weight")});
    }
  } else {
    section.declare("packet_sizes");
    section.declare("memory");
    w.sizes.push_back({static_cast<uint32_t>(v.number("packet_size")), 1.0});
  }

  ConfigSection hotspot = section.section("hotspot");
  if (w.pattern == Pattern::Hotspot) {
    if (!hotspot.has("nodes")) section.fail("pattern", "pattern hotspot needs hotspot.nodes (a list of endpoint indices)");
    YAML::Node nodes = hotspot.raw("nodes");
    if (!nodes.IsSequence() || nodes.size() == 0) hotspot.fail("nodes", "expected a non-empty list of endpoint indices");
    for (size_t i = 0; i < nodes.size(); ++i) {
      std::string where = hotspot.document().location(nodes[i], hotspot.key_path("nodes"));
      long long n = -1;
      try {
        n = nodes[i].as<long long>();
      } catch (const YAML::Exception&) {
        throw ConfigError(where + ": key '" + hotspot.key_path("nodes") + "': '" + nodes[i].as<std::string>("?") +
                          "' is not an endpoint index");
      }
      if (n < 0 || n >= endpoints) {
        throw ConfigError(where + ": key '" + hotspot.key_path("nodes") + "': destination " + std::to_string(n) +
                          " is out of range [0, " + std::to_string(endpoints - 1) + "]");
      }
      w.hotspots.push_back(static_cast<uint32_t>(n));
    }
    Schema hs{"", "", {{"fraction", ParamKind::Real, "", 0, 1, {}, false, "", ""}}, {"nodes"}};
    hotspot.declare("nodes");
    w.hotspot_fraction = read_params(hotspot, hs, 1.0).number("fraction");
    hotspot.finish();
  } else if (hotspot.has("nodes") || hotspot.has("fraction")) {
    section.fail("hotspot", "hotspot settings are only used with pattern: hotspot (pattern is " + w.pattern_name + ")");
  }

  if (w.pattern == Pattern::BitComplement && !is_power_of_two(endpoints)) {
    section.fail("pattern", "bit_complement needs a power-of-two number of endpoints (fabric has " +
                                std::to_string(endpoints) + ")");
  }
  if (w.pattern == Pattern::Transpose && (!is_power_of_two(endpoints) || log2_exact(endpoints) % 2)) {
    section.fail("pattern", "transpose needs endpoints = 4^k (1, 4, 16, 64, 256, ...); fabric has " +
                                std::to_string(endpoints));
  }
  if (w.pattern == Pattern::UniformNoSelf && endpoints < 2) {
    section.fail("pattern", "uniform_no_self needs at least 2 endpoints");
  }
  if (w.pattern == Pattern::Permutation) {
    Rng rng(seed, "workload.permutation");
    w.permutation.resize(endpoints);
    for (uint32_t i = 0; i < endpoints; ++i) w.permutation[i] = i;
    for (uint32_t i = endpoints; i > 1; --i) std::swap(w.permutation[i - 1], w.permutation[rng.below(i)]);
  }
  section.finish();
  return w;
}

uint32_t pick_destination(const Workload& w, uint32_t endpoints, uint32_t source, Rng& rng) {
  switch (w.pattern) {
    case Pattern::Uniform:
      return static_cast<uint32_t>(rng.below(endpoints));
    case Pattern::UniformNoSelf: {
      uint32_t d = static_cast<uint32_t>(rng.below(endpoints - 1));
      return d >= source ? d + 1 : d;
    }
    case Pattern::Permutation:
      return w.permutation[source];
    case Pattern::Transpose: {
      uint32_t half = log2_exact(endpoints) / 2;
      uint32_t mask = (1u << half) - 1;
      return ((source & mask) << half) | (source >> half);
    }
    case Pattern::BitComplement:
      return ~source & (endpoints - 1);
    case Pattern::Hotspot:
      if (rng.uniform() < w.hotspot_fraction) return w.hotspots[rng.below(w.hotspots.size())];
      return static_cast<uint32_t>(rng.below(endpoints));
    case Pattern::Tornado:
      return (source + (endpoints + 1) / 2 - 1) % endpoints;
  }
  return source;
}

uint32_t pick_size(const Workload& w, Rng& rng) {
  if (w.sizes.size() == 1) return w.sizes[0].bytes;
  double total = 0;
  for (const auto& s : w.sizes) total += s.weight;
  double x = rng.uniform() * total;
  for (const auto& s : w.sizes) {
    if (x < s.weight) return s.bytes;
    x -= s.weight;
  }
  return w.sizes.back().bytes;
}

}  // namespace snsim
