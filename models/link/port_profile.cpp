#include "models/link/port_profile.h"

#include <algorithm>
#include <cmath>

namespace snsim {
namespace {

uint32_t ceil_div(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

PortProfile nvlink(const char* name, double lane_rate) {
  PortProfile p;
  p.name = name;
  p.protocol = "nvlink";
  p.framing = Framing::Flit;
  p.lanes = 2;  // NVLink 4 and 5: 2 lanes per link per direction
  p.lane_rate_bps = lane_rate;
  // NVIDIA publishes neither NVLink's FEC nor its coding; RS(544,514) with 256b/257b transcoding turns
  // the published raw rates (106.25 / 212.5 Gb/s) into exactly the published 25 / 50 GB/s per link.
  p.fec_n = 544, p.fec_k = 514, p.transcoding = 256.0 / 257.0;
  p.fec_decode_s = 30e-9;
  p.flit_bytes = 16;
  p.header_flits = 1;
  p.max_payload = 256;
  return p;
}

PortProfile ualink(const char* name, uint32_t lanes) {
  PortProfile p;
  p.name = name;
  p.protocol = "ualink";
  p.framing = Framing::Packed;
  p.lanes = lanes;
  p.lane_rate_bps = 212.5e9;  // 200 Gb/s data per lane at 212.5 GT/s signalling
  p.fec_n = 544, p.fec_k = 514, p.transcoding = 256.0 / 257.0;
  p.fec_decode_s = 30e-9;
  p.max_payload = 256;
  return p;
}

PortProfile ethx(const char* name, uint32_t lanes) {
  PortProfile p;
  p.name = name;
  p.protocol = "ethx";
  p.framing = Framing::Frame;
  p.lanes = lanes;
  p.lane_rate_bps = 212.5e9;  // IEEE 802.3dj 200G lanes
  p.fec_n = 544, p.fec_k = 514, p.transcoding = 256.0 / 257.0;
  p.fec_decode_s = 30e-9;
  p.header_bytes = 46;
  p.max_frame = 4096;
  p.max_payload = p.max_frame - p.header_bytes;
  return p;
}

}  // namespace

const std::vector<PortProfile>& builtin_profiles() {
  static const std::vector<PortProfile> profiles = [] {
    std::vector<PortProfile> v;
    v.push_back(nvlink("nvlink4", 106.25e9));
    v.push_back(nvlink("nvlink5", 212.5e9));
    v.push_back(ualink("ualink-200g-x1", 1));
    v.push_back(ualink("ualink-200g-x2", 2));
    v.push_back(ualink("ualink-200g-x4", 4));
    v.push_back(ethx("ethx-200g", 1));
    v.push_back(ethx("ethx-400g", 2));
    v.push_back(ethx("ethx-800g", 4));
    return v;
  }();
  return profiles;
}

const PortProfile* find_profile(const std::string& name) {
  for (const auto& p : builtin_profiles()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const char* default_profile_for(const std::string& protocol) {
  if (protocol == "nvlink") return "nvlink5";
  // The same 50 GB/s per direction as NVLink 5, so that changing only the protocol compares like with like.
  if (protocol == "ualink") return "ualink-200g-x2";
  if (protocol == "ethx") return "ethx-400g";
  return "";
}

double PortProfile::data_rate_bytes_per_s() const {
  if (framing == Framing::Ideal) return ideal_bytes_per_s;
  return lanes * lane_rate_bps * fec_efficiency() * transcoding / 8.0;
}

double PortProfile::fec_fill_s() const {
  if (!fec_n) return 0;
  return double(fec_n) * fec_symbol_bits / (lanes * lane_rate_bps);
}

double PortProfile::latency_budget_s() const {
  if (framing == Framing::Ideal) return ideal_latency_s;
  return 2 * port_pipeline_s + serdes_tx_s + serdes_rx_s + fec_fill_s() + fec_decode_s + cable_m * ns_per_m * 1e-9;
}

uint32_t PortProfile::segments(uint32_t payload) const {
  if (framing == Framing::Ideal) return 1;
  return std::max<uint32_t>(1, ceil_div(payload, max_payload));
}

uint32_t PortProfile::content_bytes(uint32_t payload) const {
  // Each request carries up to max_payload bytes of data in whole TL flits, plus its header share.
  uint32_t bytes = 0, left = payload;
  for (uint32_t s = segments(payload); s > 0; --s) {
    uint32_t data = std::min(left, max_payload);
    left -= data;
    bytes += ceil_div(std::max<uint32_t>(data, 1), tl_flit_bytes) * tl_flit_bytes + tl_header_bytes;
  }
  return bytes;
}

uint32_t PortProfile::buffer_bytes(uint32_t payload) const {
  uint32_t bytes = 0, left = payload;
  switch (framing) {
    case Framing::Ideal:
      return payload;
    case Framing::Flit:
      for (uint32_t s = segments(payload); s > 0; --s) {
        uint32_t data = std::min(left, max_payload);
        left -= data;
        bytes += (header_flits + address_extension + byte_enable + ceil_div(data, flit_bytes)) * flit_bytes;
      }
      return bytes;
    case Framing::Packed:
      return content_bytes(payload);
    case Framing::Frame:
      for (uint32_t s = segments(payload); s > 0; --s) {
        uint32_t data = std::min(left, max_payload);
        left -= data;
        bytes += std::max(min_frame, data + header_bytes);
      }
      return bytes;
  }
  return payload;
}

double PortProfile::wire_bytes(uint32_t payload) const {
  switch (framing) {
    case Framing::Ideal:
    case Framing::Flit:
      return buffer_bytes(payload);
    case Framing::Packed:
      // Each DL flit carries dl_flit - dl_overhead bytes of TL content.
      return content_bytes(payload) * double(dl_flit_bytes) / double(dl_flit_bytes - dl_overhead_bytes);
    case Framing::Frame:
      return buffer_bytes(payload) + double(segments(payload)) * (preamble_bytes + ifg_bytes);
  }
  return payload;
}

}  // namespace snsim
