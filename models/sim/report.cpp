#include "models/sim/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "models/hbm/hbm_run.h"
#include "models/sim/provenance.h"

namespace snsim {
namespace {

using nlohmann::json;

json latency_json(const LatencyHistogram& h) {
  return json{{"count", h.count()},          {"mean", h.mean()},
              {"min", h.min()},              {"p50", h.percentile(0.5)},
              {"p99", h.percentile(0.99)},   {"p999", h.percentile(0.999)},
              {"max", h.max()}};
}

std::string fixed(double v, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << v;
  return out.str();
}

const char* kRunColumns[] = {"name",
                             "seed",
                             "offered_load",
                             "offered_throughput",
                             "accepted_throughput",
                             "latency_mean",
                             "latency_p50",
                             "latency_p99",
                             "latency_p999",
                             "latency_max",
                             "network_latency_mean",
                             "network_latency_p50",
                             "network_latency_p99",
                             "network_latency_p999",
                             "network_latency_max",
                             "packets_created",
                             "packets_injected",
                             "packets_delivered",
                             "measured_undelivered",
                             "drained",
                             "cycles"};

json run_row(const json& r) {
  return json{{"name", r["config"]["name"]},
              {"seed", r["config"]["seed"]},
              {"offered_load", r["offered_load"]},
              {"offered_throughput", r["offered_throughput"]},
              {"accepted_throughput", r["accepted_throughput"]},
              {"latency_mean", r["latency"]["mean"]},
              {"latency_p50", r["latency"]["p50"]},
              {"latency_p99", r["latency"]["p99"]},
              {"latency_p999", r["latency"]["p999"]},
              {"latency_max", r["latency"]["max"]},
              {"network_latency_mean", r["network_latency"]["mean"]},
              {"network_latency_p50", r["network_latency"]["p50"]},
              {"network_latency_p99", r["network_latency"]["p99"]},
              {"network_latency_p999", r["network_latency"]["p999"]},
              {"network_latency_max", r["network_latency"]["max"]},
              {"packets_created", r["packets_created"]},
              {"packets_injected", r["packets_injected"]},
              {"packets_delivered", r["packets_delivered"]},
              {"measured_undelivered", r["measured"]["undelivered"]},
              {"drained", r["drained"]},
              {"cycles", r["cycles"]}};
}

std::string csv_cell(const json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }
  if (v.is_null()) return "";
  return v.dump();
}

// Memory-semantic runs: transactions, latency per message class, the round trip's split, bytes per
// accelerator and every HBM channel over the window.
json memory_json(const FabricConfig& config, const FabricStats& stats) {
  const MemoryWorkload& mw = config.workload.memory;
  const MemoryStats& m = stats.memory;
  const double window = double(stats.window().length());
  json accelerators = json::array();
  for (uint32_t a = 0; a < config.fabric.endpoints; ++a) {
    const double bytes = double(m.bytes_completed_in_window[a]);
    accelerators.push_back({{"accelerator", a},
                            {"bytes", m.bytes_completed_in_window[a]},
                            {"reads", m.reads_completed_in_window[a]},
                            {"writes", m.writes_completed_in_window[a]},
                            {"atomics", m.atomics_completed_in_window[a]},
                            {"bytes_per_cycle", bytes / window},
                            {"gbytes_per_second", bytes / window * config.fabric.clock_hz / 1e9}});
  }
  json channels = json::array();
  for (const MemoryChannelRecord& c : m.channels) {
    channels.push_back({{"name", c.name},
                        {"accelerator", c.accelerator},
                        {"channel", c.channel},
                        {"gbytes_per_second", c.bytes_per_second() / 1e9},
                        {"data_bus_utilization", c.data_bus_utilization()},
                        {"row_hit_rate", c.row_hit_rate()},
                        {"mean_queued_bursts_per_pc", c.mean_queued_bursts_per_pc()},
                        {"refresh_bank_time_fraction", c.refresh_bank_time_fraction()},
                        {"read_write_turnarounds", c.turnarounds},
                        {"read_bursts", c.read_bursts},
                        {"write_bursts", c.write_bursts},
                        {"row_hits", c.row_hits},
                        {"row_misses", c.row_misses},
                        {"row_conflicts", c.row_conflicts},
                        {"refreshes", c.refreshes}});
  }
  const double split = double(m.memory_share_cycles + m.fabric_share_cycles);
  return {
      {"target", mw.local ? "local" : "remote"},
      {"access", mw.access == MemoryAccess::Random ? "random" : "sequential"},
      {"read_fraction", mw.read_fraction},
      {"atomic_fraction", mw.atomic_fraction},
      {"request_bytes", mw.request_bytes},
      {"header_bytes", mw.header_bytes},
      {"max_outstanding", mw.max_outstanding},
      {"request_vc", mw.request_vc},
      {"response_vc", mw.response_vc},
      {"address_map", {{"capacity_per_accelerator", config.hbm->mapping.capacity()},
                       {"rule", "home accelerator = address / capacity; HBM address = address mod capacity"}}},
      {"hbm", hbm::describe_hbm(*config.hbm)},
      {"transactions", {{"issued", m.issued},
                        {"completed", m.completed},
                        {"measured_issued", m.measured_issued},
                        {"measured_completed", m.measured_completed},
                        {"measured_remote", m.remote},
                        {"measured_local", m.local}}},
      {"latency", {{"request", latency_json(m.request_latency)},
                   {"request_network", latency_json(m.request_network_latency)},
                   {"response", latency_json(m.response_latency)},
                   {"response_network", latency_json(m.response_network_latency)},
                   {"read_round_trip", latency_json(m.read_round_trip)},
                   {"write_round_trip", latency_json(m.write_round_trip)},
                   {"atomic_round_trip", latency_json(m.atomic_round_trip)},
                   {"remote_read_round_trip", latency_json(m.remote_read_round_trip)},
                   {"local_read_round_trip", latency_json(m.local_read_round_trip)},
                   {"memory_share", latency_json(m.memory_share)},
                   {"fabric_share", latency_json(m.fabric_share)}}},
      {"round_trip_split", {{"memory_fraction", split > 0 ? double(m.memory_share_cycles) / split : 0.0},
                            {"fabric_fraction", split > 0 ? double(m.fabric_share_cycles) / split : 0.0}}},
      {"accelerators", accelerators},
      {"channels", channels},
      {"timing_checker", m.timing_checked ? json{{"commands", m.commands_checked}, {"violations", m.timing_violations}}
                                          : json(nullptr)},
  };
}

// Links and queues grouped by a tag (tier or plane): how many, their mean and largest utilization, stall
// cycles, and the queues' mean and largest occupancy. Groups in order of first appearance.
json aggregate(const json& links, const json& queues, const char* tag) {
  json groups = json::array();
  std::map<std::string, size_t> index;
  auto group = [&](const json& value) -> json& {
    const std::string key = value.dump();
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      groups.push_back({{tag, value}, {"links", 0}, {"utilization_mean", 0.0}, {"utilization_max", 0.0},
                        {"flow_control_stall_cycles", 0}, {"queues", 0}, {"queue_mean", 0.0}, {"queue_max", 0}});
    }
    return groups[it->second];
  };
  for (const auto& l : links) {
    if (l[tag] == json(-1)) continue;  // no plane
    json& g = group(l[tag]);
    g["links"] = g["links"].get<uint64_t>() + 1;
    g["utilization_mean"] = g["utilization_mean"].get<double>() + l["utilization"].get<double>();
    g["utilization_max"] = std::max(g["utilization_max"].get<double>(), l["utilization"].get<double>());
    g["flow_control_stall_cycles"] = g["flow_control_stall_cycles"].get<uint64_t>() + l["flow_control_stall_cycles"].get<uint64_t>();
  }
  for (const auto& q : queues) {
    if (q[tag] == json(-1) || q["tier"] == "endpoint") continue;  // source queues are not the fabric's
    json& g = group(q[tag]);
    g["queues"] = g["queues"].get<uint64_t>() + 1;
    g["queue_mean"] = g["queue_mean"].get<double>() + q["mean"].get<double>();
    g["queue_max"] = std::max(g["queue_max"].get<int64_t>(), q["max"].get<int64_t>());
  }
  for (auto& g : groups) {
    if (g["links"].get<uint64_t>()) g["utilization_mean"] = g["utilization_mean"].get<double>() / g["links"].get<double>();
    if (g["queues"].get<uint64_t>()) g["queue_mean"] = g["queue_mean"].get<double>() / g["queues"].get<double>();
  }
  return groups;
}

}  // namespace

