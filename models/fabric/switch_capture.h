// Capture of the traffic at a fabric's switch (`snsim run --capture-switch FILE`): every packet that
// reaches an input, every departure with the link's answer, every credit from downstream and every
// credit returned upstream, with the settings needed to rebuild the switch and its surroundings. The
// crossbar lock-step harness (testbench/crossbar_lockstep.*) replays such a file into the RTL crossbar
// and its TLM twin, so they are compared on the traffic of a real fabric run (docs/cosim.md).
//
// How: the fabric's switch is wrapped in a pass-through (CapturingSwitch, switch_capture.cpp) that
// forwards every nb_transport call unchanged (same payload, phase and delay objects, same return value)
// and writes a line per call. It has no process and no event, so the run is the same with and without
// capture (tests/switch_capture_test.cpp compares the report hashes).
//
// File format (JSON lines, one JSON value per line):
//   line 1   {"format": "snsim-switch-capture", "version": 1, "switch": {...}, "run": {...}}
//            switch: ports, input_queue, arbiter, islip_iterations, latency_cycles, input_buffer_flits,
//                    downstream_flits (per output, -1 where unbound), flit_bytes, endpoints
//            run:    config (the file), overrides (the --set's), seed, clock_hz
//   events   ["A", cycle, input, packet id, output, flits]   a packet's tail reaches `input` in `cycle`
//                                                              (its buffer cost is `flits`, routed to `output`)
//            ["D", cycle, output, packet id, link_free]       the packet leaves on `output`; the link takes the
//                                                              next packet at cycle `link_free` (its answer; a
//                                                              whole cycle: models/link answers with a cycle edge,
//                                                              and both switches round the answer up to a cycle)
//            ["C", cycle, output, flits]                      credits from downstream reach `output` in `cycle`
//            ["U", cycle, input, flits]                       `input` returns credits upstream in `cycle`
//   last     {"end": {"cycle": E, "arrivals": n, "departures": n, "credits_in": n, "credits_out": n}}
//            the run stopped at cycle E: every event of the cycles before E is in the file.
// Events are written in call order (an arrival is announced before its cycle), not sorted by cycle.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/fabric/switch_impl.h"

namespace snsim {

struct FabricConfig;

// A capture file that cannot be written, read or used; the message names the file and line.
class SwitchCaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SwitchCaptureHeader {
  uint32_t ports = 0;
  std::string input_queue;  // fifo | voq
  std::string arbiter;      // round_robin | islip
  uint32_t islip_iterations = 1;
  uint64_t latency_cycles = 1;
  uint32_t input_buffer_flits = 0;
  std::vector<int64_t> downstream_flits;  // per output; -1: not bound (no endpoint there)
  uint32_t flit_bytes = 16;
  uint32_t endpoints = 0;
  std::string config;
  std::vector<std::string> overrides;
  uint64_t seed = 0;
  double clock_hz = 1e9;
};

struct CapturedArrival {
  uint64_t cycle;
  uint32_t input;
  uint64_t id;
  uint32_t output;
  uint32_t flits;
};
struct CapturedDeparture {
  uint64_t cycle;
  uint32_t output;
  uint64_t id;
  uint64_t link_free;
};
struct CapturedCredit {
  uint64_t cycle;
  uint32_t port;  // the output (credits in) or the input (credits out)
  uint32_t flits;
};

struct SwitchCapture {
  SwitchCaptureHeader header;
  std::vector<CapturedArrival> arrivals;      // in file order
  std::vector<CapturedDeparture> departures;  // in file order
  std::vector<CapturedCredit> credits_in;     // from downstream, per output, in file order
  std::vector<CapturedCredit> credits_out;    // returned upstream, per input, in file order
  uint64_t end_cycle = 0;                     // every event before this cycle was captured
};

// Reads and validates a capture file. Throws SwitchCaptureError ("FILE:LINE: what") for a missing,
// garbled or truncated file, an event out of range or a count that does not match the end record.
SwitchCapture read_switch_capture(const std::string& path);

// Empty when the config's switch can be captured, else why not (topology, impl, the RTL subset).
std::string switch_capture_refusal(const FabricConfig& config);

// The capture of one run: set on the run's FabricStats (set_switch_tap) before the fabric is built, it
// puts the recording pass-through around the switch make_switch builds (switch_impl.cpp). Throws
// SwitchCaptureError when the config's switch cannot be captured or the file cannot be opened.
class SwitchCaptureSession final : public SwitchTap {
 public:
  SwitchCaptureSession(const std::string& path, const FabricConfig& config);
  ~SwitchCaptureSession() override;
  std::unique_ptr<SwitchPorts> wrap(std::unique_ptr<SwitchPorts> inner, const char* name, ClockDomain& domain,
                                    const SwitchContext& context) override;
  SwitchCaptureSession(const SwitchCaptureSession&) = delete;
  SwitchCaptureSession& operator=(const SwitchCaptureSession&) = delete;
  // Writes the end record (the run stopped at `end_cycle`) and closes the file; throws on a write error.
  void finish(uint64_t end_cycle);
  struct Writer;

 private:
  std::shared_ptr<Writer> writer_;
};

}  // namespace snsim
