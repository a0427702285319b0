// Self-checking harness for the credit link: rtl/credit_link_tx.sv driving rtl/credit_link_rx.sv (through
// testbench/tb_credit_link.sv) against a cycle-level reference of the whole loop written here, go-back-N
// replay included. Every cycle it compares: the transmitter's credit counter, ready and replay state,
// the flit, sequence number and CRC it puts on the wire, the receiver's occupancy, valid and head flit
// (every flit delivered once, in order), when CRC errors and out-of-sequence drops are reported, and
// the credits and ACK/NAK arriving back at the transmitter. The stimulus corrupts chosen flits on the
// wire and applies back-pressure.
#include <algorithm>
#include <array>
#include <deque>
#include <sstream>
#include <stdexcept>

#include "models/core/rng.h"
#include "testbench/harness_support.h"
#include "testbench/rtl_models.h"

namespace snsim::cosim {

uint16_t crc16_ccitt_bits(uint64_t data, uint32_t bits) {
  uint16_t crc = 0xFFFF;
  for (uint32_t k = bits; k-- > 0;) {
    const bool in = (data >> k) & 1;
    const bool top = crc & 0x8000;
    crc = static_cast<uint16_t>(crc << 1);
    if (top != in) crc ^= 0x1021;
  }
  return crc;
}

// The link's CRC: over the sequence number (seq_bits) and then the 64-bit flit, MSB first.
uint16_t crc16_seq_data(uint64_t seq, uint32_t seq_bits, uint64_t data) {
  uint16_t crc = 0xFFFF;
  auto feed = [&](uint64_t word, uint32_t bits) {
    for (uint32_t k = bits; k-- > 0;) {
      const bool in = (word >> k) & 1;
      const bool top = crc & 0x8000;
      crc = static_cast<uint16_t>(crc << 1);
      if (top != in) crc ^= 0x1021;
    }
  };
  feed(seq, seq_bits);
  feed(data, 64);
  return crc;
}

uint16_t crc16_ccitt_bytes(const std::string& bytes) {
  uint16_t crc = 0xFFFF;
  for (unsigned char byte : bytes) {
    for (int k = 7; k >= 0; --k) {
      const bool in = (byte >> k) & 1;
      const bool top = crc & 0x8000;
      crc = static_cast<uint16_t>(crc << 1);
      if (top != in) crc ^= 0x1021;
    }
  }
  return crc;
}

namespace {

constexpr uint32_t kWidth = 64;  // tb_credit_link's W

// ---- the Verilated top ---------------------------------------------------------------------------
enum Port : int {
  kClk, kRstN, kInValid, kInReady, kInData, kOutReady, kOutValid, kOutData, kFlip, kTxValid, kTxData, kTxCrc,
  kCredits, kCreditArrival, kCreditOverflow, kCrcError, kOverflow, kOccupancy, kTwinCredits, kTwinOccupancy,
  kMismatch, kTxSeq, kReplaying, kFbValid, kFbNak, kFbSeq, kSeqDrop
};

struct LinkPorts {
  template <typename Model, typename F>
  static void with(Model& m, int port, F&& f) {
    switch (port) {
      case kClk: f(m.clk_i); break;
      case kRstN: f(m.rst_ni); break;
      case kInValid: f(m.in_valid_i); break;
      case kInReady: f(m.in_ready_o); break;
      case kInData: f(m.in_data_i); break;
      case kOutReady: f(m.out_ready_i); break;
      case kOutValid: f(m.out_valid_o); break;
      case kOutData: f(m.out_data_o); break;
      case kFlip: f(m.flip_i); break;
      case kTxValid: f(m.tx_link_valid_o); break;
      case kTxData: f(m.tx_link_data_o); break;
      case kTxCrc: f(m.tx_link_crc_o); break;
      case kCredits: f(m.credits_o); break;
      case kCreditArrival: f(m.credit_arrival_o); break;
      case kCreditOverflow: f(m.credit_overflow_o); break;
      case kCrcError: f(m.crc_error_o); break;
      case kOverflow: f(m.overflow_o); break;
      case kOccupancy: f(m.occupancy_o); break;
      case kTwinCredits: f(m.twin_credits_i); break;
      case kTwinOccupancy: f(m.twin_occupancy_i); break;
      case kMismatch: f(m.mismatch_i); break;
      case kTxSeq: f(m.tx_link_seq_o); break;
      case kReplaying: f(m.replaying_o); break;
      case kFbValid: f(m.fb_valid_o); break;
      case kFbNak: f(m.fb_nak_o); break;
      case kFbSeq: f(m.fb_seq_o); break;
      case kSeqDrop: f(m.seq_drop_o); break;
      default: throw std::logic_error("tb_credit_link has no port " + std::to_string(port));
    }
  }
};

std::string config_name(uint32_t credits, uint32_t link, uint32_t credit, uint32_t mutate) {
  return "c" + std::to_string(credits) + "_l" + std::to_string(link) + "_r" + std::to_string(credit) + "_m" +
         std::to_string(mutate);
}

std::unique_ptr<Dut> make_top(const CreditLinkOptions& o, VerilatedContext* context) {
  const uint32_t mutate = o.mutant ? o.mutant_kind : 0;
#define SNSIM_LINK(c, l, r, m)                                                                  \
  if (o.credits == c && o.link_delay == l && o.credit_delay == r && mutate == m) {              \
    return std::make_unique<DutOf<Vtb_credit_link_c##c##_l##l##_r##r##_m##m, LinkPorts>>(context); \
  }
  SNSIM_CREDIT_LINK_CONFIGS(SNSIM_LINK)
#undef SNSIM_LINK
  throw std::invalid_argument("credit link " + config_name(o.credits, o.link_delay, o.credit_delay, mutate) +
                              " is not built (testbench/CMakeLists.txt lists the configurations)");
}

uint64_t get64(const Dut& dut, int port) {
  return static_cast<uint64_t>(dut.field(port, 0, 32)) | static_cast<uint64_t>(dut.field(port, 32, 32)) << 32;
}

// ---- stimulus --------------------------------------------------------------------------------------
struct Phase {
  double in = 0;    // probability of offering a new flit when none is waiting
  double out = 0;   // probability of ready at the receiver's output
  double err = 0;   // probability of corrupting the flit on the wire
  uint64_t length = 0;
};

class LinkStimulus {
 public:
  LinkStimulus(uint64_t seed, bool full_load) : rng_(seed, "credit_link_lockstep"), full_load_(full_load) {
    prologue_ = {{0, 1, 0, 8},       // idle
                 {1, 1, 0, 200},     // full load
                 {1, 0, 0, 100},     // the receiver stops: its buffer fills, the credits run out
                 {1, 1, 0, 100},     // and drains
                 {1, 1, 1, 50},      // every flit corrupted
                 {0.5, 0.5, 0.1, 200}};
  }
  const Phase& next() {
    if (full_load_) {
      phase_ = {1, 1, 0, 1};
      return phase_;
    }
    while (left_ == 0) {
      if (index_ < prologue_.size()) {
        phase_ = prologue_[index_++];
      } else {
        static constexpr std::array<double, 5> kIn = {0.05, 0.3, 0.6, 0.9, 1.0};
        static constexpr std::array<double, 5> kOut = {0.0, 0.1, 0.5, 0.9, 1.0};
        static constexpr std::array<double, 5> kErr = {0, 0, 0.01, 0.1, 0.5};
        phase_ = {kIn[rng_.below(kIn.size())], kOut[rng_.below(kOut.size())], kErr[rng_.below(kErr.size())],
                  16 + rng_.below(2000)};
        if (phase_.out == 0) phase_.length = 1 + rng_.below(200);  // a stopped receiver, not for long
      }
      left_ = phase_.length;
    }
    --left_;
    return phase_;
  }
  Rng& rng() { return rng_; }