json make_report(const FabricConfig& config, const FabricStats& stats, const RunFacts& facts) {
  const Window& w = stats.window();
  const double capacity =
      double(w.length()) * config.fabric.endpoints * config.link.bytes_per_cycle * facts.ports_per_endpoint;
  json report;
  json overrides = json::object();
  for (const auto& [key, assignment] : config.document->overrides()) overrides[key] = assignment.substr(key.size() + 1);
  report["config"] = {{"file", config.document->name()},
                      {"name", config.fabric.name},
                      {"topology", config.fabric.topology},
                      {"dims", config.topology.dims},
                      {"endpoints", config.fabric.endpoints},
                      {"seed", config.simulation.seed},
                      {"overrides", overrides},
                      {"clock_ghz", config.fabric.clock_hz / 1e9},
                      {"link_bytes_per_cycle", config.link.bytes_per_cycle},
                      {"link_protocol", config.link.profile.protocol},
                      {"link_profile", config.link.profile.name},
                      {"link_latency_cycles", config.link.latency},
                      {"link_flow_control", config.link.flow_control.mode == FlowControlMode::Pause ? "pause" : "credit"},
                      {"pattern", config.workload.pattern_name},
                      {"mean_packet_bytes", config.workload.mean_bytes()}};
  report["provenance"] = provenance(config);  // version and config hash (not in the report hash)
  report["units"] = {{"time", "cycles of the fabric clock"},
                     {"throughput", "payload bytes per endpoint per cycle / link bytes per cycle"}};
  report["offered_load"] = config.workload.load;
  report["offered_throughput"] = double(stats.bytes_created_in_window) / capacity;
  report["accepted_throughput"] = double(stats.bytes_delivered_in_window) / capacity;
  report["latency"] = latency_json(stats.latency);
  report["network_latency"] = latency_json(stats.network_latency);
  report["hops"] = latency_json(stats.hops);
  report["packets_created"] = stats.created;
  report["packets_injected"] = stats.injected;
  report["packets_delivered"] = stats.delivered;
  report["packets_refused"] = stats.refused;
  report["measured"] = {{"created", stats.measured_created},
                        {"delivered", stats.measured_delivered},
                        {"undelivered", stats.measured_created - stats.measured_delivered}};
  report["drained"] = facts.drained;
  report["deadlock"] = facts.deadlock;
  report["cycles"] = facts.end_cycle;
  report["window"] = {{"warmup", w.begin}, {"measure", w.length()}, {"end", w.end}};
  report["integrity"] = {{"duplicates", stats.duplicates},
                         {"misrouted", stats.misrouted},
                         {"invented", stats.invented},
                         {"out_of_order", stats.out_of_order},
                         {"in_flight_at_end", stats.created - stats.delivered}};
  if (facts.fabric.is_object()) report.update(facts.fabric);
  // Multi-path routing may reorder a flow: measured here, not counted as an integrity error.
  report["reordering"] = {{"order_guaranteed", stats.order_guaranteed}, {"reordered_packets", stats.reordered}};
  report["engine"] = {{"component_activations", facts.activations},
                      {"busy_cycles", facts.busy_cycles},
                      {"payloads_allocated", facts.payloads_allocated}};

  json links = json::array();
  for (const auto& l : stats.links()) {
    links.push_back({{"name", l.name()},
                     {"from", l.from()},
                     {"to", l.to()},
                     {"utilization", l.utilization()},
                     {"goodput", l.goodput()},
                     {"wire_efficiency", l.wire_efficiency()},
                     {"packets", l.packets()},
                     {"bytes", l.bytes()},
                     {"retries", l.retries()},
                     {"crc_errors", l.retries()},
                     {"flow_control_stall_cycles", l.flow_control_stall_cycles()},
                     {"pause_cycles", l.pause_cycles()},
                     {"replay_stall_cycles", l.replay_stall_cycles()},
                     {"tier", l.tier()},
                     {"plane", l.plane()}});
  }
  report["links"] = links;
  json queues = json::array();
  for (const auto& q : stats.queues()) {
    queues.push_back({{"name", q.name()},
                      {"unit", q.unit()},
                      {"capacity", std::isinf(q.capacity()) ? json(nullptr) : json(q.capacity())},
                      {"mean", q.mean()},
                      {"max", q.max()},
                      {"tier", q.tier()},
                      {"plane", q.plane()}});
  }
  report["queues"] = queues;
  if (report.contains("fabric")) {
    report["fabric"]["per_tier"] = aggregate(links, queues, "tier");
    report["fabric"]["per_plane"] = aggregate(links, queues, "plane");
  }
  if (config.workload.memory.enabled) report["memory"] = memory_json(config, stats);
  return report;
}

