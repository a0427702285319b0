#include "models/fabric/switch_capture.h"

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>
#include <fstream>

#include "models/fabric/fabric_config.h"
#include "models/fabric/switch_impl.h"

namespace snsim {

// The open file and the settings the header needs (known only once the builder has configured the
// outputs, so the header is written with the first event or at the end).
struct SwitchCaptureSession::Writer {
  std::string path;
  std::FILE* file = nullptr;
  SwitchCaptureHeader header;
  bool header_written = false, wrapped = false;
  uint64_t arrivals = 0, departures = 0, credits_in = 0, credits_out = 0;

  void write_header() {
    if (header_written) return;
    header_written = true;
    const SwitchCaptureHeader& h = header;
    const nlohmann::json j = {
        {"format", "snsim-switch-capture"},
        {"version", 1},
        {"switch",
         {{"ports", h.ports},
          {"input_queue", h.input_queue},
          {"arbiter", h.arbiter},
          {"islip_iterations", h.islip_iterations},
          {"latency_cycles", h.latency_cycles},
          {"input_buffer_flits", h.input_buffer_flits},
          {"downstream_flits", h.downstream_flits},
          {"flit_bytes", h.flit_bytes},
          {"endpoints", h.endpoints}}},
        {"run", {{"config", h.config}, {"overrides", h.overrides}, {"seed", h.seed}, {"clock_hz", h.clock_hz}}}};
    std::fprintf(file, "%s\n", j.dump().c_str());
  }
  // One event line: a tag and four or five numbers.
  void event(const char* tag, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    write_header();
    std::fprintf(file, "[\"%s\",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]\n", tag, a, b, c, d);
  }
  void event(const char* tag, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e) {
    write_header();
    std::fprintf(file, "[\"%s\",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]\n", tag, a, b, c, d, e);
  }
  void credit(const char* tag, uint64_t cycle, uint64_t port, uint64_t flits) {
    write_header();
    std::fprintf(file, "[\"%s\",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]\n", tag, cycle, port, flits);
  }
};

namespace {

// The pass-through: sockets on the fabric's side (in, out) and on the switch's side (to_switch,
// from_switch); every call goes through unchanged and is written down on the way.
class CaptureTap : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<CaptureTap, 32, FabricProtocol> in;             // links -> here
  tlm_utils::multi_passthrough_initiator_socket<CaptureTap, 32, FabricProtocol> to_switch;   // here -> switch.in
  tlm_utils::multi_passthrough_target_socket<CaptureTap, 32, FabricProtocol> from_switch;    // switch.out -> here
  tlm_utils::multi_passthrough_initiator_socket<CaptureTap, 32, FabricProtocol> out;         // here -> links

  CaptureTap(const sc_core::sc_module_name& name, ClockDomain& domain, const SwitchContext& context,
             std::shared_ptr<SwitchCaptureSession::Writer> writer)
      : sc_core::sc_module(name), in("in"), to_switch("to_switch"), from_switch("from_switch"), out("out"),
        domain_(domain), route_(context.route), writer_(std::move(writer)) {
    in.register_nb_transport_fw(this, &CaptureTap::packet_in);
    to_switch.register_nb_transport_bw(this, &CaptureTap::credit_upstream);
    from_switch.register_nb_transport_fw(this, &CaptureTap::packet_out);
    out.register_nb_transport_bw(this, &CaptureTap::credit_downstream);
  }

 private:
  tlm::tlm_sync_enum packet_in(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    const PacketInfo& info = packet_info(gp);
    const uint64_t output = info.destination < route_.size() ? route_[info.destination] : info.destination;
    writer_->event("A", domain_.cycle_after(delay), uint64_t(port), info.id, output, info.flits);
    ++writer_->arrivals;
    return to_switch[port]->nb_transport_fw(gp, phase, delay);
  }
  tlm::tlm_sync_enum credit_upstream(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                     sc_core::sc_time& delay) {
    writer_->credit("U", domain_.cycle_after(delay), uint64_t(port), gp.get_extension<FlowControlInfo>()->flits);
    ++writer_->credits_out;
    return in[port]->nb_transport_bw(gp, phase, delay);
  }
  tlm::tlm_sync_enum packet_out(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    const uint64_t cycle = domain_.cycle_after(delay), id = packet_info(gp).id;  // before the link reuses gp
    const tlm::tlm_sync_enum result = out[port]->nb_transport_fw(gp, phase, delay);
    writer_->event("D", cycle, uint64_t(port), id, domain_.cycle_after(delay));  // the link's answer
    ++writer_->departures;
    return result;
  }
  tlm::tlm_sync_enum credit_downstream(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) {
    writer_->credit("C", domain_.cycle_after(delay), uint64_t(port), gp.get_extension<FlowControlInfo>()->flits);
    ++writer_->credits_in;
    return from_switch[port]->nb_transport_bw(gp, phase, delay);
  }

