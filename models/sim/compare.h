// `snsim compare A B`: which metrics of result B moved beyond their tolerance from result A (the
// verdict), and which components (links, queues, switch outputs, HBM channels) moved most relative to
// their own tolerance, so that a regression points at its cause. Inputs are digests (compare_input.h) of run reports, sweeps or golden results; tolerances
// come from tolerances.h.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "models/sim/compare_input.h"
#include "models/sim/tolerances.h"

namespace snsim {

struct MetricDelta {
  std::string name;  // as in the digests (a sweep point's metrics carry their "[param=value] " prefix)
  nlohmann::json a, b;  // null also when the side lacks the metric (see in_a, in_b)
  bool in_a = true, in_b = true;
  Tolerance tolerance;  // zero for verdicts, which compare exactly
  bool changed = false;
  bool beyond = false;  // beyond tolerance, a changed verdict, or a metric only one side has
};

struct ComponentDelta {
  std::string kind, name, field;  // e.g. "link", "sw0_to_ep3", "flow_control_stall_cycles"
  double a = 0, b = 0;
  Tolerance tolerance;
  double score = 0;  // |B - A| over the allowed change: above 1 is beyond tolerance (inf if none allowed)
  bool beyond = false;  // moved more than seeds move it (informative: components do not decide the verdict)
};

struct Comparison {
  nlohmann::json provenance_a, provenance_b;
  std::vector<MetricDelta> metrics;        // every metric either side has and this snsim knows, in print order
  size_t unknown_metrics = 0;              // metrics of a newer snsim's golden result: ignored
  std::vector<ComponentDelta> components;  // every changed component value, furthest moved first
  size_t component_values = 0;             // component values compared
  std::vector<std::string> only_in_a, only_in_b;  // components one side lacks: "kind name"
  size_t top = 10;                         // components to print (Tolerances::top)
  std::string tolerance_entry;             // the `configs` entry of the tolerances that applied ("": standard)

  size_t metrics_changed() const;
  size_t metrics_beyond() const;
  size_t components_beyond() const;
  // Every metric within tolerance and the same components on both sides. Component values only rank:
  // their seed-to-seed spread (a queue's maximum doubles from one seed to the next) is too wide to judge by.
  bool within_tolerance() const;
};

// Uses the tolerances for A's config (Tolerances::for_config). Throws CompareInputError if A and B are
// not the same kind of result (a run against a sweep).
Comparison compare(const Digest& a, const Digest& b, const Tolerances& tolerances);

// The table people read. `label_a`/`label_b` name the inputs (file paths). With `all_changes`, metrics
// that changed within tolerance are listed too (marked), not only counted.
void print_comparison(std::ostream& out, const Comparison& c, const std::string& label_a,
                      const std::string& label_b, bool all_changes = false);

// Everything compare found, for machines (snsim compare --json).
nlohmann::json comparison_json(const Comparison& c);

}  // namespace snsim
