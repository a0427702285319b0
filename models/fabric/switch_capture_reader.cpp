// Reading a switch capture (format in switch_capture.h). Every line is checked before it is used: a
// garbled, truncated or inconsistent file is an error naming the file and line, never a crash or a
// silently shorter replay.
#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>

#include "models/fabric/switch_capture.h"

namespace snsim {
namespace {

class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw SwitchCaptureError(path_ + ":" + std::to_string(line_) + ": " + what);
  }
  void set_line(uint64_t line) { line_ = line; }

  // A number in [low, high] from an array element or object member.
  uint64_t whole(const nlohmann::json& j, const std::string& what, uint64_t low, uint64_t high) const {
    if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<int64_t>() >= 0)) {
      fail(what + " must be a non-negative integer, got " + j.dump());
    }
    const uint64_t v = j.get<uint64_t>();
    if (v < low || v > high) {
      fail(what + " is " + std::to_string(v) + ", outside [" + std::to_string(low) + ", " + std::to_string(high) + "]");
    }
    return v;
  }
  const nlohmann::json& member(const nlohmann::json& object, const std::string& section, const std::string& key) const {
    if (!object.is_object() || !object.contains(key)) fail("the header has no '" + section + key + "'");
    return object[key];
  }
  std::string text(const nlohmann::json& object, const std::string& section, const std::string& key) const {
    const nlohmann::json& j = member(object, section, key);
    if (!j.is_string()) fail("'" + section + key + "' must be a string");
    return j.get<std::string>();
  }

 private:
  std::string path_;
  uint64_t line_ = 0;
};

constexpr uint64_t kMaxCycle = uint64_t(1) << 60;
constexpr uint64_t kAny = std::numeric_limits<uint64_t>::max();

SwitchCaptureHeader read_header(const LineReader& r, const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("format") || j["format"] != "snsim-switch-capture") {
    r.fail("not a switch capture (the first line must be the header {\"format\": \"snsim-switch-capture\", ...})");
  }
  if (r.whole(r.member(j, "", "version"), "'version'", 1, kAny) != 1) {
    r.fail("version " + j["version"].dump() + " is not supported (this snsim reads version 1)");
  }
  SwitchCaptureHeader h;
  const nlohmann::json& s = r.member(j, "", "switch");
  h.ports = static_cast<uint32_t>(r.whole(r.member(s, "switch.", "ports"), "'switch.ports'", 1, 4096));
  h.input_queue = r.text(s, "switch.", "input_queue");
  h.arbiter = r.text(s, "switch.", "arbiter");
  if (!(h.input_queue == "fifo" && h.arbiter == "round_robin") && !(h.input_queue == "voq" && h.arbiter == "islip")) {
    r.fail("'switch.input_queue' / 'switch.arbiter' " + h.input_queue + " / " + h.arbiter +
           ": expected fifo / round_robin or voq / islip");
  }
  h.islip_iterations =
      static_cast<uint32_t>(r.whole(r.member(s, "switch.", "islip_iterations"), "'switch.islip_iterations'", 1, 16));
  h.latency_cycles = r.whole(r.member(s, "switch.", "latency_cycles"), "'switch.latency_cycles'", 1, kMaxCycle);
  h.input_buffer_flits = static_cast<uint32_t>(
      r.whole(r.member(s, "switch.", "input_buffer_flits"), "'switch.input_buffer_flits'", 1, 1u << 31));
  const nlohmann::json& downstream = r.member(s, "switch.", "downstream_flits");
  if (!downstream.is_array() || downstream.size() != h.ports) {
    r.fail("'switch.downstream_flits' must be a list of " + std::to_string(h.ports) + " numbers (one per output)");
  }
  for (const nlohmann::json& d : downstream) {
    h.downstream_flits.push_back(d.is_number_integer() && d.get<int64_t>() == -1
                                     ? -1
                                     : int64_t(r.whole(d, "'switch.downstream_flits' entry", 1, 1u << 31)));
  }
  h.flit_bytes = static_cast<uint32_t>(r.whole(r.member(s, "switch.", "flit_bytes"), "'switch.flit_bytes'", 1, 1u << 20));
  h.endpoints = static_cast<uint32_t>(r.whole(r.member(s, "switch.", "endpoints"), "'switch.endpoints'", 1, h.ports));
  const nlohmann::json& run = r.member(j, "", "run");
  h.config = r.text(run, "run.", "config");
  const nlohmann::json& overrides = r.member(run, "run.", "overrides");
  if (!overrides.is_array()) r.fail("'run.overrides' must be a list of strings");
  for (const nlohmann::json& o : overrides) {
    if (!o.is_string()) r.fail("'run.overrides' must be a list of strings");
    h.overrides.push_back(o.get<std::string>());
  }
  h.seed = r.whole(r.member(run, "run.", "seed"), "'run.seed'", 0, kAny);
  const nlohmann::json& clock = r.member(run, "run.", "clock_hz");
  if (!clock.is_number() || !(clock.get<double>() > 0)) r.fail("'run.clock_hz' must be a positive number");
  h.clock_hz = clock.get<double>();
  return h;
}

}  // namespace

