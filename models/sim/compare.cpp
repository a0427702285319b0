#include "models/sim/compare.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

namespace snsim {
namespace {

using nlohmann::json;

// Print order: a sweep point's metrics together (points in the order of their prefixes), and within a
// point the catalogue's order (throughput, latency, ..., verdicts, integrity).
size_t catalogue_rank(const std::string& base) {
  const auto& run = run_metric_names();
  auto it = std::find(run.begin(), run.end(), base);
  if (it != run.end()) return size_t(it - run.begin());
  const auto& sweep = sweep_metric_names();
  auto s = std::find(sweep.begin(), sweep.end(), base);
  if (s != sweep.end()) return run.size() + size_t(s - sweep.begin());
  return std::numeric_limits<size_t>::max();
}

std::string prefix_of(const std::string& name) { return name.substr(0, name.size() - metric_base_name(name).size()); }

bool known_metric(const std::string& name) {
  return catalogue_rank(metric_base_name(name)) != std::numeric_limits<size_t>::max();
}

MetricDelta metric_delta(const std::string& name, const Digest& a, const Digest& b, const ToleranceSet& t) {
  MetricDelta d;
  d.name = name;
  auto ia = a.metrics.find(name), ib = b.metrics.find(name);
  d.in_a = ia != a.metrics.end();
  d.in_b = ib != b.metrics.end();
  if (d.in_a) d.a = ia->second;
  if (d.in_b) d.b = ib->second;
  if (!is_verdict_metric(name)) d.tolerance = t.metric(metric_base_name(name));
  if (!d.in_a || !d.in_b) {
    d.changed = d.beyond = true;
  } else if (d.a.is_number() && d.b.is_number()) {
    const double va = d.a.get<double>(), vb = d.b.get<double>();
    d.changed = va != vb;
    d.beyond = !d.tolerance.allows(va, vb);
  } else {
    d.changed = d.beyond = d.a != d.b;  // verdicts, and null (e.g. no saturation) against a number
  }
  return d;
}

void compare_components(const Digest& a, const Digest& b, const ToleranceSet& t, Comparison& c) {
  std::set<std::string> kinds;
  for (const auto& [kind, table] : a.components) kinds.insert(kind);
  for (const auto& [kind, table] : b.components) kinds.insert(kind);
  static const ComponentTable kEmpty;
  for (const std::string& kind : kinds) {
    const ComponentTable& ta = a.components.count(kind) ? a.components.at(kind) : kEmpty;
    const ComponentTable& tb = b.components.count(kind) ? b.components.at(kind) : kEmpty;
    // Fields both sides have and this snsim has tolerances for; another version's extra fields are ignored.
    std::vector<std::pair<size_t, size_t>> columns;
    std::vector<std::string> fields;
    for (size_t i = 0; i < ta.fields.size(); ++i) {
      auto j = std::find(tb.fields.begin(), tb.fields.end(), ta.fields[i]);
      if (j == tb.fields.end() || !t.components.count(kind + "." + ta.fields[i])) continue;
      columns.push_back({i, size_t(j - tb.fields.begin())});
      fields.push_back(ta.fields[i]);
    }
    for (const auto& [name, va] : ta.rows) {
      auto rb = tb.rows.find(name);
      if (rb == tb.rows.end()) {
        c.only_in_a.push_back(kind + " " + name);
        continue;
      }
      for (size_t k = 0; k < columns.size(); ++k) {
        ++c.component_values;
        const double x = va[columns[k].first], y = rb->second[columns[k].second];
        if (x == y) continue;
        ComponentDelta d;
        d.kind = kind, d.name = name, d.field = fields[k], d.a = x, d.b = y;
        d.tolerance = t.component(kind + "." + fields[k]);
        const double allowed = d.tolerance.allowance(x);
        d.score = allowed > 0 ? std::fabs(y - x) / allowed : std::numeric_limits<double>::infinity();
        d.beyond = !d.tolerance.allows(x, y);
        c.components.push_back(d);
      }
    }
    for (const auto& [name, vb] : tb.rows) {
      if (!ta.rows.count(name)) c.only_in_b.push_back(kind + " " + name);
    }
  }
  auto relative = [](const ComponentDelta& d) {
    return std::fabs(d.b - d.a) / std::max({std::fabs(d.a), std::fabs(d.b), 1e-300});
  };
  std::stable_sort(c.components.begin(), c.components.end(), [&](const ComponentDelta& x, const ComponentDelta& y) {
    if (x.beyond != y.beyond) return x.beyond;
    if (x.score != y.score) return x.score > y.score;
    return relative(x) > relative(y);
  });
}

std::string number(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return format_number(v.get<double>(), 6);
}

std::string change_text(double a, double b) {
  std::string s = (b >= a ? "+" : "") + format_number(b - a, 4);
  if (a != 0) {
    std::ostringstream pct;
    pct << std::showpos << std::fixed << std::setprecision(1) << 100 * (b - a) / std::fabs(a) << "%";
    s += " (" + pct.str() + ")";
  }
  return s;
}

std::string tolerance_text(const Tolerance& t) {
  const std::string abs = format_number(t.absolute, 4), rel = format_number(100 * t.relative, 4) + "%";
  if (t.absolute == 0 && t.relative == 0) return "exact";
  if (t.relative == 0) return "±" + abs;
  if (t.absolute == 0) return "±" + rel;
  return "±max(" + abs + ", " + rel + ")";
}

std::string describe(const json& p) {
  std::string s;
  auto add = [&](const std::string& text) { s += (s.empty() ? "" : ", ") + text; };
  if (p.contains("name") && p["name"].is_string()) add(p["name"].get<std::string>());
  if (p.contains("seed")) add("seed " + p["seed"].dump());
  if (p.contains("config_hash") && p["config_hash"].is_string()) add("config " + p["config_hash"].get<std::string>());
  if (p.contains("snsim_version") && p["snsim_version"].is_string()) add("snsim " + p["snsim_version"].get<std::string>());
  return s.empty() ? "(no provenance: made before snsim recorded it)" : s;
}

// A table with left-aligned text columns and right-aligned number columns.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  std::vector<size_t> width(right.size(), 0);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  for (const auto& r : rows) {
    std::string line = " ";
    for (size_t i = 0; i < r.size(); ++i) {
      const std::string pad(width[i] - r[i].size(), ' ');
      line += " " + (right[i] ? pad + r[i] : r[i] + (i + 1 < r.size() ? pad : ""));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

std::string first_names(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < 5; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > 5) s += ", ...";
  return s;
}

}  // namespace

size_t Comparison::metrics_changed() const {
  return size_t(std::count_if(metrics.begin(), metrics.end(), [](const MetricDelta& d) { return d.changed; }));
}

size_t Comparison::metrics_beyond() const {
  return size_t(std::count_if(metrics.begin(), metrics.end(), [](const MetricDelta& d) { return d.beyond; }));
}

size_t Comparison::components_beyond() const {
  return size_t(std::count_if(components.begin(), components.end(), [](const ComponentDelta& d) { return d.beyond; }));
}

bool Comparison::within_tolerance() const { return metrics_beyond() == 0 && only_in_a.empty() && only_in_b.empty(); }

Comparison compare(const Digest& full_a, const Digest& full_b, const Tolerances& tolerances) {
  if (full_a.kind != full_b.kind) {
    throw CompareInputError("cannot compare a " + full_a.kind + " with a " + full_b.kind +
                            " (compare two run reports or golden results, or two sweeps)");
  }
  // A golden result against a run: compare at the golden result's precision.
  Digest rounded_a, rounded_b;
  const Digest* pa = &full_a;
  const Digest* pb = &full_b;
  if (full_a.rounded && !full_b.rounded) rounded_b = full_b, round_digest(rounded_b), pb = &rounded_b;
  if (full_b.rounded && !full_a.rounded) rounded_a = full_a, round_digest(rounded_a), pa = &rounded_a;
  const Digest& a = *pa;
  const Digest& b = *pb;
  Comparison c;
  c.provenance_a = a.provenance;
  c.provenance_b = b.provenance;
  c.top = tolerances.top;
  const std::string config = a.provenance.contains("config") && a.provenance["config"].is_string()
                                 ? a.provenance["config"].get<std::string>()
                                 : "";
  const ToleranceSet& set = tolerances.for_config(config, &c.tolerance_entry);
  std::set<std::string> names;
  for (const Digest* d : {&a, &b}) {
    for (const auto& [name, v] : d->metrics) {
      if (known_metric(name)) {
        names.insert(name);
      } else if (d == &a || !a.metrics.count(name)) {
        ++c.unknown_metrics;
      }
    }
  }
  std::vector<std::string> ordered(names.begin(), names.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const std::string& x, const std::string& y) {
    const std::string px = prefix_of(x), py = prefix_of(y);
    if (px != py) return px < py;
    return catalogue_rank(metric_base_name(x)) < catalogue_rank(metric_base_name(y));
  });
  for (const std::string& name : ordered) c.metrics.push_back(metric_delta(name, a, b, set));
  compare_components(a, b, set, c);
  return c;
}

