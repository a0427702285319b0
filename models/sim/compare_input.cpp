#include "models/sim/compare_input.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace snsim {
namespace {

using nlohmann::json;

const char* kLatencyFields[] = {"mean", "p50", "p99", "p999", "max"};
// Memory message classes whose latency is compared (mean and p99 each); the rest of memory.latency
// (network-only parts, the round trip's split) follows from these.
const char* kMemoryClasses[] = {"request", "response", "read_round_trip", "write_round_trip", "atomic_round_trip"};
const char* kIntegrityCounters[] = {"duplicates", "misrouted", "invented", "out_of_order"};

struct ComponentSpec {
  const char* kind;
  const char* report_key;  // JSON pointer of the array in a run report
  std::vector<const char*> fields;
};

// Utilization, occupancy and stalls: what moves first where a regression has its cause.
const std::vector<ComponentSpec>& component_specs() {
  static const std::vector<ComponentSpec> specs = {
      {"link", "/links", {"utilization", "flow_control_stall_cycles", "pause_cycles", "retries"}},
      {"queue", "/queues", {"mean", "max"}},
      {"hbm_channel",
       "/memory/channels",
       {"gbytes_per_second", "row_hit_rate", "data_bus_utilization", "mean_queued_bursts_per_pc"}},
  };
  return specs;
}

// Reads values out of one input, naming the input and the dotted key in every complaint.
class Reader {
 public:
  Reader(const json& root, std::string source) : root_(root), source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& reason) const {
    std::string key = pointer;
    for (char& c : key) c = c == '/' ? '.' : c;
    if (!key.empty() && key[0] == '.') key.erase(0, 1);
    throw CompareInputError(source_ + ": key '" + key + "': " + reason);
  }
  bool has(const std::string& pointer) const { return root_.contains(json::json_pointer(pointer)); }
  const json& at(const std::string& pointer) const {
    if (!has(pointer)) fail(pointer, "missing");
    return root_.at(json::json_pointer(pointer));
  }
  json number(const std::string& pointer) const {
    const json& v = at(pointer);
    if (!v.is_number()) fail(pointer, "expected a number, found " + std::string(v.type_name()));
    return v;
  }
  bool boolean(const std::string& pointer) const {
    const json& v = at(pointer);
    if (!v.is_boolean()) fail(pointer, "expected true or false, found " + std::string(v.type_name()));
    return v.get<bool>();
  }
  const json& array(const std::string& pointer) const {
    const json& v = at(pointer);
    if (!v.is_array()) fail(pointer, "expected a list, found " + std::string(v.type_name()));
    return v;
  }
  const std::string& source() const { return source_; }

 private:
  const json& root_;
  std::string source_;
};

void add_run_metrics(const Reader& in, const std::string& prefix, Digest& d) {
  auto put = [&](const std::string& name, json v) { d.metrics[prefix + name] = std::move(v); };
  put("throughput.offered", in.number("/offered_throughput"));
  put("throughput.accepted", in.number("/accepted_throughput"));
  for (const char* group : {"latency", "network_latency"}) {
    for (const char* f : kLatencyFields) put(std::string(group) + "." + f, in.number(std::string("/") + group + "/" + f));
  }
  put("verdict.drained", in.boolean("/drained"));
  put("verdict.deadlocked", in.has("/deadlock") && !in.at("/deadlock").is_null());
  for (const char* c : kIntegrityCounters) put(std::string("integrity.") + c, in.number(std::string("/integrity/") + c));
  if (!in.has("/memory")) return;
  for (const char* c : kMemoryClasses) {
    for (const char* f : {"mean", "p99"}) {
      put(std::string("memory.") + c + "." + f, in.number(std::string("/memory/latency/") + c + "/" + f));
    }
  }
  put("memory.transactions_completed", in.number("/memory/transactions/measured_completed"));
  // Fabric-wide HBM figures from the channels: total bandwidth, and row hits over all bursts.
  double bandwidth = 0, hits = 0, bursts = 0;
  const json& channels = in.array("/memory/channels");
  for (size_t i = 0; i < channels.size(); ++i) {
    const std::string at = "/memory/channels/" + std::to_string(i) + "/";
    bandwidth += in.number(at + "gbytes_per_second").get<double>();
    hits += in.number(at + "row_hits").get<double>();
    bursts += in.number(at + "read_bursts").get<double>() + in.number(at + "write_bursts").get<double>();
  }
  put("memory.hbm_gbytes_per_second", bandwidth);
  put("memory.row_hit_rate", bursts > 0 ? hits / bursts : 0.0);
  if (in.has("/memory/timing_checker") && in.at("/memory/timing_checker").is_object()) {
    put("memory.timing_violations", in.number("/memory/timing_checker/violations"));
  }
}

