// A traffic source for an HBM controller on its own (no fabric): sequential or uniformly random
// addresses, a read/write mix, a request size, a cap on outstanding requests and on requests offered per
// cycle; or a script of timed requests for latency measurements. It speaks the controller's TLM-2.0
// base protocol (hbm_controller.h) and is stepped only when it can send.
#pragma once

#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/rng.h"
#include "models/stats/latency_histogram.h"
#include "models/stats/window.h"

namespace snsim::hbm {

enum class Pattern { Sequential, Random, Script };

struct ScriptedRequest {
  uint64_t cycle = 0;  // when the driver sends it (requests are sent in list order)
  uint64_t address = 0;
  uint32_t bytes = 64;
  bool write = false;
};

struct HbmDriverParams {
  Pattern pattern = Pattern::Sequential;
  double read_fraction = 1.0;
  uint32_t request_bytes = 64;
  uint32_t max_outstanding = 1024;
  uint32_t per_cycle = 16;   // requests offered per cycle at most
  uint64_t base = 0;         // address window [base, base + range); range 0 = the whole capacity
  uint64_t range = 0;
  std::vector<ScriptedRequest> script;
  uint64_t seed = 1;
};

class HbmDriver : public Component {
 public:
  tlm_utils::simple_initiator_socket<HbmDriver> socket;

  HbmDriver(const sc_core::sc_module_name& name, ClockDomain& domain, const HbmDriverParams& params,
            uint64_t capacity);

  void set_window(const Window& w) { window_ = w; }
  void stop_at(uint64_t cycle) { stop_ = cycle; }  // no new requests from this cycle on
  void start();
  void step(uint64_t cycle) override;

  uint64_t issued() const { return issued_; }
  uint64_t completed() const { return completed_; }
  uint64_t outstanding() const { return issued_ - completed_; }
  uint64_t errors() const { return errors_; }
  uint64_t bytes_in_window() const { return bytes_in_window_; }
  const LatencyHistogram& read_latency() const { return read_latency_; }
  const LatencyHistogram& write_latency() const { return write_latency_; }
  // Script runs: latency of each scripted request (send to response), in script order.
  const std::vector<uint64_t>& script_latencies() const { return script_latencies_; }

 private:
  struct InFlight {
    uint64_t sent = 0;
    size_t script_index = SIZE_MAX;
  };
  tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  bool can_send(uint64_t cycle) const;
  void send(uint64_t cycle, uint64_t address, uint32_t bytes, bool write, size_t script_index);
  tlm::tlm_generic_payload* acquire();

  HbmDriverParams params_;
  uint64_t capacity_;
  Rng rng_;
  Window window_{0, UINT64_MAX};
  uint64_t stop_ = UINT64_MAX;
  uint64_t next_sequential_ = 0;
  size_t next_script_ = 0;
  bool waiting_for_end_req_ = false;
  uint64_t issued_ = 0, completed_ = 0, errors_ = 0, bytes_in_window_ = 0;
  LatencyHistogram read_latency_, write_latency_;
  std::vector<uint64_t> script_latencies_;
  std::vector<std::unique_ptr<tlm::tlm_generic_payload>> pool_;
  std::vector<tlm::tlm_generic_payload*> free_;
  std::unordered_map<tlm::tlm_generic_payload*, InFlight> in_flight_;
  std::vector<unsigned char> dummy_data_;
};

}  // namespace snsim::hbm
