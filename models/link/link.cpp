#include "models/link/link.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace snsim {
namespace {

std::string format_number6(double v) { return format_number(v, 6); }

std::vector<std::string> profile_choices() {
  std::vector<std::string> c{"auto"};
  for (const auto& p : builtin_profiles()) c.push_back(p.name);
  return c;
}

ParamSpec seconds(ParamSpec spec) {
  spec.time_in_seconds = true;
  return spec;
}

}  // namespace

const Schema& link_schema() {
  static const Schema schema{
      "link",
      "Every link of the fabric (both directions): a protocol port at each end (framing, FEC, SerDes, "
      "pipelines), the cable, flow control and link-level retry. protocol selects the framing; profile "
      "the generation and width, whose numbers (auto) any key below can override.",
      {
          {"protocol", ParamKind::Choice, "ideal", 0, 0, {"ideal", "nvlink", "ualink", "ethx"}, false,
           "ideal: payload bytes at `bandwidth` after `latency` (no framing); nvlink: 16 B flits with a header "
           "flit; ualink: 64 B TL flits packed in 640 B DL flits; ethx: Ethernet frames",
           "docs/models/ports.md"},
          {"profile", ParamKind::Choice, "auto", 0, 0, profile_choices(), false,
           "Protocol generation and width; auto: nvlink5, ualink-200g-x2 or ethx-400g (all 50 GB/s per direction)",
           "docs/models/ports.md lists each profile's numbers and sources"},
          {"bandwidth", ParamKind::Bandwidth, "50GB/s", 1e-3, 1e6, {}, false,
           "Data bandwidth per direction (protocol ideal only; protocols derive it from lanes, lane rate and FEC)",
           "NVLink 5 per-link data bandwidth, 50 GB/s per direction (NVIDIA NVLink product page; facts 1.1)"},
          {"latency", ParamKind::Time, "10ns", 1, 1e9, {}, false,
           "Flight time from the sender's last bit to the receiver, >= 1 cycle (protocol ideal only; "
           "protocols add up their latency budget)",
           "Assumed: 2 m of copper twinax at about 5 ns/m (velocity factor 0.65-0.75, unverified; facts 7); "
           "NVLink port latency is not published (facts 1.2)"},
          {"credit_latency", ParamKind::Time, "auto", 1, 1e9, {}, false,
           "Time for a credit, pause or ACK to reach the sender, >= 1 cycle; auto: the one-way latency",
           "Same path as the data", true},
          {"lanes", ParamKind::Integer, "auto", 1, 16, {}, false, "Lanes per direction (protocols only)",
           "profile", true},
          {"lane_rate", ParamKind::Bandwidth, "auto", 1e-3, 1e6, {}, false,
           "Signalling rate per lane, e.g. 212.5Gbps (protocols only)", "profile", true},
          {"fec", ParamKind::Choice, "auto", 0, 0, {"auto", "none", "rs544"}, false,
           "Forward error correction: rs544 = RS(544,514) KP4 with 256b/257b transcoding (protocols only)",
           "IEEE 802.3 clause 91/161 KP4 FEC, 5.8 % overhead (Intel AN846; facts 7)"},
          seconds({"fec_decode", ParamKind::Time, "auto", 0, 1e-6, {}, false,
                   "FEC decode time after the codeword has filled (protocols only)",
                   "Assumed 30 ns: FEC costs about a cut-through switch traversal, ~100 ns class at 100G, "
                   "less at 200G lanes (Sella, Moore, Zilberman, NEAT'18; facts 7, unverified)",
                   true}),
          seconds({"serdes_tx", ParamKind::Time, "auto", 0, 1e-6, {}, false, "Transmit SerDes/PMA latency",
                   "Assumed 15 ns: DSP SerDes are 10-40 ns per side (facts 7, unverified)", true}),
          seconds({"serdes_rx", ParamKind::Time, "auto", 0, 1e-6, {}, false, "Receive SerDes/PMA latency",
                   "Assumed 15 ns: DSP SerDes are 10-40 ns per side (facts 7, unverified)", true}),
          seconds({"port_pipeline", ParamKind::Time, "auto", 0, 1e-6, {}, false,
                   "Port pipeline (link layer and buffering) on each side",
                   "Assumed 5 ns per side; not published for any of the three protocols (facts 8)", true}),
          {"cable_length", ParamKind::Length, "2m", 0, 1e5, {}, false,
           "Cable or trace length (protocols only)", "In-rack copper cable, assumed"},
          {"ns_per_m", ParamKind::Real, "5", 3.3, 10, {}, false,
           "Propagation delay per metre: about 5 for copper twinax or PCB, 4.9 for single-mode fibre",
           "facts 7: fibre 4.90 ns/m (n_g 1.468); copper 4.3-5 ns/m (unverified)"},
          {"header", ParamKind::Choice, "auto", 0, 0, {"auto", "standard", "compressed"}, false,
           "ethx: standard Ethernet/IP/UDP headers (46 B) or a compressed scale-up header (10 B); auto = standard",
           "Tomahawk Ultra cuts Ethernet header overhead from 46 B to 10 B (facts 3.3)"},
          {"max_frame", ParamKind::Size, "auto", 64, 16384, {}, false,
           "ethx: largest frame (header included); longer payloads are segmented; auto = 4 KiB, jumbo = 9216B",
           "Issue 4: 64 B to 4 KiB frames or jumbo frames", true},
          {"address_extension", ParamKind::Boolean, "false", 0, 0, {}, false,
           "nvlink: add the 16 B address-extension flit to every packet",
           "Hot Chips 28 (Foley/Danskin): optional AE flit (facts 1.2)"},
          {"byte_enable", ParamKind::Boolean, "false", 0, 0, {}, false,
           "nvlink: add the 16 B byte-enable flit to every packet", "Hot Chips 28: optional BE flit (facts 1.2)"},
          {"tl_header", ParamKind::Size, "auto", 0, 64, {}, false,
           "ualink: header bytes per request, packed with others into TL flits; auto = 16B",
           "UALink 1.0 TL flit layout is not public (facts 2); 16 B with 10 B of DL overhead reproduces the "
           "consortium's 93 % effective bandwidth for 256 B requests",
           true},
          {"dl_overhead", ParamKind::Size, "auto", 0, 320, {}, false,
           "ualink: bytes of each 640 B DL flit not available to TL flits (DL header, CRC); auto = 10B",
           "DL flit layout not public (facts 2); calibrated as tl_header", true},
          {"flow_control", ParamKind::Choice, "credit", 0, 0, {"credit", "pause"}, false,
           "credit: per-VC credits (NVLink, UALink, Ethernet CBFC); pause: PFC-style XOFF/XON pause per VC "
           "(ethx and ideal only)",
           "NVLink and UALink are credit based (facts 1.2, 2); SUE allows PFC or CBFC (facts 3.2)"},
          seconds({"pause_reaction", ParamKind::Time, "100ns", 0, 1e-3, {}, false,
                   "pause: time from a PAUSE's arrival to the sender stopping",
                   "Assumed; IEEE 802.1Qbb bounds it by a few thousand bit times plus the frame in progress"}),
          {"ber", ParamKind::Real, "0", 0, 1e-3, {}, false,
           "Bit error rate seen by the link CRC (after FEC); each frame is corrupted with 1 - (1 - ber)^bits",
           "Scale-up links target well below 1e-12 after FEC; raise it to study retry"},
          {"replay_buffer", ParamKind::Integer, "256", 1, 1e6, {}, false,
           "Frames kept for go-back-N replay until acknowledged; a full buffer stalls the sender",
           "Not public for NVLink or UALink (facts 1.2, 2)"},
          {"ack_delay", ParamKind::Time, "10ns", 0, 1e9, {}, false,
           "Time from a frame's arrival to its ACK or NAK leaving the receiver", "Assumed"},
          {"retry", ParamKind::Choice, "nak", 0, 0, {"nak", "timeout"}, false,
           "nak: the receiver reports a CRC error at once; timeout: the sender replays when no ACK came "
           "within retry_timeout (NVLink withholds the ACK, Pascal whitepaper; facts 1.2)",
           "Pascal whitepaper / US20170111144A1 (facts 1.2)"},
          {"retry_timeout", ParamKind::Time, "1us", 1, 1e9, {}, false,
           "retry timeout: time after a frame's end before it is replayed", "Assumed"},
      },
      {}};
  return schema;
}

