// Self-describing parameters. Every component kind declares its parameters once, in a schema: key,
// kind (with unit), default, allowed range or choices, description and the source of the default.
// The same schema validates YAML, prints `snsim list`, and is the model reference in docs/.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "models/core/config.h"

namespace snsim {

enum class ParamKind {
  Integer,    // whole number
  Real,       // number without unit
  Boolean,    // true / false
  Choice,     // one word of `choices`
  Size,       // bytes; written with a unit (B, KiB, ...)
  Time,       // clock cycles; written in cycles or ns/us/...
  Frequency,  // Hz; written with a unit
  Bandwidth,  // bytes per cycle; written in GB/s, Gbps or B/cycle
  Text,       // free text (names)
  Length,     // metres; written in m, cm or mm
};

struct ParamSpec {
  std::string key;
  ParamKind kind = ParamKind::Integer;
  std::string default_text;  // empty: the key is required
  double min = -std::numeric_limits<double>::infinity();  // in canonical units (bytes, cycles, Hz, B/cycle)
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;
  bool unbounded_allowed = false;  // the word "unbounded" is accepted (Integer and Size)
  std::string description;
  std::string source;  // where the default comes from (spec, paper, datasheet, or the modelling reason)
  bool auto_allowed = false;  // the word "auto" is accepted: the reader derives the value
  bool time_in_seconds = false;  // Time only: keep seconds (no rounding to cycles); cycles convert by the clock
};

// The parameters of one YAML section (one component kind, or the simulation/workload settings).
struct Schema {
  std::string section;      // YAML key of the section
  std::string description;  // one line for `snsim list`
  std::vector<ParamSpec> params;
  std::vector<std::string> structured_keys;  // keys read by hand (lists, maps); documented by the reader
};

// Resolved, validated values of a section, in canonical units.
class ParamValues {
 public:
  struct Value {
    double number = 0;       // canonical number (NaN for Choice)
    std::string text;        // the choice, or the original text
    bool unbounded = false;  // "unbounded" was given
    bool automatic = false;  // "auto" was given (or defaulted)
    bool given = false;      // the key was written in the file or a --set (not defaulted)
    std::string where;       // file:line:col of the value (or of the section when defaulted)
  };

  double number(const std::string& key) const { return get(key).number; }
  uint64_t whole(const std::string& key) const { return static_cast<uint64_t>(get(key).number); }
  bool flag(const std::string& key) const { return get(key).number != 0; }
  bool unbounded(const std::string& key) const { return get(key).unbounded; }
  bool automatic(const std::string& key) const { return get(key).automatic; }
  bool given(const std::string& key) const { return get(key).given; }
  const std::string& text(const std::string& key) const { return get(key).text; }
  const Value& get(const std::string& key) const;
  void set(const std::string& key, Value v) { values_[key] = std::move(v); }

 private:
  std::map<std::string, Value> values_;
};

// Reads `schema` from `section` (defaults filled in, ranges checked, times and bandwidths converted to
// cycles of a clock of `clock_hz`). Does not call section.finish(): the caller reads its structured keys
// first and then finishes.
ParamValues read_params(const ConfigSection& section, const Schema& schema, double clock_hz);

// A number for messages: shortest form with `precision` significant digits ("inf" for infinity).
std::string format_number(double v, int precision = 12);

// Human-readable range of a spec ("[1, 4096]", "one of: fifo, voq", ...).
std::string describe_range(const ParamSpec& spec);
const char* kind_name(ParamKind kind);

}  // namespace snsim
