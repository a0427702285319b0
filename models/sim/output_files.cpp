#include "models/sim/output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace snsim {
namespace fs = std::filesystem;
namespace {

std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Names the kernel gives to open files (/dev/stdout, /dev/fd/N, /proc/self/fd/N): written in place, never
// replaced, even when they lead to a regular file (the shell's redirection of stdout).
bool kernel_path(const std::string& path) {
  const std::string absolute = fs::absolute(path).lexically_normal().string();
  for (const char* prefix : {"/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/"}) {
    if (absolute.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

unsigned default_mode() {
  static const unsigned mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666u & ~static_cast<unsigned>(mask);
  }();
  return mode;
}

}  // namespace

std::string resolve_output_path(const std::string& path) {
  fs::path p = fs::absolute(path);
  // Follow the last component's symlinks by hand: a dangling one still names where the file will be.
  for (int depth = 0;; ++depth) {
    struct stat info {};
    if (::lstat(p.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) break;
    if (depth == 40) throw OutputError(path + ": too many levels of symbolic links");
    std::error_code ec;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) throw OutputError(path + ": cannot read the symbolic link: " + ec.message());
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(p, ec);
  return (ec ? p.lexically_normal() : resolved).string();
}

OutputFile::OutputFile(std::string role, std::string path, std::string target, OutputKind kind)
    : role_(std::move(role)), path_(std::move(path)), target_(std::move(target)), kind_(kind) {}

OutputFile::~OutputFile() { discard(); }

void OutputFile::fail(const std::string& what, int error) const {
  std::string message = role_ + ": " + what;
  if (error) message += std::string(": ") + std::strerror(error);
  // Once reserved, a failure discards the temporary file: the target was never touched.
  if (!temporary_.empty()) message += " (nothing was replaced: the previous file, if any, is as it was)";
  throw OutputError(message);
}

void OutputFile::reserve() {
  struct stat info {};
  const bool exists = ::stat(target_.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) fail("cannot write " + path_ + ": it is a directory", 0);
  const bool special = exists && !S_ISREG(info.st_mode);
  if (special || kernel_path(path_)) {
    if (kind_ != OutputKind::kStreamable) {
      fail("cannot write " + path_ + ": it is " +
               (special ? file_kind(info.st_mode) : std::string("a name for an open file (/dev/stdout, /dev/fd/N, /proc/...)")) +
               ", and this output needs a regular file (it is replaced as a whole, or has sibling files)",
           0);
    }
    if (exists && !S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode) && !S_ISREG(info.st_mode)) {
      fail("cannot write " + path_ + ": it is " + file_kind(info.st_mode), 0);
    }
    // Appending: /dev/stdout may be a file the shell opened, with the summary already in it.
    streamed_ = true;
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot write " + path_, errno);
    return;
  }
  if (exists && ::access(target_.c_str(), W_OK) != 0) fail("cannot write " + path_, errno);
  mode_ = exists ? (info.st_mode & 07777) : default_mode();
  const fs::path target(target_);
  const fs::path directory = target.parent_path();
  std::string name = (directory / ("." + target.filename().string() + ".snsim-XXXXXX")).string();
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) {
    const int error = errno;
    struct stat dir {};
    if (::stat(directory.c_str(), &dir) != 0) {
      fail("cannot write " + path_ + ": the directory " + directory.string() + " does not exist", 0);
    }
    if (!S_ISDIR(dir.st_mode)) fail("cannot write " + path_ + ": " + directory.string() + " is not a directory", 0);
    fail("cannot write " + path_ + " (creating a file in " + directory.string() + ")", error);
  }
  ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
  temporary_ = name;
}

void OutputFile::write(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("writing " + path_ + " failed", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
}

void OutputFile::prepare() {
  if (prepared_) return;
  if (streamed_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("writing " + path_ + " failed", errno);
    prepared_ = true;
    return;
  }
  // A writer that opened the temporary file by name may have replaced it: sync it by name.
  const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("writing " + path_ + " failed (its temporary file " + temporary_ + " is gone)", errno);
  const bool synced = ::fchmod(fd, mode_) == 0 && ::fsync(fd) == 0;
  const int sync_error = errno;
  ::close(fd);
  if (!synced) fail("writing " + path_ + " failed", sync_error);
  const int own = fd_;
  fd_ = -1;
  if (::close(own) != 0) fail("writing " + path_ + " failed", errno);
  prepared_ = true;
}

void OutputFile::publish() {
  if (committed_) return;
  prepare();
  if (!streamed_) {
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot replace " + path_, errno);
    // The rename is durable once the directory is.
    const int dir = ::open(fs::path(target_).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  committed_ = true;
}

void OutputFile::commit() { publish(); }

void OutputFile::discard() {
  if (fd_ >= 0) ::close(fd_), fd_ = -1;
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
}

OutputSet::OutputSet(std::vector<std::string> inputs) {
  for (const auto& input : inputs) inputs_.push_back(resolve_output_path(input));
}

OutputFile& OutputSet::add(const std::string& role, const std::string& path, OutputKind kind) {
  if (path.empty()) throw OutputError(role + ": an empty file name");
  const std::string target = resolve_output_path(path);
  for (const auto& input : inputs_) {
    if (input == target) throw OutputError(role + ": " + path + " is the configuration this command reads; write elsewhere");
  }
  struct stat info {};
  const bool device = ::stat(target.c_str(), &info) == 0 && S_ISCHR(info.st_mode);
  for (const auto& other : files_) {
    if (other->target() == target && !device) {
      throw OutputError(role + " " + path + " and " + other->role() + " " + other->path() + " are the same file (" +
                        target + "): each output needs its own");
    }
  }
  auto file = std::make_unique<OutputFile>(role, path, target, kind);
  file->reserve();  // a refused output is not kept
  files_.push_back(std::move(file));
  return *files_.back();
}

void OutputSet::commit_all() {
  try {
    // Everything written and synced first (where a full disk shows), then the renames.
    for (auto& f : files_) f->prepare();
    for (auto& f : files_) f->publish();
  } catch (...) {
    discard_all();
    throw;
  }
}

void OutputSet::discard_all() {
  for (auto& f : files_) f->discard();
}

}  // namespace snsim
