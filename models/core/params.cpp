#include "models/core/params.h"

#include <cmath>
#include <sstream>

#include "models/core/units.h"

namespace snsim {
namespace {

const char* canonical_unit(ParamKind kind) {
  switch (kind) {
    case ParamKind::Size: return " B";
    case ParamKind::Time: return " cycles";
    case ParamKind::Frequency: return " Hz";
    case ParamKind::Bandwidth: return " B/cycle";
    case ParamKind::Length: return " m";
    default: return "";
  }
}

bool parse_bool(const std::string& text, bool& out) {
  if (text == "true" || text == "yes" || text == "on") return out = true, true;
  if (text == "false" || text == "no" || text == "off") return out = false, true;
  return false;
}

}  // namespace

std::string format_number(double v, int precision) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream out;
  out.precision(precision);
  out << v;
  return out.str();
}

const char* kind_name(ParamKind kind) {
  switch (kind) {
    case ParamKind::Integer: return "integer";
    case ParamKind::Real: return "number";
    case ParamKind::Boolean: return "boolean";
    case ParamKind::Choice: return "choice";
    case ParamKind::Size: return "size";
    case ParamKind::Time: return "time";
    case ParamKind::Frequency: return "frequency";
    case ParamKind::Bandwidth: return "bandwidth";
    case ParamKind::Text: return "text";
    case ParamKind::Length: return "length";
  }
  return "?";
}

std::string describe_range(const ParamSpec& spec) {
  if (spec.kind == ParamKind::Choice) {
    std::string s = "one of: ";
    for (size_t i = 0; i < spec.choices.size(); ++i) s += (i ? ", " : "") + spec.choices[i];
    return s;
  }
  if (spec.kind == ParamKind::Boolean) return "true or false";
  if (spec.kind == ParamKind::Text) return "any text";
  const char* unit = spec.kind == ParamKind::Time && spec.time_in_seconds ? " s" : canonical_unit(spec.kind);
  std::string s = "[" + format_number(spec.min) + ", " + format_number(spec.max) + "]" + unit;
  if (spec.unbounded_allowed) s += ", or unbounded";
  if (spec.auto_allowed) s += ", or auto";
  return s;
}

const ParamValues::Value& ParamValues::get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("parameter '" + key + "' was not declared in its schema");
  return it->second;
}

ParamValues read_params(const ConfigSection& section, const Schema& schema, double clock_hz) {
  ParamValues values;
  for (const ParamSpec& spec : schema.params) {
    bool given = section.has(spec.key);
    section.declare(spec.key);
    if (!given && spec.default_text.empty()) {
      section.fail_self("missing required key '" + spec.key + "' (" + kind_name(spec.kind) + ", " +
                        describe_range(spec) + ")");
    }
    std::string text = given ? section.scalar(spec.key) : spec.default_text;
    ParamValues::Value v;
    v.text = text;
    v.given = given;
    v.where = section.where(spec.key);
    auto refuse = [&](const std::string& reason) {
      if (given) section.fail(spec.key, reason);
      throw std::logic_error("default of " + section.key_path(spec.key) + " is invalid: " + reason);
    };
    try {
      if (spec.unbounded_allowed && text == "unbounded") {
        v.unbounded = true;
        v.number = std::numeric_limits<double>::infinity();
        values.set(spec.key, v);
        continue;
      }
      if (spec.auto_allowed && text == "auto") {
        v.automatic = true;
        values.set(spec.key, v);
        continue;
      }
      switch (spec.kind) {
        case ParamKind::Integer: {
          char* end = nullptr;
          long long n = std::strtoll(text.c_str(), &end, 10);
          if (text.empty() || *end != '\0') {
            refuse("expected a whole number, got '" + text + "'" +
                   (spec.unbounded_allowed ? " (or the word unbounded)" : ""));
          }
          v.number = static_cast<double>(n);
          break;
        }
        case ParamKind::Real: {
          char* end = nullptr;
          v.number = std::strtod(text.c_str(), &end);
          if (text.empty() || *end != '\0' || !std::isfinite(v.number)) {
            refuse("expected a number, got '" + text + "'");
          }
          break;
        }
        case ParamKind::Boolean: {
          bool b = false;
          if (!parse_bool(text, b)) refuse("expected true or false, got '" + text + "'");
          v.number = b ? 1 : 0;
          break;
        }
        case ParamKind::Text:
          v.number = std::nan("");
          break;
        case ParamKind::Choice: {
          bool ok = false;
          for (const auto& c : spec.choices) ok = ok || c == text;
          if (!ok) refuse("'" + text + "' is not allowed; " + describe_range(spec));
          v.number = std::nan("");
          break;
        }
        case ParamKind::Size: {
          v.number = parse_size_bytes(text);
          if (v.number != std::floor(v.number)) refuse("'" + text + "' is not a whole number of bytes");
          break;
        }
        case ParamKind::Frequency:
          v.number = parse_frequency_hz(text);
          break;
        case ParamKind::Length:
          v.number = parse_length_m(text);
          break;
        case ParamKind::Time: {
          TimeQuantity t = parse_time(text);
          if (spec.time_in_seconds) {
            v.number = t.in_cycles ? t.value / clock_hz : t.value;
            break;
          }
          double cycles = t.in_cycles ? t.value : t.value * clock_hz;
          if (t.in_cycles && cycles != std::floor(cycles)) refuse("'" + text + "' is not a whole number of cycles");
          // Times in seconds rarely land on a clock edge; round up (a model cannot act between edges)
          // and tell the user, rather than change their number silently.
          double rounded = std::ceil(cycles - 1e-9);
          if (!t.in_cycles && std::fabs(rounded - cycles) > 1e-9) {
            section.document().add_note(v.where + ": key '" + section.key_path(spec.key) + "': " + text + " is " +
                                        format_number(cycles) + " cycles at " + format_number(clock_hz / 1e9) +
                                        " GHz; rounded up to " + format_number(rounded) + " cycles");
          }
          v.number = std::max(0.0, rounded);
          break;
        }
        case ParamKind::Bandwidth: {
          BandwidthQuantity b = parse_bandwidth(text);
          v.number = b.per_cycle ? b.value : b.value / clock_hz;
          break;
        }
      }
    } catch (const UnitError& e) {
      refuse(e.what());
    }
    if (spec.kind != ParamKind::Choice && spec.kind != ParamKind::Boolean && spec.kind != ParamKind::Text &&
        (v.number < spec.min || v.number > spec.max)) {
      std::string shown = text;
      if ((spec.kind == ParamKind::Time && !spec.time_in_seconds) || spec.kind == ParamKind::Bandwidth) {
        shown += " (= " + format_number(v.number) + canonical_unit(spec.kind) + ")";
      }
      refuse(shown + " is out of range " + describe_range(spec));
    }
    values.set(spec.key, v);
  }
  return values;
}

}  // namespace snsim
