// What a crossbar did in one cycle, as the crossbar lock-step harness compares it (crossbar_lockstep.cpp,
// captured_stimulus.cpp): (kind, port, value), kind 0 = packet `value` left on output `port`, kind 1 =
// input `port` returned `value` credits upstream. Sorted before comparison.
#pragma once

#include <array>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace snsim::cosim {

using Events = std::vector<std::array<uint64_t, 3>>;

inline std::string describe(const Events& events) {
  std::ostringstream s;
  s << "{";
  for (size_t k = 0; k < events.size(); ++k) {
    const auto& e = events[k];
    s << (k ? ", " : "") << (e[0] == 0 ? "out" : "credit in") << e[1] << (e[0] == 0 ? ": packet " : ": ") << e[2];
  }
  s << "}";
  return s.str();
}

}  // namespace snsim::cosim