uint64_t LinkParams::serialization_cycles(uint32_t payload) const {
  if (profile.framing == Framing::Packed) {
    const uint64_t content = profile.content_bytes(payload);
    const uint64_t capacity = profile.dl_flit_bytes - profile.dl_overhead_bytes;
    const double dl_flits = double((content + capacity - 1) / capacity);
    return static_cast<uint64_t>(std::ceil(dl_flits * profile.dl_flit_bytes / bytes_per_cycle - 1e-9));
  }
  return static_cast<uint64_t>(std::ceil(profile.wire_bytes(payload) / bytes_per_cycle - 1e-9));
}

LinkParams read_link_params(const ConfigSection& section, double clock_hz) {
  ParamValues v = read_params(section, link_schema(), clock_hz);
  LinkParams p;
  const std::string protocol = v.text("protocol");
  const bool ideal = protocol == "ideal";
  auto only_for = [&](const std::string& key, bool applies, const std::string& who) {
    if (v.given(key) && !applies) {
      section.fail(key, "applies only to " + who + " (protocol is " + protocol + ")");
    }
  };
  for (const char* key : {"bandwidth", "latency"}) only_for(key, ideal, "protocol ideal; protocols derive it from their profile");
  for (const char* key : {"profile", "lanes", "lane_rate", "fec", "fec_decode", "serdes_tx", "serdes_rx",
                          "port_pipeline", "cable_length", "ns_per_m"}) {
    only_for(key, !ideal, "protocols nvlink, ualink and ethx");
  }
  for (const char* key : {"header", "max_frame"}) only_for(key, protocol == "ethx", "protocol ethx");
  for (const char* key : {"address_extension", "byte_enable"}) only_for(key, protocol == "nvlink", "protocol nvlink");
  for (const char* key : {"tl_header", "dl_overhead"}) only_for(key, protocol == "ualink", "protocol ualink");

  if (ideal) {
    p.profile = PortProfile();
    p.profile.ideal_bytes_per_s = v.number("bandwidth") * clock_hz;
    p.bytes_per_cycle = v.number("bandwidth");
    p.latency = v.whole("latency");
    p.profile.ideal_latency_s = double(p.latency) / clock_hz;
  } else {
    std::string name = v.text("profile") == "auto" ? default_profile_for(protocol) : v.text("profile");
    const PortProfile* base = find_profile(name);
    if (base->protocol != protocol) {
      section.fail("profile", "profile " + name + " is a " + base->protocol + " profile, but protocol is " + protocol);
    }
    PortProfile& pp = p.profile;
    pp = *base;
    if (!v.automatic("lanes")) pp.lanes = static_cast<uint32_t>(v.whole("lanes"));
    if (!v.automatic("lane_rate")) pp.lane_rate_bps = v.number("lane_rate") * clock_hz * 8;
    if (v.text("fec") == "none") pp.fec_n = pp.fec_k = 0, pp.transcoding = 1.0, pp.fec_decode_s = 0;
    if (!v.automatic("fec_decode")) pp.fec_decode_s = v.number("fec_decode");
    if (!v.automatic("serdes_tx")) pp.serdes_tx_s = v.number("serdes_tx");
    if (!v.automatic("serdes_rx")) pp.serdes_rx_s = v.number("serdes_rx");
    if (!v.automatic("port_pipeline")) pp.port_pipeline_s = v.number("port_pipeline");
    pp.cable_m = v.number("cable_length");
    pp.ns_per_m = v.number("ns_per_m");
    if (protocol == "ethx") {
      if (v.text("header") == "compressed") pp.header_bytes = 10;
      if (!v.automatic("max_frame")) pp.max_frame = static_cast<uint32_t>(v.whole("max_frame"));
      if (pp.max_frame <= pp.header_bytes + 1) section.fail("max_frame", "must exceed the header (" + std::to_string(pp.header_bytes) + " B)");
      pp.max_payload = pp.max_frame - pp.header_bytes;
    }
    if (protocol == "nvlink") {
      pp.address_extension = v.flag("address_extension");
      pp.byte_enable = v.flag("byte_enable");
    }
    if (protocol == "ualink") {
      if (!v.automatic("tl_header")) pp.tl_header_bytes = static_cast<uint32_t>(v.whole("tl_header"));
      if (!v.automatic("dl_overhead")) pp.dl_overhead_bytes = static_cast<uint32_t>(v.whole("dl_overhead"));
    }
    p.bytes_per_cycle = pp.data_rate_bytes_per_s() / clock_hz;
    const double cycles = pp.latency_budget_s() * clock_hz;
    p.latency = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(cycles - 1e-9)));
    if (std::fabs(double(p.latency) - cycles) > 1e-9) {
      section.document().add_note(section.where_self() + ": link latency budget of " + format_number6(pp.latency_budget_s() * 1e9) +
                                  " ns is " + format_number6(cycles) + " cycles; rounded up to " + std::to_string(p.latency));
    }
  }
  p.credit_latency = v.automatic("credit_latency") ? p.latency : v.whole("credit_latency");

  const std::string fc = v.text("flow_control");
  if (fc == "pause" && (protocol == "nvlink" || protocol == "ualink")) {
    section.fail("flow_control", "pause (PFC) is an Ethernet mechanism; " + protocol + " is credit based");
  }
  p.flow_control.mode = fc == "pause" ? FlowControlMode::Pause : FlowControlMode::Credit;
  p.flow_control.pause_reaction = static_cast<uint64_t>(std::ceil(v.number("pause_reaction") * clock_hz - 1e-9));
  p.ber = v.number("ber");
  p.replay_buffer = static_cast<uint32_t>(v.whole("replay_buffer"));
  p.ack_delay = v.whole("ack_delay");
  p.retry_on_timeout = v.text("retry") == "timeout";
  p.retry_timeout = v.whole("retry_timeout");
  section.finish();
  return p;
}