SwitchCapture read_switch_capture(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SwitchCaptureError(path + ": cannot open the capture file");
  LineReader r(path);
  SwitchCapture capture;
  std::string line;
  uint64_t number = 0;
  bool ended = false;
  nlohmann::json end;
  while (std::getline(in, line)) {
    r.set_line(++number);
    if (ended) r.fail("a line after the end record");
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) r.fail("not a JSON value (garbled or cut off): '" + line.substr(0, 80) + "'");
    if (number == 1) {
      capture.header = read_header(r, j);
      continue;
    }
    const SwitchCaptureHeader& h = capture.header;
    if (j.is_object() && j.contains("end")) {
      end = j["end"];
      ended = true;
      capture.end_cycle = r.whole(r.member(end, "end.", "cycle"), "'end.cycle'", 0, kMaxCycle);
      continue;
    }
    if (!j.is_array() || j.empty() || !j[0].is_string()) {
      r.fail("expected an event [\"A\"|\"D\"|\"C\"|\"U\", cycle, ...] or the end record, got " + line.substr(0, 80));
    }
    const std::string tag = j[0].get<std::string>();
    const uint64_t last_port = h.ports - 1;
    auto fields = [&](size_t n, const char* shape) {
      if (j.size() != n) r.fail("a \"" + tag + "\" event has " + std::to_string(j.size()) + " fields, expected " + shape);
    };
    if (tag == "A") {
      fields(6, "[\"A\", cycle, input, packet id, output, flits]");
      // Cycle 0 cannot happen (links have latency) and could not be announced a cycle ahead in a replay.
      capture.arrivals.push_back({r.whole(j[1], "arrival cycle", 1, kMaxCycle),
                                  static_cast<uint32_t>(r.whole(j[2], "input", 0, last_port)),
                                  r.whole(j[3], "packet id", 0, kAny),
                                  static_cast<uint32_t>(r.whole(j[4], "output", 0, last_port)),
                                  static_cast<uint32_t>(r.whole(j[5], "flits", 1, h.input_buffer_flits))});
    } else if (tag == "D") {
      fields(5, "[\"D\", cycle, output, packet id, link_free]");
      const uint64_t cycle = r.whole(j[1], "departure cycle", 0, kMaxCycle);
      capture.departures.push_back({cycle, static_cast<uint32_t>(r.whole(j[2], "output", 0, last_port)),
                                    r.whole(j[3], "packet id", 0, kAny),
                                    r.whole(j[4], "link_free", cycle + 1, kMaxCycle)});
    } else if (tag == "C" || tag == "U") {
      fields(4, "[\"C\"|\"U\", cycle, port, flits]");
      CapturedCredit c{r.whole(j[1], "credit cycle", tag == "C" ? 1 : 0, kMaxCycle),
                       static_cast<uint32_t>(r.whole(j[2], "port", 0, last_port)),
                       static_cast<uint32_t>(r.whole(j[3], "flits", 1, uint64_t(1) << 31))};
      (tag == "C" ? capture.credits_in : capture.credits_out).push_back(c);
    } else {
      r.fail("unknown event \"" + tag + "\" (expected A, D, C or U)");
    }
  }
  if (number == 0) throw SwitchCaptureError(path + ": empty file, not a switch capture");
  if (!ended) {
    throw SwitchCaptureError(path + ": truncated after line " + std::to_string(number) +
                             ": no end record (the capturing run did not finish, or the file was cut)");
  }
  auto count = [&](const char* key, size_t have) {
    const uint64_t want = r.whole(r.member(end, "end.", key), std::string("'end.") + key + "'", 0, kAny);
    if (want != have) {
      r.fail(std::string("the end record counts ") + std::to_string(want) + " " + key + ", the file holds " +
             std::to_string(have) + " (lines lost)");
    }
  };
  r.set_line(number);
  count("arrivals", capture.arrivals.size());
  count("departures", capture.departures.size());
  count("credits_in", capture.credits_in.size());
  count("credits_out", capture.credits_out.size());
  return capture;
}

}  // namespace snsim
