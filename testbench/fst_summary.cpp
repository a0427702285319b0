#include "testbench/fst_summary.h"

#include <gtkwave/fstapi.h>

namespace snsim::cosim {

FstSummary read_fst(const std::string& path, const std::string& watch) {
  FstSummary summary;
  void* ctx = fstReaderOpen(path.c_str());
  if (!ctx) return summary;
  summary.opened = true;
  summary.start_time = fstReaderGetStartTime(ctx);
  summary.end_time = fstReaderGetEndTime(ctx);
  summary.time_exponent = fstReaderGetTimescale(ctx);

  std::vector<std::string> scopes;
  fstHandle watched = 0;
  while (fstHier* h = fstReaderIterateHier(ctx)) {
    switch (h->htyp) {
      case FST_HT_SCOPE: scopes.emplace_back(h->u.scope.name, h->u.scope.name_length); break;
      case FST_HT_UPSCOPE:
        if (!scopes.empty()) scopes.pop_back();
        break;
      case FST_HT_VAR: {
        std::string name;
        for (const std::string& s : scopes) name += s + ".";
        name.append(h->u.var.name, h->u.var.name_length);
        // Vectors are named "sig [3:0]"; keep the bare name.
        const size_t space = name.find(' ');
        if (space != std::string::npos) name.resize(space);
        if (name == watch && watched == 0) watched = h->u.var.handle;  // an alias shares the handle
        summary.signals.push_back(name);
        break;
      }
      default: break;
    }
  }
  if (watched != 0) {
    fstReaderClrFacProcessMaskAll(ctx);
    fstReaderSetFacProcessMask(ctx, watched);
    fstReaderIterBlocks(
        ctx,
        [](void* user, uint64_t time, fstHandle, const unsigned char* value) {
          static_cast<FstSummary*>(user)->changes.emplace_back(time, reinterpret_cast<const char*>(value));
        },
        &summary, nullptr);
  }
  fstReaderClose(ctx);
  return summary;
}

}  // namespace snsim::cosim
