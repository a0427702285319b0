// Parsing of quantities with units, as written in snsim's YAML: "1.5GHz", "50 GB/s", "4KiB", "20ns".
// One parser for every component, so a unit means the same thing everywhere.
#pragma once

#include <stdexcept>
#include <string>

namespace snsim {

// Thrown for malformed quantities; the config layer adds file:line:col and the key.
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A duration either in clock cycles (converted with the owning component's clock) or in seconds.
struct TimeQuantity {
  double value = 0;  // cycles if in_cycles, otherwise seconds
  bool in_cycles = false;
};

// A bandwidth either in bytes per clock cycle or in bytes per second.
struct BandwidthQuantity {
  double value = 0;  // bytes/cycle if per_cycle, otherwise bytes/s
  bool per_cycle = false;
};

double parse_frequency_hz(const std::string& text);    // Hz kHz MHz GHz
double parse_length_m(const std::string& text);        // m cm mm
double parse_size_bytes(const std::string& text);      // B KB MB GB (10^3) KiB MiB GiB (2^10)
TimeQuantity parse_time(const std::string& text);      // cycles ps ns us ms s
BandwidthQuantity parse_bandwidth(const std::string& text);  // bps Kbps Mbps Gbps Tbps, B/s KB/s MB/s GB/s TB/s, B/cycle

// Lists of accepted unit spellings, for error messages and `snsim list`.
const char* frequency_units();
const char* length_units();
const char* size_units();
const char* time_units();
const char* bandwidth_units();

}  // namespace snsim