void add_run_components(const Reader& in, const std::string& prefix, Digest& d) {
  for (const ComponentSpec& spec : component_specs()) {
    if (!in.has(spec.report_key)) continue;
    ComponentTable& table = d.components[spec.kind];
    table.fields.assign(spec.fields.begin(), spec.fields.end());
    const json& list = in.array(spec.report_key);
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = std::string(spec.report_key) + "/" + std::to_string(i) + "/";
      const json& name = in.at(at + "name");
      if (!name.is_string()) in.fail(at + "name", "expected a name");
      std::vector<double> values;
      for (const char* f : spec.fields) values.push_back(in.number(at + f).get<double>());
      // Names are unique in reports; should a builder ever repeat one, keep both rather than drop one.
      std::string key = prefix + name.get<std::string>();
      for (int n = 2; table.rows.count(key); ++n) key = prefix + name.get<std::string>() + "#" + std::to_string(n);
      table.rows[key] = std::move(values);
    }
  }
}

json provenance_of_report(const Reader& in) {
  json p = json::object();
  if (in.has("/provenance") && in.at("/provenance").is_object()) {
    for (const char* k : {"snsim_version", "config_hash"}) {
      if (in.has(std::string("/provenance/") + k)) p[k] = in.at(std::string("/provenance/") + k);
    }
  }
  for (const auto& [key, pointer] : std::vector<std::pair<const char*, const char*>>{
           {"seed", "/config/seed"}, {"config", "/config/file"}, {"name", "/config/name"}, {"overrides", "/config/overrides"}}) {
    if (in.has(pointer)) p[key] = in.at(pointer);
  }
  return p;
}

bool looks_like_run_report(const json& j) {
  return j.is_object() && j.contains("latency") && j.contains("accepted_throughput") && j.contains("config");
}

// A golden result: the digest written out by digest_to_json.
Digest digest_of_golden(const json& j, const std::string& source) {
  Reader in(j, source);
  if (in.number("/snsim_golden") != 1) in.fail("/snsim_golden", "this snsim reads golden format 1");
  Digest d;
  d.kind = "run";
  d.rounded = true;
  if (in.has("/provenance")) d.provenance = in.at("/provenance");
  const json& metrics = in.at("/metrics");
  if (!metrics.is_object()) in.fail("/metrics", "expected a map of metrics");
  for (const auto& [name, v] : metrics.items()) {
    if (!v.is_number() && !v.is_boolean() && !v.is_null()) {
      throw CompareInputError(source + ": metric '" + name + "': expected a number, true/false or null");
    }
    d.metrics[name] = v;
  }
  if (!in.has("/components")) return d;
  for (const auto& [kind, t] : in.at("/components").items()) {
    const std::string at = "/components/" + kind;
    ComponentTable table;
    for (const json& f : in.array(at + "/fields")) {
      if (!f.is_string()) in.fail(at + "/fields", "expected field names");
      table.fields.push_back(f.get<std::string>());
    }
    if (!t.contains("rows") || !t["rows"].is_object()) in.fail(at + "/rows", "expected a map of components");
    for (const auto& [name, values] : t["rows"].items()) {
      if (!values.is_array() || values.size() != table.fields.size()) {
        throw CompareInputError(source + ": component " + kind + " '" + name + "': expected " +
                                std::to_string(table.fields.size()) + " numbers, one per field");
      }
      std::vector<double> row;
      for (const json& v : values) {
        if (!v.is_number()) throw CompareInputError(source + ": component " + kind + " '" + name + "': expected numbers");
        row.push_back(v.get<double>());
      }
      table.rows[name] = std::move(row);
    }
    d.components[kind] = std::move(table);
  }
  return d;
}

double round_significant(double v, int digits) {
  if (v == 0 || !std::isfinite(v)) return v;
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return std::strtod(text, nullptr);
}

}  // namespace

void round_digest(Digest& d) {
  for (auto& [name, v] : d.metrics) {
    if (v.is_number_float()) v = round_significant(v.get<double>(), 6);
  }
  for (auto& [kind, table] : d.components) {
    for (auto& [name, values] : table.rows) {
      for (double& v : values) v = round_significant(v, 4);
    }
  }
  d.rounded = true;
}