static void print_memory_summary(std::ostream& out, const json& m) {
  const json& t = m["transactions"];
  const json& l = m["latency"];
  out << "  memory        " << m["target"].get<std::string>() << " " << m["access"].get<std::string>() << ", "
      << m["request_bytes"] << " B requests, read fraction " << fixed(m["read_fraction"].get<double>(), 2) << ", "
      << m["hbm"]["name"].get<std::string>() << " per accelerator; " << t["measured_completed"]
      << " measured transactions (" << t["measured_remote"] << " remote, " << t["measured_local"] << " local)\n";
  auto line = [&](const char* label, const json& h) {
    out << "  " << label << "mean " << fixed(h["mean"].get<double>(), 2) << "  p50 " << h["p50"] << "  p99 "
        << h["p99"] << "  max " << h["max"] << " cycles (" << h["count"] << ")\n";
  };
  line("request lat.  ", l["request"]);
  line("response lat. ", l["response"]);
  line("read rtt      ", l["read_round_trip"]);
  line("write rtt     ", l["write_round_trip"]);
  if (l["atomic_round_trip"]["count"].get<uint64_t>()) line("atomic rtt    ", l["atomic_round_trip"]);
  out << "  rtt split     memory " << fixed(100 * m["round_trip_split"]["memory_fraction"].get<double>(), 1)
      << "% (mean " << fixed(l["memory_share"]["mean"].get<double>(), 2) << " cycles), fabric "
      << fixed(100 * m["round_trip_split"]["fabric_fraction"].get<double>(), 1) << "% (mean "
      << fixed(l["fabric_share"]["mean"].get<double>(), 2) << " cycles)\n";
  double total = 0, lowest = INFINITY, highest = 0;
  for (const auto& a : m["accelerators"]) {
    const double g = a["gbytes_per_second"].get<double>();
    total += g, lowest = std::min(lowest, g), highest = std::max(highest, g);
  }
  out << "  achieved      " << fixed(total, 2) << " GB/s in all, per accelerator " << fixed(lowest, 2) << " to "
      << fixed(highest, 2) << " GB/s\n";
  double hits = 0, bursts = 0, queued = 0, refresh = 0, bandwidth = 0;
  uint64_t turnarounds = 0;
  size_t n = 0;
  for (const auto& c : m["channels"]) {
    const double b = c["read_bursts"].get<double>() + c["write_bursts"].get<double>();
    hits += c["row_hits"].get<double>(), bursts += b;
    queued += c["mean_queued_bursts_per_pc"].get<double>(), refresh += c["refresh_bank_time_fraction"].get<double>();
    bandwidth += c["gbytes_per_second"].get<double>(), turnarounds += c["read_write_turnarounds"].get<uint64_t>();
    ++n;
  }
  if (n) {
    out << "  hbm channels  " << n << ", mean " << fixed(bandwidth / n, 2) << " GB/s, row-hit rate "
        << fixed(bursts > 0 ? hits / bursts : 0.0, 3) << ", mean queued bursts per pc " << fixed(queued / n, 2)
        << ", refresh " << fixed(100 * refresh / n, 2) << "% of bank time, " << turnarounds
        << " read/write turnarounds\n";
  }
}

