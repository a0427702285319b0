// What a fabric builder binds and configures on any endpoint, whichever kind it is (AcceleratorEndpoint,
// MemoryEndpoint): both implement it through their NetworkInterface (models/endpoint/network_interface.h).
// SwitchPorts (models/fabric/switch_impl.h) is the same for switches.
//
// An endpoint has EndpointContext::ports ports. Port i is the i-th binding of tx_socket() (to the link
// toward the fabric) and of rx_socket() (from the link out of the fabric), so a builder binds and
// configures port 0, then port 1, and so on. start() refuses an endpoint whose sockets are not bound
// exactly ports() times or whose ports are not all configured.
#pragma once

#include <tlm_utils/multi_socket_bases.h>

#include <cstddef>
#include <cstdint>

#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/stats/link_stats.h"

namespace snsim {

class EndpointPorts {
 public:
  virtual ~EndpointPorts() = default;
  virtual uint32_t ports() const = 0;                                         // from EndpointContext::ports
  virtual tlm_utils::multi_init_base<32, FabricProtocol>& tx_socket() = 0;    // port i = i-th binding
  virtual tlm_utils::multi_target_base<32, FabricProtocol>& rx_socket() = 0;  // port i = i-th binding
  virtual uint32_t receive_buffer_flits() const = 0;  // per VC and port
  // Flow control of port `port` toward the fabric (egress) and of its receive buffer (ingress).
  virtual void configure_egress(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                                LinkStats* link) = 0;
  virtual void configure_ingress(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) = 0;
  virtual void start() = 0;  // after elaboration: checks the wiring and schedules the first packet
  virtual size_t pool_size() const = 0;  // payloads allocated so far
};

}  // namespace snsim