const std::vector<std::string>& run_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"throughput.offered", "throughput.accepted"};
    for (const char* group : {"latency", "network_latency"}) {
      for (const char* f : kLatencyFields) n.push_back(std::string(group) + "." + f);
    }
    for (const char* c : kMemoryClasses) {
      for (const char* f : {"mean", "p99"}) n.push_back(std::string("memory.") + c + "." + f);
    }
    for (const char* m : {"memory.transactions_completed", "memory.hbm_gbytes_per_second", "memory.row_hit_rate",
                          "memory.timing_violations", "verdict.drained", "verdict.deadlocked"}) {
      n.push_back(m);
    }
    for (const char* c : kIntegrityCounters) n.push_back(std::string("integrity.") + c);
    return n;
  }();
  return names;
}

const std::vector<std::string>& sweep_metric_names() {
  static const std::vector<std::string> names = {"sweep.saturation_throughput", "sweep.max_accepted_throughput"};
  return names;
}

bool is_verdict_metric(const std::string& name) { return metric_base_name(name).rfind("verdict.", 0) == 0; }

std::string metric_base_name(const std::string& name) {
  if (name.empty() || name[0] != '[') return name;
  const size_t end = name.find("] ");
  return end == std::string::npos ? name : name.substr(end + 2);
}

const std::vector<std::string>& component_field_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const ComponentSpec& s : component_specs()) {
      for (const char* f : s.fields) n.push_back(std::string(s.kind) + "." + f);
    }
    return n;
  }();
  return names;
}

Digest digest_of_report(const json& report, const std::string& source) {
  Reader in(report, source);
  Digest d;
  d.kind = "run";
  d.provenance = provenance_of_report(in);
  add_run_metrics(in, "", d);
  add_run_components(in, "", d);
  return d;
}

Digest digest_of_sweep(const json& sweep, const std::string& source) {
  Reader in(sweep, source);
  Digest d;
  d.kind = "sweep";
  const json& param = in.at("/param");
  if (!param.is_string()) in.fail("/param", "expected the swept key");
  const json& points = in.array("/points");
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string at = "/points/" + std::to_string(i);
    const json& value = in.at(at + "/value");
    if (!value.is_string()) in.fail(at + "/value", "expected the point's value");
    const json& report = in.at(at + "/report");
    if (!looks_like_run_report(report)) in.fail(at + "/report", "expected a run report");
    Reader point(report, source + " point " + value.get<std::string>());
    const std::string prefix = "[" + param.get<std::string>() + "=" + value.get<std::string>() + "] ";
    add_run_metrics(point, prefix, d);
    add_run_components(point, prefix, d);
    if (i == 0) d.provenance = provenance_of_report(point);
  }
  for (const std::string& m : sweep_metric_names()) {
    const std::string pointer = "/" + m.substr(m.find('.') + 1);
    const json& v = in.at(pointer);
    if (!v.is_number() && !v.is_null()) in.fail(pointer, "expected a number or null");
    d.metrics[m] = v;
  }
  return d;
}

Digest digest_of_json(const json& document, const std::string& source) {
  if (document.is_object() && document.contains("snsim_golden")) return digest_of_golden(document, source);
  if (document.is_object() && document.contains("points") && document.contains("param")) {
    return digest_of_sweep(document, source);
  }
  if (looks_like_run_report(document)) return digest_of_report(document, source);
  throw CompareInputError(source +
                          ": not an snsim report (expected the JSON of `snsim run --json`, `snsim sweep --json` "
                          "or a golden result)");
}

json digest_to_json(const Digest& d) {
  json j = {{"snsim_golden", 1}, {"provenance", d.provenance}, {"metrics", json::object()}, {"components", json::object()}};
  for (const auto& [name, v] : d.metrics) j["metrics"][name] = v;
  for (const auto& [kind, table] : d.components) {
    json rows = json::object();
    for (const auto& [name, values] : table.rows) rows[name] = values;
    j["components"][kind] = {{"fields", table.fields}, {"rows", rows}};
  }
  return j;
}

Digest load_digest(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw CompareInputError("cannot read " + path + ": it is a directory");
  std::ifstream in(path);
  if (!in) throw CompareInputError("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  json document;
  try {
    document = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw CompareInputError(path + ": not JSON (" + e.what() + ")");
  }
  return digest_of_json(document, path);
}

}  // namespace snsim