void print_summary(std::ostream& out, const json& r) {
  const json& c = r["config"];
  out << "snsim: " << c["name"].get<std::string>() << " (" << c["topology"].get<std::string>() << ", "
      << c["endpoints"] << " endpoints, clock " << fixed(c["clock_ghz"].get<double>(), 3) << " GHz), seed "
      << c["seed"] << "\n";
  out << "  links         " << c["link_protocol"].get<std::string>();
  if (c["link_protocol"] != "ideal") out << " (" << c["link_profile"].get<std::string>() << ")";
  out << ", " << fixed(c["link_bytes_per_cycle"].get<double>(), 2) << " B/cycle data rate, " << c["link_latency_cycles"]
      << " cycles one way, " << c["link_flow_control"].get<std::string>() << " flow control\n";
  if (r.contains("fabric")) {
    const json& f = r["fabric"];
    out << "  fabric        " << f["switches"] << " switches, " << f["routers"] << " routers, " << f["links"]
        << " links";
    if (f["ports_per_endpoint"].get<uint32_t>() > 1) out << ", " << f["ports_per_endpoint"] << " ports per endpoint";
    out << "; mean utilization per tier:";
    for (const auto& t : f["per_tier"]) {
      if (t["links"].get<uint64_t>()) out << " " << t["tier"].get<std::string>() << " " << fixed(100 * t["utilization_mean"].get<double>(), 1) << "%";
    }
    out << "\n";
  }
  {
    // Fabric-wide port figures: where the protocol's cost goes.
    double payload = 0, busy_capacity = 0, goodput_sum = 0;
    uint64_t retries = 0, stalls = 0, pauses = 0;
    size_t used = 0;
    for (const auto& l : r["links"]) {
      if (l["packets"].get<uint64_t>() == 0) continue;
      ++used;
      payload += l["bytes"].get<double>();
      if (l["wire_efficiency"].get<double>() > 0) busy_capacity += l["bytes"].get<double>() / l["wire_efficiency"].get<double>();
      goodput_sum += l["goodput"].get<double>();
      retries += l["retries"].get<uint64_t>();
      stalls += l["flow_control_stall_cycles"].get<uint64_t>();
      pauses += l["pause_cycles"].get<uint64_t>();
    }
    out << "  ports         wire efficiency " << fixed(busy_capacity > 0 ? payload / busy_capacity : 0.0, 4)
        << ", mean goodput " << fixed(used ? goodput_sum / used : 0.0, 4) << " of the data rate, retries " << retries
        << ", flow-control stalls " << stalls << " cycles, paused " << pauses << " cycles\n";
  }
  out << "  workload      " << c["pattern"].get<std::string>() << ", load " << fixed(r["offered_load"].get<double>(), 3)
      << ", mean packet " << fixed(c["mean_packet_bytes"].get<double>(), 0) << " B\n";
  out << "  window        cycles " << r["window"]["warmup"] << " to " << r["window"]["end"] << " (run ended at cycle "
      << r["cycles"] << ")\n";
  out << "  throughput    offered " << fixed(r["offered_throughput"].get<double>(), 4) << ", accepted "
      << fixed(r["accepted_throughput"].get<double>(), 4) << " (fraction of link bandwidth per endpoint"
      << (r.contains("fabric") && r["fabric"]["ports_per_endpoint"].get<uint32_t>() > 1
              ? ", summed over its " + r["fabric"]["ports_per_endpoint"].dump() + " links"
              : std::string())
      << ")\n";
  auto line = [&](const char* label, const json& l) {
    out << "  " << label << "mean " << fixed(l["mean"].get<double>(), 2) << "  p50 " << l["p50"] << "  p99 "
        << l["p99"] << "  p99.9 " << l["p999"] << "  max " << l["max"] << " cycles (" << l["count"]
        << " packets)\n";
  };
  line("latency       ", r["latency"]);
  line("network lat.  ", r["network_latency"]);
  out << "  packets       created " << r["packets_created"] << ", injected " << r["packets_injected"]
      << ", delivered " << r["packets_delivered"];
  if (r["packets_refused"].get<uint64_t>()) out << ", refused at full source queue " << r["packets_refused"];
  out << "\n";
  if (!r["drained"].get<bool>()) {
    out << "  NOT DRAINED   " << r["measured"]["undelivered"]
        << " measured packets were still undelivered at the drain limit: the fabric is saturated at this "
           "load, and the latency above covers only the delivered ones\n";
  }
  if (!r["deadlock"].is_null()) {
    const json& d = r["deadlock"];
    out << "  DEADLOCK      no packet delivered for " << d["no_delivery_for_cycles"] << " cycles with "
        << d["packets_in_flight"] << " in flight (stopped at cycle " << d["detected_at_cycle"] << ")";
    if (d["wait_for_cycle"].is_array()) {
      out << "; buffers waiting on each other:";
      for (const auto& n : d["wait_for_cycle"]) {
        out << " r" << n["router"] << ".in" << n["input_port"] << ".vc" << n["vc"] << " ->";
      }
      out << " (back to the first)";
    }
    out << "\n";
  }
  if (r.contains("memory")) print_memory_summary(out, r["memory"]);
  const json& integ = r["integrity"];
  if (integ["duplicates"].get<uint64_t>() || integ["misrouted"].get<uint64_t>() || integ["invented"].get<uint64_t>() ||
      integ["out_of_order"].get<uint64_t>()) {
    out << "  INTEGRITY     duplicates " << integ["duplicates"] << ", misrouted " << integ["misrouted"]
        << ", invented " << integ["invented"] << ", out of order " << integ["out_of_order"] << "\n";
  }
  if (r.contains("ocs")) {
    for (const auto& p : r["ocs"]["phases"]) {
      out << "  ocs phase " << p["phase"] << "   from cycle " << p["started_at_cycle"] << ": " << p["packets_delivered"]
          << " packets delivered";
      if (p.contains("held_cycles")) {
        out << "; injection held " << p["held_cycles"] << " cycles (drain " << p["drain_cycles"] << ", reconfiguration "
            << p["reconfiguration_cycles"] << ")";
      }
      out << "\n";
    }
  }
  if (r["reordering"]["reordered_packets"].get<uint64_t>()) {
    out << "  reordering    " << r["reordering"]["reordered_packets"]
        << " packets overtaken within their flow (multi-path routing; not an error)\n";
  }
  // The busiest links and fullest queues: where congestion builds.
  std::vector<const json*> links;
  for (const auto& l : r["links"]) links.push_back(&l);
  std::stable_sort(links.begin(), links.end(), [](const json* a, const json* b) {
    return (*a)["utilization"].get<double>() > (*b)["utilization"].get<double>();
  });
  out << "  busiest links ";
  for (size_t i = 0; i < links.size() && i < 3; ++i) {
    out << (i ? ", " : "") << (*links[i])["name"].get<std::string>() << " "
        << fixed(100 * (*links[i])["utilization"].get<double>(), 1) << "%";
  }
  out << "\n";
  std::vector<const json*> queues;
  for (const auto& q : r["queues"]) queues.push_back(&q);
  std::stable_sort(queues.begin(), queues.end(), [](const json* a, const json* b) {
    return (*a)["mean"].get<double>() > (*b)["mean"].get<double>();
  });
  out << "  fullest queues";
  for (size_t i = 0; i < queues.size() && i < 3; ++i) {
    out << (i ? ", " : " ") << (*queues[i])["name"].get<std::string>() << " mean "
        << fixed((*queues[i])["mean"].get<double>(), 2) << " max " << (*queues[i])["max"] << " "
        << (*queues[i])["unit"].get<std::string>();
  }
  out << "\n";
}

