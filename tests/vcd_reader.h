// A reader for the VCD that snsim and GTKWave's fst2vcd write (scopes, wires, #times, scalar and binary
// vector values), for tests that check waveforms against the run's report or its RTL.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace snsim::testing_vcd {

// One traced signal: its width and its value changes (time in ps, value), first entry the initial value.
struct Trace {
  unsigned width = 0;
  std::vector<std::pair<uint64_t, uint64_t>> changes;
  // Value at time t (the last change at or before t).
  uint64_t at(uint64_t t) const {
    uint64_t v = 0;
    for (const auto& [when, value] : changes) {
      if (when > t) break;
      v = value;
    }
    return v;
  }
};
struct Waveform {
  std::map<std::string, Trace> signals;  // full dotted name -> trace
  uint64_t last_time = 0;
};

// A VCD reader for what snsim and fst2vcd write: scopes, wires, #times, scalar and binary vector values.
inline Waveform read_vcd(std::istream& in) {
  Waveform w;
  std::vector<std::string> scope;
  std::map<std::string, std::string> names;  // identifier code -> full name
  std::string token;
  uint64_t now = 0;
  bool body = false;
  while (in >> token) {
    if (!body) {
      if (token == "$scope") {
        std::string kind, name;
        in >> kind >> name;
        scope.push_back(name);
      } else if (token == "$upscope") {
        scope.pop_back();
      } else if (token == "$var") {
        std::string kind, code, name;
        unsigned width;
        in >> kind >> width >> code >> name;
        std::string full;
        for (const auto& s : scope) full += s + ".";
        names[code] = full + name;
        w.signals[full + name].width = width;
      } else if (token == "$enddefinitions") {
        body = true;
      }
      continue;
    }
    if (token[0] == '#') {
      now = std::stoull(token.substr(1));
      w.last_time = std::max(w.last_time, now);
    } else if (token[0] == 'b' || token[0] == 'B') {
      std::string code;
      in >> code;
      w.signals.at(names.at(code)).changes.emplace_back(now, std::stoull(token.substr(1), nullptr, 2));
    } else if (token[0] == '0' || token[0] == '1') {
      w.signals.at(names.at(token.substr(1))).changes.emplace_back(now, token[0] - '0');
    }  // $dumpvars, $end and the like carry no values of their own
  }
  return w;
}

}  // namespace snsim::testing_vcd
