// Protocol profiles: what a port of each scale-up protocol costs, as data (not a class per vendor).
//
// A profile gives the physical layer (lanes, signalling rate, FEC code), the framing (how a payload
// becomes bytes on the wire) and the latency budget of one direction of a link. Three framings cover
// the protocols:
//   flit     (NVLink-like): 16 B flits; a header flit (+ optional address-extension and byte-enable
//            flits) and the payload rounded up to flits, up to 256 B per packet.
//   packed   (UALink 1.0): requests of 64-256 B of data in 64 B transaction-layer flits plus a header
//            share, packed into 640 B data-link flits, one per RS(544,514) codeword. A receiver can use a
//            packet only once the whole DL flit that holds its last byte has arrived and been decoded.
//   frame    (ETH-X / Ethernet): header (standard 46 B or compressed 10 B) + payload, padded to the
//            minimum frame, plus preamble and inter-frame gap on the wire; segmented at the maximum frame.
//   ideal    no framing: payload bytes at the configured bandwidth (the cell-switch validation model).
// Sources for every number: docs/models/ports.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snsim {

enum class Framing { Ideal, Flit, Packed, Frame };

struct PortProfile {
  std::string name = "ideal";
  std::string protocol = "ideal";
  Framing framing = Framing::Ideal;

  // Physical layer: data rate = lanes x lane_rate x FEC efficiency x transcoding.
  uint32_t lanes = 1;
  double lane_rate_bps = 0;      // signalling rate per lane (bits/s)
  uint32_t fec_n = 0, fec_k = 0;  // Reed-Solomon code in symbols; 0/0 = no FEC
  uint32_t fec_symbol_bits = 10;
  double transcoding = 1.0;      // e.g. 256b/257b
  double ideal_bytes_per_s = 0;  // framing ideal: the configured bandwidth

  // Flit framing.
  uint32_t flit_bytes = 16;
  uint32_t header_flits = 1;
  bool address_extension = false;
  bool byte_enable = false;
  uint32_t max_payload = 256;  // per packet / request / frame payload (segmentation above it)

  // Packed framing.
  uint32_t tl_flit_bytes = 64;
  uint32_t tl_header_bytes = 16;
  uint32_t dl_flit_bytes = 640;
  uint32_t dl_overhead_bytes = 10;

  // Frame framing.
  uint32_t header_bytes = 46;
  uint32_t preamble_bytes = 8;
  uint32_t ifg_bytes = 12;
  uint32_t min_frame = 64;
  uint32_t max_frame = 4096;

  // Latency budget of one direction (seconds).
  double port_pipeline_s = 5e-9;  // per side (TX and RX)
  double serdes_tx_s = 15e-9;
  double serdes_rx_s = 15e-9;
  double fec_decode_s = 0;
  double cable_m = 2.0;
  double ns_per_m = 5.0;
  double ideal_latency_s = 10e-9;  // framing ideal: the configured flight latency

  // --- derived quantities (the formulas the tests check against) ---
  double data_rate_bytes_per_s() const;
  double fec_efficiency() const { return fec_n ? double(fec_k) / fec_n : 1.0; }
  // Time to fill one FEC codeword striped over all lanes (0 without FEC).
  double fec_fill_s() const;
  // One-way latency excluding serialization: pipelines, SerDes, FEC fill + decode, cable.
  double latency_budget_s() const;
  // Bytes a packet occupies in a receive buffer (headers and padding included; preamble/IFG not).
  uint32_t buffer_bytes(uint32_t payload) const;
  // Wire bytes a packet costs back to back (for packed framing: its share of DL flits, fractional).
  double wire_bytes(uint32_t payload) const;
  // Packed framing: transaction-layer bytes of a packet (data rounded to TL flits + header share).
  uint32_t content_bytes(uint32_t payload) const;
  // Payload / wire bytes: the fraction of the data rate that is goodput for back-to-back packets.
  double efficiency(uint32_t payload) const { return payload / wire_bytes(payload); }
  uint32_t segments(uint32_t payload) const;
};

const std::vector<PortProfile>& builtin_profiles();
const PortProfile* find_profile(const std::string& name);
const char* default_profile_for(const std::string& protocol);

}  // namespace snsim