 private:
  Rng rng_;
  bool full_load_;
  std::vector<Phase> prologue_;
  size_t index_ = 0;
  Phase phase_;
  uint64_t left_ = 0;
};

// ---- the harness -------------------------------------------------------------------------------------
struct Pass {
  uint64_t wave_from = 0;
  std::string wave_path;
};

std::string hex(uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

CreditLinkResult run_pass(const CreditLinkOptions& o, const Pass& pass) {
  CreditLinkResult result;
  result.block = "credit_link " + std::to_string(o.credits) + " credits, link " + std::to_string(o.link_delay) +
                 " + credit " + std::to_string(o.credit_delay) + " cycles" + (o.mutant ? " (tx MUTATE " + std::to_string(o.mutant_kind) + ")" : "") +
                 " seed " + std::to_string(o.seed);
  auto context = make_context();
  std::unique_ptr<Dut> top = make_top(o, context.get());
  Dut& dut = *top;
  WaveWindow wave(context.get(), pass.wave_path, pass.wave_from);
  const uint32_t cw = pointer_width(o.credits + 1) + 1;  // tb's CW = $clog2(CREDITS + 1) + 1
  const uint32_t rw = pointer_width(o.credits + 1);      // tb's RW = $clog2(CREDITS + 1)

  // Reset: a falling edge on rst_ni (it must first be high, or the asynchronous reset never fires).
  dut.set(kClk, 0, false);
  dut.set(kRstN, 0, true);
  dut.eval();
  dut.set(kRstN, 0, false);
  dut.eval();
  dut.set(kRstN, 0, true);
  dut.eval();

  // The reference's state. Sequence numbers are unbounded here; the RTL's are these modulo 2^sw.
  const uint32_t sw = pointer_width(o.credits) + 1;  // the blocks' SW = $clog2(CREDITS) + 1
  const uint64_t replay_depth = uint64_t(1) << pointer_width(o.credits);
  const uint64_t seq_mask = (uint64_t(1) << sw) - 1;
  const uint64_t history = o.link_delay + o.credit_delay + 4;
  // What the receiver did in a cycle (by cycle % history): pops, drops, CRC errors, out-of-sequence
  // drops, and the feedback it sends.
  std::vector<uint8_t> pops(history, 0), drops(history, 0), bad_arrivals(history, 0), seq_drops(history, 0);
  std::vector<uint8_t> fb_valid(history, 0), fb_nak(history, 0);
  std::vector<uint64_t> fb_seq(history, 0);
  struct Arrival {
    uint64_t cycle;
    uint64_t seq;
    uint64_t data;
    bool good;
  };
  std::deque<Arrival> wire;       // flits on the link, by arrival cycle at the receiver
  std::deque<uint64_t> rx_buffer; // kept flits in the receiver's buffer
  uint64_t expected = 0;          // the receiver's next sequence number
  std::vector<uint64_t> sent;     // every new flit, by sequence number (the replay buffer)
  uint64_t ack = 0, send = 0;     // transmitter: oldest unacknowledged, next to put on the link
  int64_t credits = o.credits;
  bool on_wire = false;           // a flit sent in the previous cycle is on the transmitter's output
  uint64_t on_wire_data = 0, on_wire_seq = 0;
  bool offer = false;             // a flit waiting at the transmitter's input
  uint64_t offer_data = 0;
  uint64_t delivered_in_order = 0;  // the next flit delivered must be sent[delivered_in_order]

  LinkStimulus stimulus(o.seed, o.full_load);
  Rng& rng = stimulus.rng();
  const uint64_t rtt = o.link_delay + o.credit_delay + 2;
  const uint64_t drain = 16 * (rtt + o.credits) + 64;  // room for a last replay
  const uint64_t total = o.cycles + drain;

  for (uint64_t cycle = 0; cycle < total; ++cycle) {
    const bool draining = cycle >= o.cycles;
    Phase phase = stimulus.next();
    if (draining) phase = {0, 1, 0, 1};
    // Valid/ready: a flit once offered stays offered, unchanged, until it is taken.
    if (!offer && rng.uniform() < phase.in) {
      offer = true;
      offer_data = rng.next();
    }
    const bool out_ready = rng.uniform() < phase.out;
    uint32_t flip_bit = UINT32_MAX;
    if (on_wire && rng.uniform() < phase.err) flip_bit = static_cast<uint32_t>(rng.below(kWidth + sw + 16));
    if (on_wire) {
      // The flit on the transmitter's output reaches the receiver's input link_delay - 1 cycles later.
      wire.push_back({cycle + o.link_delay - 1, on_wire_seq, on_wire_data, flip_bit == UINT32_MAX});
      if (flip_bit != UINT32_MAX) ++result.flits_corrupted;
    }

    // What reaches the transmitter now left the receiver credit_delay cycles ago (zero before that).
    const uint64_t back = (cycle + history - o.credit_delay) % history;
    const bool back_valid = cycle >= o.credit_delay;
    const uint32_t expected_arrival = back_valid ? pops[back] + drops[back] : 0;
    const bool expected_fb = back_valid && fb_valid[back];
    const bool expected_nak = expected_fb && fb_nak[back];
    const uint64_t expected_fb_seq = expected_fb ? fb_seq[back] : 0;
    const bool expected_error = cycle > 0 && bad_arrivals[(cycle - 1) % history];
    const bool expected_seq_drop = cycle > 0 && seq_drops[(cycle - 1) % history];
    const uint64_t wr = sent.size();
    const bool expected_ready = credits > 0 && send == wr && wr - ack < replay_depth;

    dut.set(kClk, 0, false);
    dut.set(kInValid, 0, offer);
    dut.set_field(kInData, 0, 32, static_cast<uint32_t>(offer_data));
    dut.set_field(kInData, 32, 32, static_cast<uint32_t>(offer_data >> 32));
    dut.set(kOutReady, 0, out_ready);
    for (uint32_t w = 0; w < (kWidth + sw + 16 + 31) / 32; ++w) {
      dut.set_field(kFlip, w * 32, std::min(32u, kWidth + sw + 16 - w * 32), 0);
    }
    if (flip_bit != UINT32_MAX) dut.set(kFlip, flip_bit, true);
    dut.set_field(kTwinCredits, 0, cw, static_cast<uint32_t>(credits));
    dut.set_field(kTwinOccupancy, 0, rw, static_cast<uint32_t>(rx_buffer.size()));
    dut.set(kMismatch, 0, false);
    dut.eval();

    // Compare.
    std::ostringstream what;
    const uint32_t rtl_credits = dut.field(kCredits, 0, cw);
    const bool rtl_ready = dut.get(kInReady, 0);
    const bool rtl_tx_valid = dut.get(kTxValid, 0);
    const uint64_t rtl_tx_data = get64(dut, kTxData);
    const uint32_t rtl_tx_crc = dut.field(kTxCrc, 0, 16);
    const uint32_t rtl_occupancy = dut.field(kOccupancy, 0, rw);
    const bool rtl_out_valid = dut.get(kOutValid, 0);
    const uint64_t rtl_out_data = get64(dut, kOutData);
    const uint32_t rtl_arrival = dut.field(kCreditArrival, 0, 2);
    const bool rtl_error = dut.get(kCrcError, 0);
    const uint32_t rtl_tx_seq = dut.field(kTxSeq, 0, sw);
    const bool rtl_fb = dut.get(kFbValid, 0), rtl_nak = dut.get(kFbNak, 0);
    const uint32_t rtl_fb_seq = dut.field(kFbSeq, 0, sw);
    const uint16_t wire_crc = crc16_seq_data(on_wire_seq & seq_mask, sw, on_wire_data);
    if (rtl_credits != credits) {
      what << "credit counter " << rtl_credits << ", expected " << credits;
    } else if (rtl_ready != expected_ready) {
      what << "in_ready " << rtl_ready << " with " << credits << " credits, " << (wr - ack) << " unacknowledged, "
           << (wr - send) << " to replay";
    } else if (dut.get(kReplaying, 0) != (send != wr)) {
      what << "replaying " << dut.get(kReplaying, 0) << ", expected " << (send != wr);
    } else if (rtl_tx_valid != on_wire) {
      what << "link valid " << rtl_tx_valid << ", expected " << on_wire;
    } else if (on_wire && rtl_tx_data != on_wire_data) {
      what << "flit on the link " << hex(rtl_tx_data) << ", expected " << hex(on_wire_data);
    } else if (on_wire && rtl_tx_seq != (on_wire_seq & seq_mask)) {
      what << "sequence number on the link " << rtl_tx_seq << ", expected " << (on_wire_seq & seq_mask);
    } else if (on_wire && rtl_tx_crc != wire_crc) {
      what << "CRC on the link " << hex(rtl_tx_crc) << ", expected " << hex(wire_crc);
    } else if (rtl_fb != expected_fb || rtl_nak != expected_nak || (rtl_fb && rtl_fb_seq != (expected_fb_seq & seq_mask))) {
      what << "feedback reaching the transmitter: valid " << rtl_fb << " nak " << rtl_nak << " seq " << rtl_fb_seq
           << ", expected valid " << expected_fb << " nak " << expected_nak << " seq " << (expected_fb_seq & seq_mask);
    } else if (dut.get(kSeqDrop, 0) != expected_seq_drop) {
      what << "seq_drop " << dut.get(kSeqDrop, 0) << ", expected " << expected_seq_drop;
    } else if (rtl_occupancy != rx_buffer.size()) {
      what << "receiver holds " << rtl_occupancy << " flits, expected " << rx_buffer.size();
    } else if (rtl_out_valid != !rx_buffer.empty()) {
      what << "out_valid " << rtl_out_valid << ", expected " << !rx_buffer.empty();
    } else if (rtl_out_valid && rtl_out_data != rx_buffer.front()) {
      what << "delivered " << hex(rtl_out_data) << ", expected " << hex(rx_buffer.front());
    } else if (rtl_arrival != expected_arrival) {
      what << rtl_arrival << " credits reached the transmitter, expected " << expected_arrival;
    } else if (rtl_error != expected_error) {
      what << "crc_error " << rtl_error << ", expected " << expected_error;
    } else if (dut.get(kCreditOverflow, 0) || dut.get(kOverflow, 0)) {
      what << "overflow flag: credit_overflow " << dut.get(kCreditOverflow, 0) << ", receiver overflow "
           << dut.get(kOverflow, 0);
    }
    if (!what.str().empty()) {
      result.mismatch_found = true;
      result.mismatch.cycle = cycle;
      result.mismatch.what = what.str();
      std::ostringstream d;
      d << "  stimulus: offer " << offer << (offer ? " " + hex(offer_data) : "") << ", out_ready " << out_ready
        << (flip_bit != UINT32_MAX ? ", flipping wire bit " + std::to_string(flip_bit) : "") << "\n"
        << "  rtl: credits " << rtl_credits << ", in_ready " << rtl_ready << ", link " << rtl_tx_valid << " "
        << hex(rtl_tx_data) << " crc " << hex(rtl_tx_crc) << ", rx holds " << rtl_occupancy << " (valid "
        << rtl_out_valid << " " << hex(rtl_out_data) << "), credits arriving " << rtl_arrival << ", crc_error "
        << rtl_error << "\n"
        << "  reference: credits " << credits << ", link " << on_wire << " " << hex(on_wire_data) << " seq "
        << on_wire_seq << ", rx holds " << rx_buffer.size() << " expecting seq " << expected << ", credits arriving "
        << expected_arrival << ", crc_error " << expected_error << ", transmitter ack " << ack << " send " << send
        << " next new " << wr << "\n"
        << "  so far: " << result.flits_sent << " flits sent, " << result.flits_delivered << " delivered, "
        << result.flits_corrupted << " corrupted, " << result.crc_errors << " CRC errors reported, "
        << result.flits_replayed << " replayed\n";
      result.mismatch.details = d.str();
      dut.set(kMismatch, 0, true);
      dut.eval();
      wave.sample(dut, cycle, false);
      wave.sample(dut, cycle + 1, false);
      break;
    }
    wave.sample(dut, cycle, false);

    // The reference steps: what happens at this clock edge. Transmitter: a replay goes first; a new
    // flit only when nothing waits to be replayed and the replay buffer has room.
    const bool replay = send != wr && credits > 0;
    const bool fire_new = offer && expected_ready;
    const bool fire = replay || fire_new;
    const uint64_t fire_seq = send;
    const uint64_t fire_data = fire_new ? offer_data : (replay ? sent[send] : 0);
    result.credit_stall_cycles += offer && credits == 0;
    result.backpressure_cycles += !rx_buffer.empty() && !out_ready;
    result.crc_errors += expected_error;
    result.seq_drops += expected_seq_drop;
    result.flits_replayed += replay;
    if (fire_new) {
      sent.push_back(offer_data);
      offer = false;
      ++result.flits_sent;
    }
    // Feedback inside the window of unacknowledged flits (a stale NAK is not).
    if (expected_fb && expected_fb_seq >= ack && expected_fb_seq <= wr) {
      ack = expected_fb_seq;
      if (expected_nak) send = expected_fb_seq;
      else if (fire) ++send;
    } else if (fire) {
      ++send;
    }
    credits += static_cast<int64_t>(expected_arrival) - (fire ? 1 : 0);
    on_wire = fire;
    if (fire) on_wire_data = fire_data, on_wire_seq = fire_seq;

    // Receiver: pops, then what arrives.
    const uint64_t slot = cycle % history;
    const bool pop = !rx_buffer.empty() && out_ready;
    pops[slot] = pop;
    drops[slot] = bad_arrivals[slot] = seq_drops[slot] = fb_valid[slot] = fb_nak[slot] = 0;
    fb_seq[slot] = 0;
    if (pop) {
      if (rx_buffer.front() != sent.at(delivered_in_order)) throw std::logic_error("reference delivered out of order");
      ++delivered_in_order;
      rx_buffer.pop_front();
      ++result.flits_delivered;
    }
    if (!wire.empty() && wire.front().cycle == cycle) {
      const Arrival& a = wire.front();
      if (a.good && a.seq == expected) {
        rx_buffer.push_back(a.data);
        ++expected;
        fb_valid[slot] = 1, fb_seq[slot] = expected;  // ACK
      } else {
        drops[slot] = 1;
        if (!a.good) bad_arrivals[slot] = 1, fb_valid[slot] = 1, fb_nak[slot] = 1, fb_seq[slot] = expected;  // NAK
        else seq_drops[slot] = 1;
      }
      wire.pop_front();
    }
    result.max_occupancy = std::max<uint32_t>(result.max_occupancy, static_cast<uint32_t>(rx_buffer.size()));

    dut.set(kClk, 0, true);
    dut.eval();
    wave.sample(dut, cycle, true);
    ++result.cycles_compared;
  }
  dut.final();
  wave.close();
  result.drained = !result.mismatch_found && credits == static_cast<int64_t>(o.credits) && rx_buffer.empty() &&
                   wire.empty() && !on_wire && !offer && ack == sent.size() && send == sent.size() &&
                   result.flits_sent == result.flits_delivered && result.crc_errors == result.flits_corrupted;
  return result;
}

}  // namespace

std::string CreditLinkResult::summary() const {
  std::ostringstream out;
  if (!mismatch_found) {
    out << block << ": RTL and reference agree for " << cycles_compared << " cycles (" << flits_sent << " flits sent, "
        << flits_delivered << " delivered, " << flits_corrupted << " corrupted and " << crc_errors
        << " CRC errors reported, " << seq_drops << " dropped out of sequence, " << flits_replayed << " replayed; " << credit_stall_cycles << " cycles without credit, " << backpressure_cycles
        << " back-pressured; receiver held up to " << max_occupancy << "; " << (drained ? "drained" : "NOT drained")
        << ")";
    return out.str();
  }
  out << block << ": first mismatch at cycle " << mismatch.cycle << ": " << mismatch.what << "\n" << mismatch.details;
  if (!wave_path.empty()) {
    out << "  waveform: " << wave_path << (mismatch_reproduced ? "" : " (the replay did NOT reproduce the mismatch)")
        << "\n  open it:  gtkwave " << (layout_path.empty() ? wave_path : layout_path) << "\n";
  }
  return out.str();
}

CreditLinkResult run_credit_link_lockstep(const CreditLinkOptions& o) {
  CreditLinkResult first = run_pass(o, Pass{});
  if (!first.mismatch_found) return first;
  const Pass replay = replay_mismatch(
      first, o.wave_window, o.wave_dir,
      "credit_link_" + config_name(o.credits, o.link_delay, o.credit_delay, o.mutant ? o.mutant_kind : 0) + "_seed" +
          std::to_string(o.seed) + "_mismatch.fst",
      [&](const Pass& p) { return run_pass(o, p); }, Pass{});

  using F = GtkwLayout::Format;
  const std::string top = "TOP.tb_credit_link.";
  const uint32_t cw = pointer_width(o.credits + 1) + 1;
  const uint32_t rw = pointer_width(o.credits + 1);
  GtkwLayout layout;
  layout.begin_group("input (valid/ready)");
  layout.signal(top + "clk_i", 1, F::kBinary);
  layout.signal(top + "mismatch_i", 1, F::kBinary);
  layout.signal(top + "in_valid_i", 1, F::kBinary);
  layout.signal(top + "in_ready_o", 1, F::kBinary);
  layout.signal(top + "in_data_i", kWidth, F::kHex);
  layout.end_group();
  layout.begin_group("credits: rtl, reference");
  layout.signal(top + "credits_o", cw, F::kDecimal);
  layout.signal(top + "twin_credits_i", cw, F::kDecimal);
  layout.signal(top + "credit_arrival_o", 2, F::kDecimal);
  layout.end_group();
  layout.begin_group("link");
  layout.signal(top + "tx_link_valid_o", 1, F::kBinary);
  const uint32_t sw = pointer_width(o.credits) + 1;
  layout.signal(top + "tx_link_data_o", kWidth, F::kHex);
  layout.signal(top + "tx_link_seq_o", sw, F::kDecimal);
  layout.signal(top + "tx_link_crc_o", 16, F::kHex);
  layout.signal(top + "flip_i", kWidth + sw + 16, F::kHex);
  layout.signal(top + "replaying_o", 1, F::kBinary);
  layout.signal(top + "fb_valid_o", 1, F::kBinary);
  layout.signal(top + "fb_nak_o", 1, F::kBinary);
  layout.signal(top + "fb_seq_o", sw, F::kDecimal);
  layout.end_group();
  layout.begin_group("receiver: occupancy rtl, reference");
  layout.signal(top + "occupancy_o", rw, F::kDecimal);
  layout.signal(top + "twin_occupancy_i", rw, F::kDecimal);
  layout.signal(top + "crc_error_o", 1, F::kBinary);
  layout.signal(top + "out_valid_o", 1, F::kBinary);
  layout.signal(top + "out_ready_i", 1, F::kBinary);
  layout.signal(top + "out_data_o", kWidth, F::kHex);
  layout.end_group();
  const std::string gtkw = gtkw_path_for(first.wave_path);
  if (layout.write(gtkw, first.wave_path, replay.wave_from * 1000, first.mismatch.cycle * 1000 + 1000,
                   first.mismatch.cycle * 1000)) {
    first.layout_path = gtkw;
  }
  return first;
}

std::vector<std::vector<uint32_t>> available_credit_link_configs() {
  std::vector<std::vector<uint32_t>> configs;
#define SNSIM_LINK(c, l, r, m) configs.push_back({c, l, r, m});
  SNSIM_CREDIT_LINK_CONFIGS(SNSIM_LINK)
#undef SNSIM_LINK
  return configs;
}

}  // namespace snsim::cosim
