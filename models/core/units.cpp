#include "models/core/units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

namespace snsim {
namespace {

struct Split {
  double number;
  std::string unit;
};

// Splits "<number><optional spaces><unit>"; the number must be finite and the unit non-empty.
Split split_quantity(const std::string& text, const char* accepted) {
  const char* begin = text.c_str();
  char* end = nullptr;
  double number = std::strtod(begin, &end);
  if (end == begin) {
    throw UnitError("'" + text + "' does not start with a number (expected a number and a unit: " +
                    accepted + ")");
  }
  if (!std::isfinite(number)) throw UnitError("'" + text + "' is not a finite number");
  std::string unit(end);
  size_t first = unit.find_first_not_of(" \t");
  unit = first == std::string::npos ? std::string() : unit.substr(first);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  if (unit.empty()) {
    throw UnitError("'" + text + "' has no unit (accepted units: " + std::string(accepted) + ")");
  }
  return {number, unit};
}

template <typename T>
T lookup(const std::vector<std::pair<const char*, T>>& table, const Split& s, const std::string& text,
         const char* accepted) {
  for (const auto& [name, factor] : table) {
    if (s.unit == name) return factor;
  }
  throw UnitError("'" + text + "' has unknown unit '" + s.unit + "' (accepted units: " + accepted + ")");
}

}  // namespace

const char* frequency_units() { return "Hz, kHz, MHz, GHz"; }
const char* size_units() { return "B, KB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of 1024)"; }
const char* time_units() { return "cycles, ps, ns, us, ms, s"; }
const char* bandwidth_units() {
  return "bps, Kbps, Mbps, Gbps, Tbps (also Gb/s), B/s, KB/s, MB/s, GB/s, TB/s, B/cycle";
}

double parse_frequency_hz(const std::string& text) {
  static const std::vector<std::pair<const char*, double>> table = {
      {"Hz", 1.0}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
  Split s = split_quantity(text, frequency_units());
  return s.number * lookup(table, s, text, frequency_units());
}

const char* length_units() { return "m, cm, mm"; }

double parse_length_m(const std::string& text) {
  static const std::vector<std::pair<const char*, double>> table = {{"m", 1.0}, {"cm", 1e-2}, {"mm", 1e-3}};
  Split s = split_quantity(text, length_units());
  return s.number * lookup(table, s, text, length_units());
}

double parse_size_bytes(const std::string& text) {
  static const std::vector<std::pair<const char*, double>> table = {
      {"B", 1.0},           {"KB", 1e3},           {"MB", 1e6},
      {"GB", 1e9},          {"KiB", 1024.0},       {"MiB", 1024.0 * 1024.0},
      {"GiB", 1024.0 * 1024.0 * 1024.0}};
  Split s = split_quantity(text, size_units());
  return s.number * lookup(table, s, text, size_units());
}

TimeQuantity parse_time(const std::string& text) {
  static const std::vector<std::pair<const char*, double>> table = {
      {"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}};
  Split s = split_quantity(text, time_units());
  if (s.unit == "cycles" || s.unit == "cycle") return {s.number, true};
  return {s.number * lookup(table, s, text, time_units()), false};
}

BandwidthQuantity parse_bandwidth(const std::string& text) {
  // Bit rates are converted to bytes per second (8 bits per byte; line coding is the port's business).
  static const std::vector<std::pair<const char*, double>> table = {
      {"bps", 1.0 / 8},   {"Kbps", 1e3 / 8}, {"Mbps", 1e6 / 8}, {"Gbps", 1e9 / 8}, {"Tbps", 1e12 / 8},
      {"b/s", 1.0 / 8},   {"Kb/s", 1e3 / 8}, {"Mb/s", 1e6 / 8}, {"Gb/s", 1e9 / 8}, {"Tb/s", 1e12 / 8},
      {"B/s", 1.0},       {"KB/s", 1e3},     {"MB/s", 1e6},     {"GB/s", 1e9},     {"TB/s", 1e12}};
  Split s = split_quantity(text, bandwidth_units());
  if (s.unit == "B/cycle" || s.unit == "B/cycles") return {s.number, true};
  return {s.number * lookup(table, s, text, bandwidth_units()), false};
}

}  // namespace snsim
