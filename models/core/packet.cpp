#include "models/core/packet.h"

namespace snsim {

PacketPool::~PacketPool() {
  // Payloads own their PacketInfo; the generic payload's destructor frees extensions.
  for (auto& gp : all_) gp->free_all_extensions();
}

tlm::tlm_generic_payload* PacketPool::acquire() {
  tlm::tlm_generic_payload* gp;
  if (!free_.empty()) {
    gp = free_.back();
    free_.pop_back();
  } else {
    all_.push_back(std::make_unique<tlm::tlm_generic_payload>(this));
    gp = all_.back().get();
    gp->set_extension(new PacketInfo);
  }
  gp->set_command(tlm::TLM_IGNORE_COMMAND);  // the fabric moves packets; data is not modelled
  gp->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  gp->acquire();
  return gp;
}

void PacketPool::free(tlm::tlm_generic_payload* gp) {
  // Keep the PacketInfo attached (tlm_generic_payload::reset() would drop only auto extensions).
  free_.push_back(gp);
}

FlowControlMessage::FlowControlMessage() : info_(new FlowControlInfo) { payload_.set_extension(info_); }

FlowControlMessage::~FlowControlMessage() { payload_.free_all_extensions(); }

tlm::tlm_generic_payload& FlowControlMessage::fill(const FlowControlInfo& info) {
  info_->kind = info.kind;
  info_->vc = info.vc;
  info_->flits = info.flits;
  return payload_;
}

}  // namespace snsim
