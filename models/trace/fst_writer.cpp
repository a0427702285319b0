// FST through fstapi, the writer library GTKWave's author maintains and Debian's verilator ships as
// source (/usr/share/verilator/include/gtkwave/; compiled in fstapi_unit.cpp). Built only when CMake
// finds it (SNSIM_HAVE_FSTAPI).
#include <filesystem>
#include <stdexcept>

#include "models/core/output_error.h"
#include "models/trace/wave_writer.h"

#ifdef SNSIM_HAVE_FSTAPI
#include "gtkwave/fstapi.h"
#endif

namespace snsim {

#ifdef SNSIM_HAVE_FSTAPI
namespace {

class FstWriter : public WaveWriter {
 public:
  FstWriter(const std::string& path, const std::string& name) : path_(path), name_(name) {
    // fstapi reports a failed open only through a null context; check writability first for a clear error.
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
      std::fclose(f);
    } else {
      throw OutputError("cannot write " + name);
    }
    ctx_ = fstWriterCreate(path.c_str(), 1);
    if (!ctx_) throw OutputError("cannot write " + name);
    fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
  }
  ~FstWriter() override {
    if (ctx_) fstWriterClose(ctx_);
  }

  void header(const std::vector<WaveSignalDecl>& signals, int timescale_exponent) override {
    fstWriterSetVersion(ctx_, "snsim");
    fstWriterSetTimescale(ctx_, timescale_exponent);
    fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, "fabric", nullptr);
    handles_.assign(signals.size(), 0);
    declared_ = signals.size();
    widths_.assign(signals.size(), 1);
    std::string open;
    for (uint32_t i : scope_order(signals)) {
      if (signals[i].scope != open) {
        if (!open.empty()) fstWriterSetUpscope(ctx_);
        open = signals[i].scope;
        fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, open.c_str(), nullptr);
      }
      widths_[i] = signals[i].width;
      handles_[i] = fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, signals[i].width,
                                       signals[i].name.c_str(), 0);
    }
    if (!open.empty()) fstWriterSetUpscope(ctx_);
    fstWriterSetUpscope(ctx_);
  }

  void time(uint64_t ticks) override { fstWriterEmitTimeChange(ctx_, ticks); }
  void value(uint32_t signal, uint64_t v) override {
    fstWriterEmitValueChange64(ctx_, handles_[signal], widths_[signal], v);
  }
  void close(uint64_t last_ticks) override {
    fstWriterEmitTimeChange(ctx_, last_ticks);
    fstWriterClose(ctx_);
    ctx_ = nullptr;
    // fstapi ignores failed writes (a full disk leaves a cut file): read the file back instead.
    void* reader = fstReaderOpen(path_.c_str());
    const bool whole = reader && fstReaderGetEndTime(reader) == last_ticks && fstReaderGetVarCount(reader) == declared_;
    if (reader) fstReaderClose(reader);
    if (!whole) throw OutputError("writing " + name_ + " failed (a full disk?): the file does not read back whole");
  }

 private:
  std::string path_, name_;
  uint64_t declared_ = 0;
  void* ctx_ = nullptr;
  std::vector<fstHandle> handles_;
  std::vector<uint32_t> widths_;
};

}  // namespace

std::unique_ptr<WaveWriter> make_fst_writer(const std::string& path, const std::string& name) {
  return std::make_unique<FstWriter>(path, name);
}
#else
std::unique_ptr<WaveWriter> make_fst_writer(const std::string&, const std::string&) { return nullptr; }
#endif

}  // namespace snsim
