#include "models/sim/isolated_run.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>

namespace snsim {
namespace {

struct Child {
  pid_t pid;
  int fd;
};

Child launch(const IsolatedJob& job) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    std::string text;
    int code = 0;
    try {
      text = job().dump();
    } catch (const std::exception& e) {
      text = nlohmann::json{{"__isolated_error__", e.what()}}.dump();
      code = 3;
    }
    size_t written = 0;
    while (written < text.size()) {
      ssize_t n = write(fds[1], text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(4);
      written += static_cast<size_t>(n);
    }
    close(fds[1]);
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(code);  // skip static destructors: the SystemC kernel of this child is not torn down
  }
  close(fds[1]);
  return {pid, fds[0]};
}

nlohmann::json collect(const Child& child) {
  std::string text;
  char buffer[65536];
  for (;;) {
    ssize_t n = read(child.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(child.fd);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    throw std::runtime_error("simulation process died with signal " + std::to_string(WTERMSIG(status)) + " (" +
                             strsignal(WTERMSIG(status)) + ")");
  }
  nlohmann::json result;
  try {
    result = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error("simulation process exited with status " + std::to_string(WEXITSTATUS(status)) +
                             " without a report");
  }
  if (result.is_object() && result.contains("__isolated_error__")) {
    throw std::runtime_error(result["__isolated_error__"].get<std::string>());
  }
  return result;
}

}  // namespace

nlohmann::json run_isolated(const IsolatedJob& job) { return collect(launch(job)); }

std::vector<nlohmann::json> run_isolated_all(const std::vector<IsolatedJob>& jobs, unsigned parallel) {
  if (parallel == 0) parallel = 1;
  std::vector<nlohmann::json> results(jobs.size());
  std::deque<std::pair<size_t, Child>> running;
  size_t next = 0;
  std::string first_error;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallel) {
      running.emplace_back(next, launch(jobs[next]));
      ++next;
    }
    auto [index, child] = running.front();
    running.pop_front();
    try {
      results[index] = collect(child);
    } catch (const std::exception& e) {
      if (first_error.empty()) first_error = e.what();
      next = jobs.size();  // launch nothing more; still reap the running children
    }
  }
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return results;
}

}  // namespace snsim
