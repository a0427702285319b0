// Reads back a harness waveform with the FST reader that ships with Verilator's runtime (the same
// library that writes it), so tests can check what a waveform contains without GTKWave.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace snsim::cosim {

struct FstSummary {
  bool opened = false;
  uint64_t start_time = 0;  // in the file's time unit
  uint64_t end_time = 0;
  int time_exponent = 0;    // the time unit is 10^exponent s
  std::vector<std::string> signals;  // full dotted names, e.g. "TOP.tb_rr_arbiter.grant_o"
  // Value changes (time, value as a binary string, MSB first) of the signals asked for.
  std::vector<std::pair<uint64_t, std::string>> changes;
};

// `watch`: the full name of one signal whose value changes are collected (may be empty).
FstSummary read_fst(const std::string& path, const std::string& watch);

}  // namespace snsim::cosim