void print_sweep_summary(std::ostream& out, const json& sweep) {
  out << "snsim sweep: " << sweep["config"].get<std::string>() << ", " << sweep["param"].get<std::string>() << "\n";
  out << "  " << std::setw(10) << "value" << std::setw(10) << "offered" << std::setw(10) << "accepted"
      << std::setw(12) << "lat mean" << std::setw(9) << "p99" << std::setw(10) << "net mean" << "  drained\n";
  for (const auto& p : sweep["points"]) {
    const json& r = p["report"];
    out << "  " << std::setw(10) << p["value"].get<std::string>() << std::setw(10)
        << fixed(r["offered_throughput"].get<double>(), 4) << std::setw(10)
        << fixed(r["accepted_throughput"].get<double>(), 4) << std::setw(12)
        << fixed(r["latency"]["mean"].get<double>(), 1) << std::setw(9) << r["latency"]["p99"].get<uint64_t>()
        << std::setw(10) << fixed(r["network_latency"]["mean"].get<double>(), 1) << "  "
        << (r["drained"].get<bool>() ? "yes" : "NO") << "\n";
  }
  if (sweep["saturation_throughput"].is_null()) {
    out << "  saturation    not reached in this sweep (every point accepted its offered load); highest "
           "accepted throughput "
        << fixed(sweep["max_accepted_throughput"].get<double>(), 4) << "\n";
  } else {
    out << "  saturation    throughput " << fixed(sweep["saturation_throughput"].get<double>(), 4)
        << ", first saturated point " << sweep["saturation_point"].get<std::string>() << " ("
        << sweep["saturation_rule"].get<std::string>() << ")\n";
  }
}

