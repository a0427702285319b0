// Whether a run saturated the fabric, decided in one place for the run summary and the sweep.
//
// A run is saturated when
//   - its measured set was still undelivered when a non-zero drain limit ran out (not when the watchdog
//     stopped a deadlock, a signal interrupted the run, or simulation.drain_limit is 0 so the run ends
//     with the window), or
//   - it accepted clearly less than was offered: offered - accepted > margin x offered, with
//     margin = max(1 %, 4 x sqrt(2 L / (W N))). L: mean latency, W: window length, N: packets created in
//     the window. By Little's law about N L / W packets are in the fabric at any time; the shortfall is
//     the change of that number over the window, whose spread is about sqrt(2 N L / W) packets. Four
//     spreads keep a short run at low load (few packets) from being called saturated by chance.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace snsim {

extern const char* const kSaturationRule;

struct SaturationVerdict {
  bool saturated = false;
  bool hit_drain_limit = false;  // undelivered measured packets when a non-zero drain limit ran out
  double shortfall = 0;          // (offered - accepted) / offered
  double margin = 0;             // the relative shortfall that counts
  bool short_of_offered() const { return shortfall > margin; }
};

SaturationVerdict saturation_verdict(const nlohmann::json& report);

}  // namespace snsim
