#include "models/endpoint/memory_workload.h"

namespace snsim {

const Schema& memory_workload_schema() {
  static const Schema schema{
      "workload.memory",
      "Memory-semantic traffic: every endpoint is an accelerator with an HBM stack (section `hbm`: the "
      "hbm.* keys below, or `profile: <file>` such as ../hbm/hbm3.yml plus the keys to change) and "
      "issues loads and stores; workload.pattern picks each request's home accelerator, workload.load the "
      "rate (fraction of the injection link, in message payload bytes).",
      {
          {"target", ParamKind::Choice, "remote", 0, 0, {"remote", "local"}, false,
           "remote: requests go to the accelerator workload.pattern picks (its own HBM, without the fabric, "
           "if the pattern picks itself); local: every request goes to the initiator's own HBM (the baseline)",
           "-"},
          {"access", ParamKind::Choice, "sequential", 0, 0, {"sequential", "random"}, false,
           "sequential: each initiator streams through its region; random: uniformly random aligned "
           "requests in its region",
           "Streaming and random access, the two ends of row-buffer locality (facts 6.4)"},
          {"read_fraction", ParamKind::Real, "1", 0, 1, {}, false,
           "Fraction of the requests other than atomics that are loads; the rest are stores", "-"},
          {"atomic_fraction", ParamKind::Real, "0", 0, 1, {}, false,
           "Fraction of requests that are atomics (fetch-and-op: the operand goes with the request, the old "
           "value comes back; the home accelerator's controller reads, then writes the same bytes)",
           "UALink 1.0 memory semantics: read, write, atomics (facts 2); a memory-side atomic unit is assumed"},
          {"request_size", ParamKind::Size, "64B", 64, 256, {}, false,
           "Bytes each load reads or each store writes; a multiple of 64 B",
           "UALink 1.0 request sizes 64 / 128 / 192 / 256 B (facts 2)"},
          {"max_outstanding", ParamKind::Integer, "64", 1, 1 << 20, {}, false,
           "Requests an initiator may have in flight (transaction tags); a request waits in the source "
           "queue until a tag is free",
           "Assumed; UALink tags are not public (facts 2)"},
          {"region", ParamKind::Size, "1MiB", 256, 1ULL << 40, {}, false,
           "Size of each initiator's window in every HBM: initiator i uses [i x region, (i + 1) x region) "
           "of the home accelerator's local address space, so streams of different initiators do not share "
           "rows",
           "-"},
          {"header", ParamKind::Size, "auto", 0, 256, {}, false,
           "Bytes added to every message's payload. auto: 0 on protocol links (their framing adds the "
           "header), 16 B on ideal links (so a read request or write ack occupies the wire)",
           "UALink TL header share 16 B (docs/models/ports.md)", true},
          {"request_vc", ParamKind::Integer, "0", 0, 15, {}, false, "VC of requests", "-"},
          {"response_vc", ParamKind::Integer, "1", 0, 15, {}, false,
           "VC of responses; must differ from request_vc so a response never waits behind a request "
           "(no protocol deadlock)",
           "Dally and Towles 2004, sec. 14.1.5 (message-dependent deadlock; one VC class per message class)"},
      },
      {}};
  return schema;
}

MemoryWorkload read_memory_workload(const ConfigSection& section, uint32_t vcs, bool ideal_link) {
  ParamValues v = read_params(section, memory_workload_schema(), 1.0);
  section.finish();
  MemoryWorkload m;
  m.enabled = true;
  m.local = v.text("target") == "local";
  m.access = v.text("access") == "random" ? MemoryAccess::Random : MemoryAccess::Sequential;
  m.read_fraction = v.number("read_fraction");
  m.atomic_fraction = v.number("atomic_fraction");
  m.request_bytes = static_cast<uint32_t>(v.whole("request_size"));
  if (m.request_bytes % 64) section.fail("request_size", std::to_string(m.request_bytes) + " B is not a multiple of 64 B");
  m.max_outstanding = static_cast<uint32_t>(v.whole("max_outstanding"));
  m.region_bytes = v.whole("region");
  if (m.region_bytes % m.request_bytes) {
    section.fail("region", "must be a multiple of request_size (" + std::to_string(m.request_bytes) + " B)");
  }
  m.header_bytes = v.automatic("header") ? (ideal_link ? 16 : 0) : static_cast<uint32_t>(v.whole("header"));
  m.request_vc = static_cast<uint16_t>(v.whole("request_vc"));
  m.response_vc = static_cast<uint16_t>(v.whole("response_vc"));
  for (const char* key : {"request_vc", "response_vc"}) {
    if (v.whole(key) >= vcs) {
      section.fail(key, std::to_string(v.whole(key)) + " is out of range [0, " + std::to_string(vcs - 1) +
                            "] (fabric.vcs is " + std::to_string(vcs) + "; memory traffic needs two VCs)");
    }
  }
  if (m.request_vc == m.response_vc) {
    section.fail("response_vc", "requests and responses need separate VCs, or a response can wait behind a "
                                "request that waits for it (protocol deadlock)");
  }
  if (m.header_bytes == 0 && ideal_link) {
    section.fail("header", "an ideal link adds no header, so a read request or write ack of 0 B would take no "
                           "wire time; use at least 1B (or auto)");
  }
  return m;
}

}  // namespace snsim