Link::Link(const sc_core::sc_module_name& name, ClockDomain& domain, const LinkParams& params, LinkStats& stats,
           uint64_t seed)
    : sc_core::sc_module(name), upstream("upstream"), downstream("downstream"), domain_(domain),
      params_(params), stats_(stats), rng_(seed, std::string(this->name()) + ".bit_errors") {
  if (params_.latency < 1 || params_.credit_latency < 1) {
    throw std::invalid_argument(std::string(this->name()) + ": link latencies must be at least one cycle");
  }
  upstream.register_nb_transport_fw(this, &Link::forward);
  // Registering a blocking transport stops simple_target_socket from spawning its blocking-to-
  // non-blocking adapter thread: one SC_THREAD (and stack) per link would cap fabrics at a few thousand
  // links. The fabric protocol is non-blocking only.
  upstream.register_b_transport(this, &Link::refuse_blocking);
  downstream.register_nb_transport_bw(this, &Link::backward);
  credit_delay_ = domain_.period() * static_cast<double>(params_.credit_latency);
  dl_flit_fp_ = static_cast<uint64_t>(std::ceil(params_.profile.dl_flit_bytes * double(kOne) / params_.bytes_per_cycle));
}

bool Link::corrupted(double wire_bytes) {
  if (params_.ber <= 0) return false;
  const double p = -std::expm1(wire_bytes * 8 * std::log1p(-params_.ber));
  return rng_.uniform() < p;
}