  ClockDomain& domain_;
  std::vector<uint32_t> route_;
  std::shared_ptr<SwitchCaptureSession::Writer> writer_;
};

// The switch as the fabric sees it: the tap's outer sockets, the inner switch's configuration calls.
class CapturingSwitch final : public SwitchPorts {
 public:
  CapturingSwitch(std::unique_ptr<SwitchPorts> inner, const char* name, ClockDomain& domain,
                  const SwitchContext& context, std::shared_ptr<SwitchCaptureSession::Writer> writer)
      : inner_(std::move(inner)), writer_(writer),
        // A sibling of the switch, not its parent: the switch keeps its name (stats, traces).
        tap_((std::string(name) + "_capture").c_str(), domain, context, std::move(writer)) {
    // Every port of the switch behind the tap, in order (port i = i-th binding on both sides).
    for (uint32_t p = 0; p < writer_->header.ports; ++p) {
      tap_.to_switch.bind(inner_->in_socket());
      inner_->out_socket().bind(tap_.from_switch);
    }
  }
  tlm_utils::multi_target_base<32, FabricProtocol>& in_socket() override { return tap_.in; }
  tlm_utils::multi_init_base<32, FabricProtocol>& out_socket() override { return tap_.out; }
  uint32_t input_buffer_flits() const override { return inner_->input_buffer_flits(); }
  void configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) override {
    inner_->configure_input(port, mode, xoff, xon);
  }
  void configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link) override {
    writer_->header.downstream_flits.at(port) = downstream_flits_per_vc;
    inner_->configure_output(port, params, downstream_flits_per_vc, link);
  }
  SwitchControl* control() override { return inner_->control(); }

 private:
  std::unique_ptr<SwitchPorts> inner_;
  std::shared_ptr<SwitchCaptureSession::Writer> writer_;
  CaptureTap tap_;
};

}  // namespace

std::string switch_capture_refusal(const FabricConfig& config) {
  if (config.topology.kind_name != "single_switch") {
    return "the topology is " + config.topology.kind_name + ": only a single_switch fabric's switch can be captured";
  }
  if (config.switch_params.rtl) return "switch.impl is rtl: the capture records the TLM switch (use impl: tlm)";
  if (const auto violation = rtl_subset_violation(config)) {
    return "key 'switch." + violation->key + "': " + violation->why +
           " (a capture is replayed into the RTL crossbar, which implements: " + rtl_subset_description() + ")";
  }
  return "";
}

SwitchCaptureSession::SwitchCaptureSession(const std::string& path, const FabricConfig& config)
    : writer_(std::make_shared<Writer>()) {
  const std::string refusal = switch_capture_refusal(config);
  if (!refusal.empty()) throw SwitchCaptureError("--capture-switch: cannot capture this fabric's switch: " + refusal);
  writer_->path = path;
  writer_->file = std::fopen(path.c_str(), "w");
  if (!writer_->file) throw SwitchCaptureError("--capture-switch: cannot open '" + path + "' for writing");
  SwitchCaptureHeader& h = writer_->header;
  const SwitchParams& s = config.switch_params;
  h.ports = s.ports;
  h.input_queue = s.input_queueing == InputQueueing::Voq ? "voq" : "fifo";
  h.arbiter = s.arbitration == Arbitration::Islip ? "islip" : "round_robin";
  h.islip_iterations = s.islip_iterations;
  h.latency_cycles = s.latency;
  h.flit_bytes = config.fabric.flit_bytes;
  h.input_buffer_flits = static_cast<uint32_t>(s.input_buffer_bytes / h.flit_bytes);
  h.downstream_flits.assign(s.ports, -1);
  h.endpoints = config.fabric.endpoints;
  h.config = config.document ? config.document->name() : "";
  if (config.document) {
    for (const auto& [key, value] : config.document->overrides()) h.overrides.push_back(key + "=" + value);
  }
  h.seed = config.simulation.seed;
  h.clock_hz = config.fabric.clock_hz;
}

SwitchCaptureSession::~SwitchCaptureSession() {
  if (writer_->file) std::fclose(writer_->file);
}

std::unique_ptr<SwitchPorts> SwitchCaptureSession::wrap(std::unique_ptr<SwitchPorts> inner, const char* name,
                                                        ClockDomain& domain, const SwitchContext& context) {
  if (writer_->wrapped) throw std::logic_error("--capture-switch: a capture records one switch");
  writer_->wrapped = true;
  return std::make_unique<CapturingSwitch>(std::move(inner), name, domain, context, writer_);
}

void SwitchCaptureSession::finish(uint64_t end_cycle) {
  Writer& w = *writer_;
  if (!w.wrapped) throw std::logic_error("--capture-switch: the fabric never built its switch");
  w.write_header();
  const nlohmann::json end = {{"end",
                               {{"cycle", end_cycle},
                                {"arrivals", w.arrivals},
                                {"departures", w.departures},
                                {"credits_in", w.credits_in},
                                {"credits_out", w.credits_out}}}};
  std::fprintf(w.file, "%s\n", end.dump().c_str());
  const bool failed = std::ferror(w.file) != 0;
  const bool closed = std::fclose(w.file) == 0;
  w.file = nullptr;
  if (failed || !closed) throw SwitchCaptureError("--capture-switch: error writing '" + w.path + "'");
}

}  // namespace snsim
