// The files a command writes (reports, CSV tables, waveforms and their layouts, a switch capture),
// checked and reserved before the run and replaced atomically after it.
//
// Why: an unwritable path must fail before a long run, not after it; a reader (or a nightly script)
// must never see half a report; a failed run must leave the previous report in place; and a waveform
// must never truncate a device or whatever a symlink points at.
//
// How: each output is resolved first (symlinks followed to their final target) and refused when it
// names the same file as another output or as the configuration, when it is a directory, or when it is
// not a regular file and its kind cannot be streamed (waveforms and CSV tables with sibling files need a
// regular file; a JSON report or a capture may go to a character device or a pipe such as /dev/stdout
// or a shell's >(...), written in place with every error checked). A regular target gets a temporary
// file next to it, created at once (so a missing directory or a read-only one fails here); the run's
// writers write there; commit_all() fsyncs each, gives it the old file's permissions (or 0666 less the
// umask) and renames it over the target, then fsyncs the directory. If anything fails first, every
// temporary file is removed and no target is touched: outputs are replaced all together or not at all.
// A symlink therefore keeps pointing where it did, at a new file; other hard links to the old file keep
// the old contents.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/core/output_error.h"

namespace snsim {

enum class OutputKind {
  kStreamable,  // may go to a device or a pipe (JSON report, switch capture)
  kRegular,     // needs a regular file (waveforms, their layouts, CSV tables that have siblings)
};

class OutputFile {
 public:
  OutputFile(std::string role, std::string path, std::string target, OutputKind kind);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& role() const { return role_; }      // "--json", "--csv (links table)", ...
  const std::string& path() const { return path_; }      // as given, for messages and references
  const std::string& target() const { return target_; }  // the resolved file that will be replaced
  // Where a writer that opens files by name should write (the temporary file, or the device itself).
  const std::string& write_path() const { return streamed_ ? target_ : temporary_; }
  bool streamed() const { return streamed_; }

  // Writes the whole contents (for outputs made in memory: reports, CSV). Throws OutputError.
  void write(const std::string& text);
  // Makes the written contents durable and puts them in place (rename, or close the stream).
  void commit();
  // Removes the temporary file (no-op once committed).
  void discard();

 private:
  friend class OutputSet;
  void reserve();
  void prepare();  // write-out done: synced (regular) or closed (streamed)
  void publish();  // renamed into place
  [[noreturn]] void fail(const std::string& what, int error) const;

  std::string role_, path_, target_;
  OutputKind kind_;
  bool streamed_ = false;
  std::string temporary_;
  int fd_ = -1;
  bool prepared_ = false;
  bool committed_ = false;
  unsigned mode_ = 0666;  // permissions the committed file gets
};

class OutputSet {
 public:
  // `inputs`: files the command reads (the configuration); no output may replace one.
  explicit OutputSet(std::vector<std::string> inputs = {});
  // Checks and reserves one output; throws OutputError naming `role` and the path (and the other role
  // for a clash). Outputs added before stay reserved; the destructor discards what was not committed.
  OutputFile& add(const std::string& role, const std::string& path, OutputKind kind);
  // Puts every output in place; on the first failure, discards the rest (and those not yet committed).
  void commit_all();
  // Removes every temporary file (also done by the destructor).
  void discard_all();

 private:
  std::vector<std::string> inputs_;  // resolved
  std::vector<std::unique_ptr<OutputFile>> files_;
};

// The path a file resolves to: symlinks followed (also a dangling one, to where it points), made
// absolute and normal. Used to compare outputs with each other and with the inputs.
std::string resolve_output_path(const std::string& path);

}  // namespace snsim