Link::Attempt Link::serialize(uint64_t start_fp, const PacketInfo& info) {
  const PortProfile& pp = params_.profile;
  if (pp.framing != Framing::Packed) {
    // Fabrics mostly carry one or a few packet sizes: remember the last size's wire time.
    if (info.bytes != cached_payload_) {
      cached_payload_ = info.bytes;
      cached_wire_fp_ =
          static_cast<uint64_t>(std::ceil(pp.wire_bytes(info.bytes) * double(kOne) / params_.bytes_per_cycle));
    }
    const uint64_t end = start_fp + cached_wire_fp_;
    stats_.busy(start_fp, end);
    return {start_fp, end, end};
  }
  // Packed framing: DL flits go back to back while there is content (a train); a packet's TL content
  // takes the next free bytes at or after the point the wire has reached when it arrives, and the
  // receiver can use it at the end of the DL flit that holds its last byte.
  const uint64_t capacity = pp.dl_flit_bytes - pp.dl_overhead_bytes;
  if (start_fp >= train_end_fp_) {
    train_start_fp_ = start_fp;
    train_fill_ = 0;
    train_end_fp_ = start_fp;
  } else {
    const uint64_t reached = (start_fp - train_start_fp_) * capacity / dl_flit_fp_;  // bytes already gone
    train_fill_ = std::max(train_fill_, reached);
  }
  const uint64_t first_byte = train_fill_;
  train_fill_ += pp.content_bytes(info.bytes);
  const uint64_t dl_flits = (train_fill_ + capacity - 1) / capacity;
  const uint64_t ready = train_start_fp_ + dl_flits * dl_flit_fp_;
  stats_.busy(train_end_fp_, ready);  // whole DL flits occupy the wire, padding included
  train_end_fp_ = ready;
  const uint64_t content_start = train_start_fp_ + first_byte * dl_flit_fp_ / capacity;
  const uint64_t content_end = train_start_fp_ + train_fill_ * dl_flit_fp_ / capacity;
  return {content_start, ready, content_end};
}