void print_comparison(std::ostream& out, const Comparison& c, const std::string& label_a, const std::string& label_b,
                      bool all_changes) {
  out << "snsim compare\n  A  " << label_a << ": " << describe(c.provenance_a) << "\n  B  " << label_b << ": "
      << describe(c.provenance_b) << "\n";
  const json& ha = c.provenance_a.contains("config_hash") ? c.provenance_a["config_hash"] : json();
  const json& hb = c.provenance_b.contains("config_hash") ? c.provenance_b["config_hash"] : json();
  if (ha.is_string() && hb.is_string() && ha != hb) out << "  note: A and B ran different configurations (config hashes differ)\n";
  if (!c.tolerance_entry.empty()) out << "  note: tolerances widened for " << c.tolerance_entry << " (its `configs` entry)\n";
  if (c.unknown_metrics) out << "  note: " << c.unknown_metrics << " metrics unknown to this snsim were ignored\n";

  const size_t beyond = c.metrics_beyond(), changed = c.metrics_changed();
  out << "metrics: " << c.metrics.size() << " compared, " << changed << " changed, " << beyond << " beyond tolerance\n";
  std::vector<std::vector<std::string>> rows = {{"metric", "A", "B", "change", "tolerance", ""}};
  for (const MetricDelta& d : c.metrics) {
    if (!d.beyond && !(all_changes && d.changed)) continue;
    std::string change = !d.in_a ? "only in B" : !d.in_b ? "only in A" : "changed";
    if (d.in_a && d.in_b && d.a.is_number() && d.b.is_number()) change = change_text(d.a.get<double>(), d.b.get<double>());
    rows.push_back({d.name, d.in_a ? number(d.a) : "", d.in_b ? number(d.b) : "", change,
                    is_verdict_metric(d.name) ? "exact" : tolerance_text(d.tolerance), d.beyond ? "BEYOND" : "within"});
  }
  if (rows.size() > 1) print_table(out, rows, {false, true, true, true, false, false});

  out << "components: " << c.component_values << " values compared, " << c.components.size() << " changed, "
      << c.components_beyond() << " beyond their tolerance (seed-to-seed spread; components do not decide the verdict)";
  if (!c.components.empty()) out << "; the " << std::min(c.top, c.components.size()) << " that moved most";
  out << "\n";
  rows = {{"component", "field", "A", "B", "change", "tolerance", "moved"}};
  for (size_t i = 0; i < c.components.size() && i < c.top; ++i) {
    const ComponentDelta& d = c.components[i];
    rows.push_back({d.kind + " " + d.name, d.field, format_number(d.a, 6), format_number(d.b, 6), change_text(d.a, d.b),
                    tolerance_text(d.tolerance), std::isinf(d.score) ? "inf" : format_number(d.score, 3) + "x"});
  }
  if (rows.size() > 1) print_table(out, rows, {false, false, true, true, true, false, true});
  if (!c.only_in_a.empty()) out << "  only in A: " << c.only_in_a.size() << " (" << first_names(c.only_in_a) << ")\n";
  if (!c.only_in_b.empty()) out << "  only in B: " << c.only_in_b.size() << " (" << first_names(c.only_in_b) << ")\n";

  if (c.within_tolerance()) {
    out << "verdict: within tolerance\n";
  } else {
    out << "verdict: BEYOND TOLERANCE (" << beyond << " metrics beyond tolerance, "
        << c.only_in_a.size() + c.only_in_b.size() << " components on one side only)\n";
  }
}