void write_runs_csv(std::ostream& out, const json& reports) {
  bool first = true;
  for (const char* column : kRunColumns) out << (first ? "" : ",") << column, first = false;
  out << "\n";
  for (const auto& r : reports) {
    json row = run_row(r);
    first = true;
    for (const char* column : kRunColumns) out << (first ? "" : ",") << csv_cell(row[column]), first = false;
    out << "\n";
  }
}

void write_links_csv(std::ostream& out, const json& report) {
  out << "name,from,to,utilization,goodput,wire_efficiency,packets,bytes,retries,flow_control_stall_cycles,"
         "pause_cycles,replay_stall_cycles\n";
  for (const auto& l : report["links"]) {
    out << csv_cell(l["name"]) << "," << csv_cell(l["from"]) << "," << csv_cell(l["to"]) << ","
        << l["utilization"].dump() << "," << l["goodput"].dump() << "," << l["wire_efficiency"].dump() << ","
        << l["packets"] << "," << l["bytes"] << "," << l["retries"] << "," << l["flow_control_stall_cycles"] << ","
        << l["pause_cycles"] << "," << l["replay_stall_cycles"].dump() << "\n";
  }
}

void write_memory_channels_csv(std::ostream& out, const json& report) {
  out << "name,accelerator,channel,gbytes_per_second,data_bus_utilization,row_hit_rate,mean_queued_bursts_per_pc,"
         "refresh_bank_time_fraction,read_write_turnarounds,read_bursts,write_bursts,row_hits,row_misses,"
         "row_conflicts,refreshes\n";
  if (!report.contains("memory")) return;
  for (const auto& c : report["memory"]["channels"]) {
    out << csv_cell(c["name"]);
    for (const char* k : {"accelerator", "channel", "gbytes_per_second", "data_bus_utilization", "row_hit_rate",
                          "mean_queued_bursts_per_pc", "refresh_bank_time_fraction", "read_write_turnarounds",
                          "read_bursts", "write_bursts", "row_hits", "row_misses", "row_conflicts", "refreshes"}) {
      out << "," << c[k].dump();
    }
    out << "\n";
  }
}

void write_memory_accelerators_csv(std::ostream& out, const json& report) {
  out << "accelerator,bytes,reads,writes,atomics,bytes_per_cycle,gbytes_per_second\n";
  if (!report.contains("memory")) return;
  for (const auto& a : report["memory"]["accelerators"]) {
    out << a["accelerator"] << "," << a["bytes"] << "," << a["reads"] << "," << a["writes"] << "," << a["atomics"] << ","
        << a["bytes_per_cycle"].dump() << "," << a["gbytes_per_second"].dump() << "\n";
  }
}

void write_queues_csv(std::ostream& out, const json& report) {
  out << "name,unit,capacity,mean,max\n";
  for (const auto& q : report["queues"]) {
    out << csv_cell(q["name"]) << "," << csv_cell(q["unit"]) << "," << csv_cell(q["capacity"]) << ","
        << q["mean"].dump() << "," << q["max"] << "\n";
  }
}

}  // namespace snsim
