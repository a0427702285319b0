// What `snsim compare` compares: a report reduced to named metrics and named components (a digest).
// A digest is made from the JSON of `snsim run --json`, of `snsim sweep --json`, or read back from a
// golden result (tests/golden/, golden.h), which is a digest written to a file. Keys a report has and the
// digest does not know are ignored, so reports may gain keys without breaking comparisons; components are
// matched by name, never by position.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace snsim {

// The file is not something compare can read: unreadable, not JSON, or not a report (exit status 2).
class CompareInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One kind of component ("link", "queue", "hbm_channel"): its compared fields and a row per component.
struct ComponentTable {
  std::vector<std::string> fields;
  std::map<std::string, std::vector<double>> rows;  // component name -> one value per field
};

struct Digest {
  std::string kind;  // "run" (a run report or a golden result) or "sweep"
  // snsim_version, config_hash, seed, config (file), name: what the result is; never compared as a metric.
  nlohmann::json provenance = nlohmann::json::object();
  // Metric name -> number, boolean (verdicts) or null (e.g. no saturation point). In a sweep, each point's
  // metrics carry the prefix "[param=value] ".
  std::map<std::string, nlohmann::json> metrics;
  std::map<std::string, ComponentTable> components;  // kind -> table (sweep rows prefixed like metrics)
  bool rounded = false;  // to the precision of golden results (round_digest)
};

// The metrics a digest of a run can hold, in the order compare prints them; verdicts (booleans) compare
// exactly, every other metric has a tolerance (tolerances.h). `sweep_metrics` are those of a whole sweep.
const std::vector<std::string>& run_metric_names();
const std::vector<std::string>& sweep_metric_names();
bool is_verdict_metric(const std::string& name);
// "[workload.load=0.5] latency.mean" -> "latency.mean"
std::string metric_base_name(const std::string& name);
// The compared fields of each component kind, as "kind.field" (e.g. "link.utilization").
const std::vector<std::string>& component_field_names();

// `source` names the input in error messages (usually the file path).
Digest digest_of_report(const nlohmann::json& report, const std::string& source);
Digest digest_of_sweep(const nlohmann::json& sweep, const std::string& source);
// A run report, a sweep or a golden result, recognised by its keys.
Digest digest_of_json(const nlohmann::json& document, const std::string& source);
// Rounds doubles to the precision golden results keep: metrics to 6, component values to 4 significant
// digits (whole numbers stay exact). compare() rounds a full-precision side so when the other is rounded,
// so that a golden result and a rerun of it show no change.
void round_digest(Digest& digest);
// The digest as JSON, the form of a golden result ({"snsim_golden": 1, ...}); digest_of_json reads it back.
nlohmann::json digest_to_json(const Digest& digest);
// Reads `path` and makes its digest; throws CompareInputError with a one-line reason.
Digest load_digest(const std::string& path);

}  // namespace snsim