tlm::tlm_sync_enum Link::forward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
  if (phase != tlm::BEGIN_REQ) {
    throw std::logic_error(std::string(name()) + ": only BEGIN_REQ is sent forward on a fabric link");
  }
  PacketInfo& info = packet_info(gp);
  const uint64_t now = domain_.cycle_after(delay);
  uint64_t start = std::max(now << kFrac, wire_free_fp_);

  // Go-back-N: a full replay buffer holds the sender until the oldest frame is acknowledged.
  while (!unacknowledged_.empty() && unacknowledged_.front() <= start) unacknowledged_.pop_front();
  if (unacknowledged_.size() >= params_.replay_buffer) {
    stats_.add_replay_stall(start, unacknowledged_.front());
    start = unacknowledged_.front();
    unacknowledged_.pop_front();
  }
  const uint64_t back_fp = (params_.latency + params_.ack_delay + params_.credit_latency) << kFrac;
  Attempt a = serialize(start, info);
  // A corrupted transmission is caught by the receiver's CRC; the sender replays it (and, go-back-N,
  // everything after it) once the NAK arrives or its timer expires. Everything behind it waits, so the
  // link stays in order and delivers each packet once.
  while (params_.ber > 0 && corrupted(params_.profile.wire_bytes(info.bytes))) {
    stats_.retry();
    const uint64_t replay = params_.retry_on_timeout ? a.ready_fp + (params_.retry_timeout << kFrac)
                                                     : a.ready_fp + back_fp;
    train_end_fp_ = 0;  // the replay starts a fresh train of DL flits
    a = serialize(replay, info);
  }
  // A cut-through sender forwards a packet whose tail is still arriving: this link cannot finish it earlier.
  const uint64_t tail_limit = info.tail_not_before << kFrac;
  if (a.ready_fp < tail_limit) {
    stats_.busy(a.ready_fp, tail_limit);
    a.ready_fp = a.next_fp = tail_limit;
  }
  wire_free_fp_ = a.next_fp;
  unacknowledged_.push_back(a.ready_fp + back_fp);
  stats_.carried(a.start_fp, info.bytes);
  if (LinkTrace* trace = stats_.trace()) trace->packet(a.start_fp, a.next_fp, info.id);
  ++info.hops;

  const uint64_t tail_arrival = ((a.ready_fp + kOne - 1) >> kFrac) + params_.latency;
  // The head (first flit) is usable one cycle after it starts, plus the flight.
  const uint64_t head_arrival = std::min(tail_arrival, (a.start_fp >> kFrac) + 1 + params_.latency);
  info.lead = static_cast<uint32_t>(tail_arrival - head_arrival);
  sc_core::sc_time forward_delay = domain_.delay_until(tail_arrival);
  tlm::tlm_phase forward_phase = tlm::BEGIN_REQ;
  downstream->nb_transport_fw(gp, forward_phase, forward_delay);

  // The sender may offer its next packet at the edge where this one's last fraction goes out (at least
  // the next cycle); the link then starts it exactly when the wire frees up.
  const uint64_t next_offer = std::max(now + 1, a.next_fp >> kFrac);
  phase = tlm::END_REQ;
  delay = domain_.delay_until(next_offer);
  return tlm::TLM_UPDATED;
}

void Link::refuse_blocking(tlm::tlm_generic_payload&, sc_core::sc_time&) {
  throw std::logic_error(std::string(name()) + ": fabric links are non-blocking (nb_transport) only");
}

tlm::tlm_sync_enum Link::backward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
  if (phase != FLOW_CONTROL) {
    throw std::logic_error(std::string(name()) + ": only FLOW_CONTROL is sent backward on a fabric link");
  }
  delay += credit_delay_;
  return upstream->nb_transport_bw(gp, phase, delay);
}

}  // namespace snsim