json comparison_json(const Comparison& c) {
  auto tolerance = [](const Tolerance& t) { return json{{"absolute", t.absolute}, {"relative", t.relative}}; };
  json metrics = json::array();
  for (const MetricDelta& d : c.metrics) {
    metrics.push_back({{"name", d.name}, {"a", d.a}, {"b", d.b}, {"in_a", d.in_a}, {"in_b", d.in_b},
                       {"tolerance", tolerance(d.tolerance)}, {"changed", d.changed}, {"beyond", d.beyond}});
  }
  json components = json::array();
  for (const ComponentDelta& d : c.components) {
    components.push_back({{"kind", d.kind}, {"name", d.name}, {"field", d.field}, {"a", d.a}, {"b", d.b},
                          {"tolerance", tolerance(d.tolerance)},
                          {"score", std::isinf(d.score) ? json(nullptr) : json(d.score)}, {"beyond", d.beyond}});
  }
  return {{"within_tolerance", c.within_tolerance()},
          {"tolerance_entry", c.tolerance_entry},
          {"a", c.provenance_a},
          {"b", c.provenance_b},
          {"metrics", metrics},
          {"unknown_metrics", c.unknown_metrics},
          {"component_values_compared", c.component_values},
          {"components", components},
          {"only_in_a", c.only_in_a},
          {"only_in_b", c.only_in_b}};
}

}  // namespace snsim
